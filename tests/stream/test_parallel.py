"""Worker processes: what they send back is what checking the lines in the engine would give."""

from __future__ import annotations

import json
import marshal
from datetime import UTC, datetime, timedelta, timezone
from typing import Any
from unittest import mock

from hypothesis import given
from hypothesis import strategies as st

from tests.stream.feeds import PACT, pact_feeds
from verify import api
from verify.engines.stream import parallel
from verify.engines.stream.matching import RoleFinder
from verify.engines.stream.parallel import (
    check_line,
    checked_roles,
    decoded,
    default_workers,
    encoded,
)
from verify.engines.stream.records import Rec
from verify.engines.stream.share import Share
from verify.feeds import FeedSchema, Reject

SCHEMA = FeedSchema()
LINES = [
    {"id": "a", "kind": "exercise", "party": "RUS", "time": "2026-09-11T08:00:00Z", "troops": 9},
    {
        "id": "b",
        "kind": "notification",
        "party": "RUS",
        "time": "0001-01-01",
        "start": "2026-09-11T08:00:00.123456+02:00",
        "end": "9999-12-31T23:59:59Z",
        "flags": ["Alert"],
        "callsign": "red",
    },
    {"id": "c", "kind": "bogus", "party": "RUS", "time": "2026-09-11"},
]


def test_checked_lines_survive_the_trip_from_a_worker_unchanged() -> None:
    """Records (times to the microsecond, years 1 and 9999) and rejects come back equal."""
    texts = [json.dumps(line).encode() for line in LINES] + [b"not json"]
    checked = [check_line(text, "feed.jsonl", n, SCHEMA) for n, text in enumerate(texts, 1)]
    back = [decoded(item) for item in marshal.loads(marshal.dumps([encoded(c) for c in checked]))]
    assert back == checked
    assert [type(item) is Reject for item in back] == [False, False, True, True]


def test_times_come_back_from_a_worker_in_utc() -> None:
    """A time in UTC travels as its pickled state and comes back in UTC, to the microsecond."""
    text = json.dumps(LINES[1]).encode()
    checked = check_line(text, "feed.jsonl", 1, SCHEMA)
    back = decoded(marshal.loads(marshal.dumps(encoded(checked))))
    times = [value for value in back if isinstance(value, datetime)]
    assert times == [value for value in checked if isinstance(value, datetime)]
    assert [moment.tzinfo for moment in times] == [UTC, UTC, UTC]


def test_a_time_in_another_zone_comes_back_from_a_worker_as_the_same_time() -> None:
    """A time not in UTC (validation gives none) still travels, in ISO 8601."""
    checked = check_line(json.dumps(LINES[0]).encode(), "feed.jsonl", 1, SCHEMA)
    assert not isinstance(checked, Reject)
    zone = timezone(timedelta(hours=2))
    moved = tuple(v.astimezone(zone) if isinstance(v, datetime) else v for v in checked)
    back = decoded(marshal.loads(marshal.dumps(encoded(moved))))
    assert [v for v in back if isinstance(v, datetime)] == [checked[3].astimezone(zone)]
    assert all(v.utcoffset() == timedelta(hours=2) for v in back if isinstance(v, datetime))


def test_one_worker_by_default_where_there_are_two_cpus() -> None:
    """The engine and one worker share two CPUs; a single CPU runs no worker."""
    with mock.patch.object(parallel.os, "sched_getaffinity", return_value={0, 1}):
        assert default_workers() == 1
    with mock.patch.object(parallel.os, "sched_getaffinity", return_value={0}):
        assert default_workers() == 0


@given(pact_feeds(), st.sampled_from([None, (0, 2), (1, 2)]))
def test_a_worker_gives_each_record_the_roles_the_engine_would(
    records: list[dict[str, Any]], share: tuple[int, int] | None
) -> None:
    """The roles a worker works out for the lines it checks (with matchers of its own) are, once
    the engine takes them (keeping those of its share, if it judges one), the roles the engine
    works out itself for the records it admits, and they survive the trip back shared."""
    watcher = api.Watcher([PACT])
    engine = watcher.engine
    if share is not None:
        engine.assign(Share.of(engine.packs, *share))
    lines = [(json.dumps(r).encode(), "feed.jsonl", n) for n, r in enumerate(records, 1)]
    finder = RoleFinder(engine.packs)
    answers = checked_roles(lines, engine.schema, finder)
    back = marshal.loads(marshal.dumps([roles for _, roles in answers]))
    recs = [
        Rec.from_values(n, "feed.jsonl", n, checked)
        for n, (checked, _) in enumerate(answers, 1)
        if not isinstance(checked, Reject)
    ]
    kept = [
        roles
        for (checked, _), roles in zip(answers, back, strict=True)
        if not isinstance(checked, Reject)
    ]
    assert (kept if engine.share is None else engine.share.kept(kept, recs)) == engine._roles(recs)
    finder.close()
    watcher.close()
