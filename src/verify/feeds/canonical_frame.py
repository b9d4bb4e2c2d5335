"""The canonical form (`canonical.py`) of a validated frame's rows: one at a time
(`canonical_record`), column-wise for many (`record_digests`), and the rows as `Observation`s."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Hashable
from datetime import UTC, datetime
from typing import Any, cast

import numpy as np
import numpy.typing as npt
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from verify.feeds.canonical import CANONICAL_JSON, canonical_number
from verify.feeds.schema import FRAME_FIELDS, PROVENANCE_COLUMNS
from verify.feeds.values import INTEGRAL_LIMIT, iso_time
from verify.model.observation import DEFAULT_RELEASABILITY, TEXT_FIELDS, TIME_FIELDS, Observation

#: Rows of a frame by position, or None for every row.
Positions = npt.NDArray[np.intp] | None


def _is_missing(value: Any) -> bool:
    return value is None or (not isinstance(value, list | tuple) and bool(pd.isna(value)))


def float_columns(frame: pd.DataFrame) -> set[str]:
    """The columns of a frame that hold floats (quantities and positions): the canonical form
    writes their integral values as integers."""
    return {str(name) for name, dtype in frame.dtypes.items() if pd.api.types.is_float_dtype(dtype)}


def canonical_record(frame: pd.DataFrame, index: Hashable) -> dict[str, Any]:
    """The canonical form of the frame's record at index label `index`."""
    row = frame.loc[cast(Any, index)]
    floats = float_columns(frame)
    return canonical_row(row.to_dict(), floats)


def canonical_row(row: dict[str, Any], float_columns: set[str]) -> dict[str, Any]:
    """The canonical form of one row given as a dict, knowing which columns hold floats."""
    canonical: dict[str, Any] = {}
    for name, value in row.items():
        if name in PROVENANCE_COLUMNS or name.startswith("_"):
            continue
        if _is_missing(value):
            continue
        if name == "flags":
            if value:
                canonical[name] = str(value).split(",")
        elif name in TIME_FIELDS:
            canonical[name] = iso_time(pd.Timestamp(value).to_pydatetime())
        elif name in TEXT_FIELDS or name not in float_columns:
            canonical[name] = str(value)
        else:
            canonical[name] = canonical_number(float(value))
    return canonical


#: What JSON escapes when it keeps non-ASCII as is: quotes, backslashes, control characters.
_NEEDS_ESCAPE = re.compile(r'[\x00-\x1f"\\]')
#: Seconds from 1970 to 1000-01-01: numpy writes earlier years in fewer than four digits.
_FIRST_YEAR_1000 = int(datetime(1000, 1, 1, tzinfo=UTC).timestamp())


def frame_to_observations(frame: pd.DataFrame) -> list[Observation]:
    """Every record of a validated frame as an `Observation`, in frame order."""
    fixed = set(FRAME_FIELDS) | set(PROVENANCE_COLUMNS)
    extra = [name for name in frame.columns if name not in fixed]
    quantity_names = [name for name in extra if pd.api.types.is_float_dtype(frame[name].dtype)]
    attribute_names = [name for name in extra if name not in quantity_names]
    observations: list[Observation] = []
    for row in frame.to_dict("records"):
        fields = {name: _python(row[name]) for name in FRAME_FIELDS}
        fields["flags"] = tuple(filter(None, (fields["flags"] or "").split(",")))
        fields["releasability"] = fields["releasability"] or DEFAULT_RELEASABILITY
        fields["quantities"] = {
            name: float(row[name]) for name in quantity_names if not _is_missing(row[name])
        }
        fields["attributes"] = {
            name: str(row[name]) for name in attribute_names if not _is_missing(row[name])
        }
        observations.append(Observation(**fields))
    return observations


def _python(value: Any) -> Any:
    """A frame value as plain Python: None for missing, `datetime` for timestamps."""
    if _is_missing(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if isinstance(value, float):
        return float(value)
    return value


def canonical_texts(frame: pd.DataFrame, positions: Positions = None) -> list[str]:
    """The JSON text `record_sha256` hashes, for the rows of a frame at `positions` (every row
    when None), built column by column.

    Row by row equal to the text of `canonical_row`. Each column's values are taken at the
    positions from its own array (no frame is copied) and written as `"name":value`
    fragments: text columns in Arrow (taken together; a text JSON must escape is written in
    Python, once per distinct value), numbers and times with array operations. Arrow then
    joins each row's fragments, so no Python work is done per row and text column. A column
    missing at every row is passed over.
    """
    return cast(list[str], _canonical_array(frame, positions).to_pylist())


def _canonical_array(frame: pd.DataFrame, positions: Positions) -> pa.Array:
    """`canonical_texts` as one Arrow array of `large_string`."""
    floats = float_columns(frame)
    size = len(frame) if positions is None else len(positions)
    series = {
        str(name): frame[name]
        for name in sorted(frame.columns, key=str)
        if not str(name).startswith("_") and name not in PROVENANCE_COLUMNS
    }
    texts = {
        name: column.array
        for name, column in series.items()
        if isinstance(column.array, pd.arrays.ArrowStringArray)
    }
    taken = _taken_texts(texts, positions)
    columns: list[pa.Array] = []
    for name, column in series.items():
        if name in texts:
            fragments = _text_fragments(name, taken[name], floats) if name in taken else None
        else:
            fragments = _column_fragments(name, column, positions, floats)
        if fragments is not None and fragments.null_count < size:
            columns.append(fragments)
    if not columns:
        return pa.array(["{}"] * size, type=pa.large_string())
    joined = pc.binary_join_element_wise(*columns, _COMMA, null_handling="skip")
    return pc.binary_join_element_wise(_OPEN, joined, _CLOSE, _NOTHING)


_COMMA, _OPEN, _CLOSE, _NOTHING = (
    pa.scalar(text, pa.large_string()) for text in (",", "{", "}", "")
)


def _taken_texts(texts: dict[str, Any], positions: Positions) -> dict[str, pa.Array]:
    """Arrow-backed text columns at `positions` (all rows when None), taken in one Arrow
    call, each in one chunk; a column with no value there is left out."""
    table = pa.table({name: pa.array(values) for name, values in texts.items()})
    if positions is not None:
        table = table.take(positions)
    return {
        name: column.combine_chunks()
        for name, column in zip(texts, table.columns, strict=True)
        if column.null_count < len(column)
    }


def _text_fragments(name: str, texts: pa.Array, floats: set[str]) -> pa.Array:
    """`"name":"text"` for each text, in Arrow, null where missing; a text JSON must escape,
    and any text of `flags` or a time field, is written by `_general_fragment`, once per
    distinct value."""
    if name == "flags" or name in TIME_FIELDS:
        return _each_distinct(name, texts, floats)
    key = pa.scalar(CANONICAL_JSON.encode(name) + ':"', pa.large_string())
    fragments = pc.binary_join_element_wise(key, texts, _QUOTE, _NOTHING)
    data = texts.buffers()[2]
    if data is None or _NEEDS_ESCAPE_BYTES.search(memoryview(data)) is None:
        return fragments  # no text of the column holds a quote, backslash or control byte
    escaped = pc.match_substring_regex(texts, _NEEDS_ESCAPE.pattern).fill_null(False)
    replacements = _each_distinct(name, texts.filter(escaped), floats)
    return pc.replace_with_mask(fragments, escaped, replacements)


_QUOTE = pa.scalar('"', pa.large_string())
#: `_NEEDS_ESCAPE` over UTF-8 bytes (a multi-byte character has no byte below 0x80).
_NEEDS_ESCAPE_BYTES = re.compile(_NEEDS_ESCAPE.pattern.encode("ascii"))


def _each_distinct(name: str, texts: pa.Array, floats: set[str]) -> pa.Array:
    """`_general_fragment` of each text, written once per distinct text (null for missing)."""
    encoded = pc.dictionary_encode(texts)
    written = [_general_fragment(name, text, floats) for text in encoded.dictionary.to_pylist()]
    distinct = pa.array([text or None for text in written], type=pa.large_string())
    return distinct.take(encoded.indices)


def _column_fragments(
    name: str, column: pd.Series, positions: Positions, floats: set[str]
) -> pa.Array | None:
    """Each row's `"name":value` of a column that is not text (counted from 0 among
    `positions`), null where the row has no value or the canonical form leaves it out; None
    when no row has a value."""
    if (name in floats and isinstance(column.dtype, np.dtype)) or isinstance(
        column.dtype, pd.DatetimeTZDtype
    ):
        rows, values = present_at(column, positions)
        if not rows.size:
            return None
        if not isinstance(values, np.ndarray):
            values = pd.DatetimeIndex(values)
        spread = np.full(len(column) if positions is None else len(positions), None, object)
        spread[rows] = _fragments(name, values, floats)
    else:
        series = column if positions is None else column.iloc[positions]
        codes, uniques = pd.factorize(series, use_na_sentinel=True)
        if not len(uniques):
            return None
        spread = _fragments(name, uniques, floats)[codes]
        spread[codes < 0] = None
    spread[spread == ""] = None
    return pa.array(spread, type=pa.large_string())


def present_at(column: pd.Series, positions: Positions) -> tuple[npt.NDArray[np.intp], Any]:
    """Where a number or time column has a value among `positions` (all rows when None),
    counted from 0 among them, and its values there: a numpy array, or a `DatetimeArray`."""
    values = column.to_numpy() if isinstance(column.dtype, np.dtype) else column.array
    taken = values if positions is None else values[positions]
    present = np.flatnonzero(~np.asarray(pd.isna(taken), dtype=bool))
    return present, taken[present]


def arrow_texts(values: Any, positions: Positions) -> list[str | None]:
    """An Arrow-backed text column's values at `positions` (all when None), None where
    missing: Arrow's own take and conversion, which cost microseconds where pandas' cost a
    tenth of a millisecond a column."""
    chunked = pa.array(values)
    taken = chunked if positions is None else chunked.take(positions)
    return cast(list[str | None], taken.to_pylist())


def _general_fragment(name: str, value: Any, floats: set[str]) -> str:
    """`"name":value` through `canonical_row` and the canonical JSON ("" for a value the
    canonical form leaves out): any value, where the array paths do not apply."""
    canonical = canonical_row({name: value}, floats)
    return CANONICAL_JSON.encode(canonical)[1:-1] if canonical else ""


def _fragments(name: str, values: Any, floats: set[str]) -> npt.NDArray[np.object_]:
    """`"name":value` for each of a column's distinct present values, as `canonical_row` and
    `record_sha256` write it ("" for a value the canonical form leaves out)."""
    key = CANONICAL_JSON.encode(name) + ":"
    result = np.empty(len(values), dtype=object)
    general = np.ones(len(values), dtype=bool)
    if isinstance(values, pd.DatetimeIndex) and name in TIME_FIELDS:
        instants = values.tz_convert(UTC).tz_localize(None).to_numpy().astype("datetime64[us]")
        seconds = instants.astype("datetime64[s]")
        whole = (instants == seconds) & (seconds.astype(np.int64) >= _FIRST_YEAR_1000)
        texts = np.datetime_as_string(seconds[whole], unit="s")
        result[whole] = [f'{key}"{text}Z"' for text in texts]
        general = ~whole
    elif name in floats and name not in TEXT_FIELDS:
        numbers = np.asarray(values, dtype=np.float64)
        finite = np.isfinite(numbers)
        integral = finite & (np.floor(numbers) == numbers) & (np.abs(numbers) < INTEGRAL_LIMIT)
        fraction = finite & ~integral  # JSON writes a float as its repr
        result[integral] = [key + str(int(n)) for n in numbers[integral].tolist()]
        result[fraction] = [key + repr(n) for n in numbers[fraction].tolist()]
        general = ~finite
    elif name != "flags" and name not in TIME_FIELDS:
        texts = np.asarray(values, dtype=object)
        plain = np.fromiter(
            (type(t) is str and _NEEDS_ESCAPE.search(t) is None for t in texts), bool, len(texts)
        )
        result[plain] = [f'{key}"{text}"' for text in texts[plain]]
        general = ~plain
    for position in np.flatnonzero(general):
        result[position] = _general_fragment(name, values[position], floats)
    return result


def record_digests(frame: pd.DataFrame, positions: Positions = None) -> list[str]:
    """`record_sha256` of the rows of a frame at `positions` (every row when None), in order
    (see `canonical_texts`): each row's UTF-8 bytes straight from Arrow."""
    texts = _canonical_array(frame, positions).cast(pa.large_binary())
    return [hashlib.sha256(text).hexdigest() for text in texts.to_pylist()]
