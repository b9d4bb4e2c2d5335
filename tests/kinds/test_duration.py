"""Durations: an activity completed within N hours of its start, in check and watch alike."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.kinds.intervals import (
    check_both,
    flight,
    resumed_after_each_record,
    uninterrupted,
    write_pack,
)
from verify import api
from verify.engines.stream.machines.intervals import DurationMachine
from verify.errors import PackErrors
from verify.kinds.duration import hours
from verify.model.obligation import Duration
from verify.treaty.compile import compile_pack

PACK = "open-skies"
RULE = "openskies.flight-duration"
RULE_TEXT = """\
  Rule: tp.sortie A sortie ends within its time

    Background:
      Given the obligation covers "flight" flights of every party
      Then such a flight is completed within {within} of its start
      And the obligation is set out in "Article 1"
"""


def test_a_deadline_in_days_is_counted_in_hours(tmp_path: Path) -> None:
    """`within 4 days` compiles to 96 hours."""
    pack = compile_pack(write_pack(tmp_path, RULE_TEXT.format(within="4 days")))
    obligation = pack.obligations[0]
    assert isinstance(obligation, Duration) and obligation.hours == 96


def test_no_time_at_all_is_refused_at_its_line(tmp_path: Path) -> None:
    """`within 0 hours` is a pack error naming the file and the step's line."""
    with pytest.raises(PackErrors) as error:
        compile_pack(write_pack(tmp_path, RULE_TEXT.format(within="0 hours")))
    assert "rules.feature:7" in str(error.value)


def test_a_length_is_worded_in_hours_and_minutes() -> None:
    """96 hours and 90 seconds read as the Treaty counts them."""
    assert hours(timedelta(hours=96, seconds=90)) == "96 hours 1 minute 30 seconds"


def test_the_earliest_end_reported_is_the_activitys_end(tmp_path: Path) -> None:
    """Of two completion reports, the earlier end decides: here, in time."""
    records = [
        flight("a1", "DEU", "RUS", "m1", "2019-06-03T08:00Z", start="2019-06-03T08:00Z"),
        flight("c1", "DEU", "RUS", "m1", "2019-06-07T07:00Z", end="2019-06-07T07:00Z"),
        flight("c2", "DEU", "RUS", "m1", "2019-06-08T09:00Z", end="2019-06-08T09:00Z"),
    ]
    assert check_both(tmp_path, PACK, RULE, records, "2019-06-30") == []


def test_the_earliest_start_stands_for_the_activity(tmp_path: Path) -> None:
    """A later report of an earlier arrival moves the deadline: the flight is late."""
    records = [
        flight("a2", "DEU", "RUS", "m1", "2019-06-03T08:00Z", start="2019-06-03T08:00Z"),
        flight("a1", "DEU", "RUS", "m1", "2019-06-03T09:00Z", start="2019-06-03T06:00Z"),
        flight("c1", "DEU", "RUS", "m1", "2019-06-07T07:00Z", end="2019-06-07T07:00Z"),
    ]
    findings = check_both(tmp_path, PACK, RULE, records, "2019-06-30")
    assert [[e.id for e in f.evidence] for f in findings] == [["a1", "c1"]]


def test_a_missing_end_names_the_deadline_and_the_observed_party(tmp_path: Path) -> None:
    """No end once due: a violation by the observing Party; the observed one is counterparty."""
    records = [flight("a1", "RUS", "DEU", "m2", "2019-09-09T10:00Z", start="2019-09-09T10:00Z")]
    (finding,) = check_both(tmp_path, PACK, RULE, records, "2019-09-20")
    assert (finding.party, finding.counterparty, finding.status) == ("RUS", "DEU", "violation")
    assert "completed by 2019-09-13 10:00Z" in finding.summary


def test_a_late_end_after_a_missing_one_keeps_the_finding_id(tmp_path: Path) -> None:
    """Reported missing at the deadline, then late: watch's last version is check's finding."""
    records = [
        flight("a1", "RUS", "DEU", "m2", "2019-09-09T10:00Z", start="2019-09-09T10:00Z"),
        flight("x1", "RUS", "DEU", "other", "2019-09-15T10:00Z", start="2019-09-15T10:00Z"),
        flight("c1", "RUS", "DEU", "m2", "2019-09-15T11:00Z", end="2019-09-15T11:00Z"),
    ]
    findings = check_both(tmp_path, PACK, RULE, records, "2019-09-15T12:00Z")
    late = [f for f in findings if f.status == "violation"]
    assert [[e.id for e in f.evidence] for f in late] == [["a1", "c1"]]


def test_a_snapshot_after_every_record_resumes_to_the_same_findings() -> None:
    """The duration machine's state written and read back mid-stream changes nothing."""
    records = [
        flight("a1", "RUS", "DEU", "m2", "2019-09-09T10:00Z", start="2019-09-09T10:00Z"),
        flight("a2", "DEU", "RUS", "m3", "2019-09-10T10:00Z", start="2019-09-10T10:00Z"),
        flight("c2", "DEU", "RUS", "m3", "2019-09-12T10:00Z", end="2019-09-12T10:00Z"),
        flight("x1", "RUS", "DEU", "m4", "2019-09-15T10:00Z", start="2019-09-15T10:00Z"),
        flight("c1", "RUS", "DEU", "m2", "2019-09-15T11:00Z", end="2019-09-15T11:00Z"),
    ]
    assert resumed_after_each_record(PACK, records) == uninterrupted(PACK, records)


def test_flights_decided_long_ago_are_forgotten() -> None:
    """A year of flights, completed or never, swept as the stream goes: only recent ones kept."""
    watcher = api.Watcher([PACK])
    day = datetime(2019, 1, 1, tzinfo=UTC)
    for n in range(2400):
        start = (day + timedelta(hours=3 * n)).isoformat()
        watcher.feed(flight(f"f{n}", "DEU", "RUS", f"m{n}", start, start=start))
    machine = next(m for m in watcher.engine.machines if isinstance(m, DurationMachine))
    assert 0 < machine.size() < 1200
