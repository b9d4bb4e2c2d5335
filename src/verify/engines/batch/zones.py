"""Zone prohibitions in pandas: covered activities inside a zone or within a distance of a line."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

import numpy as np
import pandas as pd

from verify.engines.batch.frame import (
    cite_row,
    exempt_always,
    measured_quantities,
    rows_by_label,
    scope_mask,
    timestamp,
)
from verify.engines.breach import Breach
from verify.engines.geometry import zone_shape
from verify.engines.wording import amount, when
from verify.feeds.canonical import float_columns
from verify.model.finding import TrailStep, Window
from verify.model.obligation import ZoneProhibition
from verify.model.treaty import LineZone, TreatyMeta


def zone_prohibition(
    obligation: ZoneProhibition, frame: pd.DataFrame, as_of: datetime, meta: TreatyMeta
) -> Iterator[Breach]:
    """Covered records positioned in (or reported in) a prohibited zone."""
    covered = scope_mask(frame, obligation.scope) & ~exempt_always(frame, obligation.exemptions)
    rows = frame[covered]
    if rows.empty:
        return
    zones = {zone.id: zone for zone in meta.zones}
    seen: set[str] = set()
    floats = float_columns(frame)
    for zone_id in obligation.zones:
        zone = zones[zone_id]
        limit = obligation.within_km
        if limit is None:
            limit = zone.buffer_km if isinstance(zone, LineZone) else 0.0
        located = rows["lat"].notna() & rows["lon"].notna()
        distance = pd.Series(np.nan, index=rows.index)
        if located.any():
            shape = zone_shape(zone)
            distance[located] = shape.distance_km(
                rows.loc[located, "lon"].to_numpy(dtype=np.float64),
                rows.loc[located, "lat"].to_numpy(dtype=np.float64),
                up_to=limit + 1.0,
            )
        inside = ((distance <= limit + 1e-9) | (~located & (rows["zone"] == zone_id))).fillna(False)
        hits = rows.index[inside.to_numpy()]
        fetched = rows_by_label(frame, hits)
        for index, away in zip(hits, distance[hits].to_numpy(), strict=True):
            row = fetched[index]
            record_id = str(row["id"])
            if record_id in seen:
                continue
            seen.add(record_id)
            yield _zone_breach(obligation, row, floats, zone_id, zone.name, limit, float(away))


def _zone_breach(
    obligation: ZoneProhibition,
    row: dict[str, Any],
    floats: set[str],
    zone_id: str,
    zone_name: str,
    limit: float,
    distance: float,
) -> Breach:
    at = timestamp(row["time"])
    label = zone_name or zone_id
    if pd.isna(distance):
        measured = f"reported in zone {zone_id}"
    elif limit > 0:
        measured = f"at {row['lat']:.4f}, {row['lon']:.4f}: {distance:.2f} km from {label}"
    else:
        measured = f"at {row['lat']:.4f}, {row['lon']:.4f}: inside {label}"
    required = f"no such {obligation.scope.activity_noun} " + (
        f"within {amount(limit)} km of {label}" if limit > 0 else f"inside {label}"
    )
    return Breach(
        obligation=obligation,
        party=str(row["party"]),
        subject=(str(row["id"]), zone_id),
        cited=(cite_row(row, f"the {row['kind']} in the zone", floats),),
        trail=(
            TrailStep(
                step=f"covered {obligation.scope.activity_noun}",
                measured=f"{row['kind']} {row['id']} at {when(at)}; "
                + measured_quantities(row, obligation.scope.condition),
                required=" or ".join(obligation.scope.kinds),
                holds=True,
            ),
            TrailStep(step="position", measured=measured, required=required, holds=False),
        ),
        summary=(
            f"{row['party']} conducted a {row['kind']} ({row['id']}) on {when(at)[:10]} "
            + (
                f"{distance:.1f} km from {label}"
                if not pd.isna(distance) and limit > 0
                else f"inside {label}"
            )
            + f", where it is prohibited ({obligation.article})."
        ),
        window=Window(start=at, end=at),
        at=at,
        zone=zone_id,
    )
