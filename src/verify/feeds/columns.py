"""A whole column at a time: the pandas twins of the scalar rules in `values.py`.

Each function takes a column as read (text from CSV; JSON or Parquet types otherwise) and the
`ValueKind` of each of its values, and works with column operations. Only a column that mixes
Python types (which JSON Lines can produce) is classified value by value, and flags are
normalised once per distinct value.
"""

from __future__ import annotations

from datetime import UTC
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from pandas.api import types as ptypes

from verify.feeds.dtypes import TEXT_DTYPE, TIME_DTYPE
from verify.feeds.schema import (
    EARLIEST_TIME,
    LATEST_TIME,
    LOCAL_TIME_PATTERN,
    NUMBER_PATTERN,
    TIME_PATTERN,
)
from verify.feeds.values import (
    ValueKind,
    flags_of,
    kind_of,
    normalised_flags,
    number_text,
    text_of,
)

Kinds = npt.NDArray[np.int8]
Mask = npt.NDArray[np.bool_]
Floats = npt.NDArray[np.float64]

_NUMBER_INFERENCES = frozenset({"integer", "floating", "mixed-integer-float"})
_EARLIEST = pd.Timestamp(EARLIEST_TIME).as_unit("us")
_LATEST = pd.Timestamp(LATEST_TIME).as_unit("us")


def _where(mask: Any, kind: ValueKind, otherwise: ValueKind = ValueKind.MISSING) -> Kinds:
    chosen = np.asarray(mask, dtype=bool)
    if otherwise == ValueKind.MISSING:  # 0: the mask's truths times the kind, 50x `np.where`
        return chosen.astype(np.int8) * np.int8(kind)
    return np.where(chosen, np.int8(kind), np.int8(otherwise))


def value_kinds(column: pd.Series[Any]) -> Kinds:
    """The `ValueKind` of every value in a column, as int8 codes."""
    dtype = column.dtype
    missing = column.isna().to_numpy(dtype=bool)
    if ptypes.is_bool_dtype(dtype):
        return _where(~missing, ValueKind.BOOL)
    if ptypes.is_numeric_dtype(dtype):
        return _where(~missing, ValueKind.NUMBER)
    if isinstance(dtype, pd.DatetimeTZDtype) or ptypes.is_datetime64_dtype(dtype):
        return _where(~missing, ValueKind.TEXT)
    if isinstance(dtype, pd.StringDtype):
        return _where(~missing & (column != "").fillna(False).to_numpy(dtype=bool), ValueKind.TEXT)
    inferred = pd.api.types.infer_dtype(column, skipna=True)
    if inferred in ("string", "empty"):
        empty = (column == "").to_numpy(dtype=bool)
        return _where(~missing & ~empty, ValueKind.TEXT)
    if inferred in _NUMBER_INFERENCES:
        return _where(~missing, ValueKind.NUMBER)
    if inferred == "boolean":
        return _where(~missing, ValueKind.BOOL)
    # Mixed Python values: only the present ones need a look (isna marks what kind_of calls
    # missing, but for the empty string, which kind_of sees).
    kinds = np.full(len(column), ValueKind.MISSING, dtype=np.int8)
    present = np.flatnonzero(~missing)
    values = column.to_numpy(dtype=object)[present]
    kinds[present] = np.fromiter((kind_of(v) for v in values), dtype=np.int8, count=len(present))
    return kinds


def _text_of_numbers(numbers: pd.Series[Any]) -> pd.Series[Any]:
    """Numbers as text: integral values without a fraction, others as Python prints them."""
    if ptypes.is_integer_dtype(numbers.dtype):
        return numbers.astype("int64").astype(str)
    values = numbers.to_numpy(dtype=np.float64, na_value=np.nan)
    integral = np.isfinite(values) & (np.floor(values) == values) & (np.abs(values) < 2.0**62)
    text = np.empty(len(values), dtype=object)
    text[integral] = values[integral].astype(np.int64).astype(str)
    others = ~integral
    if others.any():
        text[others] = [number_text(float(value)) for value in values[others]]
    return pd.Series(text, index=numbers.index, dtype=object)


def as_text(column: pd.Series[Any], kinds: Kinds) -> pd.Series[Any]:
    """The text of every present value (`text_of`), `pd.NA` for missing ones."""
    present = kinds != ValueKind.MISSING
    if present.any() and isinstance(column.dtype, pd.StringDtype):
        texts = column.astype(TEXT_DTYPE)
        if present.all() or np.array_equal(texts.notna().to_numpy(dtype=bool), present):
            return texts  # no empty text to blank: a copy with `where` would change nothing
        return texts.where(present, pd.NA)
    result = pd.Series(pd.NA, index=column.index, dtype=TEXT_DTYPE)  # made only where needed
    if not present.any():
        return result
    if ptypes.is_bool_dtype(column.dtype):
        return column.map({True: "true", False: "false"}).astype(TEXT_DTYPE).where(present, pd.NA)
    if ptypes.is_numeric_dtype(column.dtype):
        texts = _text_of_numbers(column[present])
        result[present] = texts.astype(TEXT_DTYPE)
        return result
    if isinstance(column.dtype, pd.DatetimeTZDtype) or ptypes.is_datetime64_dtype(column.dtype):
        stamps = column[present]
        result[present] = stamps.map(pd.Timestamp.isoformat).astype(TEXT_DTYPE)
        return result
    is_text = kinds == ValueKind.TEXT
    if is_text.any():
        result[is_text] = column[is_text].astype(TEXT_DTYPE)
    others = present & ~is_text
    if others.any():
        result[others] = [text_of(value) for value in column[others]]
    return result


def as_numbers(column: pd.Series[Any], kinds: Kinds) -> tuple[Floats, Mask]:
    """Every present value as a finite float (`number_of`); the second array marks failures."""
    is_number = kinds == ValueKind.NUMBER
    if _plain_floats(column) and not (kinds == ValueKind.TEXT).any():
        # Parquet and JSON number columns: NaN already marks the missing values; no copy.
        floats: Floats = column.to_numpy()
        with np.errstate(invalid="ignore"):
            finite = np.isfinite(floats)
        if not (is_number & ~finite).any():
            return floats, np.zeros(len(column), dtype=bool)
    values = np.full(len(column), np.nan)
    if is_number.any():
        if _plain_floats(column):
            values[is_number] = column.to_numpy()[is_number]
        elif ptypes.is_numeric_dtype(column.dtype):
            values[is_number] = column[is_number].to_numpy(dtype=np.float64)
        else:
            values[is_number] = _floats(column[is_number])
    is_text = kinds == ValueKind.TEXT
    if is_text.any():
        texts = column[is_text].astype(TEXT_DTYPE)
        decimal = texts.str.fullmatch(NUMBER_PATTERN).to_numpy(dtype=bool)
        parsed = np.full(len(texts), np.nan)
        parsed[decimal] = texts[decimal].astype("float64").to_numpy()
        values[is_text] = parsed
    with np.errstate(invalid="ignore"):
        finite = np.isfinite(values)
    values[~finite] = np.nan
    return values, (kinds != ValueKind.MISSING) & ~finite


def _plain_floats(column: pd.Series[Any]) -> bool:
    """Whether a column is a NumPy float64 array, which `as_numbers` can take as it is."""
    return column.dtype == np.float64 and isinstance(column.dtype, np.dtype)


def _floats(numbers: pd.Series[Any]) -> Floats:
    try:
        return numbers.to_numpy(dtype=np.float64)
    except OverflowError:
        return np.array([_float_or_inf(value) for value in numbers], dtype=np.float64)


def _float_or_inf(value: Any) -> float:
    try:
        return float(value)
    except OverflowError:
        return float("inf")


def as_times(column: pd.Series[Any], kinds: Kinds) -> tuple[pd.Series[Any], Mask, Mask]:
    """Times in UTC to the microsecond, plus masks of values without offset and unparsable ones."""
    present = kinds != ValueKind.MISSING
    no_offset = np.zeros(len(column), dtype=bool)
    if isinstance(column.dtype, pd.DatetimeTZDtype):
        instants = column.dt.tz_convert("UTC")
    elif ptypes.is_datetime64_dtype(column.dtype):
        no_offset = present
        instants = pd.Series(pd.NaT, index=column.index, dtype=TIME_DTYPE)
    else:
        is_text = kinds == ValueKind.TEXT
        texts = column[is_text].astype(TEXT_DTYPE)
        shaped = texts.str.fullmatch(TIME_PATTERN).to_numpy(dtype=bool)
        if not shaped.all():
            odd = texts[~shaped].str.fullmatch(LOCAL_TIME_PATTERN).to_numpy(dtype=bool)
            no_offset[np.flatnonzero(is_text)[~shaped][odd]] = True
        instants = _parse_times(texts.where(shaped, None)).reindex(column.index)
    if instants.dtype != TIME_DTYPE:
        instants = instants.dt.floor("us").astype(TIME_DTYPE)
    in_range = (instants >= _EARLIEST) & (instants <= _LATEST)
    parsed = in_range.to_numpy(dtype=bool)
    times = instants if parsed.sum() == instants.notna().sum() else instants.where(in_range)
    return times, no_offset, present & ~no_offset & ~parsed


def _parse_times(texts: pd.Series[Any]) -> pd.Series[Any]:
    """ISO 8601 texts (of `TIME_PATTERN`, or NA) to UTC to the microsecond, NaT where invalid.

    Arrow's cast reads a column of them in a twentieth of pandas' time, and is the stricter
    of the two: it refuses a whole column for one text it cannot read (an impossible date, a
    leap second, digits below the microsecond, an offset of a day or more), which then goes to
    pandas (`_parse_times_in_pandas`) and gets pandas' verdict on each text.
    """
    if not isinstance(texts.array, pd.arrays.ArrowStringArray):
        return _parse_times_in_pandas(texts)
    values = pa.array(texts.array)
    dates = pc.equal(pc.utf8_length(values), len("2026-09-12"))
    midnight, nothing = (pa.scalar(text, values.type) for text in ("T00:00:00Z", ""))
    midnights = pc.if_else(dates, pc.binary_join_element_wise(values, midnight, nothing), values)
    try:
        instants = pc.cast(midnights, pa.timestamp("us", "UTC"))
    except pa.ArrowInvalid:
        return _parse_times_in_pandas(texts)
    parsed: pd.Series[Any] = instants.to_pandas()
    parsed.index = texts.index  # the texts' own labels (a column's text rows)
    # Arrow's UTC is a `ZoneInfo`, which `astype` keeps as equal to the frame's; its datetimes
    # would then carry it, and every comparison and conversion of them costs more than with
    # `datetime.UTC`, the time zone of every other path's times.
    in_utc: pd.Series[Any] = parsed.dt.tz_convert(UTC)
    return in_utc.astype(TIME_DTYPE)


def _parse_times_in_pandas(texts: pd.Series[Any]) -> pd.Series[Any]:
    """`_parse_times` by pandas, text by text: NaT for a text it cannot read. pandas parses at
    microsecond resolution, which holds every year from 1 to 9999, unless some text has digits
    below the microsecond; those are then cut and the texts parsed again."""
    parsed = pd.to_datetime(texts, format="ISO8601", utc=True, errors="coerce")
    if parsed.dtype != TIME_DTYPE and parsed.dt.unit == "ns":
        texts = texts.str.replace(r"(\.[0-9]{6})[0-9]+", r"\1", regex=True)
        parsed = pd.to_datetime(texts, format="ISO8601", utc=True, errors="coerce")
    return parsed.astype(TIME_DTYPE)


def as_flags(column: pd.Series[Any], kinds: Kinds) -> tuple[pd.Series[Any], Mask]:
    """Flags normalised (`flags_of`; "" when none), plus a mask of values that are not labels.

    Each distinct value is normalised once, and the column is then taken from the distinct
    flags in one Arrow `take`, not converted from a Python string per row.
    """
    distinct: list[str] = [""]  # the flags of missing values and of values that are not labels
    at = np.zeros(len(column), dtype=np.int64)  # each row's flags, as a position in `distinct`
    bad = np.zeros(len(column), dtype=bool)
    is_text = kinds == ValueKind.TEXT
    if is_text.any():
        codes, uniques = pd.factorize(column[is_text].astype(TEXT_DTYPE))
        at[is_text] = codes + len(distinct)
        distinct.extend(normalised_flags([str(label)]) for label in uniques)
    others = np.flatnonzero((kinds != ValueKind.MISSING) & ~is_text)
    said: dict[Any, int | None] = {}  # lists of labels repeat: normalise each once
    for position, value in zip(others, column.to_numpy(dtype=object)[others], strict=True):
        key = _list_key(value)
        found = said.get(key, -1) if key is not None else -1
        if found == -1:
            labels = flags_of(value)
            if labels is not None:
                distinct.append(labels)
            found = None if labels is None else len(distinct) - 1
            if key is not None:
                said[key] = found
        if found is None:
            bad[position] = True
        else:
            at[position] = found
    flags = pa.array(distinct, type=pa.string()).take(pa.array(at))
    return pd.Series(pd.arrays.ArrowStringArray(flags), index=column.index), bad


def _list_key(value: Any) -> tuple[Any, ...] | None:
    """A list-like value as a hashable key (equal keys have equal flags), or None."""
    if not isinstance(value, list | tuple | np.ndarray):
        return None
    key = (type(value), tuple(value))
    try:
        hash(key)
    except TypeError:
        return None
    return key
