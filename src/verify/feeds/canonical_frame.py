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

    Row by row equal to the text of `canonical_row`: each column's values are taken at the
    positions from its own array (no frame is copied), times and numbers formatted with array
    operations, each distinct text once, and a column missing at every row is passed over,
    so citing a few records of a wide frame costs little more than citing none.
    """
    floats = float_columns(frame)
    size = len(frame) if positions is None else len(positions)
    parts: list[list[str]] = [[] for _ in range(size)]
    for name in sorted(str(column) for column in frame.columns):
        if name.startswith("_") or name in PROVENANCE_COLUMNS:
            continue
        rows, fragments = _column_fragments(name, frame[name], positions, floats)
        for row, fragment in zip(rows, fragments, strict=True):
            if fragment:  # "": a value the canonical form leaves out
                parts[row].append(fragment)
    return ["{" + ",".join(fields) + "}" for fields in parts]


def _column_fragments(
    name: str, column: pd.Series, positions: Positions, floats: set[str]
) -> tuple[list[int], list[str]]:
    """The rows (counted from 0 among `positions`) where the column has a value, and the
    value's `"name":value` at each."""
    values = column.array
    if isinstance(values, pd.arrays.ArrowStringArray):
        key = CANONICAL_JSON.encode(name) + ":"
        written: dict[str, str] = {}
        rows: list[int] = []
        fragments: list[str] = []
        for row, text in enumerate(arrow_texts(values, positions)):
            if text is None:
                continue
            fragment = written.get(text)
            if fragment is None:
                fragment = written[text] = _text_fragment(key, name, text, floats)
            rows.append(row)
            fragments.append(fragment)
        return rows, fragments
    if name in floats and isinstance(column.dtype, np.dtype):
        rows_of, numbers = present_at(column, positions)
        return rows_of.tolist(), _fragments(name, numbers, floats).tolist()
    if isinstance(column.dtype, pd.DatetimeTZDtype):
        rows_of, times = present_at(column, positions)
        return rows_of.tolist(), _fragments(name, pd.DatetimeIndex(times), floats).tolist()
    series = column if positions is None else column.iloc[positions]
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    present = np.flatnonzero(codes >= 0)
    return present.tolist(), _fragments(name, uniques, floats)[codes[present]].tolist()


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


def _text_fragment(key: str, name: str, text: str, floats: set[str]) -> str:
    """`"name":"text"` as `_fragments` writes one text value."""
    if name != "flags" and name not in TIME_FIELDS and _NEEDS_ESCAPE.search(text) is None:
        return f'{key}"{text}"'
    return _general_fragment(name, text, floats)


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
    (see `canonical_texts`)."""
    return [
        hashlib.sha256(text.encode("utf-8")).hexdigest()
        for text in canonical_texts(frame, positions)
    ]
