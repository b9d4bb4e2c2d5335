"""Helpers for the interval kinds' tests: a feed of flights or exercises, run through both
engines, and through the stream engine snapshot and resumed after each record."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

from tests.treaty.conftest import TREATY_YAML
from verify import api
from verify.feeds.values import time_of
from verify.model.finding import Finding
from verify.report import finding_to_json
from verify.testing.parity import disagreements, records_until, run_stream
from verify.treaty import load_pack


def write_pack(folder: Path, rules: str) -> Path:
    """A small pack (`tests/treaty/conftest.py`'s metadata) holding `rules`."""
    pack = folder / "test-pact"
    pack.mkdir(exist_ok=True)
    (pack / "treaty.yaml").write_text(TREATY_YAML, encoding="utf-8")
    (pack / "rules.feature").write_text("Feature: Test pact\n\n" + rules, encoding="utf-8")
    return pack


def moment(text: str) -> datetime:
    """A time as the feeds write it."""
    found = time_of(text)
    assert found is not None
    return found


def flight(
    record_id: str,
    party: str,
    observed: str,
    mission: str,
    time: str,
    *,
    start: str | None = None,
    end: str | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """A flight record: an arrival (`start`), a completion (`end`), or both."""
    record: dict[str, Any] = {
        "id": record_id,
        "kind": "flight",
        "party": party,
        "counterparty": observed,
        "activity": mission,
        "time": time,
        **extra,
    }
    if start is not None:
        record["start"] = start
    if end is not None:
        record["end"] = end
    return record


def check_both(
    folder: Path, pack: str, obligation: str, records: list[dict[str, Any]], as_of: str
) -> list[Finding]:
    """The batch engine's findings (pending included) for one obligation, after asserting
    that the stream engine, fed the same records in order, agrees."""
    path = folder / "feed.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    loaded = load_pack(pack)
    result, feed = api.check(
        [loaded], [path], as_of=moment(as_of), include_pending=True, obligations=[obligation]
    )
    assert not feed.rejects, feed.rejects
    stream = run_stream(loaded, records_until(feed.frame, moment(as_of)), moment(as_of), obligation)
    findings = list(result.findings)
    assert disagreements(findings, stream) == []
    return findings


def resumed_after_each_record(pack: str, records: list[dict[str, Any]]) -> list[str]:
    """The findings (as JSON text) of a watch snapshot and resumed after every record."""
    watcher = api.Watcher([pack])
    found: list[Finding] = []
    for line, record in enumerate(records, 1):
        found += watcher.feed(record, file="feed", line=line)
        snapshot = watcher.snapshot()
        watcher.engine.shutdown()
        watcher = api.Watcher([pack], state=snapshot)
        assert watcher.snapshot() == snapshot
    found += watcher.close()
    return [json.dumps(finding_to_json(f), sort_keys=True) for f in found]


def uninterrupted(pack: str, records: list[dict[str, Any]]) -> list[str]:
    """The findings (as JSON text) of one watch over the records."""
    watcher = api.Watcher([pack])
    found = watcher.feed_many([(r, "feed", n) for n, r in enumerate(records, 1)])
    found += watcher.close()
    return [json.dumps(finding_to_json(f), sort_keys=True) for f in found]
