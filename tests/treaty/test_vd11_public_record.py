"""The VD11 pack on a feed modelled on the public record: Zapad-2017, Chapter III 2021-22."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from verify import api
from verify.model.finding import Finding
from verify.treaty import load_pack

ROOT = Path(__file__).resolve().parents[2]
FEED = ROOT / "observations" / "vd11-public-record.jsonl"
PACK = "vienna-document-2011"
AS_OF = datetime(2022, 12, 31, tzinfo=UTC)
Gist = tuple[str, str, str, tuple[str, ...]]


def _gist(findings: list[Finding], activity: str) -> set[Gist]:
    """Obligation, party, status and cited records of the findings citing `activity`'s records."""
    ids = {r["id"] for r in _records() if r.get("activity") == activity}
    return {
        (f.obligation, f.party, f.status, tuple(e.id for e in f.evidence))
        for f in findings
        if ids & {e.id for e in f.evidence}
    }


def _records() -> list[dict[str, object]]:
    lines = FEED.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line]


def _check() -> list[Finding]:
    result, feed = api.check([PACK], [str(FEED)], as_of=AS_OF)
    assert not feed.rejects
    return list(result.findings)


def test_zapad_2017_findings_follow_from_the_estimate_against_the_notification() -> None:
    """Notified at 12,700 troops and estimated at 70,000: a potential breach of the observation
    threshold and of the annual calendar above 40,000; the timely notification and the
    observer's 12,400 give none."""
    found = _gist(_check(), "zapad-2017")
    assert {g for g in found if g[0] != "vd11.observation-invitation"} == {
        (
            "vd11.observation-declared",
            "BLR",
            "potential_violation",
            ("rusi-est-zapad-2017", "blr-ntf-zapad-2017"),
        ),
        ("vd11.annual-calendar", "BLR", "potential_violation", ("rusi-est-zapad-2017",)),
    }


def test_zapad_2017_observers_were_owed_by_every_other_state() -> None:
    """At the estimated 70,000 troops every other participating State was owed an invitation 42
    days ahead: the seven invited on 22 August 2017 late, the other 49 not at all."""
    invitations = {
        f.counterparty: tuple(e.id for e in f.evidence)
        for f in _check()
        if f.obligation == "vd11.observation-invitation"
    }
    invited = {"LVA", "LTU", "POL", "UKR", "EST", "SWE", "NOR"}
    others = {p.code for p in load_pack(PACK).meta.parties} - {"BLR"}
    assert set(invitations) == others
    assert {to for to, cited in invitations.items() if len(cited) == 2} == invited


def test_april_2021_the_reply_came_but_russia_missed_the_meeting() -> None:
    """Russia's note of 9 April 2021 answered in time (its content is not judged); the meeting
    Ukraine requested was held without Russia: a breach of paragraph 16.2 only."""
    assert _gist(_check(), "rus-buildup-2021") == {
        ("vd11.consultation-meeting", "RUS", "violation", ("ukr-meet-req-2021-04",)),
    }


def test_february_2022_russia_neither_replied_nor_met() -> None:
    """Ukraine's request of 11 February 2022 went unanswered and the meeting of 15 February was
    held without Russia: breaches of paragraphs 16.1 and 16.2."""
    assert _gist(_check(), "rus-buildup-2022") == {
        ("vd11.clarification-reply", "RUS", "violation", ("ukr-clar-req-2022-02",)),
        ("vd11.consultation-meeting", "RUS", "violation", ("ukr-meet-req-2022-02",)),
    }


def test_watch_gives_the_findings_check_gives_on_the_public_record() -> None:
    """The stream engine, fed the records in file order, ends with check's finding ids."""
    watcher = api.Watcher([PACK], lateness=timedelta(days=1))
    heard: dict[str, str] = {}
    for line, record in enumerate(_records(), start=1):
        for finding in watcher.feed(record, file=str(FEED), line=line):
            heard[finding.id] = finding.status
    for finding in watcher.close(as_of=AS_OF):
        heard[finding.id] = finding.status
    assert heard == {f.id: f.status for f in _check()}
