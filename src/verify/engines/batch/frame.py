"""Column operations every batch evaluator shares: scope masks, flags, citing rows."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

import numpy as np
import pandas as pd

from verify.engines.breach import CitedRecord
from verify.feeds import record_digests, record_sha256
from verify.feeds.canonical import canonical_row, float_columns
from verify.model.obligation import Comparison, Condition, Exemption, Scope

#: The working columns `rows_by_label` adds: each fetched row's evidence digest and record.
DIGEST_COLUMN = "_sha256"
RECORD_COLUMN = "_record"


def has_flag(frame: pd.DataFrame, flag: str) -> pd.Series:
    """Rows whose `flags` carry `flag` (flags are stored sorted, comma-joined)."""
    pattern = rf"(?:^|,){_escape(flag.lower())}(?:,|$)"
    return frame["flags"].fillna("").str.contains(pattern, regex=True)


def _escape(text: str) -> str:
    return "".join("\\" + ch if not ch.isalnum() and ch not in "-_" else ch for ch in text)


def comparison_mask(frame: pd.DataFrame, comparison: Comparison) -> pd.Series:
    """Rows whose quantity meets one comparison; a record without the quantity never does."""
    if comparison.quantity not in frame.columns:
        return pd.Series(False, index=frame.index)
    values = frame[comparison.quantity]
    match comparison.op:
        case "at least":
            result = values >= comparison.value
        case "more than":
            result = values > comparison.value
        case "at most":
            result = values <= comparison.value
        case "less than":
            result = values < comparison.value
    return result.fillna(False).astype(bool)


def condition_mask(frame: pd.DataFrame, condition: Condition) -> pd.Series:
    """Rows meeting the condition (any-of or all-of); no comparison at all holds everywhere."""
    if not condition.comparisons:
        return pd.Series(True, index=frame.index)
    masks = [comparison_mask(frame, c) for c in condition.comparisons]
    combined = masks[0]
    for mask in masks[1:]:
        combined = (combined | mask) if condition.mode == "any" else (combined & mask)
    return combined


def scope_mask(frame: pd.DataFrame, scope: Scope) -> pd.Series:
    """Rows an obligation covers: its kinds, parties, required flags and condition."""
    mask = frame["kind"].isin(scope.kinds)
    if scope.parties:
        mask &= frame["party"].isin(scope.parties)
    for flag in scope.flags:
        mask &= has_flag(frame, flag)
    mask &= condition_mask(frame, scope.condition)
    if scope.exclude is not None:
        mask &= ~condition_mask(frame, scope.exclude)
    return mask


def exempt_always(frame: pd.DataFrame, exemptions: Sequence[Exemption]) -> pd.Series:
    """Rows carrying a flag that exempts them outright."""
    mask = pd.Series(False, index=frame.index)
    for exemption in exemptions:
        if exemption.when == "always":
            mask |= has_flag(frame, exemption.flag)
    return mask


def met_comparisons(frame: pd.DataFrame, index: Any, condition: Condition) -> str:
    """What a row measured on the condition's quantities: `troops 12,000, battle_tanks 140`."""
    columns = [q for q in condition.quantities() if q in frame.columns]
    return measured_quantities({q: frame.at[index, q] for q in columns}, condition)


def measured_quantities(row: dict[str, Any], condition: Condition) -> str:
    """`met_comparisons` for a row already fetched as a dict (see `rows_by_label`)."""
    from verify.engines.wording import amount

    parts = []
    for quantity in condition.quantities():
        value: Any = row.get(quantity)
        if value is not None and not pd.isna(value):
            parts.append(f"{quantity} {amount(float(value))}")
    return ", ".join(parts) or "no quantity reported"


def typed_record(row: dict[str, Any]) -> dict[str, Any]:
    """One row's present fields, times as datetimes and flags as a tuple (working columns out)."""
    record: dict[str, Any] = {}
    for column, value in row.items():
        if column.startswith("_"):
            continue
        if column == "flags":
            record["flags"] = tuple(f for f in str(value or "").split(",") if f)
            continue
        kind = type(value)
        if kind is str or kind is float:  # the common cases, kept off the slower checks below
            if value == value:  # not NaN
                record[column] = value
            continue
        if value is None or pd.isna(value):
            continue
        if isinstance(value, pd.Timestamp):
            value = value.to_pydatetime()
        elif hasattr(value, "item"):
            value = value.item()
        record[column] = value
    return record


def typed_records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """`typed_record` of every row of a frame, built column by column: each column's missing
    values found at once, times converted at once, each distinct flags text split once."""
    names: list[str] = []
    columns: list[list[Any]] = []
    for name in frame.columns:
        if str(name).startswith("_"):
            continue
        series = frame[name]
        if name == "flags":
            codes, uniques = pd.factorize(series.fillna(""))
            split = [tuple(f for f in str(text).split(",") if f) for text in uniques]
            values = [split[code] for code in codes.tolist()]
        else:
            missing = series.isna().to_numpy(dtype=bool)
            if isinstance(series.dtype, pd.DatetimeTZDtype):
                present = np.array(series.dt.to_pydatetime(), dtype=object)
            else:
                present = np.array(series.tolist(), dtype=object)
            present[missing] = _MISSING
            values = present.tolist()
        names.append(str(name))
        columns.append(values)
    return [
        {name: value for name, value in zip(names, row, strict=True) if value is not _MISSING}
        for row in zip(*columns, strict=True)
    ]


#: Marks a missing value inside `typed_records` (None may be a value there).
_MISSING = object()


def cite(frame: pd.DataFrame, index: Any, role: str, *, decisive: bool = True) -> CitedRecord:
    """Cite one row as evidence, with its role and the sha256 of its canonical form."""
    row: dict[str, Any] = frame.loc[index].to_dict()
    return cite_row(row, role, float_columns(frame), decisive=decisive)


def cite_row(
    row: dict[str, Any], role: str, floats: set[str], *, decisive: bool = True
) -> CitedRecord:
    """`cite` for a row already fetched as a dict, given its frame's `float_columns`."""
    digest = row.get(DIGEST_COLUMN) or record_sha256(canonical_row(row, floats))
    record = row[RECORD_COLUMN] if RECORD_COLUMN in row else typed_record(row)
    return CitedRecord(
        record=record,
        role=role,
        sha256=digest,
        file=str(row["_file"]),
        line=int(row["_line"]),
        decisive=decisive,
    )


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Every row of a frame as a dict keyed by column name: the values `to_dict("records")` and
    `frame.loc` give (Python scalars, `Timestamp`s, None for a missing text), built column-wise.
    """
    names = [str(name) for name in frame.columns]
    columns: list[list[Any]] = []
    for name in frame.columns:
        series = frame[name]
        values = series.tolist()
        if not isinstance(series.dtype, np.dtype) and series.hasnans:
            values = [None if value is pd.NA else value for value in values]
        columns.append(values)
    return [dict(zip(names, row, strict=True)) for row in zip(*columns, strict=True)]


def rows_by_label(frame: pd.DataFrame, labels: Iterable[Any]) -> dict[Any, dict[str, Any]]:
    """The rows at `labels` (NaN labels skipped) as dicts keyed by label, fetched at once, each
    with its evidence digest under `DIGEST_COLUMN` and its `typed_record` under `RECORD_COLUMN`
    (which `cite_row` takes rather than building them row by row).

    Per-row `frame.loc` dominates the cost of building breaches; one positional take over all
    the rows a loop will cite, then `to_dict("records")`, gives the same values for a fraction,
    and the digests are computed column-wise (`record_digests`).
    """
    unique = pd.Index(list(labels)).dropna().unique()
    if unique.empty:
        return {}
    if frame.index.dtype.kind in "iu" and unique.dtype.kind == "f":
        unique = unique.astype(frame.index.dtype)
    positions = frame.index.get_indexer(unique)
    if (positions < 0).any():
        raise KeyError(f"labels not in the frame: {list(unique[positions < 0])[:5]}")
    rows = frame.iloc[positions]
    extra: dict[str, list[Any]] = {
        DIGEST_COLUMN: record_digests(rows),
        RECORD_COLUMN: typed_records(rows),
    }
    return dict(zip(unique.tolist(), records(rows.assign(**extra)), strict=True))


def _scalar(frame: pd.DataFrame, index: Any, column: str) -> Any:
    return frame.at[index, column]


def record_id(frame: pd.DataFrame, index: Any) -> str:
    """The `id` of the row at `index`."""
    return str(_scalar(frame, index, "id"))


def timestamp(value: Any) -> datetime:
    """A pandas timestamp as a timezone-aware datetime."""
    return pd.Timestamp(value).to_pydatetime()
