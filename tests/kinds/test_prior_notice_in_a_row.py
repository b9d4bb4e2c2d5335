"""Breaches of prior notice made one after another: the breaches of one activity owed to each
party share what they have in common (records as cited, window, words), and each still says
whom it is towards; the next activity, notice or moment is never served the last one's."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from verify import api
from verify.kinds import prior_notice as notice_kind
from verify.model.breach import CitedRecord
from verify.model.finding import Finding
from verify.model.obligation import PriorNotice
from verify.treaty import load_pack

PACK = "vienna-document-2011"
RULE = "vd11.observation-invitation"
AS_OF = datetime(2026, 9, 30, tzinfo=UTC)


def _exercise(record_id: str, activity: str, start: str) -> dict[str, Any]:
    return {
        "id": record_id,
        "kind": "exercise",
        "party": "BLR",
        "activity": activity,
        "time": start,
        "start": start,
        "troops": 20000,
    }


def _check(tmp_path: Path, records: list[dict[str, Any]]) -> list[Finding]:
    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    result, _ = api.check([PACK], [str(feed)], as_of=AS_OF, obligations=[RULE])
    return list(result.findings)


def test_each_breach_of_a_missing_invitation_says_whom_it_is_towards(tmp_path: Path) -> None:
    """Fifty-six States owed one invitation: fifty-six summaries and trails, each its own."""
    findings = _check(tmp_path, [_exercise("x1", "z1", "2026-09-11T00:00:00Z")])
    assert len(findings) == 56
    for finding in findings:
        assert f"invitation to {finding.counterparty} for" in finding.summary
        assert f"invitation to {finding.counterparty} by BLR" in finding.trail[-1].measured


def test_the_breaches_of_a_late_invitation_share_its_evidence(tmp_path: Path) -> None:
    """One invitation to all, 20 days ahead rather than 42: one tuple of evidence for all
    fifty-six findings, each summary towards its own State."""
    invitation = {
        "id": "i1",
        "kind": "invitation",
        "party": "BLR",
        "activity": "z1",
        "time": "2026-08-22T00:00:00Z",
    }
    findings = _check(tmp_path, [invitation, _exercise("x1", "z1", "2026-09-11T00:00:00Z")])
    assert len(findings) == 56
    assert all(f.evidence is findings[0].evidence for f in findings)
    assert {e.id for e in findings[0].evidence} == {"x1", "i1"}
    for finding in findings:
        assert f"sent its invitation to {finding.counterparty} for" in finding.summary


def test_the_next_activity_cites_its_own_records(tmp_path: Path) -> None:
    """Two exercises in a row: each one's findings cite it and span its own window."""
    records = [
        _exercise("x1", "z1", "2026-09-11T00:00:00Z"),
        _exercise("x2", "z2", "2026-09-20T00:00:00Z"),
    ]
    findings = _check(tmp_path, records)
    for record_id, start in (("x1", 11), ("x2", 20)):
        mine = [f for f in findings if f.evidence[0].id == record_id]
        assert len(mine) == 56
        assert all(f.window is not None and f.window.end.day == start for f in mine)


def _trigger() -> CitedRecord:
    start = datetime(2026, 9, 11, tzinfo=UTC)
    record = {**_exercise("x1", "z1", "2026-09-11T00:00:00Z"), "time": start, "start": start}
    return CitedRecord(record=record, role="", sha256="0" * 64, file="feed.jsonl", line=1)


def test_the_same_activity_at_another_moment_is_judged_at_that_moment() -> None:
    """The same records asked about before the invitation is due, then after: pending, then
    a breach, never the first answer twice."""
    obligation = load_pack(PACK).obligation(RULE)
    assert isinstance(obligation, PriorNotice)
    trigger = _trigger()
    early = datetime(2026, 7, 1, tzinfo=UTC)  # the invitation is due on 31 July
    before = notice_kind.breach(obligation, 0, trigger, None, early, "LTU")
    after = notice_kind.breach(obligation, 0, trigger, None, AS_OF, "LTU")
    assert (before.pending, after.pending) == (True, False)
    assert "is due by" in before.summary and "gave no invitation" in after.summary
