"""What every batch evaluator shares: the rows of each role, and citing rows as evidence."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

import numpy as np
import pandas as pd

from verify.feeds import record_digests
from verify.kinds import obligation_roles
from verify.model.breach import CitedRecord
from verify.model.obligation import Obligation
from verify.predicates.pandas import mask


def role_rows(
    obligation: Obligation, frame: pd.DataFrame, parties: tuple[str, ...]
) -> dict[str, pd.DataFrame]:
    """The rows that play each of the obligation's roles (`verify.kinds`), by role name."""
    return {
        role.name: frame[mask(role.predicate, frame)]
        for role in obligation_roles(obligation, parties)
    }


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


class Cited:
    """Rows of a frame that breaches will cite, fetched and cited at once (`cited_by_label`)."""

    def __init__(self, frame: pd.DataFrame, labels: Iterable[Any]) -> None:
        self.cited = cited_by_label(frame, labels)

    def cite(self, label: Any) -> CitedRecord:
        """Cite the fetched row at `label` as decisive evidence."""
        return self.cited[label]


def records(frame: pd.DataFrame, columns: Sequence[str] | None = None) -> list[dict[str, Any]]:
    """Every row of a frame as a dict keyed by column name: the values `to_dict("records")` and
    `frame.loc` give (Python scalars, `Timestamp`s, None for a missing text), built column-wise;
    only `columns` where given (a loop that reads three working columns of a wide frame)."""
    picked = frame.columns if columns is None else columns
    names = [str(name) for name in picked]
    values_of: list[list[Any]] = []
    for name in picked:
        series = frame[name]
        values = series.tolist()
        if not isinstance(series.dtype, np.dtype) and series.hasnans:
            values = [None if value is pd.NA else value for value in values]
        values_of.append(values)
    return [dict(zip(names, row, strict=True)) for row in zip(*values_of, strict=True)]


def cited_by_label(frame: pd.DataFrame, labels: Iterable[Any]) -> dict[Any, CitedRecord]:
    """The rows at `labels` (NaN labels skipped) cited as decisive evidence, keyed by label:
    each with its `typed_record` and sha256, fetched and built at once.

    Per-row `frame.loc` dominates the cost of building breaches; one positional take over all
    the rows a loop will cite gives the same values for a fraction, with the digests computed
    column-wise (`record_digests`) and the records typed column by column (`typed_records`).
    Only what a citation keeps is built: no dict of every column per row.
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
    cited = (
        CitedRecord(record=record, role="", sha256=digest, file=str(file), line=int(line))
        for record, digest, file, line in zip(
            typed_records(rows),
            record_digests(rows),
            rows["_file"].tolist(),
            rows["_line"].tolist(),
            strict=True,
        )
    )
    return dict(zip(unique.tolist(), cited, strict=True))


def timestamp(value: Any) -> datetime:
    """A pandas timestamp as a timezone-aware datetime."""
    return pd.Timestamp(value).to_pydatetime()
