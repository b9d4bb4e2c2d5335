"""Each worker's own share of the inputs: a Parquet file's row groups, a text file's byte range.

The client never reads the records. It plans the shares from what is cheap to learn: a file's
size and the line start that follows each even cut (a few bytes read there), or a Parquet
file's footer (its row groups and their rows). Then, on the workers:

1. `scan` counts each byte range's line breaks (and, for CSV, its quote characters): the
   client adds them up into the line each share starts at, so that a share's rows and rejects
   carry the line the whole file would give them, and joins a range to the one before it where
   the cut fell inside a quoted CSV field (an odd count of quotes before it);
2. `read_share` reads its range (a CSV range after the first gets the header line put before
   it) with the feeds' own reader, and moves its lines to the file's numbering;
3. `digest` hashes a split file, which no share sees whole, for the run's inputs.

A cut is always at a line start, after a line feed (byte 0x0A, which no multi-byte UTF-8
character contains), so no share begins or ends inside a character. A file too small to be
worth splitting (`SHARE_BYTES`), standard input, and a file whose planning fails (the worker
then reports the error as the local reader would) are one share.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import BinaryIO

import pyarrow as pa
import pyarrow.parquet as pq

from verify.errors import FeedError, Location
from verify.feeds.read import FeedInput, load_input
from verify.feeds.readers import RawTable, parquet_rows, read_csv, read_parquet

#: The least bytes of a text file (or, for Parquet, its on-disk size) per share: below this a
#: split costs more in tasks than it saves in reading.
SHARE_BYTES = 32 * 1024 * 1024
_SEEK = 64 * 1024
_HASH_BLOCK = 4 * 1024 * 1024


@dataclass(frozen=True)
class Share:
    """One worker's share of input number `input`: the whole input, bytes `start` to `end`
    of a text file (`header` bytes of a CSV header put before them), or some row groups of a
    Parquet file; `first_line` is the file's line (a Parquet row's number + 1) where it
    starts."""

    input: int
    found: FeedInput
    start: int = 0
    end: int | None = None
    groups: tuple[int, ...] | None = None
    first_line: int = 1
    header: int = 0

    @property
    def whole(self) -> bool:
        """Whether the share is its whole input (read as the local reader reads it)."""
        return self.groups is None and self.end is None


@dataclass(frozen=True)
class Counts:
    """What a byte range holds: line breaks as the file's reader counts them, and quotes."""

    breaks: int
    quotes: int


def _is_csv(found: FeedInput) -> bool:
    return found.reader is read_csv


def _is_parquet(found: FeedInput) -> bool:
    return found.reader is read_parquet


def wanted(size: int, most: int, share_bytes: int) -> int:
    """How many shares an input of `size` bytes gets: one per `share_bytes`, at most `most`."""
    return max(1, min(most, math.ceil(size / max(1, share_bytes))))


def parquet_shares(position: int, found: FeedInput, most: int, share_bytes: int) -> list[Share]:
    """A Parquet file's row groups in up to `most` runs of whole groups, of near equal rows
    (the file whole when its footer cannot be read: the worker then says why)."""
    assert found.path is not None
    try:
        meta = pq.ParquetFile(found.path).metadata
        size = found.path.stat().st_size
    except (pa.ArrowException, OSError, ValueError):
        return [Share(position, found)]
    groups = meta.num_row_groups
    count = min(groups, wanted(size, most, share_bytes))
    if count <= 1:
        return [Share(position, found)]
    rows = [meta.row_group(g).num_rows for g in range(groups)]
    total = sum(rows) or 1
    found_shares: list[Share] = []
    taken: list[int] = []
    before = 0
    first = 1
    for group, size_of in enumerate(rows):
        taken.append(group)
        before += size_of
        share_number = len(found_shares)
        last = group == groups - 1
        if last or (before * count >= total * (share_number + 1) and share_number < count - 1):
            found_shares.append(Share(position, found, groups=tuple(taken), first_line=first))
            first = before + 1
            taken = []
    return found_shares


def _line_start_after(handle: BinaryIO, offset: int, size: int) -> int:
    """The first line start at or after `offset` (`size` when none): the byte after the next
    line feed before it."""
    at = max(0, offset - 1)
    while at < size:
        handle.seek(at)
        block = handle.read(_SEEK)
        if not block:
            return size
        found = block.find(b"\n")
        if found >= 0:
            return at + found + 1
        at += len(block)
    return size


def text_cuts(found: FeedInput, most: int, share_bytes: int) -> tuple[list[int], int]:
    """Where a text file is cut (line starts, first 0 and last its size) for up to `most`
    shares, and for CSV the bytes of its header line. One range (`[0, size]`) when the file
    is small, cannot be read here (the worker then says why), or is CSV whose header line is
    all of it or holds an odd count of quotes (a quoted name running past the line)."""
    assert found.path is not None
    try:
        size = found.path.stat().st_size
        count = wanted(size, most, share_bytes)
        if count <= 1:
            return [0, size], 0
        with found.path.open("rb") as handle:
            header = _line_start_after(handle, 1, size) if _is_csv(found) else 0
            if _is_csv(found):
                handle.seek(0)
                if header >= size or handle.read(header).count(b'"') % 2:
                    return [0, size], 0
            cuts = [0]
            for number in range(1, count):
                cut = _line_start_after(handle, max(header, size * number // count), size)
                if cuts[-1] < cut < size:
                    cuts.append(cut)
    except OSError:
        return [0, 0], 0
    return [*cuts, size], header


def scan(path: Path, start: int, end: int, csv: bool) -> Counts:
    """The line breaks and quote characters of bytes `start` to `end` of a file (for CSV a
    line break is LF, CRLF or a lone CR, as the `csv` module counts them; else LF)."""
    with path.open("rb") as handle:
        handle.seek(start)
        data = handle.read(end - start)
    feeds = data.count(b"\n")
    if not csv:
        return Counts(feeds, 0)
    returns = data.count(b"\r")
    return Counts(feeds + returns - data.count(b"\r\n"), data.count(b'"'))


def text_shares(
    position: int, found: FeedInput, cuts: Sequence[int], header: int, counts: Sequence[Counts]
) -> list[Share]:
    """The shares of a text file cut at `cuts`, given each range's `counts`: a cut inside a
    quoted CSV field is dropped (its ranges joined), and each share knows its first line."""
    if len(cuts) <= 2:
        return [Share(position, found)]
    starts: list[tuple[int, int]] = [(0, 1)]
    line, quotes = 1, 0
    for cut, count in zip(cuts[1:-1], counts[:-1], strict=True):
        line += count.breaks
        quotes += count.quotes
        if quotes % 2 == 0:
            starts.append((cut, line))
    if len(starts) == 1:
        return [Share(position, found)]
    ends = [start for start, _ in starts[1:]] + [cuts[-1]]
    return [
        Share(position, found, start, end, None, first, header if start else 0)
        for (start, first), end in zip(starts, ends, strict=True)
    ]


def _range(path: Path, start: int, end: int) -> bytes:
    with path.open("rb") as handle:
        handle.seek(start)
        return handle.read(end - start)


def read_share(share: Share, data: bytes | None = None) -> RawTable:
    """A share read into a raw table whose lines (and rejects' lines) are the file's; standard
    input from the bytes the client read. A `FeedError` from a part of a file is the client's
    cue to read the file whole (a cut may have fallen inside a quoted CSV field, and the error
    is to be the local reader's)."""
    found = share.found
    if data is not None:
        return found.reader(data, found.display)
    if share.whole:
        return load_input(found, None)
    assert found.path is not None
    if share.groups is not None:
        try:
            table = pq.ParquetFile(found.path).read_row_groups(list(share.groups))
        except (pa.ArrowException, OSError, ValueError) as error:
            message = f"not a readable Parquet file: {error}"
            raise FeedError(message, Location(found.display)) from error
        return parquet_rows(table, found.display, "", share.first_line)
    try:
        body = _range(found.path, share.start, share.end or 0)
        head = _range(found.path, 0, share.header) if share.header else b""
    except OSError as error:
        raise FeedError(f"cannot read: {error.strerror}", Location(found.display)) from error
    # the reader numbers the header line 1: the share's first line is then its line 2
    shift = share.first_line - (2 if share.header else 1)
    return _moved(found.reader(head + body, found.display), shift)


def _moved(table: RawTable, shift: int) -> RawTable:
    """The table with its lines `shift` further on (a new array: the reader's row texts keep
    the lines of the bytes they were read from)."""
    if not shift:
        return table
    rejects = [replace(reject, line=reject.line + shift) for reject in table.rejects]
    return replace(table, lines=table.lines + shift, rejects=rejects)


def digest(path: Path) -> str:
    """The sha256 of a whole file, read a block at a time."""
    hasher = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(_HASH_BLOCK):
            hasher.update(block)
    return hasher.hexdigest()
