"""Ceilings judged over time in pandas: each episode above the limit, per party (and zone).

What an episode is, and how its breach is worded, is `kinds/ceiling.py`; this finds them
column-wise: holdings ordered per party (and zone) by time, then id; an episode starts at a
holding above the limit whose predecessor was not, and ends at the next holding that is not.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import numpy as np
import pandas as pd

from verify.engines.batch.frame import Cited, role_rows
from verify.kinds import ceiling as ceiling_kind
from verify.model.breach import Breach
from verify.model.obligation import Ceiling


def ceiling_episodes(
    obligation: Ceiling, frame: pd.DataFrame, as_of: datetime, parties: tuple[str, ...]
) -> Iterator[Breach]:
    """Each episode above the limit, closed by the first holding back under it, or open."""
    rows = role_rows(obligation, frame, parties)["holding"]
    since = ceiling_kind.judged_from(obligation)
    if since is not None:
        rows = rows[rows["time"] >= pd.Timestamp(since)]
    if rows.empty:
        return
    keys = ["party", "zone"] if obligation.per_zone else ["party"]
    ordered = rows.sort_values([*keys, "time", "id"], kind="stable")
    group = ordered.groupby(keys, dropna=False, sort=False).ngroup()
    above = pd.Series(
        ceiling_kind.is_above(obligation, ordered[obligation.quantity].to_numpy(dtype=float)),
        index=ordered.index,
    )
    before = above.groupby(group).shift(1).fillna(False).astype(bool)
    starts = (above & ~before).to_numpy(dtype=bool)
    if not starts.any():
        return
    positions = np.arange(len(ordered), dtype=float)
    under = pd.Series(np.where(above, np.nan, positions), index=ordered.index)
    following = under.groupby(group).bfill().to_numpy()[starts]
    firsts = ordered.index[starts]
    backs = [None if np.isnan(at) else ordered.index[int(at)] for at in following]
    cited = Cited(frame, [*firsts, *(label for label in backs if label is not None)])
    for first, back in zip(firsts, backs, strict=True):
        closing = None if back is None else cited.cite(back)
        yield ceiling_kind.episode_breach(obligation, cited.cite(first), closing, as_of)
