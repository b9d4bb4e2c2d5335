"""Parity: at the end of input, `verify watch` has said what `verify check` says at that time."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given, settings

from tests.profiles import budget
from tests.stream.feeds import Record, batch_findings, pact_feeds, stream_findings, write_feed

SETTINGS = settings(max_examples=budget(30), deadline=None)


@SETTINGS
@given(pact_feeds())
def test_the_stream_ends_with_the_findings_of_the_batch_at_the_last_event_time(
    records: list[Record],
) -> None:
    """Same ids, same JSON: the last finding per id of the stream equals the batch's."""
    with tempfile.TemporaryDirectory() as folder:
        path = write_feed(Path(folder) / "feed.jsonl", records)
        expected = batch_findings(path, records)
        found, watcher = stream_findings(path)
    assert watcher.rejects == []
    assert watcher.late_effects == 0
    assert sorted(found) == sorted(expected)
    for finding_id, finding in expected.items():
        assert found[finding_id] == finding
