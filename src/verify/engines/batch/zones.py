"""Zone prohibitions in pandas: covered activities inside a zone or within a distance of a line."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pandas as pd

from verify.engines.batch.frame import Cited, role_rows
from verify.engines.geometry import zone_shape
from verify.kinds import zone_prohibition as zone_kind
from verify.model.breach import Breach
from verify.model.obligation import ZoneProhibition
from verify.model.treaty import TreatyMeta
from verify.predicates.pandas import mask


def zone_prohibition(
    obligation: ZoneProhibition, frame: pd.DataFrame, meta: TreatyMeta, parties: tuple[str, ...]
) -> Iterator[Breach]:
    """Covered records positioned in (or reported in) a prohibited zone, each for the first of
    the obligation's zones it lies in (of its platform's zones, where the rule has platforms)."""
    rows = role_rows(obligation, frame, parties)["trigger"]
    if rows.empty:
        return
    zones = {zone.id: zone for zone in meta.zones}
    seen: set[str] = set()
    located = rows["lat"].notna() & rows["lon"].notna()
    for check in zone_kind.zone_checks(obligation, zones):
        zone, limit = check.zone, check.limit
        distance = pd.Series(np.nan, index=rows.index)
        if located.any():
            distance[located] = zone_shape(zone).distance_km(
                rows.loc[located, "lon"].to_numpy(dtype=np.float64),
                rows.loc[located, "lat"].to_numpy(dtype=np.float64),
                up_to=limit + 1.0,
            )
        inside = zone_kind.is_inside(distance, limit) | (~located & (rows["zone"] == zone.id))
        if check.platform is not None:
            inside &= mask(check.platform, rows)
        hits = rows.index[inside.fillna(False).to_numpy(dtype=bool)]
        cited = Cited(frame, hits)
        for index, away in zip(hits, distance[hits].to_numpy(), strict=True):
            hit = cited.cite(index)
            if hit.id in seen:
                continue
            seen.add(hit.id)
            yield zone_kind.breach(obligation, hit, zone, float(away), check.platform_text)
