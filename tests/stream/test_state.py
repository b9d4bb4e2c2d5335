"""State: bounded over a long stream, and resumable from a snapshot without loss or repeat."""

from __future__ import annotations

from tests.stream.synthetic import long_feed
from verify import api
from verify.report import finding_to_json

PACT = "example-non-aggression-pact"


def test_open_entries_stay_bounded_over_a_long_stream() -> None:
    """Over five years of records, state stops growing once the retention (about a year) is
    full: the last third of the stream holds no more than the middle third."""
    records = list(long_feed(20_000, years=5))
    watcher = api.Watcher([PACT])
    sizes = []
    for start in range(0, len(records), 500):
        watcher.feed_many([(r, "feed", None) for r in records[start : start + 500]])
        sizes.append(watcher.open_entries)
    watcher.close()
    middle, last = sizes[len(sizes) // 3 : 2 * len(sizes) // 3], sizes[2 * len(sizes) // 3 :]
    assert max(last) <= 1.25 * max(middle)
    assert watcher.late_effects == 0


def test_a_snapshot_resumes_the_stream_without_losing_or_repeating_a_finding() -> None:
    """Snapshot half-way, resume in a new watcher: the same findings as in one go."""
    records = list(long_feed(3_000, years=1))
    whole = api.Watcher([PACT])
    expected = whole.feed_many([(r, "feed", None) for r in records]) + whole.close()
    first = api.Watcher([PACT])
    found = first.feed_many([(r, "feed", n) for n, r in enumerate(records[:1500], 1)])
    second = api.Watcher([PACT], state=first.snapshot())
    found += second.feed_many([(r, "feed", n) for n, r in enumerate(records[1500:], 1501)])
    found += second.close()
    assert [finding_to_json(f) for f in found] == [finding_to_json(f) for f in expected]
