"""Channel deadlines run from when a run detected a finding (issue 19).

A check told a clock past its records (`--as-of` today over last year's feed) detected every
finding at that clock; a check on the data's own clock, and `verify watch`, detected each one
when its data decided it, at the end of its window. The ledger counts from when a finding was
first recorded (tests/escalation/test_cli.py).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from verify import api
from verify.model.finding import Finding, window_of
from verify.report import render

DEMO = Path(__file__).resolve().parents[2] / "observations" / "example-pact.jsonl"
PACK = "example-non-aggression-pact"
TODAY = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)


def findings_at(as_of: datetime | None) -> tuple[Finding, ...]:
    """The demo's findings checked at `as_of` (the latest event time when None)."""
    result, _ = api.check([PACK], [DEMO], as_of=as_of)
    return result.findings


def first_deadline(finding: Finding) -> datetime:
    """The deadline of a finding's first suggested channel that has one."""
    return next(c.deadline for c in finding.channels if c.deadline is not None)


def test_a_check_told_a_later_clock_counts_deadlines_from_it() -> None:
    """Checked today, every first rung is due as long after today as it is, on the data's
    clock, after the breach's window ended (the hotline's 24 hours, halved when critical)."""
    later = {f.id: f for f in findings_at(TODAY)}
    for finding in findings_at(None):
        waited = first_deadline(finding) - window_of(finding).end
        assert first_deadline(later[finding.id]) == TODAY + waited


def test_a_major_finding_at_the_hotline_is_due_a_day_after_the_stated_clock() -> None:
    """The pack's hotline answers within 24 hours: due 24 hours after `--as-of`."""
    major = [
        f
        for f in findings_at(TODAY)
        if f.severity == "major" and f.channels and f.channels[0].id == "hotline"
    ]
    assert major, "the demo has major findings raised first at the hotline"
    assert {first_deadline(f) for f in major} == {TODAY + timedelta(hours=24)}


def test_later_rungs_follow_the_first_from_the_stated_clock() -> None:
    """Each rung is due its own deadline after the one below it, counted from `as_of`."""
    finding = findings_at(TODAY)[0]
    dated = [c.deadline for c in finding.channels if c.deadline is not None]
    assert dated == sorted(dated)
    assert dated[0] > TODAY


def test_stating_the_latest_event_time_changes_nothing() -> None:
    """`--as-of` at the feed's own latest time is the default clock: the same bytes."""
    default, _ = api.check([PACK], [DEMO])
    stated, _ = api.check([PACK], [DEMO], as_of=default.as_of)
    assert render(stated, "jsonl") == render(default, "jsonl")


def test_an_earlier_clock_than_the_data_counts_from_the_windows() -> None:
    """A clock before the latest record (records after it not yet known) is still the data's
    clock: deadlines run from each window's end."""
    default, _ = api.check([PACK], [DEMO])
    earlier = default.as_of - timedelta(seconds=1)
    for finding in findings_at(earlier):
        waited = first_deadline(finding) - window_of(finding).end
        assert timedelta(0) < waited <= timedelta(days=14)
