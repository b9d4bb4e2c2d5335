"""Derive the korea-cma-2018 context layer (natural-earth-korea.geojson) from Natural Earth
1:10m Admin 0 countries, as the world-atlas package 2.0.2 redistributes it (countries-10m.json,
Natural Earth 4.1.0, public domain): North and South Korea, clipped to the area of the zones
and simplified, coordinates to three decimals.

Usage: python derive.py countries-10m.json > natural-earth-korea.geojson
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from shapely.geometry import box, mapping, shape

#: ISO 3166-1 numeric codes: North Korea, South Korea.
COUNTRIES = ("408", "410")
CLIP = box(124.0, 36.8, 129.6, 39.2)
TOLERANCE_DEGREES = 0.005


def _arcs(topology: dict[str, Any]) -> list[list[tuple[float, float]]]:
    """The topology's arcs, delta-decoded and transformed to longitude and latitude."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    decoded = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        decoded.append(points)
    return decoded


def _ring(arcs: list[list[tuple[float, float]]], indices: list[int]) -> list[tuple[float, float]]:
    """A ring joined from arcs (a negative index is an arc reversed, `~index`)."""
    points: list[tuple[float, float]] = []
    for index in indices:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def _rounded(value: Any) -> Any:
    if isinstance(value[0], list | tuple):
        return [_rounded(part) for part in value]
    return [round(value[0], 3), round(value[1], 3)]


def derive(topology: dict[str, Any]) -> dict[str, Any]:
    """The context layer: one Feature per country, clipped and simplified."""
    arcs = _arcs(topology)
    features = []
    for country in topology["objects"]["countries"]["geometries"]:
        if country.get("id") not in COUNTRIES:
            continue
        polygons = [[_ring(arcs, ring) for ring in polygon] for polygon in country["arcs"]]
        outline = shape({"type": "MultiPolygon", "coordinates": polygons}).intersection(CLIP)
        geometry = mapping(outline.simplify(TOLERANCE_DEGREES, preserve_topology=True))
        features.append(
            {
                "type": "Feature",
                "properties": {"name": country["properties"]["name"]},
                "geometry": {
                    "type": geometry["type"],
                    "coordinates": _rounded(geometry["coordinates"]),
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


if __name__ == "__main__":
    source = json.loads(Path(sys.argv[1]).read_text("utf-8"))
    print(json.dumps(derive(source), separators=(",", ":")))
