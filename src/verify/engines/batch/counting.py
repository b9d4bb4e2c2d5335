"""Counting obligations in pandas: frequency limits per party and window, and request quotas."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

import numpy as np
import pandas as pd

from verify.engines.batch.calendar import window_start_column
from verify.engines.batch.deadlines import answers
from verify.engines.batch.frame import KEY_FIELDS, Cited, records, role_rows, timestamp
from verify.engines.batch.quotas import WITHIN, place_of, quota_places
from verify.kinds import frequency as frequency_kind
from verify.kinds import quota as quota_kind
from verify.model.breach import Breach
from verify.model.obligation import Frequency, Quota


def frequency(
    obligation: Frequency, frame: pd.DataFrame, parties: tuple[str, ...]
) -> Iterator[Breach]:
    """Each activity that is the (limit+1)-th or later of its party within its window.

    Records sharing an activity key count once (the earliest start).
    """
    rows = role_rows(obligation, frame, parties)["trigger"].copy()
    rows["_anchor"] = rows["start"].fillna(rows["time"])
    rows = rows.sort_values(["party", "_anchor", "id"], kind="stable")
    keyed = rows["activity"].notna()
    rows = pd.concat(
        [rows[keyed].drop_duplicates(["party", "activity"]), rows[~keyed]]
    ).sort_values(["party", "_anchor", "id"], kind="stable")
    if rows.empty:
        return
    anchors = rows["_anchor"]
    window_start = window_start_column(frequency_kind.window(obligation), anchors)
    position = rows.groupby("party", sort=False).cumcount().to_numpy()
    first_in_window = np.empty(len(rows), dtype=np.int64)
    for _, members in rows.groupby("party", sort=False).indices.items():
        party_anchors = anchors.to_numpy()[members]
        first_in_window[members] = np.searchsorted(
            party_anchors, window_start.to_numpy()[members], side="left"
        )
    count = position - first_in_window + 1
    over = np.flatnonzero(count > obligation.limit)
    earlier = {int(at): frequency_kind.earlier_cited(int(at), int(count[at])) for at in over}
    labels = [rows.index[p] for at in over for p in (*earlier[int(at)], int(at))]
    cited = Cited(frame, labels)
    for over_at in over:
        at = int(over_at)
        yield frequency_kind.breach(
            obligation,
            cited.cite(rows.index[at]),
            tuple(cited.cite(rows.index[p]) for p in earlier[at]),
            int(count[at]),
            timestamp(window_start.iloc[at]),
        )


def quota(
    obligation: Quota,
    frame: pd.DataFrame,
    parties: tuple[str, ...],
    group_of: Mapping[str, str] | None = None,
) -> Iterator[Breach]:
    """Refusals of requests that fall within the quota of their addressee (or its group, as
    `group_of` maps grouped parties) for the period."""
    roles = role_rows(obligation, frame, parties, KEY_FIELDS)
    requests = roles["request"].sort_values(["time", "id"], kind="stable")
    if requests.empty:
        return
    requests = quota_places(requests, obligation.quota, group_of or {})
    rows = answers(roles["answer"], requests)
    refused = rows[rows["_counter_time"].notna() & rows[WITHIN].astype(bool)]
    cited = Cited(frame, [*refused["_trigger_index"], *refused["_counter_index"]])
    for row in records(refused):
        yield quota_kind.breach(
            obligation,
            cited.cite(row["_trigger_index"]),
            cited.cite(row["_counter_index"]),
            place_of(row, obligation.quota),
        )
