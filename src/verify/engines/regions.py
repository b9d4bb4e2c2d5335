"""A rule's zone of application, shared by the engines: which records it may look at.

A rule that says `only records inside the zone "<zone>" are covered` looks only at records that
lie in that zone (inside a polygon, or within a line zone's `buffer_km`) or carry no position:
a record positioned outside plays no part in the rule, and one without a position is presumed
inside (a notification rarely carries one, and the activity it announces is judged by its own
position). Both engines ask the same `Region` before a record plays any role.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from verify.engines.geometry import ZoneShape, zone_shape
from verify.model.obligation import Obligation
from verify.model.treaty import LineZone, TreatyMeta

#: Slack in km for a position exactly on the zone's edge.
EDGE_KM = 1e-9


@dataclass(frozen=True)
class Region:
    """The zone a rule applies within, ready for vectorised tests."""

    shape: ZoneShape
    limit: float

    def admits(self, lon: NDArray[np.float64], lat: NDArray[np.float64]) -> NDArray[np.bool_]:
        """Whether each position lies in the zone; a missing position (NaN) is admitted."""
        missing = np.isnan(lon) | np.isnan(lat)
        inside = np.ones(len(lon), dtype=bool)
        if (~missing).any():
            inside[~missing] = self._admits_present(lon[~missing], lat[~missing])
        return inside

    def _admits_present(
        self, lon: NDArray[np.float64], lat: NDArray[np.float64]
    ) -> NDArray[np.bool_]:
        """`admits` for positions that are all present. A position on the zone (distance 0) is
        found by a prepared point-in-geometry test, far cheaper than measuring; only the others
        are measured, as before, so the answer is the measured one for every position."""
        touching = self.shape.touches(lon, lat)
        admitted = touching.copy()
        rest = np.flatnonzero(~touching)
        if rest.size:
            distance = self.shape.distance_km(lon[rest], lat[rest], up_to=self.limit + 1)
            admitted[rest] = distance <= self.limit + EDGE_KM
        return admitted


def region_of(obligation: Obligation, meta: TreatyMeta) -> Region | None:
    """The rule's zone of application, or None where it applies wherever a record lies."""
    zone_id = obligation.scope.within_zone
    if zone_id is None:
        return None
    zone = next(z for z in meta.zones if z.id == zone_id)
    limit = zone.buffer_km if isinstance(zone, LineZone) else 0.0
    return Region(zone_shape(zone), limit)
