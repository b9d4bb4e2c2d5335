"""Markdown: record text is shown as itself, never as HTML, a link, emphasis, a cell or a block."""

from __future__ import annotations

import re

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from report_fixtures import build_run_result

from verify.escaping import markdown_text, printable
from verify.model.finding import Finding
from verify.model.run import RunResult
from verify.report import render

markdown_it = pytest.importorskip("markdown_it", reason="markdown-it-py (rich's) is not installed")

#: Text that Markdown (CommonMark with GitHub's tables and strikethrough) would act on.
HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[click](javascript:alert(1))",
    "![x](http://evil.example/x.png)",
    "<http://evil.example>",
    "*bold* **strong** _em_ __em__",
    "`code` ``code``",
    "~~struck~~",
    "a | b | c",
    "&lt;script&gt; &amp; &#60;",
    "line\nbreak\r\nand\rmore",
    "# heading",
    "- item",
    "+ item",
    "1. item",
    "2) item",
    "> quote",
    "---",
    "===",
    "\\*not escaped\\*",
    "trailing \\",
    "[ref]: http://evil.example",
    "$x$",
]


def hostile_finding(text: str) -> Finding:
    """The late notification with `text` in every field a record feeds, and in a note."""
    finding = build_run_result().findings[0]
    first = finding.evidence[0].model_copy(update={"id": text, "source": text, "role": text})
    step = finding.trail[2].model_copy(update={"measured": text})
    return finding.model_copy(
        update={
            "party": text,
            "counterparty": text,
            "summary": text,
            "evidence": (first, *finding.evidence[1:]),
            "trail": (*finding.trail[:2], step),
            "notes": (text,),
        }
    )


def markdown_of(finding: Finding) -> str:
    """The Markdown briefing of a run with this one finding."""
    result: RunResult = build_run_result().model_copy(update={"findings": (finding,)})
    return render(result, "markdown")


def parser() -> markdown_it.MarkdownIt:
    """CommonMark with raw HTML on, GitHub's tables and strikethrough."""
    return markdown_it.MarkdownIt("commonmark").enable(["table", "strikethrough"])


def structure(markdown: str) -> list[str]:
    """The kinds of every block and inline element of the document, plain text left out."""
    kinds: list[str] = []
    for token in parser().parse(markdown):
        kinds.append(token.type)
        kinds += [child.type for child in token.children or () if child.type != "text"]
    return kinds


def inline_texts(markdown: str) -> list[str]:
    """The plain text each inline element of the document shows, escapes and entities decoded."""
    return [
        "".join(child.content for child in token.children or () if child.type == "text")
        for token in parser().parse(markdown)
        if token.type == "inline"
    ]


@pytest.mark.parametrize("text", HOSTILE)
def test_record_text_does_not_change_the_documents_structure(text: str) -> None:
    """The same elements, in the same order, as with a harmless record text in its place."""
    assert structure(markdown_of(hostile_finding(text))) == structure(
        markdown_of(hostile_finding("x"))
    )


@pytest.mark.parametrize("text", [t for t in HOSTILE if "\n" not in t and "\r" not in t])
def test_record_text_is_shown_as_written(text: str) -> None:
    """Rendered, the summary line and the evidence id cell show the record's text exactly."""
    shown = inline_texts(markdown_of(hostile_finding(text)))
    assert shown.count(text) >= 3


def test_a_newline_in_a_record_becomes_a_space() -> None:
    """Line breaks in a record are flattened: they cannot end a table row or start a block."""
    shown = inline_texts(markdown_of(hostile_finding("line\nbreak\r\nand\rmore")))
    assert shown.count("line break and more") >= 3


def test_html_in_a_record_is_html_escaped_in_the_source() -> None:
    """`<`, `>` and `&` are written as entities, so no Markdown dialect passes raw HTML on."""
    source = markdown_of(hostile_finding("<script>alert(1)</script> & co"))
    assert "<script>" not in source
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in source


def test_a_role_in_angle_brackets_is_not_swallowed_as_a_tag() -> None:
    """`<specified area 4>` in the fixture's role is shown, not taken for an HTML element."""
    markdown = render(build_run_result(), "markdown")
    assert "the request for an inspection <specified area 4>" in inline_texts(markdown)


def test_underscores_inside_words_are_left_alone() -> None:
    """`inspection_request` cannot start emphasis, so the source keeps it unescaped."""
    source = markdown_of(hostile_finding("an inspection_request and _em_"))
    assert "an inspection_request and \\_em\\_" in source


#: Text drawn mostly from what Markdown reads as markup, or from anything at all.
MARKUP_TEXT = st.one_of(st.text(alphabet="\\`*_[]()<>&;!#|~$-+=.):/1a \t\n\r"), st.text())


def shown_as(text: str) -> str:
    """What `markdown_text` promises to show: line breaks as spaces, trimmed, `printable`."""
    return printable(re.sub(r"\r\n|\r|\n", " ", text).strip())


@given(MARKUP_TEXT)
def test_escaped_text_is_one_paragraph_of_plain_text(text: str) -> None:
    """Alone on a line, any escaped text is a paragraph of plain text showing it as written."""
    assume(shown_as(text))
    tokens = parser().parse(markdown_text(text))
    assert [t.type for t in tokens] == ["paragraph_open", "inline", "paragraph_close"]
    assert {child.type for child in tokens[1].children or ()} == {"text"}
    assert inline_texts(markdown_text(text)) == [shown_as(text)]


@given(MARKUP_TEXT)
def test_escaped_text_is_one_table_cell(text: str) -> None:
    """In a table row, any escaped text stays in its own cell, shown as written."""
    row = f"| a | b |\n|---|---|\n| {markdown_text(text)} | z |\n"
    cells = [t for t in parser().parse(row) if t.type == "inline"]
    assert ["".join(c.content for c in t.children or ()) for t in cells] == [
        "a",
        "b",
        shown_as(text),
        "z",
    ]
