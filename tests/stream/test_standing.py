"""A stream with no end: what only the end of input would decide is reported as it stands."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from verify import api
from verify.report import finding_to_json
from verify.watching import Standing, retracted_line

PACT = "example-non-aggression-pact"
ABOVE = {"id": "h1", "kind": "holding", "party": "ARV", "time": "2025-03-01T00:00:00Z",
         "battle_tanks": 815}  # fmt: skip
LATER = {"id": "i1", "kind": "incident", "party": "BOS", "time": "2025-03-01T05:00:00Z"}
BACK = {"id": "h2", "kind": "holding", "party": "ARV", "time": "2025-03-02T00:00:00Z",
        "battle_tanks": 790}  # fmt: skip


def fed(records: list[dict[str, Any]]) -> tuple[api.Watcher, list[Any]]:
    """A watcher fed `records` as lines 1, 2, ... of feed.jsonl; the findings it gave."""
    watcher = api.Watcher([PACT])
    found = []
    for line, record in enumerate(records, 1):
        found += watcher.feed(record, file="feed.jsonl", line=line)
    return watcher, found


def test_an_open_episode_stands_as_check_finds_it_at_the_latest_event_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Once the watermark passes the first holding above the ceiling, the open episode stands."""
    monkeypatch.chdir(tmp_path)
    Path("feed.jsonl").write_text("".join(json.dumps(r) + "\n" for r in (ABOVE, LATER)))
    watcher, _ = fed([ABOVE, LATER])
    checked, _ = api.check([PACT], ["feed.jsonl"])
    standing = [finding_to_json(f) for f in watcher.standing()]
    assert standing == [finding_to_json(f) for f in checked.findings]


def test_nothing_stands_before_the_watermark_passes_the_holding() -> None:
    """A holding within the lateness may still be followed by an earlier one: not yet."""
    watcher, _ = fed([ABOVE])
    assert watcher.standing() == []


def test_a_closed_episode_is_decided_and_no_longer_stands() -> None:
    """The holding back under the ceiling, once passed, decides the episode for good."""
    later = {**LATER, "time": "2025-03-02T05:00:00Z"}
    watcher, found = fed([ABOVE, BACK, later])
    assert [f.obligation for f in found] == ["pact.tank-ceiling"]
    assert watcher.standing() == []


def test_standing_lines_survive_a_restart_in_the_state_folder(tmp_path: Path) -> None:
    """What was last delivered as standing is read back, so a restart can still retract it."""
    kept = Standing(tmp_path)
    kept.lines["F-1"] = json.dumps({"id": "F-1", "status": "violation"})
    kept.save()
    assert Standing(tmp_path).lines == kept.lines


def test_a_retracted_line_keeps_every_field_but_the_status() -> None:
    """Retracting a standing finding changes its status alone."""
    line = json.dumps({"id": "F-1", "status": "violation", "severity": "major"})
    assert json.loads(retracted_line(line)) == {**json.loads(line), "status": "retracted"}
