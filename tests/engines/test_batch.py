"""The batch engine on the demo pact: evidence, trails, applicability, confidence, order."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from verify import api
from verify.model.finding import Finding

PACT = "example-non-aggression-pact"
AS_OF = datetime(2025, 12, 31, tzinfo=UTC)


def write_feed(folder: Path, records: list[dict[str, Any]], name: str = "feed.jsonl") -> Path:
    """Write records as JSON Lines."""
    path = folder / name
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def check(folder: Path, records: list[dict[str, Any]], **options: Any) -> list[Finding]:
    """Findings of the demo pact over these records."""
    result, _ = api.check([PACT], [write_feed(folder, records)], as_of=AS_OF, **options)
    return list(result.findings)


def exercise(record_id: str, start: str, troops: int, **extra: Any) -> dict[str, Any]:
    """An exercise record of ARV."""
    return {
        "id": record_id,
        "kind": "exercise",
        "party": "ARV",
        "activity": f"act-{record_id}",
        "time": start,
        "start": start,
        "troops": troops,
        **extra,
    }


def notification(record_id: str, activity: str, time: str, **extra: Any) -> dict[str, Any]:
    """A notification record of ARV."""
    return {
        "id": record_id,
        "kind": "notification",
        "party": "ARV",
        "activity": activity,
        "time": time,
        **extra,
    }


def test_a_late_notice_cites_both_records_with_their_roles(tmp_path: Path) -> None:
    """The finding names the activity and the late notification, each with a sha256."""
    findings = check(
        tmp_path,
        [
            exercise("x1", "2025-04-01T00:00:00Z", 5000),
            notification("n1", "act-x1", "2025-03-20T00:00:00Z"),
        ],
    )
    [finding] = [f for f in findings if f.obligation == "pact.exercise-notice"]
    assert [(e.id, e.role) for e in finding.evidence] == [
        ("x1", "the activity that required a notification"),
        ("n1", "the late notification"),
    ]
    assert all(len(e.sha256) == 64 for e in finding.evidence)
    assert finding.trail[-1].measured.endswith("12 days before the start")
    assert finding.trail[-1].required.startswith("30 days before the start")


def test_a_missing_notice_says_what_was_searched(tmp_path: Path) -> None:
    """Where no counterpart exists, the trail says what was looked for and up to when."""
    findings = check(tmp_path, [exercise("x1", "2025-04-01T00:00:00Z", 5000)])
    [finding] = [f for f in findings if f.obligation == "pact.exercise-notice"]
    assert "no notification by ARV for activity 'act-x1'" in finding.trail[-1].measured
    assert "in the feed up to 2025-03-02 00:00Z" in finding.trail[-1].measured


def test_a_notice_still_due_is_pending_only_when_asked(tmp_path: Path) -> None:
    """Before its due date a missing notice is no breach; `include_pending` shows it."""
    records = [exercise("x1", "2026-03-01T00:00:00Z", 5000, time="2025-12-01T00:00:00Z")]
    assert not check(tmp_path, records)
    [pending] = check(tmp_path, records, include_pending=True)
    assert pending.status == "pending"


def test_no_finding_before_the_pact_entered_into_force(tmp_path: Path) -> None:
    """The pact binds from 2024-06-01: an earlier late notice is not a finding."""
    findings = check(
        tmp_path,
        [
            exercise("x1", "2024-05-01T00:00:00Z", 5000),
            notification("n1", "act-x1", "2024-04-30T00:00:00Z"),
        ],
    )
    assert findings == []


def test_weak_evidence_gives_a_potential_violation(tmp_path: Path) -> None:
    """An exercise seen only by an unreliable source (E5) is a potential violation."""
    findings = check(
        tmp_path,
        [exercise("x1", "2025-04-01T00:00:00Z", 5000, reliability="E", credibility="5")],
    )
    [finding] = findings
    assert finding.status == "potential_violation"
    assert finding.confidence == pytest.approx(0.3)
    assert finding.trail[-1].step == "confidence"


def test_an_estimated_quantity_gives_a_potential_violation(tmp_path: Path) -> None:
    """A decisive record flagged `estimate` cannot make a violation on its own."""
    findings = check(
        tmp_path,
        [
            exercise(
                "x1",
                "2025-04-01T00:00:00Z",
                5000,
                reliability="A",
                credibility="1",
                flags=["estimate"],
            )
        ],
    )
    assert [f.status for f in findings] == ["potential_violation"]


def test_findings_are_in_a_fixed_order_with_stable_ids(tmp_path: Path) -> None:
    """Two runs give the same ids in the same order; the order follows the window start."""
    records = [
        exercise("x2", "2025-06-01T00:00:00Z", 5000),
        exercise("x1", "2025-04-01T00:00:00Z", 5000),
    ]
    first = check(tmp_path, records)
    second = check(tmp_path, list(reversed(records)))
    assert [f.id for f in first] == [f.id for f in second]
    assert [f.evidence[0].id for f in first] == ["x1", "x2"]


def test_channels_start_where_the_obligation_says(tmp_path: Path) -> None:
    """A strong finding starts at the obligation's channel and climbs the whole ladder."""
    [finding] = check(
        tmp_path,
        [exercise("x1", "2025-04-01T00:00:00Z", 5000, reliability="A", credibility="1")],
    )
    assert [c.id for c in finding.channels] == ["hotline", "joint-commission", "diplomatic-note"]
    assert finding.channels[0].deadline is not None


def test_a_reply_must_come_from_the_addressed_party(tmp_path: Path) -> None:
    """A reply referring to the request, but sent by someone else, does not answer it."""
    findings = check(
        tmp_path,
        [
            {
                "id": "q1",
                "kind": "clarification_request",
                "party": "ARV",
                "counterparty": "BOS",
                "time": "2025-05-01T08:00:00Z",
            },
            {
                "id": "r1",
                "kind": "clarification_reply",
                "party": "ARV",
                "counterparty": "BOS",
                "refers_to": "q1",
                "time": "2025-05-01T09:00:00Z",
            },
        ],
    )
    [finding] = findings
    assert (finding.obligation, finding.party) == ("pact.hotline-reply", "BOS")
    assert [e.id for e in finding.evidence] == ["q1"]
