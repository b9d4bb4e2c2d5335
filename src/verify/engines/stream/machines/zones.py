"""Zone prohibitions: a covered activity inside a zone, or within a distance of a line.

The stream twin of `batch/zones.py`, with the same wording and the same geometry
(`engines/geometry.py`). Geometry is no business of a Rete network: the matcher says which
records are covered, and the distance is measured here. A record is judged the moment it
arrives; it is cited for the first of the obligation's zones it lies in.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from verify.engines.breach import Breach
from verify.engines.geometry import ZoneShape, zone_shape
from verify.engines.stream.clock import Clock
from verify.engines.stream.machines.base import Machine
from verify.engines.stream.records import Rec, cite, met_comparisons
from verify.engines.wording import amount, when
from verify.model.finding import TrailStep, Window
from verify.model.obligation import ZoneProhibition
from verify.model.treaty import LineZone, TreatyMeta


class ZoneMachine(Machine):
    """`ZoneProhibition`: no state, only the zones' shapes."""

    obligation: ZoneProhibition

    def __init__(self, index: int, obligation: ZoneProhibition, meta: TreatyMeta) -> None:
        super().__init__(index, obligation, meta)
        zones = {zone.id: zone for zone in meta.zones}
        self.zones: list[tuple[str, str, float, ZoneShape]] = []
        self._distances: dict[int, list[float]] = {}
        for zone_id in obligation.zones:
            zone = zones[zone_id]
            limit = obligation.within_km
            if limit is None:
                limit = zone.buffer_km if isinstance(zone, LineZone) else 0.0
            self.zones.append((zone_id, zone.name, limit, zone_shape(zone)))

    def new_state(self) -> None:
        """No state at all."""
        return

    def prepare(self, recs: Sequence[Rec]) -> None:
        """Measure the distances of a batch's positioned records to each zone in one go."""
        located = [rec for rec in recs if rec.lat is not None and rec.lon is not None]
        self._distances = {}
        if located:
            lon = np.array([rec.lon for rec in located], dtype=np.float64)
            lat = np.array([rec.lat for rec in located], dtype=np.float64)
            measured = [shape.distance_km(lon, lat) for _, _, _, shape in self.zones]
            self._distances = {
                rec.seq: [float(column[at]) for column in measured]
                for at, rec in enumerate(located)
            }

    def _distances_of(self, rec: Rec) -> list[float]:
        known = self._distances.pop(rec.seq, None)
        if known is not None:
            return known
        if rec.lat is None or rec.lon is None:
            return [math.nan] * len(self.zones)
        lon = np.array([rec.lon], dtype=np.float64)
        lat = np.array([rec.lat], dtype=np.float64)
        return [float(shape.distance_km(lon, lat)[0]) for _, _, _, shape in self.zones]

    def observe(self, rec: Rec, roles: frozenset[str], clock: Clock) -> list[Breach]:
        """A breach for the first zone the record lies in (or is reported in)."""
        obs = rec
        located = obs.lat is not None and obs.lon is not None
        distances = self._distances_of(rec)
        for (zone_id, name, limit, _), distance in zip(self.zones, distances, strict=True):
            inside = distance <= limit + 1e-9 if located else obs.zone == zone_id
            if inside:
                return [self._breach(rec, zone_id, name, limit, distance)]
        return []

    def _breach(self, rec: Rec, zone_id: str, name: str, limit: float, distance: float) -> Breach:
        obligation = self.obligation
        obs = rec
        at = rec.time
        label = name or zone_id
        if math.isnan(distance):
            measured = f"reported in zone {zone_id}"
        elif limit > 0:
            measured = f"at {obs.lat:.4f}, {obs.lon:.4f}: {distance:.2f} km from {label}"
        else:
            measured = f"at {obs.lat:.4f}, {obs.lon:.4f}: inside {label}"
        required = f"no such {obligation.scope.activity_noun} " + (
            f"within {amount(limit)} km of {label}" if limit > 0 else f"inside {label}"
        )
        return Breach(
            obligation=obligation,
            party=obs.party,
            subject=(obs.id, zone_id),
            cited=(cite(rec, f"the {obs.kind} in the zone"),),
            trail=(
                TrailStep(
                    step=f"covered {obligation.scope.activity_noun}",
                    measured=f"{obs.kind} {obs.id} at {when(at)}; "
                    + met_comparisons(rec, obligation.scope.condition),
                    required=" or ".join(obligation.scope.kinds),
                    holds=True,
                ),
                TrailStep(step="position", measured=measured, required=required, holds=False),
            ),
            summary=(
                f"{obs.party} conducted a {obs.kind} ({obs.id}) on {when(at)[:10]} "
                + (
                    f"{distance:.1f} km from {label}"
                    if not math.isnan(distance) and limit > 0
                    else f"inside {label}"
                )
                + f", where it is prohibited ({obligation.article})."
            ),
            window=Window(start=at, end=at),
            at=at,
            zone=zone_id,
        )
