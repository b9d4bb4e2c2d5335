"""The stream engine's state as data: JSON, compressed, behind a header that says what it is.

A checkpoint is read back from a folder anybody with write access to it could have put a file
in, so it must be data that decoding cannot turn into running code: no pickle. Each type in
the engine's state says how it is written and read back (`Clock` and `Expiry` here, the recent
ids in `engine.py`, each machine's state beside the machine, `Machine.dump` and `load`) with
the helpers of this module:

- a `Rec` is written once, in the records table, and referred to by its `seq` wherever an index
  holds it; reading the table back gives one `Rec` per record, shared by every index again;
- a time is its seconds since 1970 in UTC when it is a whole second in UTC (as the feed's
  times are), else ISO 8601 text with its offset;
- a dictionary whose keys are tuples is a list of rows, a set a sorted list;
- the keys the machines give the agenda and their expiry queues are tuples of text and
  integers (`plain_key`), or (the frequency machine's) carry a time and are written by the
  machine itself.

`pack` frames the JSON: a header line (the format's name, its version and a fingerprint of what
it is valid for) and the JSON compressed with zlib. `unpack` refuses anything else (another
format or version, another fingerprint, bytes that are not zlib or not JSON) with a
`StateError` before it decodes a thing; a decoder that meets a malformed value raises one too.
"""

from __future__ import annotations

import json
import zlib
from collections import deque
from collections.abc import Callable, Collection, Hashable, Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from itertools import pairwise
from typing import Any, TypeVar

import orjson

from verify.engines.stream.clock import Clock, Expiry
from verify.engines.stream.records import Rec
from verify.errors import UsageError

K = TypeVar("K", bound=Hashable)
#: What one compressed state may expand to at most (a crafted file could expand to much more).
MAX_DECODED = 1 << 32
#: zlib's level: the fastest, since a checkpoint is taken every few seconds of a busy feed.
LEVEL = 1
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class StateError(UsageError):
    """Saved state that is not the engine's own: another format or version, or malformed."""


def compact(data: Any) -> bytes:
    """`data` as compact JSON in UTF-8, by orjson (several times faster than `json.dumps`; a
    mark of the machines' state is written every thousand records or so). `json.loads` reads
    back the same values: orjson writes each float so that it reads back the same (at times in
    another shape than `repr`: `1e-5`, not `1e-05`). The state holds no NaN or infinity (the
    feed refuses them, and orjson would write `null`); an integer beyond 64 bits, which orjson
    refuses, is written by `json.dumps`, which refuses NaN."""
    try:
        return orjson.dumps(data)
    except TypeError:
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
        return text.encode("utf-8")


def pack(magic: str, version: int, fingerprint: str, data: Any) -> bytes:
    """`data` as JSON (`compact`), compressed, behind the header line `magic version
    fingerprint`."""
    header = f"{magic} {version} {fingerprint}\n".encode("ascii")
    return header + zlib.compress(compact(data), LEVEL)


def header(
    blob: bytes, magic: str, version: int, what: str, older: Collection[int] = ()
) -> tuple[str, bytes]:
    """The fingerprint of a `pack`ed blob and its compressed body; a `StateError` unless it
    begins with `magic` and `version` (or one of the `older` versions still read)."""
    line, newline, body = blob.partition(b"\n")
    words = line.split(b" ") if newline and len(line) <= 256 else []
    if len(words) != 3 or words[0] != magic.encode("ascii"):
        raise StateError(f"{what}: not saved by verify watch")
    if words[1] not in {str(v).encode("ascii") for v in (version, *older)}:
        version_text = words[1].decode("ascii", "replace")
        raise StateError(f"{what}: saved in format version {version_text}, not {version}")
    return words[2].decode("ascii", "replace"), body


def unpack(body: bytes, what: str) -> Any:
    """The JSON a `pack`ed body holds; a `StateError` when it is not zlib or not JSON."""
    inflate = zlib.decompressobj()
    try:
        text = inflate.decompress(body, MAX_DECODED)
        if inflate.unconsumed_tail or not inflate.eof:
            raise StateError(f"{what}: truncated, or larger than any state verify writes")
        return json.loads(text.decode("utf-8"))
    except (zlib.error, UnicodeDecodeError, ValueError, RecursionError) as error:
        raise StateError(f"{what}: malformed ({error})") from error


@contextmanager
def decoding(what: str) -> Iterator[None]:
    """Turn what a malformed value makes a decoder raise into a `StateError`."""
    try:
        yield
    except StateError:
        raise
    except (KeyError, IndexError, TypeError, ValueError, AttributeError, RecursionError) as error:
        raise StateError(f"{what}: malformed ({type(error).__name__}: {error})") from error


def untime(data: Any) -> datetime:
    """A time as `Encoder.time` writes it: seconds since 1970 in UTC, or ISO 8601 with an
    offset; checked."""
    if type(data) is int:
        return EPOCH + timedelta(seconds=data)
    if not isinstance(data, str):
        raise TypeError(f"a time, not {data!r}")
    moment = datetime.fromisoformat(data)
    if moment.tzinfo is None:
        raise ValueError(f"a time without an offset: {text!r}")
    return moment


def span(delta: timedelta) -> int:
    """A duration in microseconds."""
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def unspan(micros: Any) -> timedelta:
    """The duration `span` wrote."""
    return timedelta(microseconds=integer(micros))


def integer(value: Any) -> int:
    """An integer, checked."""
    if type(value) is not int:
        raise TypeError(f"an integer, not {value!r}")
    return value


def text(value: Any) -> str:
    """A string, checked."""
    if not isinstance(value, str):
        raise TypeError(f"a string, not {value!r}")
    return value


def plain_key(key: Hashable) -> Any:
    """A key of text, integers and None, or tuples of them, as JSON (tuples as lists)."""
    if key is None or isinstance(key, str) or type(key) is int:
        return key
    if isinstance(key, tuple):
        return [plain_key(part) for part in key]
    raise TypeError(f"no plain key: {key!r}")


def unplain_key(data: Any) -> Hashable:
    """The key `plain_key` wrote (lists as tuples)."""
    if data is None or isinstance(data, str) or type(data) is int:
        return data
    if type(data) is list:
        if all(type(part) is str or type(part) is int for part in data):
            return tuple(data)
        return tuple(unplain_key(part) for part in data)
    raise TypeError(f"no plain key: {data!r}")


def pair(key: Any) -> tuple[str, str]:
    """A (text, text) key, as the indexes by (party, activity) have."""
    first, second = key
    return text(first), text(second)


class Encoder:
    """Writes state: each `Rec` once in the records table, referred to by its `seq`."""

    def __init__(self) -> None:
        self._recs: dict[int, Rec] = {}

    def time(self, moment: datetime) -> int | str:
        """A time: seconds since 1970 for a whole second in UTC, else ISO 8601 (`isoformat`
        costs ten times as much)."""
        if moment.tzinfo is UTC and not moment.microsecond:
            return int(moment.timestamp())
        return moment.isoformat()

    def maybe_time(self, moment: datetime | None) -> int | str | None:
        """A time, or None."""
        return None if moment is None else self.time(moment)

    def rec(self, rec: Rec) -> int:
        """A reference to a record."""
        known = self._recs.setdefault(rec.seq, rec)
        if known is not rec and known.id != rec.id:  # (one record read back twice is one)
            raise ValueError(f"two records with seq {rec.seq}: {known.id!r} and {rec.id!r}")
        return rec.seq

    def maybe_rec(self, rec: Rec | None) -> int | None:
        """A reference to a record, or None."""
        return None if rec is None else self.rec(rec)

    def recs(self, recs: Iterable[Rec]) -> list[int]:
        """References to records."""
        return [self.rec(rec) for rec in recs]

    def referred(self) -> tuple[Rec, ...]:
        """The records referred to, in the order first referred to."""
        return tuple(self._recs.values())

    def table(self) -> dict[str, Any]:
        """The records referred to, by `seq`, with their files once each."""
        files: dict[str, int] = {}
        rows = []
        for seq in sorted(self._recs):
            rec = self._recs[seq]
            file = files.setdefault(rec.file, len(files))
            rows.append(
                [
                    seq,
                    file,
                    rec.line,
                    rec.id,
                    rec.kind,
                    rec.party,
                    self.time(rec.time),
                    rec.counterparty,
                    rec.activity,
                    rec.refers_to,
                    self.maybe_time(rec.start),
                    self.maybe_time(rec.end),
                    rec.lat,
                    rec.lon,
                    rec.zone,
                    list(rec.flags),
                    rec.source,
                    rec.reliability,
                    rec.credibility,
                    rec.releasability,
                    rec.quantities,
                    rec.attributes,
                    rec.sha256,
                ]
            )
        return {"files": list(files), "records": rows}

    def expiry(self, expiry: Expiry[K], key: Callable[[K], Any] = plain_key) -> list[Any]:
        """An expiry queue: its count, its heap in order (so it is a heap when read back) and,
        unless it is empty, its run in order."""
        time = self.time
        written = [expiry.count, [[time(m), n, key(k)] for m, n, k in expiry.heap]]
        if expiry.run:
            written.append([[time(m), n, key(k)] for m, n, k in expiry.run])
        return written

    def clock(self, clock: Clock, key: Callable[[int, Hashable], Any]) -> dict[str, Any]:
        """The clock, its agenda in heap order with each key as its machine writes it. (The
        waiting set holds exactly the agenda's items: it is rebuilt from them.)"""
        return {
            "lateness": span(clock.lateness),
            "latest": self.maybe_time(clock.latest),
            "closing": clock.closing,
            "agenda": [[self.time(m), n, i, key(i, k)] for m, n, i, k in clock.agenda],
            "late_effects": clock.late_effects,
            "scheduled": clock.scheduled,
        }


class Decoder:
    """Reads state back: the records table first, each record one shared `Rec`."""

    def __init__(self, table: Any, known: dict[int, Rec] | None = None) -> None:
        """`known`: records (by seq) to refer to rather than read the table's copies of."""
        self._times: dict[int | str, datetime] = {}
        files = [text(file) for file in table["files"]]
        self._recs: dict[int, Rec] = {}
        for row in table["records"]:
            same = known.get(row[0]) if known is not None and type(row[0]) is int else None
            if same is not None and same.id == row[3]:
                self._recs[same.seq] = same
                continue
            seq, file, line, record_id, kind, party, moment, counterparty, activity = row[:9]
            refers_to = row[9]
            (start, end, lat, lon, zone, flags, source, reliability, credibility) = row[10:19]
            releasability, quantities, attributes, sha256 = row[19:]
            if type(flags) is not list or type(quantities) is not dict:
                raise TypeError(f"no record: {row!r}")
            values = (
                text(record_id),
                text(kind),
                text(party),
                self.time(moment),
                counterparty,
                activity,
                refers_to,
                self.maybe_time(start),
                self.maybe_time(end),
                lat,
                lon,
                zone,
                tuple(flags),
                source,
                reliability,
                credibility,
                text(releasability),
                quantities,
                None if attributes is None else dict(attributes),
            )
            rec = Rec.from_values(integer(seq), files[integer(file)], integer(line), values)
            rec.sha256 = sha256
            self._recs[rec.seq] = rec

    @classmethod
    def sharing(cls, recs: Iterable[Rec]) -> Decoder:
        """A decoder whose references name these records (a mark's: `corrections.py`)."""
        decoder = cls({"files": [], "records": []})
        decoder._recs = {rec.seq: rec for rec in recs}
        return decoder

    def time(self, data: Any) -> datetime:
        """The time `Encoder.time` wrote."""
        known = self._times.get(data) if type(data) in (int, str) else None
        if known is None:
            known = self._times[data] = untime(data)
        return known

    def maybe_time(self, data: Any) -> datetime | None:
        """The time or None that `Encoder.maybe_time` wrote."""
        return None if data is None else self.time(data)

    def rec(self, ref: Any) -> Rec:
        """The record a reference names."""
        return self._recs[integer(ref)]

    def maybe_rec(self, ref: Any) -> Rec | None:
        """The record a reference names, or None."""
        return None if ref is None else self.rec(ref)

    def recs(self, refs: Iterable[Any]) -> list[Rec]:
        """The records references name."""
        return [self.rec(ref) for ref in refs]

    def expiry(self, data: Any, key: Callable[[Any], K]) -> Expiry[K]:
        """The expiry queue `Encoder.expiry` wrote (before format version 3: no run)."""
        count, heap, *run = data
        time = self.time
        items = [(time(m), n, key(k)) for m, n, k in heap]
        queued = [(time(m), n, key(k)) for m, n, k in (run[0] if len(run) == 1 else [])]
        if len(run) > 1 or not all(type(item[1]) is int for item in items + queued):
            raise TypeError("an expiry queue's order is not of integers")
        if any(earlier[:2] > later[:2] for earlier, later in pairwise(queued)):
            raise TypeError("an expiry queue's run is out of order")
        return Expiry(items, integer(count), deque(queued))

    def clock(self, data: Any, key: Callable[[int, Any], Hashable]) -> Clock:
        """The clock `Encoder.clock` wrote, its waiting set rebuilt from the agenda."""
        agenda = [
            (self.time(m), integer(n), integer(i), key(i, k)) for m, n, i, k in data["agenda"]
        ]
        return Clock(
            lateness=unspan(data["lateness"]),
            latest=self.maybe_time(data["latest"]),
            closing=bool(data["closing"]),
            agenda=agenda,
            waiting={(moment, machine, k) for moment, _, machine, k in agenda},
            late_effects=integer(data["late_effects"]),
            scheduled=integer(data["scheduled"]),
        )
