"""Counted periodic reports: at least N records in each period, from each party or from the
parties together (New START's sessions of the Bilateral Consultative Commission)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from tests.treaty.conftest import PackWriter
from verify import api
from verify.kinds import periodic_report as report_kind
from verify.model.finding import Finding
from verify.model.obligation import AfterPeriod, PeriodicReport
from verify.testing.parity import StreamRun, disagreements, records_until, run_stream
from verify.treaty import load_pack

EACH_PARTY = """\
  Rule: tp.meetings Each Party holds at least two meetings each calendar year

    Background:
      Given the obligation covers "meeting" records of every party
      Then at least 2 "meeting" records from each party are due in each calendar year
      And too few meetings is a "minor" violation
      And escalation starts at "talk"
      And the obligation is set out in "Test Pact, Article 1"
"""


def at(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def sessions() -> PeriodicReport:
    found = load_pack("new-start").obligation("newstart.bcc-sessions")
    assert isinstance(found, PeriodicReport)
    return found


def record(rid: str, party: str, time: str) -> dict[str, Any]:
    other = {"USA": "RUS", "RUS": "USA", "AAA": "BBB", "BBB": "AAA"}[party]
    kind = "bcc_session" if party in ("USA", "RUS") else "meeting"
    return {"id": rid, "kind": kind, "party": party, "counterparty": other, "time": time}


def both(
    pack: str | Path, obligation: str, records: list[dict[str, Any]], as_of: datetime, tmp: Path
) -> tuple[list[Finding], StreamRun]:
    """The findings of check (pending included) and of watch over the records, as of `as_of`."""
    path = tmp / "feed.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    loaded = load_pack(str(pack))
    result, feed = api.check(
        [loaded], [path], as_of=as_of, obligations=[obligation], include_pending=True
    )
    stream = run_stream(loaded, records_until(feed.frame, as_of), as_of, obligation)
    return list(result.findings), stream


def seen(findings: list[Finding]) -> list[tuple[str, str, list[str]]]:
    """Each finding's party, status and cited records."""
    return [(f.party, f.status, [e.id for e in f.evidence]) for f in findings]


def test_the_phrase_counts_sessions_of_the_parties_together() -> None:
    """`at least 2 ... from the parties together` is two records a year, pooled, due at its end."""
    rule = sessions()
    assert (rule.at_least, rule.together, rule.due) == (2, True, AfterPeriod(days=0))
    slot = report_kind.slot_at(rule, at(2022, 1, 1))
    assert slot.due == at(2022, 12, 31, 23, 59, 59)
    assert slot.opens == at(2021, 12, 31, 23, 59, 59)


def test_from_the_parties_together_needs_a_count() -> None:
    """A report due from the parties together without a count is refused by the model."""
    data = sessions().model_dump()
    data["at_least"] = None
    with pytest.raises(ValidationError, match="counted"):
        PeriodicReport.model_validate(data)


def test_one_session_in_a_year_is_a_finding_against_each_party(tmp_path: Path) -> None:
    """One session in 2022 is short of two: both Parties, citing it, in check and in watch."""
    feed = [
        record("b1", "USA", "2021-04-12T09:00:00Z"),
        record("b2", "RUS", "2021-10-05T09:00:00Z"),
        record("b3", "RUS", "2022-03-14T09:00:00Z"),
    ]
    end = at(2022, 12, 31, 23, 59, 59)
    batch, stream = both("new-start", "newstart.bcc-sessions", feed, end, tmp_path)
    assert disagreements(batch, stream) == []
    assert seen(batch) == [("RUS", "violation", ["b3"]), ("USA", "violation", ["b3"])]
    assert "gave 1 bcc_session record" in batch[0].summary


def test_two_sessions_by_one_party_count_for_both(tmp_path: Path) -> None:
    """Two sessions recorded by the United States alone meet the year for both Parties."""
    feed = [
        record("b1", "USA", "2021-04-12T09:00:00Z"),
        record("b2", "USA", "2021-12-31T23:59:59Z"),
    ]
    batch, stream = both(
        "new-start", "newstart.bcc-sessions", feed, at(2021, 12, 31, 23, 59, 59), tmp_path
    )
    assert batch == [] and stream.findings == ()


def test_a_session_after_the_year_does_not_make_it_up(tmp_path: Path) -> None:
    """A session of January 2023 leaves 2022's shortfall standing, the same finding id."""
    first = [record("b1", "USA", "2022-04-12T09:00:00Z")]
    later = [*first, record("b2", "RUS", "2023-01-10T09:00:00Z")]
    early, _ = both("new-start", "newstart.bcc-sessions", first, at(2023, 1, 1), tmp_path)
    batch, stream = both("new-start", "newstart.bcc-sessions", later, at(2023, 2, 1), tmp_path)
    assert disagreements(batch, stream) == []
    decided = {f.id for f in early if f.status != "pending"}
    assert len(decided) == 2
    assert decided <= {f.id for f in batch if f.status != "pending"}


def test_a_year_still_running_is_pending_in_check_and_silent_in_watch(tmp_path: Path) -> None:
    """One session so far in 2022: pending for both Parties; watch waits for the year's end."""
    feed = [record("b1", "USA", "2022-04-12T09:00:00Z")]
    batch, stream = both("new-start", "newstart.bcc-sessions", feed, at(2022, 11, 30), tmp_path)
    assert seen(batch) == [("RUS", "pending", ["b1"]), ("USA", "pending", ["b1"])]
    assert stream.findings == ()


def test_a_year_without_sessions_cites_the_last_before_it(tmp_path: Path) -> None:
    """No session in 2023: the findings cite the last session of 2022."""
    feed = [
        record("b1", "USA", "2022-04-12T09:00:00Z"),
        record("b2", "RUS", "2022-10-12T09:00:00Z"),
        record("b3", "RUS", "2024-02-01T09:00:00Z"),
    ]
    batch, stream = both("new-start", "newstart.bcc-sessions", feed, at(2024, 2, 2), tmp_path)
    assert disagreements(batch, stream) == []
    year = [f for f in batch if f.window is not None and f.window.start == at(2023, 1, 1)]
    assert seen(year) == [("RUS", "violation", ["b2"]), ("USA", "violation", ["b2"])]


def test_from_each_party_counts_each_partys_own(write_pack: PackWriter, tmp_path: Path) -> None:
    """From each party: Alpha's two meetings do not count for Beta, which has one."""
    folder = write_pack(EACH_PARTY)
    rule = load_pack(str(folder)).obligation("tp.meetings")
    assert isinstance(rule, PeriodicReport) and (rule.at_least, rule.together) == (2, False)
    feed = [
        record("m1", "AAA", "2022-02-01T09:00:00Z"),
        record("m2", "AAA", "2022-06-01T09:00:00Z"),
        record("m3", "BBB", "2022-06-01T09:00:00Z"),
    ]
    batch, stream = both(folder, "tp.meetings", feed, at(2023, 1, 1), tmp_path / "..")
    assert disagreements(batch, stream) == []
    assert [f for f in seen(batch) if f[1] != "pending"] == [("BBB", "violation", ["m3"])]
