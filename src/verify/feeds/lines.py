"""Where the lines of a JSON Lines file lie, and whether each holds one object alone.

pyarrow's JSON reader parses a whole file at once, but only a file whose every line is one
object (`{` first, `}` last) gives one row per line, and only one nested no deeper than
`MAX_DEPTH` is safe to give it (`jsonline.py`). Finding that out line by line in Python cost
more than pyarrow's parse itself (0.6 s against 0.4 s over 300,000 lines), so `object_lines`
first looks at the bytes with array operations: the newlines, the first and last byte of each
line, and the brackets that open, counted per line. Only a file that has something else
(a blank line of spaces, a line indented, a record split over lines) is then split and looked
at line by line, with the same outcome.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import numpy.typing as npt

from verify.feeds.jsonline import MAX_DEPTH, may_nest_too_deep, nesting_problem

#: How many bytes are compared at a time: the comparisons' masks stay this small.
_CHUNK = 1 << 24
_NEWLINE, _RETURN, _OPEN_OBJECT, _CLOSE_OBJECT, _OPEN_ARRAY = (ord(c) for c in "\n\r{}[")


class Lines:
    """The lines of a file that are not blank: their numbers (from 1) and contents, and
    whether each is one object alone, nested within `MAX_DEPTH` (`objects`)."""

    def __init__(
        self, numbers: npt.NDArray[np.int64], text: Callable[[int], bytes], *, objects: bool
    ) -> None:
        self.numbers = numbers
        self.text = text
        self.objects = objects

    def __len__(self) -> int:
        return len(self.numbers)


def object_lines(body: bytes) -> Lines:
    """The lines of `body` (split at `\\n`; a blank line, of whitespace only, is none)."""
    scanned = _scanned(body)
    return scanned if scanned is not None else _split(body)


def _scanned(body: bytes) -> Lines | None:
    """The lines found with array operations, when every line is empty or one object from its
    first byte to its last (a CRLF's carriage return aside); else None."""
    data = np.frombuffer(body, dtype=np.uint8)
    newlines = _positions(data, (_NEWLINE,))
    starts = np.concatenate(([0], newlines + 1))
    ends = np.concatenate((newlines, [len(data)]))  # each line's end, its newline excluded
    present = ends > starts
    numbers = np.flatnonzero(present).astype(np.int64) + 1
    starts, ends = starts[present], ends[present]
    closing = ends - 1 - (data[ends - 1] == _RETURN)
    if (closing <= starts).any():
        return None  # a line of one byte, or of a carriage return alone
    if not ((data[starts] == _OPEN_OBJECT).all() and (data[closing] == _CLOSE_OBJECT).all()):
        return None
    openings = _positions(data, (_OPEN_OBJECT, _OPEN_ARRAY))
    counts = np.searchsorted(openings, ends) - np.searchsorted(openings, starts)
    objects = not any(
        nesting_problem(body[starts[row] : ends[row]]) is not None
        for row in np.flatnonzero(counts > MAX_DEPTH).tolist()
    )
    return Lines(numbers, lambda row: body[starts[row] : ends[row]], objects=objects)


def contains_any(body: bytes, needles: tuple[bytes, ...]) -> bool:
    """Whether any of `needles` (none empty) occurs in `body`: `any(n in body for n in needles)`
    in one pass over the bytes, where each `in` is a pass of its own."""
    data = np.frombuffer(body, dtype=np.uint8)
    candidates = _positions(data, tuple(sorted({needle[0] for needle in needles})))
    for needle in needles:
        spots = candidates[data[candidates] == needle[0]]
        for offset, byte in enumerate(needle[1:], start=1):
            spots = spots[spots + offset < len(data)]
            spots = spots[data[spots + offset] == byte]
        if len(spots):
            return True
    return False


def _positions(data: npt.NDArray[np.uint8], values: tuple[int, ...]) -> npt.NDArray[np.int64]:
    """The positions of the bytes that are any of `values`, in order."""
    found = [np.empty(0, dtype=np.int64)]
    for first in range(0, len(data), _CHUNK):
        part = data[first : first + _CHUNK]
        hit = part == values[0]
        for value in values[1:]:
            hit |= part == value
        found.append(np.flatnonzero(hit).astype(np.int64) + first)
    return np.concatenate(found)


def _split(body: bytes) -> Lines:
    """The lines found by splitting `body`, each looked at in Python."""
    lines = body.split(b"\n")
    numbers = [number for number, line in enumerate(lines, start=1) if line.strip()]
    texts = [lines[number - 1] for number in numbers]
    return Lines(np.array(numbers, dtype=np.int64), texts.__getitem__, objects=_objects(texts))


def _objects(texts: list[bytes]) -> bool:
    """Whether each line is one object alone (whitespace around it aside), nested within
    `MAX_DEPTH`: pyarrow's reader then gives a row per line, and does not recurse too deep."""
    for text in texts:
        stripped = text.strip()
        if not (stripped.startswith(b"{") and stripped.endswith(b"}")):
            return False
        if may_nest_too_deep(text) and nesting_problem(text) is not None:
            return False
    return True
