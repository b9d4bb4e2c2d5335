"""Zone prohibitions: a covered activity inside a zone, or within a distance of a line.

What it means and how a breach is worded is `kinds/zone_prohibition.py`, with the batch
engine's geometry (`engines/geometry.py`). Geometry is no business of a Rete network: the
matcher says which
records are covered, and the distance is measured here. A record is judged the moment it
arrives; it is cited for the first of the obligation's zones it lies in.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from verify.engines.geometry import ZoneShape, zone_shape
from verify.engines.stream.clock import Clock
from verify.engines.stream.machines.base import Machine
from verify.engines.stream.records import Rec, cite
from verify.kinds import zone_prohibition as zone_kind
from verify.model.breach import Breach
from verify.model.obligation import ZoneProhibition
from verify.model.treaty import LineZone, PolygonZone, TreatyMeta
from verify.predicates.python import holds


class ZoneMachine(Machine):
    """`ZoneProhibition`: no state, only the zones' shapes."""

    order_free = True

    obligation: ZoneProhibition

    def __init__(self, index: int, obligation: ZoneProhibition, meta: TreatyMeta) -> None:
        super().__init__(index, obligation, meta)
        zones = {zone.id: zone for zone in meta.zones}
        self.checks = zone_kind.zone_checks(obligation, zones)
        self.zones: list[tuple[PolygonZone | LineZone, float, ZoneShape]] = [
            (check.zone, check.limit, zone_shape(check.zone)) for check in self.checks
        ]
        self._distances: dict[int, list[float]] = {}

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
            measured = [shape.distance_km(lon, lat) for _, _, shape in self.zones]
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
        return [float(shape.distance_km(lon, lat)[0]) for _, _, shape in self.zones]

    def observe(self, rec: Rec, roles: frozenset[str], clock: Clock) -> list[Breach]:
        """A breach for the first zone the record lies in (or is reported in), of those of its
        platform where the rule has platforms."""
        located = rec.lat is not None and rec.lon is not None
        distances = self._distances_of(rec)
        for check, distance in zip(self.checks, distances, strict=True):
            if check.platform is not None and not holds(check.platform, rec):
                continue
            zone = check.zone
            inside = zone_kind.is_inside(distance, check.limit) if located else rec.zone == zone.id
            if inside:
                text = check.platform_text
                return [zone_kind.breach(self.obligation, cite(rec), zone, distance, text)]
        return []
