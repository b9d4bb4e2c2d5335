"""JUnit XML: a suite per treaty, a case per obligation and party, counts that add up."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from verify.model.run import RunResult
from verify.report import render

SCHEMA = Path(__file__).parent / "junit.xsd"


def parse(result: RunResult) -> ET.Element:
    """The rendered JUnit document's root element."""
    return ET.fromstring(render(result, "junit"))


def test_structure_and_counts_are_consistent(run_result: RunResult) -> None:
    """Every required attribute is present and each count matches the elements below it."""
    root = parse(run_result)
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    assert [suite.get("name") for suite in suites] == ["vienna-document-2011", "korea-cma-2018"]
    for suite in suites:
        assert {"name", "tests", "failures", "errors", "skipped", "time"} <= set(suite.attrib)
        cases = suite.findall("testcase")
        assert int(suite.get("tests", "-1")) == len(cases)
        assert int(suite.get("failures", "-1")) == sum(c.find("failure") is not None for c in cases)
        assert int(suite.get("skipped", "-1")) == sum(c.find("skipped") is not None for c in cases)
        assert suite.get("errors") == "0"
        for case in cases:
            assert {"name", "classname", "time"} <= set(case.attrib)
            assert case.get("classname") == suite.get("name")
            for failure in case.findall("failure"):
                assert failure.get("message")
                assert failure.get("type")
    assert int(root.get("tests", "-1")) == sum(int(s.get("tests", "0")) for s in suites)
    assert int(root.get("failures", "-1")) == sum(int(s.get("failures", "0")) for s in suites)


def test_failures_carry_the_summary_and_the_trail(run_result: RunResult) -> None:
    """A failing case's message is the summary; its text is the reasoning trail."""
    root = parse(run_result)
    finding = run_result.findings[0]
    failure = root.find(
        f"testsuite/testcase[@name='{finding.obligation} [{finding.party}]']/failure"
    )
    assert failure is not None
    assert failure.get("message") == finding.summary
    assert failure.get("type") == "major violation"
    for step in finding.trail:
        assert step.step in (failure.text or "")


def test_obligations_without_findings_pass(run_result: RunResult) -> None:
    """Each pack obligation with no finding is a passing case named by its id."""
    root = parse(run_result)
    passing = [c.get("name") for c in root.iter("testcase") if len(c) == 0]
    assert passing == ["vd11.annual-calendar", "cma.no-fly-zone"]


def test_pending_findings_are_skipped_not_failed(run_result: RunResult) -> None:
    """A case whose only finding is pending is reported as skipped."""
    pending = run_result.findings[1].model_copy(update={"status": "pending"})
    findings = (run_result.findings[0], pending, *run_result.findings[2:])
    suite = parse(run_result.model_copy(update={"findings": findings})).find("testsuite")
    assert suite is not None
    assert (suite.get("failures"), suite.get("skipped")) == ("1", "1")
    skipped = suite.find("testcase[@name='vd11.inspection-response [AZE]']/skipped")
    assert skipped is not None
    assert skipped.get("message") == pending.summary


def test_two_findings_for_one_obligation_and_party_make_one_case(run_result: RunResult) -> None:
    """Findings of one obligation and party share a case whose message counts them."""
    twin = run_result.findings[0].model_copy(update={"id": "vd11-twin"})
    result = run_result.model_copy(update={"findings": (*run_result.findings, twin)})
    cases = parse(result).findall("testsuite/testcase[@name='vd11.prior-notification [ARM]']")
    assert len(cases) == 1
    failure = cases[0].find("failure")
    assert failure is not None
    assert (failure.get("message") or "").startswith("2 findings: ")


def test_document_validates_against_the_junit_schema(run_result: RunResult) -> None:
    """The output is valid under the junit-10 shaped XSD (needs the xmlschema package)."""
    xmlschema = pytest.importorskip("xmlschema", reason="xmlschema is not installed")
    schema = xmlschema.XMLSchema(str(SCHEMA))
    schema.validate(render(run_result, "junit"))
