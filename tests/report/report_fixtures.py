"""Report test data: a realistic run built by hand, and the golden-file check."""

from __future__ import annotations

import hashlib
import json
import os
from datetime import UTC, datetime
from pathlib import Path

from verify.model.finding import (
    ChannelSuggestion,
    Evidence,
    Finding,
    ReasonStep,
    TrailStep,
    Window,
)
from verify.model.run import InputFile, PackInfo, RuleInfo, RunResult
from verify.model.treaty import LineZone, PolygonZone

AS_OF = datetime(2027, 7, 1, tzinfo=UTC)


def utc(text: str) -> datetime:
    """A UTC time from `YYYY-MM-DDTHH:MM`."""
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def digest(record: dict[str, object]) -> str:
    """The sha256 of a record's canonical JSON, as the feeds compute it."""
    canonical = json.dumps(record, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def vd11_pack() -> PackInfo:
    """The Vienna Document pack: no zones; its rules described (the CMA pack's are not)."""
    return PackInfo(
        id="vienna-document-2011",
        title="Vienna Document 2011 on Confidence- and Security-Building Measures",
        path="treaties/vienna-document-2011",
        obligations=(
            "vd11.prior-notification",
            "vd11.inspection-response",
            "vd11.annual-calendar",
        ),
        rules=(
            RuleInfo(
                id="vd11.prior-notification",
                title="Notifiable military activities are notified 42 days or more before",
                article="Vienna Document 2011, Chapter V, paragraph 38",
                severity="major",
            ),
            RuleInfo(
                id="vd11.inspection-response",
                title="An inspection request within the quota is answered within 24 hours",
                article="Vienna Document 2011, Chapter IX, paragraph 83",
                severity="major",
            ),
            RuleInfo(
                id="vd11.annual-calendar",
                title="Large activities are in the annual calendar",
                article="Vienna Document 2011, Chapter VII, paragraph 61",
                severity="minor",
            ),
        ),
    )


def cma_pack() -> PackInfo:
    """The inter-Korean military agreement pack: a line zone with a buffer and a sea polygon."""
    demarcation_line = LineZone(
        id="mdl",
        name="Military Demarcation Line",
        coordinates=(
            (126.68, 37.77),
            (127.05, 38.00),
            (127.40, 38.25),
            (127.90, 38.30),
            (128.36, 38.61),
        ),
        buffer_km=5.0,
    )
    west_sea = PolygonZone(
        id="west-sea-buffer",
        name="West Sea maritime buffer zone",
        geometry={
            "type": "Polygon",
            "coordinates": [
                [
                    [124.60, 37.60],
                    [126.00, 37.50],
                    [126.20, 37.80],
                    [125.00, 38.10],
                    [124.60, 37.90],
                    [124.60, 37.60],
                ]
            ],
        },
    )
    return PackInfo(
        id="korea-cma-2018",
        title="Comprehensive Military Agreement (Pyongyang, 19 September 2018)",
        path="treaties/korea-cma-2018",
        obligations=(
            "cma.ground-buffer-artillery",
            "cma.maritime-buffer-firing",
            "cma.no-fly-zone",
        ),
        zones=(demarcation_line, west_sea),
    )


def late_notification() -> Finding:
    """A notification sent 21 days ahead where 42 are due: a major violation."""
    exercise = {"id": "ex-1", "kind": "exercise", "party": "ARM", "troops": 11200}
    notice = {"id": "nt-1", "kind": "notification", "party": "ARM", "troops": 11000}
    return Finding(
        id="vd11-3f9c2a71d0e4",
        treaty="vienna-document-2011",
        obligation="vd11.prior-notification",
        article="Chapter V, para 38",
        party="ARM",
        status="violation",
        severity="major",
        confidence=0.8123456,
        summary=(
            "Armenia notified exercise steppe-shield 20.9 days before it started, "
            "where the Vienna Document requires 42 days."
        ),
        evidence=(
            Evidence(
                id="ex-1",
                kind="exercise",
                role="the notifiable activity: 11,200 troops",
                sha256=digest(exercise),
                time=utc("2027-05-03T05:00"),
                source="open-source",
                reliability="C",
                credibility="2",
                releasability="public",
                start=utc("2027-05-03T05:00"),
                end=utc("2027-05-09T18:00"),
                file="observations/public-vd11.jsonl",
                line=1,
            ),
            Evidence(
                id="nt-1",
                kind="notification",
                role="the notification, sent late",
                sha256=digest(notice),
                time=utc("2027-04-12T08:00"),
                source="osce-cnet",
                reliability="A",
                credibility="1",
                releasability="parties",
                start=utc("2027-05-03T05:00"),
                file="observations/public-vd11.jsonl",
                line=2,
            ),
        ),
        trail=(
            TrailStep(
                step="the activity is notifiable",
                measured="troops 11200",
                required="troops at least 9000",
                holds=True,
            ),
            TrailStep(
                step="the alert exemption applies",
                measured="not flagged alert",
                required="flagged alert and notified by its start",
                holds=False,
            ),
            TrailStep(
                step="a notification is sent in time",
                measured="nt-1 sent 2027-04-12T08:00:00Z, 20.9 days before the start",
                required="by 2027-03-22T05:00:00Z, 42 days before the start",
                holds=False,
            ),
        ),
        channels=(
            ChannelSuggestion(
                id="clarification",
                name="Request for clarification",
                track="1",
                basis="VD11 Chapter III, para 16.1",
                deadline=utc("2027-07-03T00:00"),
                reason="Escalation for this obligation starts at clarification.",
                steps=(
                    ReasonStep(
                        step="start_from_obligation",
                        saw="Escalation for this obligation starts at clarification.",
                        before=None,
                        after="clarification",
                    ),
                ),
            ),
            ChannelSuggestion(
                id="consultation",
                name="Consultation meeting",
                track="1",
                basis="VD11 Chapter III, para 16.2",
                deadline=utc("2027-07-22T00:00"),
                reason="If the answer does not satisfy.",
                steps=(
                    ReasonStep(
                        step="next_rung",
                        saw="If the answer does not satisfy.",
                        before="clarification",
                        after="consultation",
                    ),
                ),
            ),
            ChannelSuggestion(
                id="fsc",
                name="Forum for Security Co-operation",
                track="1",
                basis="VD11 Chapter III, para 16.3",
                deadline=None,
                reason="",
            ),
        ),
        window=Window(start=utc("2027-03-22T05:00"), end=utc("2027-05-09T18:00")),
        due=utc("2027-03-22T05:00"),
        notes=("The notification gave 11,000 troops; the exercise was observed at 11,200 (±300).",),
    )


def unanswered_inspection() -> Finding:
    """An inspection request with no reply, seen only through weak sources: potential."""
    request = {"id": "ir-7", "kind": "inspection_request", "party": "ARM", "counterparty": "AZE"}
    return Finding(
        id="vd11-8b21c07e5aa9",
        treaty="vienna-document-2011",
        obligation="vd11.inspection-response",
        article="Chapter IX, para 84",
        party="AZE",
        counterparty="ARM",
        status="potential_violation",
        severity="major",
        confidence=0.35,
        summary="Azerbaijan may not have answered Armenia's inspection request within 24 hours.",
        evidence=(
            Evidence(
                id="ir-7",
                kind="inspection_request",
                role="the request for an inspection <specified area 4>",
                sha256=digest(request),
                time=utc("2027-06-10T09:00"),
                source="national-means",
                reliability="D",
                credibility="4",
                file="observations/cma-2027q2.jsonl",
                line=17,
            ),
        ),
        trail=(
            TrailStep(
                step="the request is within the yearly quota",
                measured="1 request received by AZE in 2027",
                required="at most 3 per calendar year",
                holds=True,
            ),
            TrailStep(
                step="a reply from AZE within 24 hours",
                measured="no inspection_reply by 2027-07-01T00:00:00Z",
                required="an inspection_reply by 2027-06-11T09:00:00Z",
                holds=False,
            ),
            TrailStep(
                step="the evidence is graded high enough",
                measured="D4, confidence 0.35",
                required="confidence at least 0.5",
                holds=False,
            ),
        ),
        channels=(
            ChannelSuggestion(
                id="clarification",
                name="Request for clarification",
                track="1",
                basis="VD11 Chapter III, para 16.1",
                deadline=utc("2027-07-03T00:00"),
                reason="Confirm first whether a reply was sent.",
            ),
        ),
        window=Window(start=utc("2027-06-10T09:00"), end=utc("2027-06-11T09:00")),
        due=utc("2027-06-11T09:00"),
    )


def artillery_near_line() -> Finding:
    """Artillery fired within 5 km of the demarcation line, position estimated: potential."""
    return Finding(
        id="cma-41d7e09b2c13",
        treaty="korea-cma-2018",
        obligation="cma.ground-buffer-artillery",
        article="Article 1(2)",
        party="PRK",
        status="potential_violation",
        severity="major",
        confidence=0.4167,
        summary="Artillery fire by PRK was reported 3.1 km from the Military Demarcation Line.",
        evidence=(
            Evidence(
                id="ar-12",
                kind="incident",
                role="artillery firing, 12 rounds",
                sha256=digest({"id": "ar-12", "kind": "incident", "party": "PRK"}),
                time=utc("2027-06-14T04:20"),
                source="imagery-analysis",
                reliability="C",
                credibility="3",
                lat=38.042,
                lon=127.118,
                file="observations/cma-2027q2.jsonl",
                line=22,
            ),
            Evidence(
                id="ar-13",
                kind="incident",
                role="a second report of the same firing",
                sha256=digest({"id": "ar-13", "kind": "incident", "party": "PRK"}),
                time=utc("2027-06-14T05:05"),
                source="open-source",
                reliability="E",
                credibility="5",
                releasability="public",
                lat=38.051,
                lon=127.153,
                file="observations/cma-2027q2.jsonl",
                line=23,
            ),
        ),
        trail=(
            TrailStep(
                step="the activity is artillery firing",
                measured="artillery 12",
                required="artillery at least 1",
                holds=True,
            ),
            TrailStep(
                step="the activity lies within 5 km of mdl",
                measured="3.1 km",
                required="at most 5 km",
                holds=True,
            ),
            TrailStep(
                step="the position is observed, not estimated",
                measured="flagged estimate",
                required="no estimate flag",
                holds=False,
            ),
        ),
        channels=(
            ChannelSuggestion(
                id="military-talks",
                name="General-level military talks",
                track="1",
                basis="CMA Article 5",
                deadline=utc("2027-07-08T00:00"),
                reason="Raise at the next scheduled talks.",
            ),
        ),
        window=Window(start=utc("2027-06-14T04:20"), end=utc("2027-06-14T05:05")),
        zone="mdl",
    )


def firing_in_sea_buffer() -> Finding:
    """Coastal artillery fired into the maritime buffer zone: a critical violation."""
    return Finding(
        id="cma-9e0f5a3b7d61",
        treaty="korea-cma-2018",
        obligation="cma.maritime-buffer-firing",
        article="Article 1(2)(b)",
        party="PRK",
        status="violation",
        severity="critical",
        confidence=0.875,
        summary="PRK coastal artillery fired into the West Sea maritime buffer zone on 20 June.",
        evidence=(
            Evidence(
                id="cf-3",
                kind="exercise",
                role="coastal artillery firing exercise & impact area",
                sha256=digest({"id": "cf-3", "kind": "exercise", "party": "PRK"}),
                time=utc("2027-06-20T06:30"),
                source="kor-jcs",
                reliability="B",
                credibility="2",
                releasability="parties",
                start=utc("2027-06-20T06:30"),
                end=utc("2027-06-20T08:10"),
                lat=37.82,
                lon=125.35,
                file="observations/cma-2027q2.jsonl",
                line=30,
            ),
            Evidence(
                id="cf-4",
                kind="incident",
                role="impacts recorded by a coastal radar",
                sha256=digest({"id": "cf-4", "kind": "incident", "party": "PRK"}),
                time=utc("2027-06-20T07:02"),
                source="kor-navy",
                reliability="B",
                credibility="1",
                lat=37.74,
                lon=125.61,
                file="observations/cma-2027q2.jsonl",
                line=31,
            ),
        ),
        trail=(
            TrailStep(
                step="the activity is artillery firing",
                measured="artillery 24",
                required="artillery at least 1",
                holds=True,
            ),
            TrailStep(
                step="the activity lies inside west-sea-buffer",
                measured="2 positions inside",
                required="none inside",
                holds=False,
            ),
        ),
        channels=(
            ChannelSuggestion(
                id="military-talks",
                name="General-level military talks",
                track="1",
                basis="CMA Article 5",
                deadline=utc("2027-07-03T00:00"),
                reason="A critical finding goes straight to the talks.",
            ),
            ChannelSuggestion(
                id="joint-committee",
                name="Inter-Korean Joint Military Committee",
                track="1",
                basis="CMA Article 1(5)",
                deadline=utc("2027-07-31T00:00"),
                reason="",
            ),
        ),
        window=Window(start=utc("2027-06-20T06:30"), end=utc("2027-06-20T08:10")),
        zone="west-sea-buffer",
    )


def build_run_result() -> RunResult:
    """The whole run: two packs, two inputs, four findings in the engines' order."""
    return RunResult(
        findings=(
            late_notification(),
            unanswered_inspection(),
            artillery_near_line(),
            firing_in_sea_buffer(),
        ),
        packs=(vd11_pack(), cma_pack()),
        inputs=(
            InputFile(
                path="observations/public-vd11.jsonl",
                sha256=hashlib.sha256(b"public-vd11").hexdigest(),
                records=3,
                rejected=0,
            ),
            InputFile(
                path="observations/cma-2027q2.jsonl",
                sha256=hashlib.sha256(b"cma-2027q2").hexdigest(),
                records=41,
                rejected=2,
            ),
        ),
        as_of=AS_OF,
        records=44,
        rejected=2,
    )


GOLDEN_DIR = Path(__file__).parent / "golden"
UPDATE_GOLDEN = os.environ.get("VERIFY_UPDATE_GOLDEN") == "1"


def check_golden(name: str, text: str) -> None:
    """Compare `text` with golden/<name> byte for byte; rewrite it when VERIFY_UPDATE_GOLDEN=1."""
    path = GOLDEN_DIR / name
    if UPDATE_GOLDEN:
        path.write_bytes(text.encode("utf-8"))
    assert path.exists(), f"{path} is missing: run with VERIFY_UPDATE_GOLDEN=1 to create it"
    expected = path.read_bytes().decode("utf-8")
    assert text == expected, f"output differs from {path} (VERIFY_UPDATE_GOLDEN=1 rewrites it)"
