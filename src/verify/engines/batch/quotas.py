"""Where each request stands in its quota, column-wise (`kinds/quota.py`, `QuotaPlace`).

Requests count per unit (the addressee, or its group where the rule's table names the group)
and per quota period, or within the rolling window ending with each request; each flag quota
ranks the requests carrying its flag the same way. Both request kinds use it: quotas (a
refusal within quota is a breach) and responses owed only within quota.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from verify.engines.batch.calendar import period_start_column, shift_column
from verify.kinds import quota as quota_kind
from verify.kinds.quota import QuotaPlace
from verify.model.calendar import Rolling
from verify.model.obligation import QuotaLimit
from verify.predicates.pandas import has_flag

#: The columns `quota_places` adds: unit, its limit, rank, and whether within quota.
UNIT, LIMIT, RANK, WITHIN = "_unit", "_limit", "_rank", "_within"


def quota_places(
    requests: pd.DataFrame, quota: QuotaLimit, group_of: Mapping[str, str]
) -> pd.DataFrame:
    """The requests (sorted by time, then id) with their unit, its limit, their rank, each flag
    quota's rank (`_flag<n>`, 0 where the request lacks the flag) and whether within quota."""
    addressee = requests["counterparty"]
    if quota.parties:
        table = quota_kind.units(quota, group_of)
        unit = addressee.map({a: u for a, (u, _) in table.items()})
        limit = addressee.map({a: most for a, (_, most) in table.items()})
    else:
        unit = addressee
        limit = pd.Series(quota.limit, index=requests.index, dtype="float64")
    owed = unit.notna()
    unit = unit.fillna("")
    rank = _ranks(requests["time"], unit, quota)
    within = owed & (rank <= limit.fillna(-1))
    columns: dict[str, pd.Series] = {UNIT: unit, LIMIT: limit.fillna(0), RANK: rank}
    for number, flag_quota in enumerate(quota.flags):
        carries = has_flag(requests, flag_quota.flag)
        ranks = _ranks(requests["time"][carries], unit[carries], quota)
        flag_rank = ranks.reindex(requests.index, fill_value=0)
        within &= ~carries | (flag_rank <= flag_quota.limit)
        columns[f"_flag{number}"] = flag_rank
    columns[WITHIN] = within
    return requests.assign(**columns)


def _ranks(times: pd.Series, unit: pd.Series, quota: QuotaLimit) -> pd.Series:
    """The 1-based rank of each (time-sorted) request among its unit's in its period, or in the
    rolling window that ends with it (the window's first moment included)."""
    if times.empty:
        return pd.Series(dtype="int64", index=times.index)
    period = quota_kind.quota_period(quota)
    if not isinstance(period, Rolling):
        start = period_start_column(period, times)
        ranks: pd.Series = times.groupby([unit, start], sort=False).cumcount() + 1
        return ranks
    opens = shift_column(times, -period.length)
    position = times.groupby(unit, sort=False).cumcount().to_numpy()
    first = np.empty(len(times), dtype=np.int64)
    values = pd.DatetimeIndex(times).as_unit("us").asi8
    edges = pd.DatetimeIndex(opens).as_unit("us").asi8
    for _, members in times.groupby(unit, sort=False).indices.items():
        first[members] = np.searchsorted(values[members], edges[members], side="left")
    return pd.Series(position - first + 1, index=times.index)


def place_of(row: Mapping[str, object], quota: QuotaLimit) -> QuotaPlace:
    """A row of `quota_places` as the kind's `QuotaPlace`."""
    flags = tuple(
        (flag_quota.flag, int(str(row[f"_flag{number}"])), flag_quota.limit)
        for number, flag_quota in enumerate(quota.flags)
        if int(str(row[f"_flag{number}"])) > 0
    )
    return QuotaPlace(
        unit=str(row[UNIT]),
        limit=int(float(str(row[LIMIT]))),
        rank=int(str(row[RANK])),
        flags=flags,
    )
