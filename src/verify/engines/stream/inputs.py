"""JSON Lines inputs for `verify watch`: standard input, or files read once or followed.

Lines are read with `os.read`, so a batch holds whatever has arrived (many lines when the input
is fast, one when it trickles in) and nothing waits for a buffer to fill. Lines are counted as
`verify check` counts them (physical lines from 1, blank ones skipped, a byte-order mark at the
start of a file ignored), so a record has the same file and line in both commands. How far each
input has been consumed (`Position`: lines and bytes) is what a checkpoint saves: a restarted
watch seeks files there and skips as many bytes of standard input. Lines count as consumed
only once the caller `commit`s them, after dealing with them. Lines come out as bytes; turning
them into records (`parse_line`) is the consumer's business, done where it is cheapest.
"""

from __future__ import annotations

import io
import os
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from verify.errors import FeedError, Location, UsageError, display_path
from verify.feeds import Reject
from verify.feeds.jsonline import line_reject, parse_record

STDIN = "-"
JSON_LINES = (".jsonl", ".ndjson", ".json")
BOM = b"\xef\xbb\xbf"
CHUNK = 1 << 20

#: One line as read: its bytes (without the newline), the input's display path, its number.
Line = tuple[bytes, str, int]


@dataclass
class Position:
    """How far one input has been consumed: complete lines and bytes."""

    lines: int = 0
    offset: int = 0


def parse_line(text: bytes, display: str, number: int) -> dict[str, Any] | Reject:
    """A line's JSON object, or the reject `verify check` would give it (`parse_record`)."""
    value = parse_record(text)
    return value if isinstance(value, dict) else line_reject(value, text, display, number)


class Input:
    """One input: a file or standard input, read from a position onwards."""

    def __init__(self, source: str, position: Position, follow: bool) -> None:
        self.display = STDIN if source == STDIN else display_path(source)
        self.position = Position(position.lines, position.offset)  # consumed (committed)
        self.reached = Position(position.lines, position.offset)  # read and handed out
        self.follow = follow and source != STDIN
        self.ended = False
        self._pending = b""
        self._stream: Any = None
        if source == STDIN:
            stream = sys.stdin.buffer
            try:
                self._fd = stream.fileno()
            except (AttributeError, OSError, io.UnsupportedOperation):
                self._fd = -1  # a stand-in for stdin without a descriptor (tests, embedding)
                self._stream = stream
            self._skip(position.offset)
            return
        path = Path(source)
        if path.is_dir():
            raise UsageError(f"{self.display}: verify watch reads files, not folders; name them")
        if path.suffix.lower() not in JSON_LINES:
            raise UsageError(f"{self.display}: verify watch reads JSON Lines (.jsonl, .ndjson)")
        try:
            self._fd = os.open(path, os.O_RDONLY)
        except OSError as error:
            raise FeedError(f"cannot read: {error.strerror}", Location(self.display)) from error
        if os.fstat(self._fd).st_size < position.offset:
            raise UsageError(
                f"{self.display} is shorter than the saved position (byte {position.offset}):"
                " the --state folder belongs to another input"
            )
        os.lseek(self._fd, position.offset, os.SEEK_SET)

    def _read(self, size: int) -> bytes:
        if self._fd >= 0:
            return os.read(self._fd, size)
        read1 = getattr(self._stream, "read1", self._stream.read)
        return bytes(read1(size))

    def _skip(self, count: int) -> None:
        while count > 0:
            data = self._read(min(count, CHUNK))
            if not data:
                raise UsageError(
                    "standard input is shorter than the saved position: the --state folder"
                    " belongs to another input"
                )
            count -= len(data)

    def read(self, limit: int) -> list[Line]:
        """The complete lines available now (at most about `limit`); [] at a pause or the end."""
        if self.ended:
            return []
        data = self._read(max(limit, CHUNK))
        if not data:
            if not self.follow:
                self.ended = True
                if self._pending:
                    return self._lines(self._pending + b"\n")
            return []
        return self._lines(self._pending + data)

    def _lines(self, data: bytes) -> list[Line]:
        items: list[Line] = []
        *complete, self._pending = data.split(b"\n")
        lines, offset = self.reached.lines, self.reached.offset
        for raw in complete:
            text = raw[len(BOM) :] if offset == 0 and raw.startswith(BOM) else raw
            lines += 1
            offset += len(raw) + 1
            if text.strip():
                items.append((text, self.display, lines))
        if self.ended and self._pending == b"":
            offset -= 1  # the newline added to a last line that had none
        self.reached = Position(lines, offset)
        return items

    def close(self) -> None:
        """Close the file (standard input stays open)."""
        if self.display != STDIN and self._fd >= 0:
            os.close(self._fd)
            self._fd = -1


class Inputs:
    """Several inputs: read in order, or (following) round and round as they grow."""

    def __init__(
        self,
        sources: Sequence[str],
        *,
        follow: bool,
        positions: Sequence[Position] | None = None,
        poll: float = 0.2,
    ) -> None:
        if STDIN in sources and len(sources) > 1:
            raise UsageError("read standard input (-) alone, or files")
        starts = positions or [Position() for _ in sources]
        self.inputs = [Input(s, p, follow) for s, p in zip(sources, starts, strict=True)]
        self.follow = follow
        self.poll = poll

    def batches(self, limit: int = 4096) -> Iterator[list[Line]]:
        """Batches of lines as they arrive; an empty batch means a pause (nothing new yet)."""
        while True:
            progressed = False
            for source in self.inputs:
                if not self.follow:
                    while not source.ended:
                        items = source.read(limit)
                        if items:
                            yield items
                    continue
                items = source.read(limit)
                if items:
                    progressed = True
                    yield items
            if not self.follow:
                return
            if not progressed:
                yield []
                time.sleep(self.poll)

    def reached(self) -> list[Position]:
        """How far each input has been read (and handed out) so far."""
        return [i.reached for i in self.inputs]

    def commit(self, positions: Sequence[Position]) -> None:
        """The lines up to these positions (from `reached`) have been dealt with."""
        for source, position in zip(self.inputs, positions, strict=True):
            source.position = position

    def positions(self) -> list[Position]:
        """How far each input has been consumed (up to the last `commit`)."""
        return [Position(i.position.lines, i.position.offset) for i in self.inputs]

    def displays(self) -> list[str]:
        """The inputs' display paths."""
        return [i.display for i in self.inputs]

    def close(self) -> None:
        """Close the files."""
        for source in self.inputs:
            source.close()
