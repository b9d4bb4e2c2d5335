"""Figures for the HTML briefing, drawn with matplotlib off screen and returned as inline SVG.

Each SVG is made byte-for-byte reproducible: a fixed hash salt, no creation date or creator
metadata, text kept as text, and element ids prefixed so that several figures can share a page.
The XML prolog, metadata and namespace declarations are dropped: an HTML5 parser needs none of
them for inline SVG, and this keeps every URL out of the briefing.

Text drawn from records (ids on the axes and the map) is drawn as written: `printable`, and
never parsed as mathtext (`$...$` would be typeset, and a malformed one stopped the briefing).
The SVG writer escapes `<` and `&` in it.
"""

from __future__ import annotations

import math
import re
import textwrap
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from io import BytesIO
from typing import Any

import matplotlib
import matplotlib.dates
import matplotlib.style
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Polygon as PolygonPatch
from shapely.geometry import LineString

from verify.escaping import printable
from verify.model.finding import Evidence, Finding
from verify.model.instants import as_utc
from verify.model.run import RunResult
from verify.model.treaty import ContextLayer, LineZone, PolygonZone, Zone

KM_PER_DEGREE_LAT = 110.574
KM_PER_DEGREE_LON_AT_EQUATOR = 111.320
#: matplotlib's date locators and formatters carry no type hints; they are used through this.
DATES: Any = matplotlib.dates
#: Day numbers count from matplotlib's default epoch, which `_deterministic_style` sets.
DATE_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
SVG_METADATA: dict[str, str | None] = {"Date": None, "Creator": None, "Format": None, "Type": None}
COLOURS = {
    "record": "#1f4e79",
    "activity": "#7f7f7f",
    "deadline": "#c0392b",
    "window": "#eef2f7",
    "zone": "#e67e22",
    "required": "#95a5a6",
    "actual": "#c0392b",
    "land": "#eceae4",
    "sea": "#e3edf5",
    "coast": "#9a978c",
}


@dataclass(frozen=True)
class LeadTimes:
    """Required against actual time: lead before an activity's start, or time to a response."""

    measure: str
    required: timedelta
    actual: timedelta | None


def _activity_lead(finding: Finding) -> LeadTimes | None:
    """Lead before the start: the earliest record of another kind dated before the start.

    The activity is the record with the earliest start; of several (a notification repeats the
    start it announces), the one reported last, since an activity is seen once it has begun.
    """
    starts = [r.start for r in finding.evidence if r.start is not None]
    if not starts or finding.due is None:
        return None
    start = min(starts)
    activity = max((r for r in finding.evidence if r.start == start), key=lambda r: r.time)
    notices = [r.time for r in finding.evidence if r.kind != activity.kind and r.time < start]
    actual = start - min(notices) if notices else None
    return LeadTimes("notice before the start", start - finding.due, actual)


def _response_time(finding: Finding) -> LeadTimes | None:
    """Time to respond: from the earliest record (the request) to the first of another kind."""
    if not finding.evidence or finding.due is None:
        return None
    request = min(finding.evidence, key=lambda record: record.time)
    replies = [r.time for r in finding.evidence if r.kind != request.kind and r.time > request.time]
    actual = min(replies) - request.time if replies else None
    return LeadTimes("time to respond", finding.due - request.time, actual)


def lead_times(finding: Finding) -> LeadTimes | None:
    """The required and actual lead (or response) time a finding's evidence shows, if any."""
    return _activity_lead(finding) or _response_time(finding)


def find_zone(result: RunResult, finding: Finding) -> Zone | None:
    """The zone a finding names, from its own treaty's pack first, then from any pack."""
    packs = sorted(result.packs, key=lambda pack: pack.id != finding.treaty)
    return next((z for pack in packs for z in pack.zones if z.id == finding.zone), None)


def find_context(result: RunResult, finding: Finding) -> ContextLayer | None:
    """The context layer (coastline, border) of the pack of the finding's treaty, if any."""
    return next((p.context for p in result.packs if p.id == finding.treaty), None)


def _geometries(layer: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The geometries of a GeoJSON object: a FeatureCollection's, a Feature's, or itself."""
    kind = layer.get("type")
    if kind == "FeatureCollection":
        for feature in layer.get("features", ()):
            yield from _geometries(feature)
    elif kind == "Feature":
        if isinstance(layer.get("geometry"), dict):
            yield from _geometries(layer["geometry"])
    elif kind == "GeometryCollection":
        for geometry in layer.get("geometries", ()):
            yield from _geometries(geometry)
    else:
        yield layer


def _draw_context(axes: Axes, context: ContextLayer) -> None:
    """Draw the context layer under everything else: land polygons filled, lines as lines."""
    for geometry in _geometries(context.geojson):
        kind = geometry.get("type")
        if kind in ("Polygon", "MultiPolygon"):
            for ring in _polygon_rings(geometry):
                points = [(float(p[0]), float(p[1])) for p in ring]
                axes.add_patch(
                    PolygonPatch(
                        points,
                        closed=True,
                        fc=COLOURS["land"],
                        ec=COLOURS["coast"],
                        lw=0.6,
                        zorder=0.5,
                    )
                )
        elif kind in ("LineString", "MultiLineString"):
            lines = (
                geometry["coordinates"] if kind == "MultiLineString" else [geometry["coordinates"]]
            )
            for line in lines:
                axes.plot(
                    [float(p[0]) for p in line],
                    [float(p[1]) for p in line],
                    color=COLOURS["coast"],
                    lw=0.6,
                    zorder=0.5,
                )


@contextmanager
def _deterministic_style() -> Iterator[None]:
    with (
        matplotlib.style.context("default"),
        matplotlib.rc_context(
            {
                "svg.hashsalt": "verify-report",
                "svg.fonttype": "none",
                "font.size": 9,
                "axes.titlesize": 10,
                "timezone": "UTC",
                "date.epoch": "1970-01-01T00:00:00",
            }
        ),
    ):
        yield


def day_number(moment: datetime) -> float:
    """A time as matplotlib's date number: days since 1970-01-01 UTC."""
    return (as_utc(moment) - DATE_EPOCH).total_seconds() / 86400


def _prefix_ids(svg: str, prefix: str) -> str:
    ids = sorted(set(re.findall(r'\bid="([^"]+)"', svg)), key=len, reverse=True)
    if not ids:
        return svg
    names = "|".join(re.escape(name) for name in ids)
    pattern = re.compile(rf'(\bid="|href="#|url\(#)({names})(?=[")])')
    return pattern.sub(lambda match: f"{match.group(1)}{prefix}-{match.group(2)}", svg)


def svg_markup(figure: Figure, prefix: str) -> str:
    """The figure as inline SVG markup: reproducible, free of URLs, ids prefixed by `prefix`."""
    FigureCanvasAgg(figure)
    buffer = BytesIO()
    figure.savefig(buffer, format="svg", metadata=SVG_METADATA)
    svg = buffer.getvalue().decode("utf-8")
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r"\s*<metadata>.*?</metadata>", "", svg, flags=re.DOTALL)
    svg = re.sub(r'\s+xmlns(:\w+)?="[^"]*"', "", svg)
    svg = _prefix_ids(svg, prefix)
    return svg.strip() + "\n"


def _days_label(span: timedelta | None) -> str:
    if span is None:
        return "none"
    days = span.total_seconds() / 86400
    if abs(days) < 2:
        return f"{days * 24:.1f} h"
    return f"{days:.1f} d"


#: Characters per line of a map's legend (a zone's name can be a sentence).
LEGEND_WIDTH = 60
#: The least a time line shows either side of what it draws: an instant is a point on a day.
LEAST_MARGIN = timedelta(hours=12)


def time_span(finding: Finding) -> tuple[datetime, datetime]:
    """The time line's extent: every time the figure draws (records, activities, window and
    deadline), with a margin of a twentieth of that span, and at least `LEAST_MARGIN`."""
    moments = [as_utc(r.time) for r in finding.evidence]
    moments += [as_utc(m) for r in finding.evidence for m in (r.start, r.end) if m is not None]
    if finding.window is not None:
        moments += [as_utc(finding.window.start), as_utc(finding.window.end)]
    if finding.due is not None:
        moments.append(as_utc(finding.due))
    lo, hi = min(moments), max(moments)
    margin = max((hi - lo) / 20, LEAST_MARGIN)
    earliest, latest = datetime.min.replace(tzinfo=UTC), datetime.max.replace(tzinfo=UTC)
    return lo - min(margin, lo - earliest), hi + min(margin, latest - hi)


def _draw_records(axes: Axes, finding: Finding) -> None:
    records = list(finding.evidence)
    if finding.window is not None:
        axes.axvspan(
            day_number(finding.window.start),
            day_number(finding.window.end),
            color=COLOURS["window"],
            label="finding window",
        )
    for row, record in enumerate(records):
        if record.start is not None and record.end is not None:
            axes.plot(
                [day_number(record.start), day_number(record.end)],
                [row, row],
                color=COLOURS["activity"],
                lw=5,
            )
        axes.plot([day_number(record.time)], [row], "o", color=COLOURS["record"])
    starts = sorted({record.start for record in records if record.start is not None})
    if starts:
        axes.axvline(day_number(starts[0]), color=COLOURS["activity"], label="activity start")
    if finding.due is not None:
        due = day_number(finding.due)
        axes.axvline(due, color=COLOURS["deadline"], ls="--", label="deadline")
    lo, hi = time_span(finding)
    axes.set_xlim(day_number(lo), day_number(hi))
    labels = [printable(f"{r.id} ({r.kind})") for r in records]
    axes.set_yticks(range(len(records)), labels, parse_math=False)
    axes.set_ylim(-0.7, len(records) - 0.3)
    axes.invert_yaxis()
    locator = DATES.AutoDateLocator(minticks=3, maxticks=7)
    axes.xaxis.set_major_locator(locator)
    axes.xaxis.set_major_formatter(DATES.ConciseDateFormatter(locator))
    axes.legend(loc="upper left", bbox_to_anchor=(0, -0.18), ncols=3, frameon=False, fontsize=8)
    axes.set_title("Records on the time line (UTC)", loc="left")


def _draw_lead_bars(axes: Axes, lead: LeadTimes) -> None:
    values = [lead.required, lead.actual or timedelta(0)]
    days = [value.total_seconds() / 86400 for value in values]
    bars = axes.barh(
        ["required", "actual"], days, color=[COLOURS["required"], COLOURS["actual"]], height=0.6
    )
    axes.bar_label(bars, labels=[_days_label(lead.required), _days_label(lead.actual)], padding=3)
    axes.invert_yaxis()
    axes.set_xlabel("days")
    axes.set_xlim(min(0.0, *days) * 1.3, max(1.0, *days) * 1.35)
    axes.set_title(lead.measure.capitalize(), loc="left")


def timeline_svg(finding: Finding, prefix: str) -> str | None:
    """The evidence on a time line (times, activity start, deadline) and lead time as two bars."""
    if not finding.evidence:
        return None
    lead = lead_times(finding)
    with _deterministic_style():
        height = 1.6 + 0.3 * len(finding.evidence)
        figure = Figure(figsize=(9.0, height), layout="constrained")
        if lead is None:
            _draw_records(figure.add_subplot(), finding)
        else:
            timeline, bars = figure.subplots(1, 2, width_ratios=(3, 1))
            _draw_records(timeline, finding)
            _draw_lead_bars(bars, lead)
        return svg_markup(figure, prefix)


def _local_km(lon0: float, lat0: float) -> tuple[float, float]:
    """Kilometres per degree of longitude and latitude around a point (equirectangular)."""
    return KM_PER_DEGREE_LON_AT_EQUATOR * math.cos(math.radians(lat0)), KM_PER_DEGREE_LAT


def buffer_outline(
    coordinates: Sequence[tuple[float, float]], buffer_km: float
) -> list[tuple[float, float]]:
    """The outline (lon, lat) of everything within `buffer_km` of a line, locally projected."""
    lon0 = sum(lon for lon, _ in coordinates) / len(coordinates)
    lat0 = sum(lat for _, lat in coordinates) / len(coordinates)
    kx, ky = _local_km(lon0, lat0)
    line = LineString([((lon - lon0) * kx, (lat - lat0) * ky) for lon, lat in coordinates])
    outline = line.buffer(buffer_km, quad_segs=16).exterior.coords
    return [(x / kx + lon0, y / ky + lat0) for x, y in outline]


def _polygon_rings(geometry: dict[str, Any]) -> list[list[list[float]]]:
    """The rings of a GeoJSON Polygon or MultiPolygon, exteriors and holes alike."""
    if geometry.get("type") == "Polygon":
        return list(geometry["coordinates"])
    if geometry.get("type") == "MultiPolygon":
        return [ring for polygon in geometry["coordinates"] for ring in polygon]
    return []


def _draw_zone(axes: Axes, zone: Zone) -> list[tuple[float, float]]:
    """Draw the zone and return the points that bound it."""
    label = printable(zone.name or zone.id)
    colour = COLOURS["zone"]
    if isinstance(zone, PolygonZone):
        rings = _polygon_rings(zone.geometry)
        for index, ring in enumerate(rings):
            points = [(float(lon), float(lat)) for lon, lat, *_ in ring]
            patch = PolygonPatch(
                points,
                closed=True,
                fc=colour,
                ec=colour,
                alpha=0.3,
                label=label if not index else None,
            )
            axes.add_patch(patch)
        return [(float(p[0]), float(p[1])) for ring in rings for p in ring]
    assert isinstance(zone, LineZone)
    line = list(zone.coordinates)
    outline = buffer_outline(line, zone.buffer_km) if zone.buffer_km > 0 else []
    if outline:
        axes.add_patch(
            PolygonPatch(
                outline,
                closed=True,
                fc=colour,
                ec="none",
                alpha=0.25,
                label=f"within {zone.buffer_km:g} km",
            )
        )
    axes.plot([p[0] for p in line], [p[1] for p in line], color=colour, lw=2, label=label)
    return line + outline


def _draw_positions(axes: Axes, records: Sequence[Evidence]) -> list[tuple[float, float]]:
    """Mark each record's position; labels alternate above and below so neighbours stay legible."""
    points: list[tuple[float, float]] = []
    for record in records:
        if record.lat is None or record.lon is None:
            continue
        offset = (5, 5) if len(points) % 2 == 0 else (5, -12)
        points.append((record.lon, record.lat))
        axes.plot([record.lon], [record.lat], "o", color=COLOURS["record"])
        axes.annotate(
            printable(record.id),
            points[-1],
            xytext=offset,
            textcoords="offset points",
            parse_math=False,
        )
    return points


def zone_map_svg(
    finding: Finding, zone: Zone | None, prefix: str, context: ContextLayer | None = None
) -> str | None:
    """The finding's zone (polygon, or line with its buffer) and the positions of its evidence,
    over the pack's context layer (coastline, border) where it ships one."""
    if finding.zone is None:
        return None
    with _deterministic_style():
        figure = Figure(figsize=(6.0, 4.5), layout="constrained")
        axes = figure.add_subplot()
        if context is not None:
            axes.set_facecolor(COLOURS["sea"])
            _draw_context(axes, context)
        bounds = _draw_zone(axes, zone) if zone is not None else []
        positions = _draw_positions(axes, finding.evidence)
        points = bounds + positions
        if not points:
            return None
        lons = [lon for lon, _ in points]
        lats = [lat for _, lat in points]
        margin = 0.08 * max(max(lons) - min(lons), max(lats) - min(lats), 0.1)
        axes.set_xlim(min(lons) - margin, max(lons) + margin)
        axes.set_ylim(min(lats) - margin, max(lats) + margin)
        axes.set_aspect(1 / math.cos(math.radians(sum(lats) / len(lats))))
        axes.set_xlabel("longitude (°E)")
        axes.set_ylabel("latitude (°N)")
        missing = "" if zone is not None else " (geometry not in the run's packs)"
        axes.set_title(printable(f"Zone {finding.zone}{missing}"), loc="left", parse_math=False)
        axes.grid(True, lw=0.4, alpha=0.5)
        if axes.get_legend_handles_labels()[0]:
            handles, labels = axes.get_legend_handles_labels()
            legend = axes.legend(
                handles,
                [textwrap.fill(label, LEGEND_WIDTH) for label in labels],
                loc="upper left",
                bbox_to_anchor=(0, -0.12),
                fontsize=8,
                frameon=False,
            )
            for text in legend.get_texts():
                text.set_parse_math(False)
        return svg_markup(figure, prefix)
