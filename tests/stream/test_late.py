"""Records behind the watermark: kept, and whatever they change corrected under the same id, so
that the last line per id of `verify watch` is `verify check`'s finding whatever the order."""

from __future__ import annotations

import json
import random
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.profiles import budget
from tests.stream.feeds import PACT, Record, batch_findings, pact_feeds, write_feed
from verify import api
from verify.cli import cli
from verify.errors import display_path
from verify.report import finding_to_json

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "observations" / "example-pact.jsonl"
#: The finding the demo feed's late notice disproves (issue 15).
NORTH_WIND = "F-c9d497b1b79623b9"


def last_per_id(lines: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The last line of each finding id, those retracted left out (`check` has none of them)."""
    last = {line["id"]: line for line in lines}
    return {fid: line for fid, line in last.items() if line["status"] != "retracted"}


def check_lines(path: Path) -> dict[str, dict[str, Any]]:
    """`verify check --format jsonl` on a file (as of its latest record), by finding id."""
    result = CliRunner().invoke(cli, ["check", "--treaty", PACT, str(path), "--format", "jsonl"])
    return {json.loads(line)["id"]: json.loads(line) for line in result.stdout.splitlines()}


def test_the_demo_feed_leaves_no_false_violation_standing() -> None:
    """`verify watch` with the default lateness on the demo feed ends as `check` does: the
    notice 45 days ahead of north-wind-25 counts though it arrives after later records."""
    result = CliRunner().invoke(cli, ["watch", "--treaty", PACT, str(DEMO)])
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert NORTH_WIND not in last_per_id(lines)
    assert last_per_id(lines) == check_lines(DEMO)
    assert "17 record(s) accepted (3 behind the watermark), 0 rejected" in result.stderr


def reply_case() -> list[dict[str, Any]]:
    """A request, a later record, the reply (on time, arriving behind the watermark), more."""
    return [
        {"id": "q1", "kind": "clarification_request", "party": "ARV", "counterparty": "BOS",
         "time": "2025-05-01T08:00:00Z"},
        {"id": "h1", "kind": "holding", "party": "ARV", "time": "2025-05-03T08:30:00Z",
         "battle_tanks": 10},
        {"id": "r1", "kind": "clarification_reply", "party": "BOS", "counterparty": "ARV",
         "refers_to": "q1", "time": "2025-05-02T10:00:00Z"},
        {"id": "h2", "kind": "holding", "party": "ARV", "time": "2025-05-05T00:00:00Z",
         "battle_tanks": 10},
    ]  # fmt: skip


def test_a_late_record_that_changes_a_finding_prints_its_new_form_under_the_same_id() -> None:
    """A reply 26 hours after the request, arriving after the missing reply was printed: the
    finding comes again, same id, now saying the reply was late."""
    watcher = api.Watcher([PACT])
    found = [f for record in reply_case() for f in watcher.feed(record)] + watcher.close()
    assert [f.id for f in found] == [found[0].id] * 2
    assert [f.status for f in found] == ["violation", "violation"]
    assert "gave no" in found[0].summary and "answered" in found[1].summary
    assert [e.id for e in found[1].evidence] == ["q1", "r1"]


def test_a_record_older_than_the_retention_is_still_rejected() -> None:
    """Only a record older than what the engine keeps behind the watermark is turned away, with
    a reason that names --retention."""
    watcher = api.Watcher([PACT], retention=timedelta(days=2))
    start = datetime(2025, 1, 1, tzinfo=UTC)
    for n in range(3000):  # enough records for marks to be taken and old ones forgotten
        moment = (start + timedelta(hours=n)).strftime("%Y-%m-%dT%H:%M:%SZ")
        watcher.feed({"id": f"h{n}", "kind": "holding", "party": "ARV", "battle_tanks": 10,
                      "time": moment})  # fmt: skip
    watcher.feed({"id": "old", "kind": "holding", "party": "ARV", "battle_tanks": 10,
                  "time": "2025-01-02T00:00:00Z"})  # fmt: skip
    assert [r.line for r in watcher.rejects] == [3001]
    assert "raise --retention" in watcher.rejects[0].reason


def stream_lines(path: Path, batch: int = 1) -> list[dict[str, Any]]:
    """Every line the stream engine prints for the file, fed `batch` lines at a time (as
    `verify watch` hands it what it has read), then closed."""
    watcher = api.Watcher([PACT])
    display = display_path(path)
    lines: list[dict[str, Any]] = []
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    for at in range(0, len(records), batch):
        chunk = [(r, display, n) for n, r in enumerate(records[at : at + batch], at + 1)]
        lines.extend(finding_to_json(f) for f in watcher.feed_many(chunk))
    lines.extend(finding_to_json(f) for f in watcher.close())
    assert watcher.rejects == []
    return lines


@settings(max_examples=budget(20), deadline=None)
@given(pact_feeds(), st.randoms(use_true_random=False), st.sampled_from([1, 1, 3, 1000]))
def test_any_arrival_order_ends_with_the_findings_of_the_batch_at_the_last_event_time(
    records: list[Record], order: random.Random, batch: int
) -> None:
    """Shuffled arrival, fed one or several records at a time: the last line per id of the
    stream (retracted ones absent) is the batch's finding, same JSON, for every id."""
    shuffled = list(records)
    order.shuffle(shuffled)
    with tempfile.TemporaryDirectory() as folder:
        path = write_feed(Path(folder) / "feed.jsonl", shuffled)
        expected = batch_findings(path, shuffled)
        found = last_per_id(stream_lines(path, batch))
    assert sorted(found) == sorted(expected)
    for finding_id, finding in expected.items():
        assert found[finding_id] == finding


def test_a_restart_in_the_middle_of_corrections_prints_what_one_run_prints() -> None:
    """Snapshot after a late record has corrected a finding, resume, and another late record
    corrects again: the same lines, in the same order, as one watcher without a restart."""
    records = [json.loads(line) for line in DEMO.read_text().splitlines()]
    records = records[:4] + reply_case() + records[4:]  # the reply case's late reply: line 7
    whole = api.Watcher([PACT])
    expected = [f for r in records for f in whole.feed(r)] + whole.close()
    first = api.Watcher([PACT])
    found = [f for r in records[:8] for f in first.feed(r)]
    assert first.engine.corrections.corrected == 1
    second = api.Watcher([PACT], state=first.snapshot())
    found += [f for n, r in enumerate(records[8:], 9) for f in second.feed(r, line=n)]
    found += second.close()
    assert second.engine.corrections.corrected > 1
    assert [finding_to_json(f) for f in found] == [finding_to_json(f) for f in expected]
    assert len(found) > len({f.id for f in found})  # a finding printed again: corrected
