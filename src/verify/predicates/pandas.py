"""The pandas backend: a predicate as a boolean mask over a frame of records.

The frame is the batch engine's: one column per field and quantity, `flags` sorted and
comma-joined, missing values as NA. A record that does not report a quantity meets none of
its comparisons, as in every backend.

Every predicate holds or not row by row, so the parts of an `AllOf` after the first are only
asked about the rows still in the running (and those of an `AnyOf` about the rows not yet in):
a role's kind usually leaves a few rows in a hundred, and its party list, flags and
comparisons then cost that share of the frame.
"""

from __future__ import annotations

from typing import assert_never

import numpy as np
import numpy.typing as npt
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from verify.memo import WhileAlive
from verify.predicates import (
    COMPARE,
    AllOf,
    AnyOf,
    Compare,
    CounterpartyIs,
    HasFlag,
    KindIs,
    Lacks,
    LacksFlag,
    PartyIs,
    Predicate,
    Present,
    Reports,
)

#: Rows as positions in the frame, or None for every row.
Rows = npt.NDArray[np.intp] | None
Truth = npt.NDArray[np.bool_]


def mask(predicate: Predicate, frame: pd.DataFrame) -> pd.Series:
    """The rows of `frame` for which the predicate holds."""
    return pd.Series(_holds(predicate, frame, None), index=frame.index, dtype=bool)


def has_flag(frame: pd.DataFrame, flag: str) -> pd.Series:
    """Rows whose `flags` carry `flag` (flags are stored sorted, comma-joined, lower case)."""
    return pd.Series(_flagged(frame, None, flag), index=frame.index)


def _holds(predicate: Predicate, frame: pd.DataFrame, rows: Rows) -> Truth:
    """Whether the predicate holds at each of `rows` (every row of the frame when None)."""
    match predicate:
        case KindIs(kinds):
            return _isin(frame, "kind", rows, kinds)
        case PartyIs(parties):
            return _isin(frame, "party", rows, parties)
        case CounterpartyIs(parties):
            return _isin(frame, "counterparty", rows, parties)
        case HasFlag(flag):
            return _flagged(frame, rows, flag)
        case LacksFlag(flag):
            return ~_flagged(frame, rows, flag)
        case Present(name):
            return _column(frame, name, rows).notna().to_numpy(dtype=bool)
        case Reports(quantity):
            return _reported(frame, quantity, rows)
        case Lacks(quantity):
            return ~_reported(frame, quantity, rows)
        case Compare(quantity, op, value):
            if quantity not in frame.columns:
                return np.zeros(_size(frame, rows), dtype=bool)
            compared: pd.Series = COMPARE[op](_column(frame, quantity, rows), value)
            return compared.fillna(False).to_numpy(dtype=bool)
        case AllOf(parts):
            return _combine(frame, parts, rows, all_of=True)
        case AnyOf(parts):
            return _combine(frame, parts, rows, all_of=False)
        case _:
            assert_never(predicate)


def _combine(
    frame: pd.DataFrame, parts: tuple[Predicate, ...], rows: Rows, *, all_of: bool
) -> Truth:
    """All (or any) of the parts, each asked only about the rows it can still decide."""
    if not parts:
        return np.full(_size(frame, rows), all_of, dtype=bool)
    result = _holds(parts[0], frame, rows).copy()  # a column's own array may be read-only
    undecided = np.flatnonzero(result if all_of else ~result)  # positions into `rows`
    for part in parts[1:]:
        if undecided.size == 0:
            break
        holds = _holds(part, frame, undecided if rows is None else rows[undecided])
        result[undecided[holds != all_of]] = not all_of  # decided: False for all, True for any
        undecided = undecided[holds == all_of]
    return result


def _column(frame: pd.DataFrame, name: str, rows: Rows) -> pd.Series:
    """A column's values at `rows` (all of them when None), positionally indexed."""
    column = frame[name]
    if rows is None:
        return column.reset_index(drop=True)
    return pd.Series(column.array.take(rows), copy=False)


def _size(frame: pd.DataFrame, rows: Rows) -> int:
    return len(frame) if rows is None else len(rows)


def _isin(frame: pd.DataFrame, name: str, rows: Rows, wanted: tuple[str, ...]) -> Truth:
    """Whether the text column's value at each of `rows` is one of `wanted`: asked of its
    distinct texts (`_distinct`), not of every row."""
    codes, texts = _distinct(frame, name, rows)
    return np.append(np.isin(texts, wanted), False)[codes]  # code -1 (missing): False


def _flagged(frame: pd.DataFrame, rows: Rows, flag: str) -> Truth:
    """Whether each `flags` text carries `flag`: each distinct text split once."""
    codes, texts = _distinct(frame, "flags", rows)
    wanted = flag.lower()
    carries = np.array([wanted in str(text).split(",") for text in texts] + [False], dtype=bool)
    return carries[codes]  # code -1 (no flags) takes the last entry: False


#: A text column's codes (at some rows, -1 where missing) and its distinct texts.
_Encoded = tuple[npt.NDArray[np.int32], npt.NDArray[np.object_]]


def _distinct(frame: pd.DataFrame, name: str, rows: Rows) -> _Encoded:
    """A text column's distinct values and, at each of `rows`, the position of its value among
    them (-1 where missing). The roles of a pack's obligations ask about the same few columns
    of the same frame: an Arrow-backed column's encoding is worked out once, by the identity
    of its Arrow data (which never changes), and its rows then taken from it."""
    values = frame[name].array
    if not isinstance(values, pd.arrays.ArrowStringArray):
        series = _column(frame, name, rows)
        found, uniques = pd.factorize(series, use_na_sentinel=True)
        return found.astype(np.int32), np.asarray(uniques, dtype=object)
    data = values.__arrow_array__()
    known = _ENCODED.get(data)
    if known is None:
        encoded = pc.dictionary_encode(data.combine_chunks())
        known = _ENCODED.keep(
            data,
            (
                encoded.indices.fill_null(-1).to_numpy().astype(np.int32, copy=False),
                encoded.dictionary.to_numpy(zero_copy_only=False),
            ),
        )
    every, texts = known
    return (every if rows is None else every[rows]), texts


#: The text columns `_distinct` encoded, by their Arrow data, while it lives.
_ENCODED: WhileAlive[pa.ChunkedArray, _Encoded] = WhileAlive()


def _reported(frame: pd.DataFrame, quantity: str, rows: Rows) -> Truth:
    if quantity not in frame.columns:
        return np.zeros(_size(frame, rows), dtype=bool)
    return _column(frame, quantity, rows).notna().to_numpy(dtype=bool)
