"""The feed rules checked in worker processes, for throughput (`verify watch --workers N`).

Parsing a line, checking it against the feed rules and working out the roles its record plays
(`matching.py`) cost a good part of what a record costs the stream engine, and they depend on
nothing but the line, the schema and the packs. So worker processes do them for the lines of a
batch while the engine works through the previous one; the engine gets each line's checked
fields (or its reject) and roles back in order. Whatever depends on the order of records
(duplicate ids, the watermark, the state machines) stays in the engine, so the findings are the
same with or without workers.

What comes back must cost the engine far less to read than checking the lines itself would: a
pickled `datetime` alone costs about a microsecond to rebuild. So a chunk's results travel as
one `marshal` blob (everything in them is what `json.loads` gives, or tuples of it) with each
time in UTC (as validation gives them) as the ten bytes of its pickled state, which `datetime`
takes back, as unpickling does, many times faster still (`isoformat` alone costs a couple of
microseconds); any other time in ISO 8601, for `datetime.fromisoformat`.
"""

from __future__ import annotations

import dataclasses
import marshal
import os
import signal
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from datetime import UTC, datetime, tzinfo
from typing import Any, cast

from verify.engines.stream.admission import Checked, check_record
from verify.engines.stream.corrections import Roles
from verify.engines.stream.inputs import Line, parse_line
from verify.engines.stream.matching import RoleFinder
from verify.engines.stream.records import VALUE_FIELDS, Rec
from verify.feeds import FeedSchema, Reject
from verify.feeds.jsonline import raw_text
from verify.model.pack import Pack

#: Lines per task sent to a worker: large enough that the round trip is cheap.
CHUNK_LINES = 512
#: Seconds between a worker's looks at whether the watch that started it is still there.
ORPHAN_POLL = 1.0
#: Where the times are among a checked record's fields.
TIME_FIELDS = tuple(VALUE_FIELDS.index(name) for name in ("time", "start", "end"))

#: `datetime(state, tz)`: the time whose pickled state (`datetime.__reduce__`) `state` is.
_from_state = cast(Callable[[bytes, tzinfo], datetime], datetime)
#: A reject's fields, in order; a checked record has many more.
_REJECT_FIELDS = tuple(field.name for field in dataclasses.fields(Reject))
_schema: FeedSchema | None = None
_finder: RoleFinder | None = None


def default_workers() -> int:
    """Worker processes by default: one where this process may run on two CPUs or more (it
    checks the next batch while the engine handles this one), none on a single CPU."""
    return 1 if len(os.sched_getaffinity(0)) >= 2 else 0


def _start(schema: FeedSchema, packs: Sequence[Pack]) -> None:
    """A worker's set-up: the schema and the packs' roles (matchers of its own); signals left
    to the watch, which stops its workers itself (Ctrl-C and a service manager's SIGTERM reach
    the whole process group); and an end of its own should the watch die without stopping it
    (SIGKILL)."""
    global _schema, _finder
    _schema = schema
    _finder = RoleFinder(packs)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    threading.Thread(target=_exit_when_orphaned, args=(os.getppid(),), daemon=True).start()


def _exit_when_orphaned(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(ORPHAN_POLL)
    os._exit(0)


def check_line(text: bytes, display: str, number: int, schema: FeedSchema) -> Checked:
    """One line parsed and checked: the record's fields, or its reject (with the line's text
    as its `raw`)."""
    parsed = parse_line(text, display, number)
    if isinstance(parsed, Reject):
        return parsed
    checked = check_record(parsed, schema, display, number)
    if isinstance(checked, Reject):
        return dataclasses.replace(checked, raw=raw_text(text))
    return checked


def encoded(checked: Checked) -> tuple[Any, ...]:
    """A checked line in plain values for `marshal`: a reject as its six fields, a record's
    fields with each time in UTC as its pickled state (any other in ISO 8601)."""
    if isinstance(checked, Reject):
        return tuple(getattr(checked, name) for name in _REJECT_FIELDS)
    values = list(checked)
    for at in TIME_FIELDS:
        moment = values[at]
        if moment is not None:
            values[at] = moment.__reduce__()[1][0] if moment.tzinfo is UTC else moment.isoformat()
    return tuple(values)


def decoded(plain: tuple[Any, ...]) -> Checked:
    """The checked line `encoded` was given."""
    if len(plain) == len(_REJECT_FIELDS):
        return Reject(*plain)
    values = list(plain)
    for at in TIME_FIELDS:
        sent = values[at]
        if sent is not None:
            values[at] = (
                _from_state(sent, UTC) if type(sent) is bytes else datetime.fromisoformat(sent)
            )
    return tuple(values)


def checked_roles(
    lines: Sequence[Line], schema: FeedSchema, finder: RoleFinder
) -> list[tuple[Checked, Roles]]:
    """Each line checked (`check_line`) with the roles its record plays (none for a reject)."""
    checked = [check_line(*line, schema) for line in lines]
    kept = [at for at, one in enumerate(checked) if not isinstance(one, Reject)]
    # The fact ids the matcher is given need only be distinct within the call (and, as the
    # engine's sequence numbers are, from 1): places will do.
    recs = [
        Rec.from_values(at + 1, lines[at][1], lines[at][2], cast(tuple[Any, ...], checked[at]))
        for at in kept
    ]
    roles: list[Roles] = [() for _ in lines]
    for at, played in zip(kept, finder.roles(recs), strict=True):
        roles[at] = played
    return list(zip(checked, roles, strict=True))


def _check_lines(lines: Sequence[Line]) -> bytes:
    assert _schema is not None and _finder is not None
    # marshal writes an object met before as a reference: a roles tuple many records share is
    # sent once and comes back shared.
    return marshal.dumps(
        [(encoded(checked), roles) for checked, roles in checked_roles(lines, _schema, _finder)]
    )


class Pending:
    """The pending result of one batch: its chunks' futures, in order."""

    def __init__(self, futures: list[Future[bytes]]) -> None:
        self.futures = futures

    def result(self) -> list[tuple[Checked, Roles]]:
        """Wait for every chunk; the checked lines in order, each with its roles."""
        return [
            (decoded(item), roles)
            for future in self.futures
            for item, roles in marshal.loads(future.result())
        ]


class Checkers:
    """A pool of worker processes that check lines against the feed rules and work out the
    roles of their records."""

    def __init__(self, schema: FeedSchema, packs: Sequence[Pack], workers: int) -> None:
        self.pool = ProcessPoolExecutor(workers, initializer=_start, initargs=(schema, packs))

    def submit(self, lines: Sequence[Line]) -> Pending:
        """Start checking a batch of lines."""
        chunks = [lines[start : start + CHUNK_LINES] for start in range(0, len(lines), CHUNK_LINES)]
        return Pending([self.pool.submit(_check_lines, chunk) for chunk in chunks])

    def close(self) -> None:
        """Stop the workers."""
        self.pool.shutdown(wait=True, cancel_futures=True)
