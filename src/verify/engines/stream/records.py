"""A record as the stream engine keeps it, and how it is cited and described.

The batch engine reads these facts off a DataFrame row; the stream engine reads them off a
validated `Observation`. Both must cite a record the same way (same typed fields, same sha256 of
the canonical form) and describe it in the same words; `tests/stream` holds them to it.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from verify.feeds import canonical_observation, record_sha256
from verify.feeds.schema import FRAME_FIELDS
from verify.model.breach import CitedRecord
from verify.model.observation import Observation, Releasability

#: The fields of a `Rec` after seq, file and line (those of `Observation`, attributes last).
VALUE_FIELDS: tuple[str, ...] = (
    "id",
    "kind",
    "party",
    "time",
    "counterparty",
    "activity",
    "refers_to",
    "start",
    "end",
    "lat",
    "lon",
    "zone",
    "flags",
    "source",
    "reliability",
    "credibility",
    "releasability",
    "quantities",
    "attributes",
)
ID, TIME = VALUE_FIELDS.index("id"), VALUE_FIELDS.index("time")

#: The fields a citation carries, in the order of the batch frame's columns.
TYPED_FIELDS: tuple[str, ...] = tuple(f for f in FRAME_FIELDS if f != "flags")


@dataclass(slots=True, eq=False)
class Rec:
    """One accepted record as the state machines keep it: its fields, where it was read, and its
    place in arrival order.

    The fields are the `Observation`'s, kept in slots rather than a pydantic model: the engine
    may hold hundreds of thousands of records for the retention window, at a third of the
    memory. `seq` is the place in arrival order (facts' ids for the matcher). Not frozen, because
    a frozen dataclass builds ten times slower, and it is built for every record: treat it as
    read-only all the same.
    """

    seq: int
    file: str
    line: int
    id: str
    kind: str
    party: str
    time: datetime
    counterparty: str | None
    activity: str | None
    refers_to: str | None
    start: datetime | None
    end: datetime | None
    lat: float | None
    lon: float | None
    zone: str | None
    flags: tuple[str, ...]
    source: str | None
    reliability: str | None
    credibility: str | None
    releasability: Releasability
    quantities: dict[str, float]
    attributes: dict[str, str] | None
    sha256: str | None = None  # of the canonical form, once cited

    @classmethod
    def of(cls, obs: Observation, seq: int, file: str, line: int) -> Rec:
        """Keep an observation read at `file`:`line` as the `seq`-th record."""
        return cls.from_values(seq, file, line, cls.values_of(obs))

    @staticmethod
    def values_of(obs: Observation) -> tuple[Any, ...]:
        """An observation's fields in `Rec` order (after seq, file and line): what a worker
        process sends back for `from_values`."""
        return (*(getattr(obs, name) for name in VALUE_FIELDS[:-1]), obs.attributes or None)

    @classmethod
    def from_values(cls, seq: int, file: str, line: int, values: tuple[Any, ...]) -> Rec:
        """A record from `values_of`'s fields."""
        rec = cls(seq, file, line, *values)
        rec.kind = sys.intern(rec.kind)
        rec.party = sys.intern(rec.party)
        return rec

    @property
    def anchor(self) -> datetime:
        """When the activity starts (`start`, else `time`): the moment prior notice and
        frequency limits count from."""
        return self.start if self.start is not None else self.time

    @property
    def order(self) -> tuple[datetime, str]:
        """Sort key of "earliest": event time, then id (as the batch engine breaks ties: no
        split of a feed into files changes it)."""
        return (self.time, self.id)

    def quantity(self, name: str) -> float | None:
        """A quantity's value, or None when the record does not report it."""
        return self.quantities.get(name)

    def has_flag(self, flag: str) -> bool:
        """Whether the record carries a flag (flags are stored lower case)."""
        return flag.lower() in self.flags


def typed_record(rec: Rec) -> dict[str, Any]:
    """The record's present fields, as the batch engine's `typed_record` gives a frame row."""
    record: dict[str, Any] = {
        name: value for name in TYPED_FIELDS if (value := getattr(rec, name)) is not None
    }
    record["flags"] = tuple(rec.flags)
    record.update(rec.quantities)
    record.update(rec.attributes or {})
    return record


def cite(rec: Rec, *, decisive: bool = True) -> CitedRecord:
    """Cite a record as evidence, with the sha256 of its canonical form; the kind that words
    the breach says what it shows (`CitedRecord.playing`)."""
    if rec.sha256 is None:
        rec.sha256 = record_sha256(canonical_observation(rec))
    return CitedRecord(
        record=typed_record(rec),
        role="",
        sha256=rec.sha256,
        file=rec.file,
        line=rec.line,
        decisive=decisive,
    )
