"""Quotas and frequency limits over a rolling window or treaty years, in both engines."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tests.treaty.conftest import PackWriter
from verify import api
from verify.testing.parity import disagreements, records_until, run_stream
from verify.treaty import compile_pack

AS_OF = datetime(2026, 12, 31, tzinfo=UTC)

ROLLING_QUOTA = """\
  Rule: tp.quota At most two requests within any 30 days must be accepted

    Background:
      Given the obligation covers "inspection_request" requests of every party
      And a party must accept 2 requests within any 30 days
      Then an "inspection_reply" flagged "refused" to a request within quota is a breach
      And the obligation is set out in "Article 1"
"""

TREATY_YEAR_FREQUENCY = """\
  Rule: tp.tests At most one test per treaty year from 1 July

    Background:
      Given the obligation covers "missile_test" records of every party
      Then at most 1 such test per party per treaty year beginning 1 July
      And the obligation is set out in "Article 2"
"""

ROLLING_FREQUENCY = """\
  Rule: tp.tests At most one test within any 10 days

    Background:
      Given the obligation covers "missile_test" records of every party
      Then at most 1 such test per party within any 10 days
      And the obligation is set out in "Article 2"
"""


def findings(folder: Path, tmp_path: Path, records: list[dict[str, Any]]) -> list[str]:
    """The findings' subjects (the first record cited), after checking both engines agree."""
    pack = compile_pack(folder)
    feed_path = tmp_path / "feed.jsonl"
    feed_path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    obligation = pack.obligations[0].id
    result, feed = api.check([pack], [feed_path], as_of=AS_OF, obligations=[obligation])
    stream = run_stream(pack, records_until(feed.frame, AS_OF), AS_OF, obligation)
    assert disagreements(list(result.findings), stream) == []
    return [f.evidence[0].id for f in result.findings]


def request(number: int, day: str) -> list[dict[str, Any]]:
    """A request to BBB on a day, and BBB's refusal of it."""
    return [
        {"id": f"q{number}", "kind": "inspection_request", "party": "AAA",
         "counterparty": "BBB", "time": f"{day}T10:00:00Z"},
        {"id": f"r{number}", "kind": "inspection_reply", "party": "BBB", "counterparty": "AAA",
         "refers_to": f"q{number}", "time": f"{day}T11:00:00Z", "flags": "refused"},
    ]  # fmt: skip


def test_a_rolling_quota_counts_the_30_days_before_a_request(
    write_pack: PackWriter, tmp_path: Path
) -> None:
    """Two requests within 30 days use the quota; a third 30 days after the first does not."""
    records = request(1, "2025-03-01") + request(2, "2025-03-20") + request(3, "2025-03-31")
    assert findings(write_pack(ROLLING_QUOTA), tmp_path, records) == ["q1", "q2"]


def test_a_rolling_quota_frees_up_once_the_window_has_passed(
    write_pack: PackWriter, tmp_path: Path
) -> None:
    """A third request 31 days after the first is within the quota again."""
    records = request(1, "2025-03-01") + request(2, "2025-03-20") + request(3, "2025-04-01")
    assert findings(write_pack(ROLLING_QUOTA), tmp_path, records) == ["q1", "q2", "q3"]


def missile_test(number: int, day: str) -> dict[str, Any]:
    """A missile test by AAA on a day."""
    return {"id": f"t{number}", "kind": "missile_test", "party": "AAA", "time": f"{day}T00:00:00Z"}


def test_a_treaty_year_from_1_july_counts_tests_across_the_new_year(
    write_pack: PackWriter, tmp_path: Path
) -> None:
    """Tests of December and June fall in one treaty year; one of 1 July opens the next."""
    records = [
        missile_test(1, "2025-12-01"),
        missile_test(2, "2026-06-30"),
        missile_test(3, "2026-07-01"),
    ]
    assert findings(write_pack(TREATY_YEAR_FREQUENCY), tmp_path, records) == ["t2"]


def test_a_rolling_frequency_window_includes_its_first_day(
    write_pack: PackWriter, tmp_path: Path
) -> None:
    """Tests 10 days apart are within any 10 days; 11 days apart they are not."""
    records = [
        missile_test(1, "2025-05-01"),
        missile_test(2, "2025-05-11"),
        missile_test(3, "2025-05-22"),
    ]
    assert findings(write_pack(ROLLING_FREQUENCY), tmp_path, records) == ["t2"]
