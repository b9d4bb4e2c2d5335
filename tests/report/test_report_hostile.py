"""Every format with hostile records: each output still parses as its format, and no record
text becomes markup, a formula or a control sequence in it."""

from __future__ import annotations

import csv
import json
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from html.parser import HTMLParser
from io import StringIO
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from report_fixtures import build_run_result
from tests.hostile import hostile_text
from tests.profiles import budget

from verify.escaping import FORMULA_STARTS, csv_text
from verify.model.finding import Finding, TrailStep
from verify.model.run import RunResult
from verify.report import explain, render

#: How many texts `hostile_run` takes: per finding an activity key and a party, and an id and a
#: source per record (2 + 2 + 1 + 2 records in the realistic run).
TEXTS = 4 * 2 + 2 * 7

hostile_texts = st.lists(hostile_text, min_size=TEXTS, max_size=TEXTS)


def hostile_run(texts: list[str]) -> RunResult:
    """The realistic run with `texts` as activity keys, parties, record ids and sources, cited
    in summaries, trails and notes as the engines cite them."""
    supply: Iterator[str] = iter(texts)
    findings: list[Finding] = []
    for finding in build_run_result().findings:
        activity, party = next(supply), next(supply)
        evidence = tuple(
            record.model_copy(update={"id": next(supply), "source": next(supply)})
            for record in finding.evidence
        )
        ids = ", ".join(record.id for record in evidence)
        step = TrailStep(
            step=f"a notice for activity {activity}",
            measured=f"none among {ids}",
            required=f"a notification for {activity}",
            holds=False,
        )
        findings.append(
            finding.model_copy(
                update={
                    "party": party,
                    "summary": f"{party} gave no notice of {activity} ({ids}).",
                    "evidence": evidence,
                    "trail": (*finding.trail, step),
                    "notes": (*finding.notes, f"Reported by {evidence[0].source}."),
                }
            )
        )
    return build_run_result().model_copy(update={"findings": tuple(findings)})


def harmless_twin(texts: list[str]) -> RunResult:
    """The same run with a harmless word in place of each hostile text, equal where they were
    equal (findings of one party share a tally)."""
    words = {text: f"x{number}" for number, text in enumerate(dict.fromkeys(texts))}
    return hostile_run([words[text] for text in texts])


def raw_controls(text: str) -> list[str]:
    """The C0 and C1 control characters and DEL in `text`, newline excepted."""
    return [c for c in text if c != "\n" and (ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F)]


@settings(max_examples=budget(50))
@given(hostile_texts)
def test_csv_parses_and_no_cell_starts_a_formula(texts: list[str]) -> None:
    """The csv module reads one row per finding; no cell begins with a formula character."""
    result = hostile_run(texts)
    rows = list(csv.reader(StringIO(render(result, "csv"))))
    assert len(rows) == len(result.findings) + 1
    assert {len(row) for row in rows} == {len(rows[0])}
    assert [cell for row in rows for cell in row if cell.startswith(FORMULA_STARTS)] == []
    for row, finding in zip(rows[1:], result.findings, strict=True):
        assert row[4] == csv_text(finding.party)
        assert row[12] == ";".join(csv_text(record.id) for record in finding.evidence)


@settings(max_examples=budget(50))
@given(hostile_texts)
def test_json_and_jsonl_parse_and_keep_the_exact_text(texts: list[str]) -> None:
    """`json.loads` reads both, and every record id comes back exactly as it was."""
    result = hostile_run(texts)
    ids = [[record.id for record in finding.evidence] for finding in result.findings]
    document = json.loads(render(result, "json"))
    assert [[e["id"] for e in f["evidence"]] for f in document["findings"]] == ids
    # Lines end in "\n" only: `str.splitlines` would also split at a record's U+0085 or U+2028,
    # which the JSON encoder leaves raw inside strings, as JSON allows.
    lines = [json.loads(line) for line in render(result, "jsonl").removesuffix("\n").split("\n")]
    assert [[e["id"] for e in f["evidence"]] for f in lines] == ids


@settings(max_examples=budget(50))
@given(hostile_texts)
def test_junit_parses_as_xml(texts: list[str]) -> None:
    """An XML parser reads the JUnit file, with one failing case per finding's party."""
    root = ET.fromstring(render(hostile_run(texts), "junit"))
    assert root.tag == "testsuites"
    assert int(root.get("failures", "-1")) >= 1


@settings(max_examples=budget(50))
@given(hostile_texts)
def test_table_and_explain_hold_no_raw_control_character(texts: list[str]) -> None:
    """Only newlines of ours: every control character from a record is shown as an escape."""
    result = hostile_run(texts)
    assert raw_controls(render(result, "table")) == []
    for finding in result.findings:
        assert raw_controls(explain(finding)) == []


class Elements(HTMLParser):
    """The start tags of a document, with their attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def tags_of(html: str) -> list[tuple[str, dict[str, str | None]]]:
    """The start tags of `html` as the standard library's HTML parser reads them."""
    elements = Elements()
    elements.feed(html)
    elements.close()
    return elements.tags


def no_script(tags: list[tuple[str, dict[str, str | None]]]) -> None:
    """No script, frame or plug-in; no event handler; no link but to a finding on the page."""
    assert [tag for tag, _ in tags if tag in {"script", "iframe", "object", "embed"}] == []
    assert [attrs for _, attrs in tags if any(name.startswith("on") for name in attrs)] == []
    links = [attrs.get("href") or "" for tag, attrs in tags if tag == "a"]
    assert all(link.startswith("#finding-") for link in links)


@settings(max_examples=budget(25))
@given(hostile_texts)
def test_html_parses_with_the_same_elements_as_with_harmless_text(texts: list[str]) -> None:
    """Figures aside, the page has the very elements of a harmless run: none from a record."""
    with (
        mock.patch("verify.report.html.timeline_svg", return_value=None),
        mock.patch("verify.report.html.zone_map_svg", return_value=None),
    ):
        html = render(hostile_run(texts), "html")
        harmless = render(harmless_twin(texts), "html")
    tags = tags_of(html)
    no_script(tags)
    assert [tag for tag, _ in tags] == [tag for tag, _ in tags_of(harmless)]
    assert raw_controls(html) == []


# Arbitrary text holds letters that the figures' font lacks; matplotlib warns, and draws a box.
@pytest.mark.filterwarnings("ignore:Glyph .* missing from font:UserWarning")
@settings(max_examples=budget(3))
@given(hostile_texts)
def test_html_figures_hold_no_script_from_a_record(texts: list[str]) -> None:
    """With its figures drawn, the page parses and carries no script or handler either."""
    html = render(hostile_run(texts), "html")
    no_script(tags_of(html))
    assert raw_controls(html) == []


markdown_it = pytest.importorskip("markdown_it", reason="markdown-it-py (rich's) is not installed")


def markdown_structure(markdown: str) -> list[str]:
    """The kinds of every block and inline element (CommonMark, raw HTML on, GitHub tables)."""
    parser = markdown_it.MarkdownIt("commonmark").enable(["table", "strikethrough"])
    kinds: list[str] = []
    for token in parser.parse(markdown):
        kinds.append(token.type)
        kinds += [child.type for child in token.children or () if child.type != "text"]
    return kinds


@settings(max_examples=budget(50))
@given(hostile_texts)
def test_markdown_has_the_same_structure_as_with_harmless_text(texts: list[str]) -> None:
    """Rendered, the Markdown has the elements of a harmless run: no HTML, link, cell or list
    of a record's making."""
    structure = markdown_structure(render(hostile_run(texts), "markdown"))
    assert "html_inline" not in structure
    assert "html_block" not in structure
    assert structure == markdown_structure(render(harmless_twin(texts), "markdown"))
