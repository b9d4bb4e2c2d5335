"""Interval obligations in pandas: durations, and at most K at the same time.

Both see activities as intervals (`kinds/duration.py` says how records make one): the record
with the earliest start (then time, then id) of each activity key stands for it, and its end is
the earliest `end` any of its records reports. The kind words the breach.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import numpy as np
import pandas as pd

from verify.engines.batch.calendar import due_column
from verify.engines.batch.frame import Cited, records, role_rows, timestamp
from verify.kinds import concurrency as concurrency_kind
from verify.kinds import duration as duration_kind
from verify.model.breach import Breach
from verify.model.obligation import Concurrency, Duration

#: The end of an activity with no end reported, as an integer instant: after every other.
_OPEN = np.iinfo(np.int64).max


def activities(rows: pd.DataFrame) -> pd.DataFrame:
    """One row per activity: the record that stands for it, with `_anchor` (its start),
    `_stand_index` (its label), `_end` (the earliest end reported, NaT when none) and
    `_end_index` and `_end_time` (the label and time of the record that reports it)."""
    rows = rows.assign(_anchor=rows["start"].fillna(rows["time"]))
    rows = rows.sort_values(["_anchor", "time", "id"], kind="stable")
    keyed = rows[rows["activity"].notna()]
    alone = rows[rows["activity"].isna()]
    standing = keyed.drop_duplicates(["party", "activity"], keep="first")
    reported = keyed[keyed["end"].notna()].sort_values(["end", "time", "id"], kind="stable")
    reported = reported.drop_duplicates(["party", "activity"], keep="first")
    ends = pd.DataFrame(
        {
            "party": reported["party"],
            "activity": reported["activity"],
            "_end": reported["end"],
            "_end_index": reported.index,
            "_end_time": reported["time"],
        }
    )
    standing = standing.assign(_stand_index=standing.index).merge(
        ends, on=["party", "activity"], how="left"
    )
    alone = alone.assign(
        _stand_index=alone.index,
        _end=alone["end"],
        _end_index=pd.Series(alone.index, index=alone.index).where(alone["end"].notna()),
        _end_time=alone["time"].where(alone["end"].notna()),
    )
    found = pd.concat([standing, alone], ignore_index=True)
    return found.sort_values(["_anchor", "time", "id"], kind="stable", ignore_index=True)


def duration(
    obligation: Duration,
    frame: pd.DataFrame,
    as_of: datetime,
    include_pending: bool,
    parties: tuple[str, ...],
) -> Iterator[Breach]:
    """Activities completed after they were due, or not reported completed once due (and,
    with `include_pending`, those not reported completed while still in time)."""
    found = activities(role_rows(obligation, frame, parties)["trigger"])
    if found.empty:
        return
    found["_due"] = due_column(duration_kind.deadline_of(obligation), found["_anchor"])
    missing = found["_end"].isna()
    overdue = found["_due"] <= pd.Timestamp(as_of)
    late = (found["_end"] > found["_due"]).fillna(False)
    selected = found[(missing & (overdue | include_pending)) | late]
    cited = Cited(frame, [*selected["_stand_index"], *selected["_end_index"].dropna()])
    for row in records(selected, ["_stand_index", "_end", "_end_index"]):
        completion = None if pd.isna(row["_end"]) else cited.cite(row["_end_index"])
        yield duration_kind.breach(obligation, cited.cite(row["_stand_index"]), completion, as_of)


def concurrency(
    obligation: Concurrency, frame: pd.DataFrame, as_of: datetime, parties: tuple[str, ...]
) -> Iterator[Breach]:
    """Each activity that starts while `limit` or more of its group's are under way."""
    found = activities(role_rows(obligation, frame, parties)["trigger"])
    found = found[~(found["_end"] <= found["_anchor"]).fillna(False)]  # no time, no overlap
    if found.empty:
        return
    group = obligation.per
    found = found.sort_values([group, "_anchor", "id"], kind="stable", ignore_index=True)
    starts = _instants(found["_anchor"])
    ends = np.where(found["_end"].isna().to_numpy(), _OPEN, _instants(found["_end"]))
    reported = np.where(found["_end"].isna().to_numpy(), _OPEN, _instants(found["_end_time"]))
    position = found.groupby(group, sort=False).cumcount().to_numpy()
    first = np.arange(len(found)) - position  # rows of a group are contiguous: where it begins
    count = position + 1
    for members in found.groupby(group, sort=False).indices.values():
        count[members] -= np.searchsorted(np.sort(ends[members]), starts[members], side="right")
    over = np.flatnonzero(count > obligation.limit)
    under_way: dict[int, np.ndarray] = {}
    for at in over.tolist():
        before = np.arange(first[at], at)
        under_way[at] = before[ends[before] > starts[at]]
    labels = found["_stand_index"].tolist()
    end_moments = found["_end"].tolist()
    open_end = _instant(as_of)
    cited = Cited(
        frame,
        [labels[p] for at, others in under_way.items() for p in (*_cited(others), at)],
    )
    for at, others in under_way.items():
        overlap = np.append(others, at)
        earliest = int(overlap[np.argmin(ends[overlap])])
        ended = bool(ends[earliest] != _OPEN)
        overlap_end = timestamp(end_moments[earliest]) if ended else as_of
        until = int(ends[earliest]) if ended else open_end
        yield concurrency_kind.breach(
            obligation,
            cited.cite(labels[at]),
            tuple(cited.cite(labels[p]) for p in _cited(others)),
            int(count[at]),
            overlap_end,
            ended,
            int((reported[others] > until).sum()),
        )


def _cited(others: np.ndarray) -> list[int]:
    """The positions of the activities under way that a finding cites."""
    return [int(others[i]) for i in concurrency_kind.cited_others(len(others))]


def _instant(moment: datetime) -> int:
    """A moment as `_instants` gives it."""
    return int(_instants(pd.Series([pd.Timestamp(moment)]))[0])


def _instants(column: pd.Series) -> np.ndarray:
    """A column of times as integers (microseconds since 1970), NaT as the smallest."""
    naive = column.dt.tz_convert("UTC").dt.tz_localize(None)
    instants: np.ndarray = naive.to_numpy(dtype="datetime64[us]").astype(np.int64)
    return instants
