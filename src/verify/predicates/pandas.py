"""The pandas backend: a predicate as a boolean mask over a frame of records.

The frame is the batch engine's: one column per field and quantity, `flags` sorted and
comma-joined, missing values as NA. A record that does not report a quantity meets none of
its comparisons, as in every backend.
"""

from __future__ import annotations

from typing import assert_never

import pandas as pd

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


def mask(predicate: Predicate, frame: pd.DataFrame) -> pd.Series:
    """The rows of `frame` for which the predicate holds."""
    match predicate:
        case KindIs(kinds):
            return frame["kind"].isin(kinds)
        case PartyIs(parties):
            return frame["party"].isin(parties)
        case CounterpartyIs(parties):
            return frame["counterparty"].isin(parties)
        case HasFlag(flag):
            return has_flag(frame, flag)
        case LacksFlag(flag):
            return ~has_flag(frame, flag)
        case Present(name):
            return frame[name].notna()
        case Reports(quantity):
            return _reported(frame, quantity)
        case Lacks(quantity):
            return ~_reported(frame, quantity)
        case Compare(quantity, op, value):
            if quantity not in frame.columns:
                return _constant(frame, False)
            compared: pd.Series = COMPARE[op](frame[quantity], value)
            return compared.fillna(False).astype(bool)
        case AllOf(parts):
            return _combine(frame, parts, all_of=True)
        case AnyOf(parts):
            return _combine(frame, parts, all_of=False)
        case _:
            assert_never(predicate)


def has_flag(frame: pd.DataFrame, flag: str) -> pd.Series:
    """Rows whose `flags` carry `flag` (flags are stored sorted, comma-joined, lower case)."""
    pattern = rf"(?:^|,){_escape(flag.lower())}(?:,|$)"
    return frame["flags"].fillna("").str.contains(pattern, regex=True).astype(bool)


def _escape(text: str) -> str:
    return "".join("\\" + ch if not ch.isalnum() and ch not in "-_" else ch for ch in text)


def _reported(frame: pd.DataFrame, quantity: str) -> pd.Series:
    if quantity not in frame.columns:
        return _constant(frame, False)
    return frame[quantity].notna()


def _constant(frame: pd.DataFrame, value: bool) -> pd.Series:
    return pd.Series(value, index=frame.index, dtype=bool)


def _combine(frame: pd.DataFrame, parts: tuple[Predicate, ...], *, all_of: bool) -> pd.Series:
    if not parts:
        return _constant(frame, all_of)
    combined = mask(parts[0], frame)
    for part in parts[1:]:
        combined = (combined & mask(part, frame)) if all_of else (combined | mask(part, frame))
    return combined
