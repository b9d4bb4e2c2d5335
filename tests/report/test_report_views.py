"""Every format as a recipient sees it: the view applied before rendering, and the marking."""

from __future__ import annotations

import csv
import json
import xml.etree.ElementTree as ET
from io import StringIO

import pytest
from report_fixtures import check_golden

from verify.model.run import RunResult
from verify.report import FORMATS, render

#: Records of the realistic run above `public`, and above `parties`.
ABOVE_PUBLIC = ("nt-1", "osce-cnet", "ir-7", "national-means", "ar-12", "cf-3", "kor-jcs", "cf-4")
ABOVE_PARTIES = ("ir-7", "national-means", "ar-12", "imagery-analysis", "cf-4", "kor-navy")


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_public_rendering_names_no_record_above_public(run_result: RunResult, fmt: str) -> None:
    """No id or source of a parties or national record, and no figure drawn from them."""
    output = render(run_result, fmt, level="public")
    assert [name for name in ABOVE_PUBLIC if name in output] == []
    assert "11,000" not in output  # the notification's figure, in a note
    assert "3.1 km" not in output
    assert "withheld" in output


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_parties_rendering_names_no_national_record(run_result: RunResult, fmt: str) -> None:
    """National ids and sources are withheld from treaty parties; parties records are shown."""
    output = render(run_result, fmt, level="parties")
    assert [name for name in ABOVE_PARTIES if name in output] == []
    if fmt != "table":  # the table shows no evidence at all
        assert "nt-1" in output


@pytest.mark.parametrize("fmt", FORMATS)
def test_national_is_the_default_and_withholds_nothing(run_result: RunResult, fmt: str) -> None:
    """`level="national"` renders the very bytes of a rendering without a level."""
    assert render(run_result, fmt, level="national") == render(run_result, fmt)


def test_the_table_starts_with_its_marking(run_result: RunResult) -> None:
    """The first line of the table is the handling marking of what it shows."""
    assert render(run_result, "table").splitlines()[0] == "HANDLING: NATIONAL ONLY"
    public = render(run_result, "table", level="public").splitlines()
    assert public[0] == "HANDLING: RELEASABLE TO THE PUBLIC"
    assert "5 evidence records withheld" in public[-2]


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_a_briefing_carries_its_marking_at_top_and_bottom(run_result: RunResult, fmt: str) -> None:
    """The banner is the first and the last thing the briefing shows (HTML repeats it in the
    head and foot of its print frame, for every printed page)."""
    output = render(run_result, fmt, level="parties")
    banner = "HANDLING: RELEASABLE TO TREATY PARTIES"
    assert output.count(banner) == (2 if fmt == "markdown" else 4)
    lines = [line for line in output.splitlines() if line.strip()]
    if fmt == "markdown":
        assert lines[0] == lines[-1] == f"**{banner}**"
    else:
        assert lines.index(f'<p class="handling">{banner}</p>') < lines.index("<header>")
        assert lines[-3:] == [f'<p class="handling">{banner}</p>', "</body>", "</html>"]


def test_csv_rows_carry_their_marking_and_withheld_count(run_result: RunResult) -> None:
    """Each row says how many records its view withheld and the level of what it shows."""
    rows = list(csv.DictReader(StringIO(render(run_result, "csv", level="public"))))
    assert [(r["withheld"], r["handling"]) for r in rows] == [
        ("1", "public"),
        ("1", "public"),
        ("2", "public"),
        ("1", "public"),
    ]


def test_json_formats_carry_the_marking(run_result: RunResult) -> None:
    """The JSON document is marked as a whole and per finding; each JSON line is marked."""
    document = json.loads(render(run_result, "json", level="parties"))
    assert document["handling"] == "parties"
    assert document["counts"]["withheld"] == 3
    lines = [json.loads(line) for line in render(run_result, "jsonl").splitlines()]
    assert [line["handling"] for line in lines] == ["parties", "national", "national", "national"]


def test_junit_suites_carry_the_marking_as_a_property(run_result: RunResult) -> None:
    """Every testsuite has a `handling` property with the run's marking."""
    root = ET.fromstring(render(run_result, "junit", level="public"))
    values = [p.get("value") for p in root.iter("property") if p.get("name") == "handling"]
    assert values == ["public", "public"]


def test_the_public_briefing_matches_its_golden_file(run_result: RunResult) -> None:
    """The public Markdown briefing of the realistic run, exactly."""
    check_golden("run-public.md", render(run_result, "markdown", level="public"))
