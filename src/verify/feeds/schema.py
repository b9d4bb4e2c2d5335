"""What a feed may contain: the allowed names (`FeedSchema`) and the patterns values must match.

The patterns are written once here and used by both validation paths: pandas (pyarrow's RE2
through `Series.str.fullmatch`) and the one-record path (Python's `re.fullmatch`). They stick to
the syntax both engines read alike: `[0-9]` rather than `\\d` (Python's `\\d` also matches other
scripts' digits), no anchors (both callers match the whole text).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from typing import TYPE_CHECKING

from verify.model.observation import BASE_KINDS, BASE_QUANTITIES, CORE_FIELDS
from verify.spelling import typo_of

if TYPE_CHECKING:
    from verify.model.pack import Pack


@dataclass(frozen=True)
class FeedSchema:
    """The names a feed may use: kinds and quantities, plus a pack's own party codes and zones.

    `parties` are accepted besides codes shaped like ISO 3166-1 alpha-3 (`^[A-Z]{3}$`); `zones`
    left empty means the `zone` field is not checked.
    """

    kinds: frozenset[str] = BASE_KINDS
    quantities: frozenset[str] = BASE_QUANTITIES
    parties: frozenset[str] = frozenset()
    zones: frozenset[str] = frozenset()
    #: Fields a pack declares besides the contract's (a notice's `launch_area`).
    fields: frozenset[str] = frozenset()

    @property
    def known_fields(self) -> frozenset[str]:
        """Every field name a rule may read: the contract's, the known quantities, the packs'."""
        return _known_fields(self)

    def is_unknown(self, name: str) -> bool:
        """Whether a field is none of the known ones: kept, ignored by every rule, counted."""
        return name not in self.known_fields

    def near_miss(self, name: str) -> str | None:
        """The known field an unknown one is a typo of (`startt`: `start`; `typo_of`), else
        None: such a record is rejected rather than the misspelt value silently ignored."""
        return _near_miss(name, self)


def feed_schema(packs: Sequence[Pack]) -> FeedSchema:
    """What a feed may contain given the packs in use: kinds, quantities, parties, zones."""
    return FeedSchema(
        kinds=BASE_KINDS | {kind for pack in packs for kind in pack.meta.kinds},
        quantities=BASE_QUANTITIES | {q.name for pack in packs for q in pack.meta.quantities},
        parties=frozenset(p.code for pack in packs for p in pack.meta.parties),
        zones=frozenset(z.id for pack in packs for z in pack.meta.zones),
        fields=frozenset(f.name for pack in packs for f in pack.meta.fields),
    )


@lru_cache(maxsize=64)
def _known_fields(schema: FeedSchema) -> frozenset[str]:
    return frozenset(CORE_FIELDS) | schema.quantities | schema.fields


@lru_cache(maxsize=8192)
def _near_miss(name: str, schema: FeedSchema) -> str | None:
    known = _known_fields(schema)
    return None if name in known else typo_of(name, known)


#: A number as text: optional sign, digits with an optional fraction, optional exponent.
NUMBER_PATTERN = r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?"
#: A year from 0001 (Python's `datetime` has no year 0).
YEAR_PATTERN = r"([1-9][0-9]{3}|0[1-9][0-9]{2}|00[1-9][0-9]|000[1-9])"
#: A time the contract accepts: a bare date, or a date and time of day with an offset.
TIME_PATTERN = (
    rf"(?P<year>{YEAR_PATTERN})-(?P<month>[0-9]{{2}})-(?P<day>[0-9]{{2}})"
    r"([T ](?P<hour>[0-9]{2}):(?P<minute>[0-9]{2})(:(?P<second>[0-9]{2})(\.(?P<fraction>[0-9]+))?)?"
    r"(?P<offset>Z|(?P<sign>[+-])(?P<offset_hours>[0-9]{2}):?(?P<offset_minutes>[0-9]{2})))?"
)
#: A date and time of day without an offset: rejected, never taken as local time.
LOCAL_TIME_PATTERN = r"[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?"
#: The shape of an ISO 3166-1 alpha-3 party code.
PARTY_PATTERN = r"[A-Z]{3}"
#: A snake_case field name.
FIELD_NAME_PATTERN = r"[a-z][a-z0-9_]*"

NUMBER_RE = re.compile(NUMBER_PATTERN)
TIME_RE = re.compile(TIME_PATTERN)
LOCAL_TIME_RE = re.compile(LOCAL_TIME_PATTERN)
PARTY_RE = re.compile(PARTY_PATTERN)
FIELD_NAME_RE = re.compile(FIELD_NAME_PATTERN)

#: The instants a time may name, as Python's `datetime` can hold them in UTC.
EARLIEST_TIME = datetime(1, 1, 1, tzinfo=UTC)
LATEST_TIME = datetime(9999, 12, 31, 23, 59, 59, 999_999, tzinfo=UTC)

#: Fields of contract section 3 in the order the frame holds them (flags after position).
FRAME_FIELDS: tuple[str, ...] = (
    "id",
    "kind",
    "party",
    "time",
    "counterparty",
    "activity",
    "refers_to",
    "zone",
    "source",
    "reliability",
    "credibility",
    "releasability",
    "start",
    "end",
    "lat",
    "lon",
    "flags",
)
#: Bookkeeping columns after the fields: display path, line in that file, global read order.
PROVENANCE_COLUMNS: tuple[str, ...] = ("_file", "_line", "_seq")
#: Text fields holding party codes, checked like `party`.
PARTY_FIELDS: tuple[str, ...] = ("party", "counterparty")
#: Number fields besides quantities, with the range each must lie in.
POSITION_RANGES: dict[str, tuple[float, float]] = {"lat": (-90.0, 90.0), "lon": (-180.0, 180.0)}


def field_order(names: Iterable[str]) -> list[str]:
    """Fields in the order their problems are looked for: the contract's own, then others sorted."""
    given = set(names)
    return [name for name in FRAME_FIELDS if name in given] + sorted(given - set(FRAME_FIELDS))
