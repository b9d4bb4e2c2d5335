"""The rules of contract section 3 over one input's whole table at once, with pandas.

Problems are looked for in a fixed order and each rejected row keeps only its first:
 1. the record's shape: a field name that is not snake_case or is a known one misspelt (within
    two edits, `FeedSchema.near_miss`), a list or object where one value
    belongs, flags that are not text labels (fields in `field_order`);
 2. a missing required field (id, kind, party, time); 3. an unknown kind; 4. a bad party code
    (party, then counterparty); 5. a time without offset or unparsable (time, start, end);
 6. an unparsable number (lat, lon, then quantities by name); 7. a negative quantity;
 8. lat or lon out of range; 9. reliability; 10. credibility; 11. releasability;
12. end before start; 13. an unknown zone (when the pack declares zones).
Duplicate ids are found across inputs afterwards (`read.py`). `record.py` applies the same
rules to one record; keep the two in step.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from verify.feeds import rejects as reasons
from verify.feeds.columns import Kinds, Mask, as_flags, as_numbers, as_text, as_times, value_kinds
from verify.feeds.dtypes import TEXT_DTYPE
from verify.feeds.readers import RawTable
from verify.feeds.rejects import Reject
from verify.feeds.schema import (
    FIELD_NAME_RE,
    NUMBER_PATTERN,
    PARTY_FIELDS,
    PARTY_PATTERN,
    POSITION_RANGES,
    FeedSchema,
    field_order,
)
from verify.feeds.values import ValueKind, plain
from verify.model.observation import (
    CORE_FIELDS,
    CREDIBILITY_GRADES,
    DEFAULT_RELEASABILITY,
    POSITION_FIELDS,
    RELEASABILITY_LEVELS,
    RELIABILITY_GRADES,
    REQUIRED_FIELDS,
    TEXT_FIELDS,
    TIME_FIELDS,
)

Rows = npt.NDArray[np.intp]


@dataclass
class CheckedTable:
    """One input after the rules: its accepted rows as typed columns, and its rejects."""

    table: RawTable
    accepted: pd.DataFrame
    rejects: list[Reject]


class _Verdicts:
    """The first problem of each row; a row with none so far is still open."""

    def __init__(self, size: int) -> None:
        self.open: Mask = np.ones(size, dtype=bool)
        self.field: npt.NDArray[np.object_] = np.full(size, None, dtype=object)
        self.reason: npt.NDArray[np.object_] = np.full(size, None, dtype=object)

    def rows(self, mask: Any) -> Rows:
        """Positions of the open rows that the mask marks."""
        return np.flatnonzero(np.asarray(mask, dtype=bool) & self.open)

    def close(self, rows: Rows, field: str, why: str | Iterable[str]) -> None:
        """Reject these rows for one field, with one reason for all or one reason each."""
        if rows.size == 0:
            return
        self.field[rows] = field
        self.reason[rows] = why if isinstance(why, str) else list(why)
        self.open[rows] = False


@dataclass(frozen=True)
class QuantityVotes:
    """What one input says about which of its fields hold numbers (`quantity_fields`): fields
    with a JSON or Parquet number, with JSON or Parquet text or booleans, and, for CSV, whether
    every text value of a field reads as a number."""

    typed_number: frozenset[str] = frozenset()
    typed_other: frozenset[str] = frozenset()
    untyped_numeric: tuple[tuple[str, bool], ...] = ()


def quantity_votes(table: RawTable) -> QuantityVotes:
    """One input's votes on which fields are quantities (combined by `quantities_of`)."""
    typed_number: set[str] = set()
    typed_other: set[str] = set()
    untyped: list[tuple[str, bool]] = []
    for name in table.values.columns:
        if name in CORE_FIELDS or not FIELD_NAME_RE.fullmatch(name):
            continue
        column = table.values[name]
        kinds = column_kinds(table, name)
        if table.typed:
            if (kinds == ValueKind.NUMBER).any():
                typed_number.add(name)
            if ((kinds == ValueKind.TEXT) | (kinds == ValueKind.BOOL)).any():
                typed_other.add(name)
            continue
        texts = column[kinds == ValueKind.TEXT].astype(TEXT_DTYPE)
        if len(texts):
            untyped.append((name, bool(texts.str.fullmatch(NUMBER_PATTERN).all())))
    return QuantityVotes(frozenset(typed_number), frozenset(typed_other), tuple(untyped))


def column_kinds(table: RawTable, name: str) -> Kinds:
    """The `ValueKind` of each value of one of the table's columns, worked out once."""
    known = table.kinds.get(name)
    if known is None:
        known = table.kinds[name] = value_kinds(table.values[name])
    return known


def quantities_of(votes: Sequence[QuantityVotes], schema: FeedSchema) -> frozenset[str]:
    """The quantities of a run from its inputs' votes, in input order (`quantity_fields`)."""
    typed_number: set[str] = set()
    typed_other: set[str] = set()
    untyped_numeric: dict[str, bool] = {}
    for vote in votes:
        typed_number |= vote.typed_number
        typed_other |= vote.typed_other
        for name, numeric in vote.untyped_numeric:
            untyped_numeric[name] = untyped_numeric.get(name, True) and numeric
    from_text = {name for name, numeric in untyped_numeric.items() if numeric}
    return frozenset(schema.quantities | typed_number | (from_text - typed_other))


def quantity_fields(tables: Sequence[RawTable], schema: FeedSchema) -> frozenset[str]:
    """The fields that are quantities in this run: known ones, and others holding numbers.

    A field holds numbers when some JSON or Parquet value of it is a number, or when it has CSV
    values and every one of them reads as a number (and no JSON or Parquet value is text). Once
    a quantity, a field is one in every input of the run; its text values must then be numbers.
    """
    return quantities_of([quantity_votes(table) for table in tables], schema)


def validate_table(
    table: RawTable, schema: FeedSchema, quantities: frozenset[str], position: int = 0
) -> CheckedTable:
    """Apply the rules to one input's table; `position` is the input's place in the run."""
    values = table.values
    size = len(values)
    kinds = {name: column_kinds(table, name) for name in values.columns}
    nothing = np.full(size, ValueKind.MISSING, dtype=np.int8)
    blank = pd.Series(None, index=values.index, dtype=object)

    def kinds_of(name: str) -> Kinds:
        return kinds.get(name, nothing)

    def column(name: str) -> pd.Series[Any]:
        return values[name] if name in kinds else blank

    def present(name: str) -> Mask:
        return np.asarray(kinds_of(name) != ValueKind.MISSING, dtype=bool)

    def raw(name: str, rows: Rows) -> list[Any]:
        return [plain(value) for value in column(name).iloc[rows]]

    verdicts = _Verdicts(size)
    flags, bad_flags = as_flags(column("flags"), kinds_of("flags"))
    for name in field_order(values.columns):
        if not FIELD_NAME_RE.fullmatch(name):
            verdicts.close(verdicts.rows(present(name)), name, reasons.not_snake_case(name))
        elif (close := schema.near_miss(name)) is not None:
            verdicts.close(verdicts.rows(present(name)), name, reasons.misspelt_field(name, close))
        elif name == "flags":
            rows = verdicts.rows(bad_flags)
            verdicts.close(rows, name, map(reasons.bad_flags, raw(name, rows)))
        else:
            for kind, nested in ((ValueKind.LIST, "list"), (ValueKind.OBJECT, "object")):
                rows = verdicts.rows(kinds[name] == kind)
                verdicts.close(rows, name, reasons.not_single_value(nested))

    for name in REQUIRED_FIELDS:
        verdicts.close(verdicts.rows(~present(name)), name, reasons.missing_field(name))

    texts = {name: as_text(column(name), kinds_of(name)) for name in TEXT_FIELDS}

    def check_text(name: str, allowed: Mask, why: Callable[[str], str]) -> None:
        rows = verdicts.rows(present(name) & ~allowed)
        bad_values = texts[name].iloc[rows].tolist()
        said = {value: why(value) for value in set(bad_values)}
        verdicts.close(rows, name, (said[value] for value in bad_values))

    def within(name: str, allowed: Iterable[str]) -> Mask:
        return texts[name].isin(list(allowed)).fillna(False).to_numpy(dtype=bool)

    check_text(
        "kind", within("kind", schema.kinds), lambda k: reasons.unknown_kind(k, schema.kinds)
    )
    for name in PARTY_FIELDS:
        shaped = texts[name].str.fullmatch(PARTY_PATTERN).fillna(False).to_numpy(dtype=bool)
        check_text(name, shaped | within(name, schema.parties), reasons.bad_party)

    times: dict[str, pd.Series[Any]] = {}
    for name in TIME_FIELDS:
        times[name], no_offset, unparsable = as_times(column(name), kinds_of(name))
        rows = verdicts.rows(no_offset)
        written = as_text(column(name).iloc[rows], kinds_of(name)[rows])
        verdicts.close(rows, name, map(reasons.time_without_offset, written))
        rows = verdicts.rows(unparsable)
        verdicts.close(rows, name, map(reasons.unparsable_time, raw(name, rows)))

    table_quantities = sorted(
        name for name in kinds if name in quantities and name not in CORE_FIELDS
    )
    numbers: dict[str, npt.NDArray[np.float64]] = {}
    for name in (*POSITION_FIELDS, *table_quantities):
        numbers[name], unparsable = as_numbers(column(name), kinds_of(name))
        rows = verdicts.rows(unparsable)
        verdicts.close(rows, name, map(reasons.unparsable_number, raw(name, rows)))
    for name in table_quantities:
        rows = verdicts.rows(numbers[name] < 0)
        verdicts.close(rows, name, map(reasons.negative_quantity, numbers[name][rows]))
    for name, (low, high) in POSITION_RANGES.items():
        rows = verdicts.rows((numbers[name] < low) | (numbers[name] > high))
        verdicts.close(
            rows, name, (reasons.out_of_range(name, v, low, high) for v in numbers[name][rows])
        )

    check_text("reliability", within("reliability", RELIABILITY_GRADES), reasons.bad_reliability)
    check_text("credibility", within("credibility", CREDIBILITY_GRADES), reasons.bad_credibility)
    check_text(
        "releasability", within("releasability", RELEASABILITY_LEVELS), reasons.bad_releasability
    )
    ends_early = (times["end"] < times["start"]).fillna(False).to_numpy(dtype=bool)
    rows = verdicts.rows(ends_early)
    verdicts.close(
        rows,
        "end",
        map(reasons.end_before_start, times["end"].iloc[rows], times["start"].iloc[rows]),
    )
    if schema.zones:
        check_text(
            "zone", within("zone", schema.zones), lambda z: reasons.unknown_zone(z, schema.zones)
        )

    keep = verdicts.open
    data: dict[str, Any] = {name: texts[name] for name in TEXT_FIELDS}
    data["releasability"] = texts["releasability"].fillna(DEFAULT_RELEASABILITY)
    data.update(times)
    data.update({name: numbers[name] for name in POSITION_FIELDS})
    data["flags"] = flags
    data["_file"] = pd.Series(table.display, index=values.index, dtype=TEXT_DTYPE)
    data["_line"] = table.lines
    data["_input"] = np.full(size, position, dtype=np.int64)
    data["_row"] = np.arange(size, dtype=np.int64)
    data.update({name: numbers[name] for name in table_quantities})
    for name in sorted(kinds):
        if name not in CORE_FIELDS and name not in quantities and FIELD_NAME_RE.fullmatch(name):
            data[name] = as_text(column(name), kinds[name])
    accepted = _accepted_frame(data, keep)
    rejected = np.flatnonzero(~keep)
    records = table.records(rejected.tolist()) if rejected.size else []
    raws = table.raws(rejected.tolist()) if rejected.size else []
    found = [
        Reject(
            table.display,
            int(table.lines[row]),
            verdicts.field[row],
            verdicts.reason[row],
            record,
            raw,
        )
        for row, record, raw in zip(rejected, records, raws, strict=True)
    ]
    return CheckedTable(table, accepted, found)


def _accepted_frame(data: dict[str, Any], keep: Mask) -> pd.DataFrame:
    """The accepted rows of each column, as one frame indexed from 0.

    Each column is filtered on its own and the frame is made without copying them again: a
    frame built from the whole columns and then filtered copies every value twice, once to
    gather the columns into blocks and once to take the rows (0.5 s at 300k records, most of
    it the first touch of fresh memory).
    """
    every = bool(keep.all())
    columns = {}
    for name, values in data.items():
        array = values.array if isinstance(values, pd.Series) else values
        columns[name] = array if every else array[keep]
    return pd.DataFrame(columns, copy=False)
