"""JSON Lines inputs for `verify watch`: standard input, or files read once or followed.

Lines are read with `os.read`, so a batch holds whatever has arrived (many lines when the input
is fast, one when it trickles in) and nothing waits for a buffer to fill. Lines are counted as
`verify check` counts them (physical lines from 1, blank ones skipped, a byte-order mark at the
start of a file ignored), so a record has the same file and line in both commands. How far each
input has been consumed (`Position`: lines and bytes) is what a checkpoint saves: a restarted
watch seeks files there. Lines count as consumed only once the caller `commit`s them, after
dealing with them. Lines come out as bytes; turning them into records (`parse_line`) is the
consumer's business, done where it is cheapest.

Standard input cannot be sought, and a restarted watch may be given the same stream again (a
replay) or only its rest (a continuation). So its position also carries its identity: a digest
chained over its lines (`chain`, line by line: H(n) = sha256(H(n-1) + line n)), the digest of
its first line (`head`, which is H(1)) and, once read, of the line after the consumed ones
(`following`, H(n+1)). A restart reads the new stream's first line (`Resumption`): if it is
the old first line, the stream is a replay, and the consumed lines are read and skipped once
their chained digest is the saved one; if it is the line that followed (or, when that was
never read, a line that is not a record consumed already), the stream is the rest, and nothing
is skipped; anything else is refused (`UsageError`), as is a replay that differs or is shorter.

Standard input is polled: when no complete line has arrived for `poll` seconds, `batches` yields
an empty batch (a pause), as it does for files it follows, so that the consumer can deal with
what it holds (findings decided, a checkpoint due) however long the input stalls.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import select
import sys
import time
from collections.abc import Callable, Iterator, Sequence
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

#: A stream entry's id: milliseconds and a sequence number.
ENTRY_ID = re.compile(r"^\d{1,20}-\d{1,20}$")
#: One line as read: its bytes (without the newline), the input's display path, its number.
Line = tuple[bytes, str, int]
#: The chained digest of standard input before its first line.
ORIGIN = bytes(32)
#: The id of a record a line holds if it was consumed before a restart, else None.
Consumed = Callable[[bytes], str | None]


@dataclass
class Position:
    """How far one input has been consumed: complete lines and bytes."""

    lines: int = 0
    offset: int = 0
    #: Standard input's identity (hex sha256): its first line; chained over the lines consumed;
    #: the line after them, chained (None until it is read).
    head: str | None = None
    chain: str | None = None
    following: str | None = None
    #: A stream's last consumed entry id (`verify.transport`), such as "1718000000000-0".
    entry: str | None = None

    def dump(self) -> dict[str, Any]:
        """The position as JSON data."""
        identity = {"head": self.head, "chain": self.chain, "following": self.following}
        identity |= {"entry": self.entry}
        return {"lines": self.lines, "offset": self.offset} | {
            name: value for name, value in identity.items() if value is not None
        }

    @classmethod
    def load(cls, data: Any) -> Position:
        """The position `dump` wrote."""
        lines, offset = data["lines"], data["offset"]
        if type(lines) is not int or type(offset) is not int or min(lines, offset) < 0:
            raise ValueError(f"no position: {data!r}")
        head, chain, following = (
            _digest(data.get(name)) for name in ("head", "chain", "following")
        )
        entry = data.get("entry")
        if entry is not None and not (isinstance(entry, str) and ENTRY_ID.match(entry)):
            raise ValueError(f"no stream entry id: {entry!r}")
        return cls(lines, offset, head, chain, following, entry)


def _digest(value: Any) -> str | None:
    if value is not None and not (isinstance(value, str) and len(bytes.fromhex(value)) == 32):
        raise ValueError(f"no digest: {value!r}")
    return value


def _chained(chain: bytes, line: bytes) -> bytes:
    return hashlib.sha256(chain + line).digest()


class Resumption:
    """What a restarted standard input is, told from its first lines (see the module's text)."""

    def __init__(self, saved: Position, consumed: Consumed) -> None:
        if saved.head is None or saved.chain is None:
            raise UsageError(
                "the --state folder does not say which stream of standard input it consumed, so"
                " this one cannot be told from it; use a new --state folder"
            )
        self.saved = saved
        self.consumed = consumed
        self.buffer = b""
        self.replay = False
        self.lines = 0
        self.chain = ORIGIN

    def take(self, data: bytes) -> bytes | None:
        """Take what was read (b"" at the end); None while undecided, else what follows the
        consumed lines in what was taken (all of it in a continuation)."""
        end = not data
        self.buffer += data
        if not self.replay:
            newline = self.buffer.find(b"\n")
            if newline < 0 and not end:
                return None
            if not self.buffer:
                return b""  # nothing at all: the rest of the stream is empty
            first = self.buffer if newline < 0 else self.buffer[:newline]
            if _chained(ORIGIN, first).hex() != self.saved.head:
                self._continues(first)
                return self.buffer
            self.replay = True
        return self._skip(end)

    def _continues(self, first: bytes) -> None:
        """Refuse a first line that is not the rest of the consumed stream, as far as known."""
        saved = self.saved
        assert saved.chain is not None
        after = f"only what follows its line {saved.lines}"
        if saved.following is not None:
            if _chained(bytes.fromhex(saved.chain), first).hex() != saved.following:
                raise UsageError(
                    f"standard input is neither the stream the --state folder consumed"
                    f" {saved.lines} lines of (its first line differs) nor the rest of it (its"
                    f" first line is not line {saved.lines + 1} of that stream): give the same"
                    f" stream again, or {after}"
                )
            return
        record_id = self.consumed(first)
        if record_id is not None:
            raise UsageError(
                f"standard input begins with record {record_id!r}, which was consumed before the"
                f" restart, but not at line 1 of the stream the --state folder consumed: give"
                f" the same stream again, or {after}"
            )

    def _skip(self, end: bool) -> bytes | None:
        """Read the replayed lines through, chaining their digest; what follows them, once
        all are read and the digest is the saved one."""
        saved, buffer, at = self.saved, self.buffer, 0
        while self.lines < saved.lines:
            newline = buffer.find(b"\n", at)
            if newline < 0 and not (end and at < len(buffer)):
                self.buffer = buffer[at:]
                if end:
                    raise UsageError(
                        f"standard input begins as the stream the --state folder consumed"
                        f" {saved.lines} lines of, but ends after {self.lines}: give the same"
                        f" stream again, or only what follows its line {saved.lines}"
                    )
                return None
            stop = len(buffer) if newline < 0 else newline
            self.chain = _chained(self.chain, buffer[at:stop])
            self.lines += 1
            at = stop + 1
        if self.chain.hex() != saved.chain:
            raise UsageError(
                f"standard input begins as the stream the --state folder consumed {saved.lines}"
                f" lines of, but differs within those lines: it is neither that stream again nor"
                f" its rest; use a new --state folder"
            )
        return buffer[at:]


def parse_line(text: bytes, display: str, number: int) -> dict[str, Any] | Reject:
    """A line's JSON object, or the reject `verify check` would give it (`parse_record`)."""
    value = parse_record(text)
    return value if isinstance(value, dict) else line_reject(value, text, display, number)


class Input:
    """One input: a file or standard input, read from a position onwards."""

    def __init__(
        self,
        source: str,
        position: Position,
        follow: bool,
        poll: float | None = None,
        consumed: Consumed | None = None,
    ) -> None:
        self.display = STDIN if source == STDIN else display_path(source)
        self.position = Position(**vars(position))  # consumed (committed)
        self.reached = Position(**vars(position))  # read and handed out
        self.follow = follow and source != STDIN
        self.chained = source == STDIN  # keeps the identity of what it reads
        self._chain = bytes.fromhex(position.chain) if position.chain else ORIGIN
        #: The chained digest of the first line read after so many lines, by that number.
        self._after: dict[int, bytes] = {}
        if position.following is not None:
            self._after[position.lines] = bytes.fromhex(position.following)
        self._resume: Resumption | None = None
        self.ended = False
        self._pending = b""
        self._stream: Any = None
        self._poller: select.poll | None = None
        self.poll = poll
        if source == STDIN:
            stream = sys.stdin.buffer
            try:
                self._fd = stream.fileno()
            except (AttributeError, OSError, io.UnsupportedOperation):
                self._fd = -1  # a stand-in for stdin without a descriptor (tests, embedding)
                self._stream = stream
            else:
                self._poller = select.poll()
                self._poller.register(self._fd, select.POLLIN)
            if position.lines:
                self._resume = Resumption(position, consumed or (lambda line: None))
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

    @property
    def polled(self) -> bool:
        """Whether `read` returns at a pause rather than wait for input (standard input)."""
        return self._poller is not None and self.poll is not None

    def _arrived(self) -> bool:
        """Whether there is something to read (or the end), waiting up to `poll` seconds."""
        if self._poller is None or self.poll is None:
            return True
        return bool(self._poller.poll(self.poll * 1000))

    def read(self, limit: int) -> list[Line]:
        """The complete lines available now (at most about `limit`); [] at a pause or the end."""
        if self.ended or not self._arrived():
            return []
        data = self._read(max(limit, CHUNK))
        if self._resume is not None:
            rest = self._resume.take(data)
            if rest is None:
                return []
            self._resume = None
            if data:
                return self._lines(rest)
            self._pending = rest  # the end came first: handled as any end is
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
        if self.chained and complete:
            self._identify(complete)
        for raw in complete:
            text = raw[len(BOM) :] if offset == 0 and raw.startswith(BOM) else raw
            lines += 1
            offset += len(raw) + 1
            if text.strip():
                items.append((text, self.display, lines))
        if self.ended and self._pending == b"":
            offset -= 1  # the newline added to a last line that had none
        self.reached = Position(lines, offset, self.reached.head)
        if self.chained:
            self.reached.chain = self._chain.hex()
        return items

    def _identify(self, complete: list[bytes]) -> None:
        """Chain the digest over lines read (standard input), noting the first line's."""
        chain = hashlib.sha256(self._chain + complete[0]).digest()
        self._after.setdefault(self.reached.lines, chain)
        if self.reached.lines == 0:
            self.reached.head = chain.hex()
        for raw in complete[1:]:
            chain = hashlib.sha256(chain + raw).digest()
        self._chain = chain

    def commit(self, position: Position) -> None:
        """The lines up to `position` (from `reached`) have been dealt with."""
        self.position = position
        for lines in [n for n in self._after if n < position.lines]:
            del self._after[lines]

    def identity(self, position: Position) -> Position:
        """A position handed out, with the chained digest of the line after it when that has
        been read."""
        following = self._after.get(position.lines)
        copy = Position(**vars(position))
        if following is not None and copy.chain is not None:
            copy.following = following.hex()
        return copy

    def close(self) -> None:
        """Close the file (standard input stays open)."""
        if self.display != STDIN and self._fd >= 0:
            os.close(self._fd)
            self._fd = -1


class Inputs:
    """Several inputs: read in order, or (following) round and round as they grow.

    The files-and-stdin `verify.transport.Source`: it ends (unless following), hands out
    every line (`rejected` is never called) and has nothing to acknowledge."""

    live = False

    def __init__(
        self,
        sources: Sequence[str],
        *,
        follow: bool,
        positions: Sequence[Position] | None = None,
        poll: float = 0.2,
        consumed: Consumed | None = None,
    ) -> None:
        """`consumed`: whether a line is a record consumed before a restart (its id), which
        standard input resumed without a saved next line must not begin with."""
        if STDIN in sources and len(sources) > 1:
            raise UsageError("read standard input (-) alone, or files")
        starts = positions or [Position() for _ in sources]
        self.inputs = [
            Input(s, p, follow, poll, consumed) for s, p in zip(sources, starts, strict=True)
        ]
        self.follow = follow
        self.poll = poll
        self.rejected: Callable[[Reject], None] = lambda reject: None

    def batches(self, limit: int = 4096) -> Iterator[list[Line]]:
        """Batches of lines as they arrive; an empty batch means a pause (nothing new yet)."""
        while True:
            progressed = False
            for source in self.inputs:
                if not self.follow:
                    while not source.ended:
                        items = source.read(limit)
                        if items or (source.polled and not source.ended):
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
            source.commit(position)

    def positions(self) -> list[Position]:
        """How far each input has been consumed (up to the last `commit`), with standard
        input's identity."""
        return [i.identity(i.position) for i in self.inputs]

    def stored(self) -> None:
        """Nothing to acknowledge: a file is read again from its saved position."""

    def following(self, index: int, position: Position) -> str | None:
        """The chained digest of the line after `position` of input `index`, once read."""
        return self.inputs[index].identity(position).following

    def displays(self) -> list[str]:
        """The inputs' display paths."""
        return [i.display for i in self.inputs]

    def close(self) -> None:
        """Close the files."""
        for source in self.inputs:
            source.close()
