"""Quantity obligations in pandas: ceilings on holdings, declared against observed, prohibitions."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import pandas as pd

from verify.engines.batch.ceilings import ceiling_episodes
from verify.engines.batch.frame import Cited, records, role_rows
from verify.kinds import ceiling as ceiling_kind
from verify.kinds import declared_observed as declared_kind
from verify.kinds import prohibition as prohibition_kind
from verify.model.breach import Breach
from verify.model.obligation import Ceiling, DeclaredObserved, Prohibition


def ceiling(
    obligation: Ceiling, frame: pd.DataFrame, as_of: datetime, parties: tuple[str, ...]
) -> Iterator[Breach]:
    """The latest holding per party (and zone) above the limit; over time, each episode."""
    if obligation.over_time:
        yield from ceiling_episodes(obligation, frame, as_of, parties)
        return
    rows = role_rows(obligation, frame, parties)["holding"]
    keys = ["party", "zone"] if obligation.per_zone else ["party"]
    latest = rows.sort_values(["time", "id"], kind="stable").drop_duplicates(keys, keep="last")
    over = latest[latest[obligation.quantity] > obligation.limit] if not latest.empty else latest
    cited = Cited(frame, over.index)
    for index in over.index:
        yield ceiling_kind.breach(obligation, cited.cite(index), as_of)


def declared_observed(
    obligation: DeclaredObserved, frame: pd.DataFrame, parties: tuple[str, ...]
) -> Iterator[Breach]:
    """Observed quantities that break the activity's latest declaration: the earliest such
    observation of each activity."""
    quantity = obligation.quantity
    roles = role_rows(obligation, frame, parties)
    observed = roles["observed"]
    declared = roles["declared"].sort_values(["time", "id"], kind="stable")
    latest = declared.drop_duplicates(["party", "activity"], keep="last")
    pairs = observed.assign(_observed_index=observed.index).merge(
        pd.DataFrame(
            {
                "party": latest["party"],
                "activity": latest["activity"],
                "_declared_index": latest.index,
                "_declared": latest[quantity] if quantity in latest.columns else pd.Series(),
            }
        ),
        on=["party", "activity"],
        how="inner",
    )
    if pairs.empty:
        return
    breach = declared_kind.breaks(obligation, pairs[quantity], pairs["_declared"])
    pairs = pairs[pd.Series(breach, index=pairs.index, dtype=bool)]
    pairs = pairs.sort_values(["time", "id"], kind="stable")
    pairs = pairs.drop_duplicates(["party", "activity"], keep="first")
    cited = Cited(frame, [*pairs["_observed_index"], *pairs["_declared_index"]])
    for row in records(pairs, ["_observed_index", "_declared_index"]):
        yield declared_kind.breach(
            obligation,
            cited.cite(row["_observed_index"]),
            cited.cite(row["_declared_index"]),
        )


def prohibition(
    obligation: Prohibition, frame: pd.DataFrame, parties: tuple[str, ...]
) -> Iterator[Breach]:
    """Every record matching the scope of an outright prohibition."""
    rows = role_rows(obligation, frame, parties)["trigger"]
    cited = Cited(frame, rows.index)
    for label in rows.index:
        yield prohibition_kind.breach(obligation, cited.cite(label))
