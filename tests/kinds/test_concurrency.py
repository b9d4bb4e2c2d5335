"""At most K at the same time: the activities under way at each one's start, in check and
watch alike."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.kinds.intervals import (
    check_both,
    flight,
    resumed_after_each_record,
    uninterrupted,
    write_pack,
)
from verify import api
from verify.engines.stream.machines.intervals import ConcurrencyMachine
from verify.errors import PackErrors
from verify.kinds.concurrency import CITED_OTHERS
from verify.model.obligation import Concurrency
from verify.treaty.compile import compile_pack

FLIGHTS = "open-skies"
ONE_AT_A_TIME = "openskies.one-flight-at-a-time"
VD11 = "vienna-document-2011"
SIMULTANEOUS = "vd11.constraint-simultaneous"


def exercise(record_id: str, start: str, end: str | None = None, **extra: Any) -> dict[str, Any]:
    """An exercise of 14,000 Russian troops, its own activity, reported when it starts."""
    record: dict[str, Any] = {
        "id": record_id,
        "kind": "exercise",
        "party": "RUS",
        "activity": f"act-{record_id}",
        "time": start,
        "start": start,
        "troops": 14000,
        **extra,
    }
    if end is not None:
        record["end"] = end
    return record


def test_over_each_addressed_party_compiles_to_counterparty_groups(tmp_path: Path) -> None:
    """`over each addressed party` counts activities by their counterparty."""
    rules = """\
  Rule: tp.one-at-a-time One visit at a time

    Background:
      Given the obligation covers "flight" flights of every party
      Then at most 1 such flight over each addressed party at the same time
      And the obligation is set out in "Article 1"
"""
    obligation = compile_pack(write_pack(tmp_path, rules)).obligations[0]
    assert isinstance(obligation, Concurrency)
    assert (obligation.limit, obligation.per) == (1, "counterparty")


def test_a_limit_of_none_at_the_same_time_is_refused(tmp_path: Path) -> None:
    """`at most 0` is a pack error: an activity is always under way with itself."""
    rules = """\
  Rule: tp.none-at-once Nothing at all

    Background:
      Given the obligation covers "flight" flights of every party
      Then at most 0 such flights of each party at the same time
      And the obligation is set out in "Article 1"
"""
    with pytest.raises(PackErrors) as error:
        compile_pack(write_pack(tmp_path, rules))
    assert "rules.feature:7" in str(error.value)


def test_an_activity_that_takes_no_time_overlaps_nothing(tmp_path: Path) -> None:
    """A flight whose end is its start is not under way when another starts then."""
    records = [
        flight("f1", "DEU", "RUS", "m1", "2019-06-03T08:00Z", start="2019-06-03T08:00Z"),
        flight("e1", "DEU", "RUS", "m1", "2019-06-03T08:00Z", end="2019-06-03T08:00Z"),
        flight("f2", "FRA", "RUS", "m2", "2019-06-03T08:00Z", start="2019-06-03T08:00Z"),
    ]
    assert check_both(tmp_path, FLIGHTS, ONE_AT_A_TIME, records, "2019-06-30") == []


def test_an_open_overlap_runs_to_the_check(tmp_path: Path) -> None:
    """With no end reported, the overlap's window ends at the moment of the check."""
    records = [
        flight("f1", "POL", "BLR", "m1", "2019-08-12T09:00Z", start="2019-08-12T09:00Z"),
        flight("f2", "GBR", "BLR", "m2", "2019-08-13T10:00Z", start="2019-08-13T10:00Z"),
    ]
    (finding,) = check_both(tmp_path, FLIGHTS, ONE_AT_A_TIME, records, "2019-08-14")
    assert finding.window is not None
    assert finding.window.end.isoformat() == "2019-08-14T00:00:00+00:00"


def test_the_overlap_ends_at_the_earliest_end_of_those_under_way(tmp_path: Path) -> None:
    """Four exercises at once: the window runs from the fourth's start to the first end."""
    records = [
        exercise("x1", "2026-09-01", "2026-09-20"),
        exercise("x2", "2026-09-05", "2026-09-18"),
        exercise("x3", "2026-09-08", "2026-09-25"),
        exercise("x4", "2026-09-10", "2026-09-30"),
    ]
    (finding,) = check_both(tmp_path, VD11, SIMULTANEOUS, records, "2026-12-31")
    assert finding.window is not None
    assert (finding.window.start.day, finding.window.end.day) == (10, 18)


def test_each_activity_beyond_the_limit_is_a_finding(tmp_path: Path) -> None:
    """Five at once where three are allowed: the fourth and the fifth, the fifth citing four."""
    records = [exercise(f"x{n}", f"2026-09-0{n}") for n in range(1, 6)]
    findings = check_both(tmp_path, VD11, SIMULTANEOUS, records, "2026-09-30")
    cited = sorted(len(f.evidence) for f in findings)
    assert cited == [4, 5]


def test_a_finding_cites_at_most_the_latest_others(tmp_path: Path) -> None:
    """With many under way, the finding cites the latest `CITED_OTHERS` of them."""
    records = [exercise(f"x{n:02d}", f"2026-09-{n:02d}") for n in range(1, CITED_OTHERS + 6)]
    findings = check_both(tmp_path, VD11, SIMULTANEOUS, records, "2026-09-30")
    last = max(findings, key=lambda f: f.evidence[0].id)
    assert [e.id for e in last.evidence][1:] == [f"x{n:02d}" for n in range(5, CITED_OTHERS + 5)]


def test_activities_of_different_parties_are_counted_apart(tmp_path: Path) -> None:
    """Four at once, but one of them Belarusian: Russia has three under way."""
    records = [
        exercise("x1", "2026-09-01"),
        exercise("x2", "2026-09-02"),
        exercise("x3", "2026-09-03", party="BLR"),
        exercise("x4", "2026-09-04"),
    ]
    assert check_both(tmp_path, VD11, SIMULTANEOUS, records, "2026-09-30") == []


def test_a_snapshot_after_every_record_resumes_to_the_same_findings() -> None:
    """The concurrency machine's state written and read back mid-stream changes nothing."""
    records = [
        flight("f1", "DEU", "RUS", "m1", "2019-06-03T08:00Z", start="2019-06-03T08:00Z"),
        flight("f2", "FRA", "RUS", "m2", "2019-06-05T11:00Z", start="2019-06-05T11:00Z"),
        flight("e1", "DEU", "RUS", "m1", "2019-06-05T12:00Z", end="2019-06-05T12:00Z"),
        flight("f3", "GBR", "RUS", "m3", "2019-06-06T08:00Z", start="2019-06-06T08:00Z"),
        flight("e2", "FRA", "RUS", "m2", "2019-06-08T09:00Z", end="2019-06-08T09:00Z"),
    ]
    assert resumed_after_each_record(FLIGHTS, records) == uninterrupted(FLIGHTS, records)


def test_flights_ended_long_ago_are_forgotten() -> None:
    """A year of completed flights, swept as the stream goes: only recent ones are kept."""
    watcher = api.Watcher([FLIGHTS])
    day = datetime(2019, 1, 1, tzinfo=UTC)
    for n in range(1200):
        start = day + timedelta(hours=7 * n)
        arrive = flight(f"f{n}", "DEU", "RUS", f"m{n}", start.isoformat(), start=start.isoformat())
        finish = (start + timedelta(hours=6)).isoformat()
        watcher.feed(arrive)
        watcher.feed(flight(f"e{n}", "DEU", "RUS", f"m{n}", finish, end=finish))
    machine = next(m for m in watcher.engine.machines if isinstance(m, ConcurrencyMachine))
    assert 0 < machine.size() < 600


def test_an_overlap_resting_on_an_unended_activity_is_only_potential(tmp_path: Path) -> None:
    """Graded A1, a flight overlapping one never reported completed is a potential violation,
    and its trail says why."""
    graded = {"reliability": "A", "credibility": "1"}
    records = [
        flight("f1", "POL", "BLR", "m1", "2019-08-12T09:00Z", start="2019-08-12T09:00Z", **graded),
        flight("f2", "GBR", "BLR", "m2", "2019-08-13T10:00Z", start="2019-08-13T10:00Z", **graded),
    ]
    (finding,) = check_both(tmp_path, FLIGHTS, ONE_AT_A_TIME, records, "2019-08-14")
    assert (finding.status, finding.confidence) == ("potential_violation", 1.0)
    assert "no end reported" in finding.trail[-1].required


def test_an_overlap_of_ended_activities_is_a_violation(tmp_path: Path) -> None:
    """Graded A1, a flight overlapping one completed after it arrived is a violation."""
    graded = {"reliability": "A", "credibility": "1"}
    records = [
        flight("f1", "POL", "BLR", "m1", "2019-08-12T09:00Z", start="2019-08-12T09:00Z", **graded),
        flight("f2", "GBR", "BLR", "m2", "2019-08-13T10:00Z", start="2019-08-13T10:00Z", **graded),
        flight("e1", "POL", "BLR", "m1", "2019-08-13T12:00Z", end="2019-08-13T12:00Z", **graded),
    ]
    (finding,) = check_both(tmp_path, FLIGHTS, ONE_AT_A_TIME, records, "2019-08-14")
    assert finding.status == "violation"
