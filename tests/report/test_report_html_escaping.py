"""The HTML briefing: record text is escaped everywhere, in attributes and figures as in text."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
from report_fixtures import build_run_result

import verify.report
from verify.model.finding import Finding
from verify.model.run import RunResult
from verify.report import render
from verify.report.html import TEMPLATE, _environment

TEMPLATES = Path(verify.report.__file__).parent / "templates"


class Elements(HTMLParser):
    """Every start tag of a document with its attributes, and its text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(html: str) -> Elements:
    """The document parsed by the standard library's HTML parser."""
    elements = Elements()
    elements.feed(html)
    elements.close()
    return elements


def with_record_id(finding: Finding, record_id: str) -> Finding:
    """`finding` with its first record renamed, and its summary citing the new name."""
    record = finding.evidence[0].model_copy(update={"id": record_id})
    return finding.model_copy(
        update={"summary": f"See {record_id}.", "evidence": (record, *finding.evidence[1:])}
    )


def html_of(*findings: Finding, title: str | None = None) -> str:
    """The briefing of a run with these findings (and, if given, this first pack title)."""
    result: RunResult = build_run_result()
    packs = result.packs
    if title is not None:
        packs = (packs[0].model_copy(update={"title": title}), *packs[1:])
    return render(result.model_copy(update={"findings": findings, "packs": packs}), "html")


def raw_controls(text: str) -> list[str]:
    """The C0 and C1 control characters and DEL in `text`, newline excepted."""
    return [c for c in text if c != "\n" and (ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F)]


def test_the_environment_autoescapes_the_briefing() -> None:
    """Autoescaping is on for the briefing's template, whatever its file name."""
    environment = _environment()
    autoescape = environment.autoescape
    assert autoescape is True or (callable(autoescape) and autoescape(TEMPLATE))


def test_no_template_marks_record_text_safe() -> None:
    """No template turns escaping off: no `|safe`, no `autoescape false`, no `Markup` filter."""
    for template in TEMPLATES.iterdir():
        source = template.read_text(encoding="utf-8")
        assert "safe" not in source
        assert "autoescape" not in source


def test_a_script_in_a_record_id_runs_nowhere_not_even_in_a_figure() -> None:
    """A record id that closes the SVG text and opens a script is text, in tables and figures."""
    hostile = '</text></svg><script>alert(1)</script><svg onload="alert(2)">'
    document = parse(html_of(with_record_id(build_run_result().findings[0], hostile)))
    assert [tag for tag, _ in document.tags if tag in {"script", "iframe", "object"}] == []
    assert not [tag for tag, attrs in document.tags if any(a.startswith("on") for a in attrs)]
    assert sum(hostile in text for text in document.text) >= 3


def test_record_text_in_an_attribute_cannot_leave_it() -> None:
    """A pack title with quotes, written in a `title` attribute, stays that attribute's value."""
    title = '" onmouseover="alert(1)" x=\''
    document = parse(html_of(build_run_result().findings[0], title=title))
    titles = [attrs.get("title") for tag, attrs in document.tags if tag == "td"]
    assert title in titles
    assert not [tag for tag, attrs in document.tags if "onmouseover" in attrs]


def test_dollar_signs_in_a_record_id_are_not_mathtext() -> None:
    """`$\\frac$` in an id is drawn as written; matplotlib's mathtext would fail on it."""
    html = html_of(with_record_id(build_run_result().findings[0], "ex-$\\frac$-$x^2$"))
    assert "ex-$\\frac$-$x^2$ (exercise)" in html


def test_zone_map_labels_are_drawn_as_written() -> None:
    """A record id annotated on the zone map is plain text too."""
    finding = with_record_id(build_run_result().findings[2], "ar-$1$-<b>")
    html = html_of(finding)
    figure = html[html.index('<figure class="map">') :]
    assert ">ar-$1$-&lt;b&gt;<" in figure[: figure.index("</figure>")]


def test_control_characters_in_records_are_shown_escaped() -> None:
    """An escape sequence in an id is shown as `\\x1b[2J` in tables and figures alike."""
    html = html_of(with_record_id(build_run_result().findings[0], "ex-\x1b[2J\x07\u202e"))
    assert raw_controls(html) == []
    assert html.count("ex-\\x1b[2J\\x07\\u202e") >= 3


@pytest.mark.parametrize("text", ["a\nb", "a\tb"])
def test_line_breaks_in_records_are_shown_escaped(text: str) -> None:
    """A newline or tab from a record is shown as `\\n` or `\\t` rather than as blank space."""
    html = html_of(with_record_id(build_run_result().findings[0], text))
    assert html.count(text.replace("\n", "\\n").replace("\t", "\\t")) >= 3
