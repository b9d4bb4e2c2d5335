"""JUnit XML for CI dashboards: a testsuite per treaty, a testcase per obligation and party.

The shape is the common one (Jenkins/Ant `junit-10.xsd`): `testsuites` > `testsuite` (name, tests,
failures, errors, skipped, time) > `testcase` (name, classname, time) > `failure` or `skipped`.
An obligation and party with a violation or potential violation fails; one with only pending
findings is skipped, and so is one whose every violation is waived (type `waived`, the
waivers' words as its message: a waived finding does not count for `--fail-on`, so it does not
fail the build either), and an obligation the feed holds no data for (no record of a kind
and party it covers: no data is not compliance); any other obligation without a finding
passes. Each testsuite carries the run's handling marking as its `handling` property
(`public`, `parties`, `national`).

Record text is escaped by ElementTree (`<`, `&`, and quotes and line breaks in attributes);
the characters XML 1.0 forbids outright (a BEL in an id) are written as escapes (`xml_text`).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass

from verify.escaping import xml_text
from verify.model.finding import Finding
from verify.model.instants import format_time
from verify.model.run import RunResult
from verify.report.serialize import waiver_words
from verify.report.steps import steps_line
from verify.report.summary import treaty_order, worst_severity
from verify.views import handling, records

ZERO_TIME = "0"
XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'
FAILING_STATUSES = frozenset({"violation", "potential_violation"})
NO_DATA = "no data: the feed holds no record this obligation covers, which is not compliance"


@dataclass(frozen=True)
class Case:
    """One testcase: an obligation, the party concerned (none when it passed) and its findings."""

    obligation: str
    party: str | None
    findings: tuple[Finding, ...]

    @property
    def name(self) -> str:
        """The obligation id, with the party in brackets when there are findings."""
        return self.obligation if self.party is None else f"{self.obligation} [{self.party}]"

    @property
    def failed(self) -> bool:
        """Whether any finding no waiver covers is a violation or a potential one."""
        return any(f.status in FAILING_STATUSES and f.waiver is None for f in self.findings)

    @property
    def waived(self) -> tuple[Finding, ...]:
        """The violations and potential ones that a waiver covers."""
        return tuple(f for f in self.findings if f.status in FAILING_STATUSES and f.waiver)

    no_data: bool = False

    @property
    def skipped(self) -> bool:
        """Whether every finding is still pending, or the feed holds no data for the case."""
        return self.no_data or (bool(self.findings) and not self.failed)


def cases_for(result: RunResult, treaty: str) -> list[Case]:
    """Testcases of one treaty: each (obligation, party) with findings, then clean obligations."""
    found = [f for f in result.findings if f.treaty == treaty]
    keys = dict.fromkeys((f.obligation, f.party) for f in found)
    cases = [
        Case(obligation, party, tuple(f for f in found if (f.obligation, f.party) == key))
        for key in keys
        for obligation, party in (key,)
    ]
    seen = {f.obligation for f in found}
    for pack in result.packs:
        if pack.id == treaty:
            cases += [
                Case(name, None, (), no_data=name in result.no_data)
                for name in pack.obligations
                if name not in seen
            ]
    return cases


def _trail_text(findings: tuple[Finding, ...]) -> str:
    blocks = []
    for finding in findings:
        lines = [f"{finding.id}: {finding.status}, {finding.severity}. {finding.summary}"]
        lines += [
            f"  {'holds' if s.holds else 'FAILS'}: {s.step}: measured {s.measured}; "
            f"required {s.required}"
            for s in finding.trail
        ]
        shown = ", ".join(record.id for record in finding.evidence) or "none shown"
        withheld = f" ({records(finding.withheld)} withheld)" if finding.withheld else ""
        lines.append(f"  evidence: {shown}{withheld}")
        if finding.waiver:
            lines.append(f"  {waiver_words(finding)}")
        lines += [f"  channel {c.id}: {steps_line(c)}" for c in finding.channels]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def _message(findings: tuple[Finding, ...]) -> str:
    if len(findings) == 1:
        return findings[0].summary
    return f"{len(findings)} findings: " + " ".join(f.summary for f in findings)


def _testcase(suite: ET.Element, treaty: str, case: Case) -> None:
    element = ET.SubElement(
        suite, "testcase", {"name": case.name, "classname": treaty, "time": ZERO_TIME}
    )
    if case.failed:
        failing = tuple(
            f for f in case.findings if f.status in FAILING_STATUSES and f.waiver is None
        )
        worst = worst_severity(list(failing))
        status = (
            "violation" if any(f.status == "violation" for f in failing) else "potential_violation"
        )
        failure = ET.SubElement(
            element, "failure", {"message": _message(failing), "type": f"{worst} {status}"}
        )
        failure.text = _trail_text(case.findings)
    elif case.no_data:
        ET.SubElement(element, "skipped", {"message": NO_DATA, "type": "no-data"})
    elif case.waived:
        message = " ".join(f"{f.id}: {waiver_words(f)}" for f in case.waived)
        skipped = ET.SubElement(element, "skipped", {"message": message, "type": "waived"})
        skipped.text = _trail_text(case.findings)
    elif case.skipped:
        skipped = ET.SubElement(
            element, "skipped", {"message": _message(case.findings), "type": "pending"}
        )
        skipped.text = _trail_text(case.findings)


def render_junit(result: RunResult) -> str:
    """The run as JUnit XML, indented, with an XML declaration; every `time` is 0."""
    root = ET.Element("testsuites", {"name": "verify"})
    totals = {"tests": 0, "failures": 0}
    marking = handling(result.findings)
    for treaty in treaty_order(result):
        cases = cases_for(result, treaty)
        failures = sum(case.failed for case in cases)
        suite = ET.SubElement(
            root,
            "testsuite",
            {
                "name": treaty,
                "tests": str(len(cases)),
                "failures": str(failures),
                "errors": "0",
                "skipped": str(sum(case.skipped for case in cases)),
                "time": ZERO_TIME,
                "timestamp": format_time(result.as_of).removesuffix("Z"),
            },
        )
        properties = ET.SubElement(suite, "properties")
        ET.SubElement(properties, "property", {"name": "handling", "value": marking})
        for case in cases:
            _testcase(suite, treaty, case)
        totals["tests"] += len(cases)
        totals["failures"] += failures
    root.attrib.update(
        {
            "tests": str(totals["tests"]),
            "failures": str(totals["failures"]),
            "errors": "0",
            "time": ZERO_TIME,
        }
    )
    ET.indent(root)
    return XML_DECLARATION + xml_text(ET.tostring(root, encoding="unicode")) + "\n"
