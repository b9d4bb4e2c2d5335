"""Parity: at the end of input, `verify watch` has said what `verify check` says at that time."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import example, given, settings

from tests.profiles import budget
from tests.stream.feeds import Record, batch_findings, pact_feeds, stream_findings, write_feed

SETTINGS = settings(max_examples=budget(30), deadline=None)

#: Found by a local run: x1f0, two days after x1 with the same start, is the first record of
#: activity a1 large enough to count for `pact.exercise-frequency`. It sorts after x0 (same
#: start, smaller id), which was judged already, so it changes no count: no late effect.
FOLLOW_UP_AFTER_A_TIE: list[Record] = [
    {"id": "x0", "kind": "exercise", "party": "ARV", "start": "2025-10-01T00:00:00Z",
     "time": "2025-10-01T00:00:00Z", "troops": 12000},
    {"id": "x1", "kind": "exercise", "party": "ARV", "start": "2025-10-01T00:00:00Z",
     "time": "2025-10-01T00:00:00Z", "troops": 9999, "flags": ["alert"], "activity": "a1"},
    {"id": "n1c0", "kind": "notification", "party": "ARV", "activity": "a1",
     "time": "2025-10-01T00:00:00Z"},
    {"id": "q0", "kind": "clarification_request", "party": "BOS", "counterparty": "ARV",
     "time": "2025-10-01T06:00:00Z"},
    {"id": "r0-clarification_reply-0", "kind": "clarification_reply", "party": "ARV",
     "counterparty": "BOS", "time": "2025-10-01T07:00:00Z", "refers_to": "q0"},
    {"id": "h0", "kind": "holding", "party": "BOS", "time": "2025-10-02T00:00:00Z",
     "battle_tanks": 700},
    {"id": "x1f0", "kind": "exercise", "party": "ARV", "start": "2025-10-01T00:00:00Z",
     "time": "2025-10-03T00:00:00Z", "troops": 11998, "flags": ["alert"], "activity": "a1"},
    {"id": "t0", "kind": "missile_test", "party": "BOS", "time": "2025-10-04T00:00:00Z",
     "range_km": 299},
]  # fmt: skip


#: Found by `make fuzz`: x1f1 first makes a1 large, and sorts before x0, judged already; x0
#: becomes the 2nd large exercise of the year instead of the 1st, still within the limit.
FOLLOW_UP_WITHIN_THE_LIMIT: list[Record] = [
    {"id": "x1", "kind": "exercise", "party": "ARV", "start": "2025-10-01T00:00:00Z",
     "time": "2025-10-01T00:00:00Z", "troops": 9999, "flags": ["alert"], "activity": "a1"},
    {"id": "x0", "kind": "exercise", "party": "ARV", "start": "2025-10-01T01:00:00Z",
     "time": "2025-10-01T01:00:00Z", "troops": 10000, "flags": ["alert"]},
    {"id": "x1f0", "kind": "exercise", "party": "ARV", "start": "2025-10-01T00:00:00Z",
     "time": "2025-10-01T02:00:00Z", "troops": 9999, "flags": ["alert"], "activity": "a1"},
    {"id": "x1f1", "kind": "exercise", "party": "ARV", "start": "2025-10-01T00:00:00Z",
     "time": "2025-10-01T03:00:00Z", "troops": 10498, "flags": ["alert"], "activity": "a1"},
]  # fmt: skip


#: Found by `make fuzz`, here shrunk: x2f0 first makes a2 large and sorts before x3, reported
#: already as the 3rd large exercise of the year; x3 is the 4th, its finding issued again.
FOLLOW_UP_OVER_THE_LIMIT: list[Record] = [
    {"id": "x0", "kind": "exercise", "party": "BOS", "start": "2025-10-01T00:00:00Z",
     "time": "2025-10-01T00:00:00Z", "troops": 12000},
    {"id": "x1", "kind": "exercise", "party": "BOS", "start": "2025-10-02T00:00:00Z",
     "time": "2025-10-02T00:00:00Z", "troops": 12000},
    {"id": "x2", "kind": "exercise", "party": "BOS", "start": "2025-10-03T00:00:00Z",
     "time": "2025-10-03T00:00:00Z", "troops": 9999, "activity": "a2"},
    {"id": "x3", "kind": "exercise", "party": "BOS", "start": "2025-10-04T00:00:00Z",
     "time": "2025-10-04T00:00:00Z", "troops": 12000},
    {"id": "h0", "kind": "holding", "party": "BOS", "time": "2025-10-05T00:00:00Z",
     "battle_tanks": 700},
    {"id": "x2f0", "kind": "exercise", "party": "BOS", "start": "2025-10-03T00:00:00Z",
     "time": "2025-10-06T00:00:00Z", "troops": 11998, "activity": "a2"},
]  # fmt: skip


@SETTINGS
@given(pact_feeds())
@example(FOLLOW_UP_AFTER_A_TIE)
@example(FOLLOW_UP_WITHIN_THE_LIMIT)
@example(FOLLOW_UP_OVER_THE_LIMIT)
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
