"""A pack's context layer (a coastline, a border): named in treaty.yaml with its public source,
read from a GeoJSON file beside it, carried by the compiled pack and drawn under the zones."""

from __future__ import annotations

import json
import re
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from verify import api
from verify.cli import cli
from verify.errors import PackError, PackErrors
from verify.model.finding import Evidence, Finding, Window
from verify.report.figures import COLOURS, zone_map_svg
from verify.treaty import load_pack
from verify.treaty.compiled import read_compiled_pack

PACKS = Path(api.__file__).parent / "packs"
PACT = "example-non-aggression-pact"
#: A made-up test fixture, not a real coastline: two squares and a line, near the pact's zones.
LAYER = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "properties": {"name": "test land"},
            "geometry": {
                "type": "Polygon",
                "coordinates": [
                    [[-30.5, 9.5], [-29.5, 9.5], [-29.5, 10.5], [-30.5, 10.5], [-30.5, 9.5]]
                ],
            },
        },
        {
            "type": "Feature",
            "properties": {"name": "test border"},
            "geometry": {"type": "LineString", "coordinates": [[-30.5, 10.0], [-29.5, 10.2]]},
        },
    ],
}


def _pack(tmp_path: Path, context: str, layer: object = LAYER) -> Path:
    """The demo pact, copied, with `context` appended to its treaty.yaml and the layer beside."""
    pack = tmp_path / "pact"
    shutil.copytree(PACKS / PACT, pack)
    (pack / "coast.geojson").write_text(json.dumps(layer), encoding="utf-8")
    with (pack / "treaty.yaml").open("a", encoding="utf-8") as handle:
        handle.write(context)
    return pack


CONTEXT = 'context:\n  file: coast.geojson\n  source: "test fixture, made up"\n'


def test_a_pack_reads_its_context_layer_beside_treaty_yaml(tmp_path: Path) -> None:
    """The layer's GeoJSON and its source are in the loaded pack's metadata."""
    meta = load_pack(str(_pack(tmp_path, CONTEXT))).meta
    assert meta.context is not None
    assert meta.context.source == "test fixture, made up"
    assert meta.context.geojson == LAYER


def test_a_missing_context_file_is_an_error_at_its_line(tmp_path: Path) -> None:
    """A context file that is not there is refused, naming treaty.yaml, its line and field."""
    pack = _pack(tmp_path, CONTEXT.replace("coast.geojson", "nowhere.geojson"))
    with pytest.raises((PackError, PackErrors)) as raised:
        load_pack(str(pack))
    message = str(raised.value)
    assert "treaty.yaml:" in message
    assert "context.file: no file 'nowhere.geojson'" in message


def test_a_context_file_outside_the_pack_is_refused(tmp_path: Path) -> None:
    """`../` cannot reach a file outside the pack's folder."""
    (tmp_path / "outside.geojson").write_text(json.dumps(LAYER), encoding="utf-8")
    pack = _pack(tmp_path, CONTEXT.replace("coast.geojson", "../outside.geojson"))
    with pytest.raises((PackError, PackErrors), match=re.escape("no file '../outside.geojson'")):
        load_pack(str(pack))


def test_a_context_file_that_is_not_geojson_is_refused(tmp_path: Path) -> None:
    """A JSON file that is no GeoJSON object is refused."""
    pack = _pack(tmp_path, CONTEXT, layer={"type": "Topology"})
    with pytest.raises((PackError, PackErrors), match="is not a GeoJSON object"):
        load_pack(str(pack))


def test_a_context_layer_needs_its_source(tmp_path: Path) -> None:
    """A layer with no public source named is refused."""
    pack = _pack(tmp_path, "context:\n  file: coast.geojson\n")
    with pytest.raises((PackError, PackErrors), match="source"):
        load_pack(str(pack))


def test_check_of_a_pack_with_a_missing_context_file_is_exit_2(tmp_path: Path) -> None:
    """The command line says where the pack is wrong, exit 2, no traceback."""
    pack = _pack(tmp_path, CONTEXT.replace("coast.geojson", "nowhere.geojson"))
    feed = tmp_path / "feed.jsonl"
    feed.write_text("", encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", "--treaty", str(pack), str(feed)])
    assert result.exit_code == 2
    assert "treaty.yaml" in result.output
    assert "Traceback" not in result.output


def test_the_zone_map_draws_the_context_layer_under_the_zone(tmp_path: Path) -> None:
    """The map's SVG fills the layer's land in the land colour; without it, there is none."""
    meta = load_pack(str(_pack(tmp_path, CONTEXT))).meta
    zone = next(z for z in meta.zones if z.id == "dmz")
    moment = datetime(2025, 5, 2, 3, tzinfo=UTC)
    record = Evidence(
        id="r1", kind="movement", role="x", sha256="0" * 64, time=moment, lat=10.3, lon=-30.01
    )
    finding = Finding(
        id="F-1",
        treaty=meta.id,
        obligation="pact.dmz",
        article="Article 5",
        party="BOS",
        status="violation",
        severity="critical",
        confidence=1.0,
        summary="s",
        evidence=(record,),
        trail=(),
        channels=(),
        window=Window(start=moment, end=moment),
        zone="dmz",
    )
    land = f"fill: {COLOURS['land']}"
    with_layer = zone_map_svg(finding, zone, prefix="m", context=meta.context)
    without = zone_map_svg(finding, zone, prefix="m")
    assert with_layer is not None and land in with_layer
    assert without is not None and land not in without


def test_the_korean_pack_ships_natural_earth_context() -> None:
    """korea-cma-2018 draws a coastline derived from Natural Earth, named as its source."""
    context = load_pack("korea-cma-2018").meta.context
    assert context is not None
    assert "Natural Earth" in context.source
    assert context.geojson["type"] == "FeatureCollection"
    names = {feature["properties"]["name"] for feature in context.geojson["features"]}
    assert names == {"North Korea", "South Korea"}


def test_a_compiled_pack_carries_its_context_layer(tmp_path: Path) -> None:
    """`verify compile` writes the layer whole, and the compiled pack reads it back."""
    result = CliRunner().invoke(cli, ["compile", str(_pack(tmp_path, CONTEXT))])
    assert result.exit_code == 0, result.output
    compiled = tmp_path / "pact.json"
    compiled.write_text(result.stdout, encoding="utf-8")
    context = read_compiled_pack(compiled).meta.context
    assert context is not None
    assert context.geojson == LAYER
