"""The feed rules checked in worker processes, for throughput (`verify watch --workers N`).

Checking one record against the feed rules (`validate_record`) costs about 50 microseconds, more
than half of what a record costs the stream engine, and it depends on nothing but the record
and the schema. So worker processes parse and check the lines of a batch while the engine works
through the previous one; the engine gets each line's checked fields (or its reject) back in
order. Whatever depends on the order of records (duplicate ids, the watermark, the state
machines) stays in the engine, so the findings are the same with or without workers.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor

from verify.engines.stream.engine import Checked, check_record
from verify.engines.stream.inputs import Line, parse_line
from verify.feeds import FeedSchema, Reject

#: Lines per task sent to a worker: large enough that the round trip is cheap.
CHUNK_LINES = 512

_schema: FeedSchema | None = None


def _start(schema: FeedSchema) -> None:
    global _schema
    _schema = schema


def check_line(text: bytes, display: str, number: int, schema: FeedSchema) -> Checked:
    """One line parsed and checked: the record's fields, or its reject."""
    parsed = parse_line(text, display, number)
    if isinstance(parsed, Reject):
        return parsed
    return check_record(parsed, schema, display, number)


def _check_lines(lines: Sequence[Line]) -> list[Checked]:
    assert _schema is not None
    return [check_line(text, display, number, _schema) for text, display, number in lines]


class Pending:
    """The pending result of one batch: its chunks' futures, in order."""

    def __init__(self, futures: list[Future[list[Checked]]]) -> None:
        self.futures = futures

    def result(self) -> list[Checked]:
        """Wait for every chunk; the checked lines in order."""
        return [checked for future in self.futures for checked in future.result()]


class Checkers:
    """A pool of worker processes that check lines against the feed rules."""

    def __init__(self, schema: FeedSchema, workers: int) -> None:
        self.pool = ProcessPoolExecutor(workers, initializer=_start, initargs=(schema,))

    def submit(self, lines: Sequence[Line]) -> Pending:
        """Start checking a batch of lines."""
        chunks = [lines[start : start + CHUNK_LINES] for start in range(0, len(lines), CHUNK_LINES)]
        return Pending([self.pool.submit(_check_lines, chunk) for chunk in chunks])

    def close(self) -> None:
        """Stop the workers."""
        self.pool.shutdown(wait=True, cancel_futures=True)
