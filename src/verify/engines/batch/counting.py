"""Counting obligations in pandas: frequency limits per party and period, and request quotas."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import numpy as np
import pandas as pd

from verify.engines.batch.deadlines import answers, quota_rank
from verify.engines.batch.frame import (
    cite,
    exempt_always,
    has_flag,
    met_comparisons,
    record_id,
    scope_mask,
    timestamp,
)
from verify.engines.breach import Breach
from verify.engines.wording import condition_text, when
from verify.model.finding import TrailStep, Window
from verify.model.obligation import Frequency, Quota

#: How many earlier activities a frequency finding cites besides the one over the limit.
CITED_EARLIER = 10


def frequency(obligation: Frequency, frame: pd.DataFrame, as_of: datetime) -> Iterator[Breach]:
    """Each activity that is the (limit+1)-th or later of its party within the period.

    The period is `years` consecutive calendar years ending with the activity's own year;
    records sharing an activity key count once (the earliest).
    """
    covered = scope_mask(frame, obligation.scope) & ~exempt_always(frame, obligation.exemptions)
    rows = frame[covered].copy()
    rows["_anchor"] = rows["start"].fillna(rows["time"])
    rows = rows.sort_values(["party", "_anchor", "id"], kind="stable")
    keyed = rows["activity"].notna()
    rows = pd.concat(
        [rows[keyed].drop_duplicates(["party", "activity"]), rows[~keyed]]
    ).sort_values(["party", "_anchor", "id"], kind="stable")
    if rows.empty:
        return
    anchors = rows["_anchor"]
    window_years = anchors.dt.year - (obligation.years - 1)
    window_start = pd.to_datetime(
        pd.DataFrame({"year": window_years, "month": 1, "day": 1}), utc=True
    ).astype(anchors.dtype)
    position = rows.groupby("party", sort=False).cumcount().to_numpy()
    first_in_window = np.empty(len(rows), dtype=np.int64)
    for _, members in rows.groupby("party", sort=False).indices.items():
        party_anchors = anchors.to_numpy()[members]
        first_in_window[members] = np.searchsorted(
            party_anchors, window_start.to_numpy()[members], side="left"
        )
    count = position - first_in_window + 1
    over = np.flatnonzero(count > obligation.limit)
    period = (
        "per calendar year"
        if obligation.years == 1
        else f"within {obligation.years} calendar years"
    )
    for over_at in over:
        at = int(over_at)
        row = rows.iloc[at]
        index = rows.index[at]
        party = str(row["party"])
        earlier_positions = range(max(at - int(count[at]) + 1, at - CITED_EARLIER), at)
        anchor = timestamp(row["_anchor"])
        start_of_window = timestamp(window_start.iloc[at])
        # Cite from `frame`: `rows` carries `_anchor`, which is no field of the record.
        cited = [cite(frame, index, f"the {obligation.scope.activity_noun} over the limit")]
        cited += [
            cite(
                frame,
                rows.index[p],
                f"an earlier {obligation.scope.activity_noun} counted in the period",
            )
            for p in earlier_positions
        ]
        yield Breach(
            obligation=obligation,
            party=party,
            subject=(str(row["id"]),),
            cited=tuple(cited),
            trail=(
                TrailStep(
                    step=f"covered {obligation.scope.activity_noun}",
                    measured=f"{row['kind']} {row['id']} starting {when(anchor)}; "
                    + met_comparisons(rows, index, obligation.scope.condition),
                    required=condition_text(obligation.scope.condition),
                    holds=True,
                ),
                TrailStep(
                    step="count in the period",
                    measured=f"{int(count[at])} by {party} from {when(start_of_window)[:10]}"
                    f" to {when(anchor)[:10]}",
                    required=f"at most {obligation.limit} {period}",
                    holds=False,
                ),
            ),
            summary=(
                f"{party}'s {row['kind']} {row['id']} of {when(anchor)[:10]} is its"
                f" {_ordinal(int(count[at]))} such {obligation.scope.activity_noun} {period};"
                f" at most {obligation.limit} are allowed ({obligation.article})."
            ),
            window=Window(start=start_of_window, end=anchor),
            at=anchor,
        )


def _ordinal(number: int) -> str:
    suffix = (
        "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    )
    return f"{number}{suffix}"


def quota(obligation: Quota, frame: pd.DataFrame, as_of: datetime) -> Iterator[Breach]:
    """Refusals of requests that fall within the addressee's quota for the period."""
    requests = frame[scope_mask(frame, obligation.scope) & frame["counterparty"].notna()]
    requests = requests.sort_values(["time", "id"], kind="stable")
    if requests.empty:
        return
    requests = requests.assign(_rank=quota_rank(requests, obligation.quota))
    refusals = frame[
        (frame["kind"] == obligation.refusal_kind) & has_flag(frame, obligation.refusal_flag)
    ]
    rows = answers(refusals, requests, obligation.refusal_kind)
    refused = rows[rows["_counter_time"].notna() & (rows["_rank"] <= obligation.quota.limit)]
    period = (
        "calendar year"
        if obligation.quota.years == 1
        else f"{obligation.quota.years} calendar years"
    )
    for _, row in refused.iterrows():
        asked = timestamp(row["time"])
        answered = timestamp(row["_counter_time"])
        debtor = str(row["counterparty"])
        refusal_id = record_id(frame, row["_counter_index"])
        yield Breach(
            obligation=obligation,
            party=debtor,
            counterparty=str(row["party"]),
            subject=(str(row["id"]),),
            cited=(
                cite(frame, row["_trigger_index"], "the request within quota"),
                cite(frame, row["_counter_index"], "the refusal"),
            ),
            trail=(
                TrailStep(
                    step="quota",
                    measured=f"{row['kind']} {row['id']} is request {int(row['_rank'])} received"
                    f" by {debtor} in its {period}",
                    required=f"at most {obligation.quota.limit} per {period} must be accepted",
                    holds=True,
                ),
                TrailStep(
                    step="refusal",
                    measured=f"{obligation.refusal_kind} {refusal_id} flagged"
                    f" {obligation.refusal_flag!r} at {when(answered)}",
                    required="no refusal of a request within quota",
                    holds=False,
                ),
            ),
            summary=(
                f"{debtor} refused {row['party']}'s {row['kind']} {row['id']}"
                f" of {when(asked)[:10]},"
                f" request {int(row['_rank'])} of its quota of {obligation.quota.limit} per"
                f" {period} ({obligation.article})."
            ),
            window=Window(start=asked, end=answered),
            at=answered,
        )
