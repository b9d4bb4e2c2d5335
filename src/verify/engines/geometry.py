"""Zone geometry shared by the engines: containment in polygons and distance to lines, in km.

Distances use a local equirectangular projection centred on the zone (km per degree of latitude
110.574, of longitude 111.320 x cos(latitude)); over the tens of kilometres that buffer zones
span, its error is far below the precision of reported positions.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import shapely
from numpy.typing import NDArray
from shapely.geometry import shape

from verify.model.treaty import LineZone, PolygonZone

KM_PER_DEGREE_LAT = 110.574
KM_PER_DEGREE_LON = 111.320


@dataclass(frozen=True)
class ZoneShape:
    """A zone ready for vectorised tests: its projection origin and projected geometry."""

    zone_id: str
    lon0: float
    lat0: float
    geometry: object
    is_line: bool

    def project(
        self, lon: NDArray[np.float64], lat: NDArray[np.float64]
    ) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        """Longitudes and latitudes as kilometres east and north of the zone's origin."""
        x = (lon - self.lon0) * KM_PER_DEGREE_LON * math.cos(math.radians(self.lat0))
        y = (lat - self.lat0) * KM_PER_DEGREE_LAT
        return x, y

    def touches(self, lon: NDArray[np.float64], lat: NDArray[np.float64]) -> NDArray[np.bool_]:
        """Whether each position lies on the zone (inside or on the edge of a polygon, on a
        line): those at distance 0. The geometry is prepared on first use."""
        x, y = self.project(lon, lat)
        shapely.prepare(self.geometry)
        return np.asarray(shapely.intersects_xy(self.geometry, x, y), dtype=bool)

    def distance_km(
        self, lon: NDArray[np.float64], lat: NDArray[np.float64], up_to: float | None = None
    ) -> NDArray[np.float64]:
        """Distance of each position to the zone (0 inside a polygon). With `up_to`, positions
        outside the zone's bounding box widened by that many km are not measured: they are
        farther, and get infinity (most records of a feed lie far from any zone)."""
        x, y = self.project(lon, lat)
        distances = np.full(len(x), np.inf)
        near = np.ones(len(x), dtype=bool)
        if up_to is not None:
            west, south, east, north = shapely.bounds(self.geometry)
            near = (x >= west - up_to) & (x <= east + up_to)
            near &= (y >= south - up_to) & (y <= north + up_to)
        points = shapely.points(x[near], y[near])
        distances[near] = shapely.distance(self.geometry, points)
        return distances


def zone_shape(zone: PolygonZone | LineZone) -> ZoneShape:
    """Project a zone's geometry around its centroid for distance and containment tests."""
    if isinstance(zone, LineZone):
        coordinates = np.asarray(zone.coordinates, dtype=np.float64)
        lon0, lat0 = float(coordinates[:, 0].mean()), float(coordinates[:, 1].mean())
        shell = ZoneShape(zone.id, lon0, lat0, None, True)
        x, y = shell.project(coordinates[:, 0], coordinates[:, 1])
        return ZoneShape(zone.id, lon0, lat0, shapely.linestrings(x, y), True)
    geometry = shape(zone.geometry)
    centre = geometry.centroid
    shell = ZoneShape(zone.id, centre.x, centre.y, None, False)
    projected = shapely.transform(
        geometry, lambda xy: np.column_stack(shell.project(xy[:, 0], xy[:, 1]))
    )
    return ZoneShape(zone.id, centre.x, centre.y, projected, False)
