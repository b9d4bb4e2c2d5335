"""Figures: lead times read off the evidence, zone outlines, reproducible URL-free SVG."""

from __future__ import annotations

from datetime import timedelta

from verify.model.run import RunResult
from verify.model.treaty import LineZone, PolygonZone
from verify.report.figures import (
    buffer_outline,
    find_zone,
    lead_times,
    timeline_svg,
    zone_map_svg,
)


def test_lead_time_of_a_late_notification(run_result: RunResult) -> None:
    """Required 42 days before the start; the notification came 20.9 days before it."""
    lead = lead_times(run_result.findings[0])
    assert lead is not None
    assert lead.required == timedelta(days=42)
    assert lead.actual == timedelta(days=20, hours=21)


def test_response_time_without_a_reply(run_result: RunResult) -> None:
    """A request answered by nothing: 24 hours required, no actual time."""
    lead = lead_times(run_result.findings[1])
    assert lead is not None
    assert (lead.measure, lead.required, lead.actual) == (
        "time to respond",
        timedelta(hours=24),
        None,
    )


def test_no_lead_time_without_a_deadline(run_result: RunResult) -> None:
    """A zone finding has no due time, so no bars."""
    assert lead_times(run_result.findings[2]) is None


def test_find_zone_prefers_the_findings_own_pack(run_result: RunResult) -> None:
    """The zone is looked up by id in the run's packs."""
    assert isinstance(find_zone(run_result, run_result.findings[2]), LineZone)
    assert isinstance(find_zone(run_result, run_result.findings[3]), PolygonZone)
    assert find_zone(run_result, run_result.findings[0]) is None


def test_buffer_outline_lies_about_the_buffer_distance_from_the_line() -> None:
    """A 10 km buffer around an east-west line at 38°N reaches about 0.09° north of it."""
    outline = buffer_outline([(127.0, 38.0), (128.0, 38.0)], 10.0)
    north = max(lat for _, lat in outline)
    assert abs(north - 38.0 - 10.0 / 110.574) < 1e-6
    east = max(lon for lon, _ in outline)
    assert 128.11 < east < 128.12


def test_svg_is_inline_ready_and_free_of_urls(run_result: RunResult) -> None:
    """No prolog, metadata, namespace or URL; ids carry the figure's prefix."""
    svg = timeline_svg(run_result.findings[0], prefix="f1-timeline")
    assert svg is not None
    assert svg.startswith("<svg ")
    assert "http" not in svg
    assert "<metadata>" not in svg
    assert 'id="f1-timeline-figure_1"' in svg


def test_map_is_drawn_only_for_zone_findings(run_result: RunResult) -> None:
    """A finding without a zone gets no map; one with a zone gets its positions marked."""
    finding = run_result.findings[3]
    assert zone_map_svg(run_result.findings[0], None, prefix="m") is None
    svg = zone_map_svg(finding, find_zone(run_result, finding), prefix="m")
    assert svg is not None
    assert all(f">{record.id}<" in svg for record in finding.evidence)


def test_map_without_zone_geometry_still_shows_positions(run_result: RunResult) -> None:
    """A zone missing from the packs is said so, and the positions are still drawn."""
    svg = zone_map_svg(run_result.findings[2], None, prefix="m")
    assert svg is not None
    assert "geometry not in the run" in svg
