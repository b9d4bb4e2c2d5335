"""JUnit XML: record text with characters XML forbids, quotes or markup stays well-formed."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from hypothesis import given
from hypothesis import strategies as st
from report_fixtures import build_run_result

from verify.escaping import xml_text
from verify.model.finding import Finding
from verify.model.run import RunResult
from verify.report import render


def with_text(text: str) -> Finding:
    """The late notification with `text` as its first record's id, in its summary and party."""
    finding = build_run_result().findings[0]
    record = finding.evidence[0].model_copy(update={"id": text})
    return finding.model_copy(
        update={
            "summary": f"Exercise {text} was late.",
            "party": text,
            "evidence": (record, *finding.evidence[1:]),
        }
    )


def junit_of(finding: Finding) -> str:
    """The JUnit XML of a run with this one finding."""
    result: RunResult = build_run_result().model_copy(update={"findings": (finding,)})
    return render(result, "junit")


def failure_of(xml: str) -> ET.Element:
    """The one failure element of the document."""
    failure = ET.fromstring(xml).find("testsuite/testcase/failure")
    assert failure is not None
    return failure


@pytest.mark.parametrize("character", ["\x00", "\x07", "\x1b", "\x0b", "\x0c", "\x1f", "\ufffe"])
def test_a_character_xml_forbids_is_written_as_an_escape(character: str) -> None:
    """A BEL (or any C0 control but tab and line breaks) in an id leaves the XML well-formed."""
    failure = failure_of(junit_of(with_text(f"ex{character}1")))
    escaped = f"ex\\x{ord(character):02x}1" if ord(character) < 0x100 else "ex\\ufffe1"
    assert failure.get("message") == f"Exercise {escaped} was late."
    assert f"evidence: {escaped}, nt-1" in (failure.text or "")


def test_attribute_values_are_escaped() -> None:
    """Quotes, angle brackets, ampersands and line breaks in a message survive as data."""
    text = "\"'<x a='1'>&amp;\n\r\t"
    failure = failure_of(junit_of(with_text(text)))
    assert failure.get("message") == f"Exercise {text} was late."


def test_markup_in_record_text_is_character_data() -> None:
    """`]]>`, a comment or an element in an id are text of the failure, not XML."""
    text = "]]><!-- x --><injected/>"
    xml = junit_of(with_text(text))
    assert "<injected/>" not in xml
    assert f"evidence: {text}, nt-1" in (failure_of(xml).text or "")


@given(st.text())
def test_any_record_text_gives_a_well_formed_document(text: str) -> None:
    """Whatever the id holds, an XML parser reads the file and the message back."""
    failure = failure_of(junit_of(with_text(text)))
    assert failure.get("message") == f"Exercise {xml_text(text)} was late."
