"""SARIF 2.1.0 and OCSF Compliance Finding output: valid against their published schemas, and
carrying each finding as a pipeline needs it (rule, level, locations, fingerprint, ids)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft4Validator, Draft202012Validator
from report_fixtures import AS_OF

from verify.model.run import RunResult
from verify.report import render

SCHEMAS = Path(__file__).resolve().parent.parent / "schemas"
SARIF = Draft4Validator(json.loads((SCHEMAS / "sarif-schema-2.1.0.json").read_text("utf-8")))
OCSF = Draft202012Validator(
    json.loads((SCHEMAS / "ocsf-1.5.0-compliance_finding.schema.json").read_text("utf-8"))
)


def sarif(result: RunResult) -> dict[str, Any]:
    """The run rendered as SARIF, parsed."""
    log: dict[str, Any] = json.loads(render(result, "sarif"))
    return log


def ocsf(result: RunResult) -> list[dict[str, Any]]:
    """The run rendered as OCSF events, parsed line by line."""
    return [json.loads(line) for line in render(result, "ocsf").splitlines()]


def errors(validator: Draft4Validator | Draft202012Validator, document: Any) -> list[str]:
    """Every schema violation of a document, with where it is."""
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(document)]


def test_sarif_validates_against_the_sarif_2_1_0_schema(run_result: RunResult) -> None:
    """The whole log is valid SARIF 2.1.0."""
    assert errors(SARIF, sarif(run_result)) == []


def test_sarif_of_an_empty_run_validates(empty_result: RunResult) -> None:
    """A run without findings is still a valid log, with no results."""
    log = sarif(empty_result)
    assert errors(SARIF, log) == []
    assert log["runs"][0]["results"] == []


def test_sarif_has_one_rule_per_obligation_of_the_packs(run_result: RunResult) -> None:
    """Every obligation a pack of the run describes is a rule, its citation the help text."""
    rules = sarif(run_result)["runs"][0]["tool"]["driver"]["rules"]
    by_id = {rule["id"]: rule for rule in rules}
    assert by_id["vd11.annual-calendar"]["help"]["text"] == (
        "Vienna Document 2011, Chapter VII, paragraph 61"
    )
    assert len(by_id) == len(rules)


def test_sarif_result_points_at_its_rule(run_result: RunResult) -> None:
    """Each result's `ruleIndex` is the index of the rule named by its `ruleId`."""
    run = sarif(run_result)["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]


def test_sarif_results_follow_the_findings_with_their_ids(run_result: RunResult) -> None:
    """One result per finding, in order, fingerprinted by the finding id."""
    results = sarif(run_result)["runs"][0]["results"]
    fingerprints = [r["partialFingerprints"]["verifyFindingId/v1"] for r in results]
    assert fingerprints == [finding.id for finding in run_result.findings]


def test_sarif_level_comes_from_severity(run_result: RunResult) -> None:
    """A major or critical finding is an error, a minor one a warning, a pending one a note."""
    results = sarif(run_result)["runs"][0]["results"]
    expected = {"critical": "error", "major": "error", "minor": "warning"}
    for finding, result in zip(run_result.findings, results, strict=True):
        wanted = "note" if finding.status == "pending" else expected[finding.severity]
        assert result["level"] == wanted


def test_sarif_locations_are_the_evidence_records_file_and_line(run_result: RunResult) -> None:
    """Each evidence record is a location: its record id, and its feed file and line."""
    finding = run_result.findings[0]
    locations = sarif(run_result)["runs"][0]["results"][0]["locations"]
    assert [loc["logicalLocations"][0]["name"] for loc in locations] == [
        record.id for record in finding.evidence
    ]
    first = finding.evidence[0]
    physical = locations[0]["physicalLocation"]
    assert physical["artifactLocation"]["uri"] == first.file
    assert physical["region"]["startLine"] == first.line


def test_sarif_waived_finding_is_an_accepted_suppression(run_result: RunResult) -> None:
    """A finding with a waiver carries it as a suppression, its reason the justification."""
    waiver = {"reason": "explained at the JCG", "author": "a", "approved_by": "b"}
    waived = run_result.findings[0].model_copy(update={"waiver": waiver})
    log = sarif(run_result.model_copy(update={"findings": (waived,)}))
    assert errors(SARIF, log) == []
    (suppression,) = log["runs"][0]["results"][0]["suppressions"]
    assert (suppression["kind"], suppression["status"]) == ("external", "accepted")
    assert suppression["justification"] == "explained at the JCG"


def test_sarif_unwaived_finding_has_no_suppression(run_result: RunResult) -> None:
    """No waiver, no suppression: a code-scanning view shows the result as open."""
    results = sarif(run_result)["runs"][0]["results"]
    assert all("suppressions" not in result for result in results)


def test_sarif_path_with_spaces_is_a_valid_uri(run_result: RunResult) -> None:
    """A feed path with a space is percent-encoded, so the log stays a valid URI reference."""
    finding = run_result.findings[0]
    record = finding.evidence[0].model_copy(update={"file": "feeds/late notes #1.jsonl"})
    changed = finding.model_copy(update={"evidence": (record,)})
    log = sarif(run_result.model_copy(update={"findings": (changed,)}))
    uri = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert uri["uri"] == "feeds/late%20notes%20%231.jsonl"


def test_ocsf_every_event_validates_against_the_compliance_finding_schema(
    run_result: RunResult,
) -> None:
    """Each line is a valid OCSF 1.5.0 Compliance Finding event."""
    events = ocsf(run_result)
    assert len(events) == len(run_result.findings)
    for event in events:
        assert errors(OCSF, event) == []


def test_ocsf_event_is_class_2003_create(run_result: RunResult) -> None:
    """Class, category, activity and type are those of a Compliance Finding created."""
    event = ocsf(run_result)[0]
    assert (event["class_uid"], event["category_uid"], event["activity_id"]) == (2003, 2, 1)
    assert event["type_uid"] == 200301


def test_ocsf_finding_uid_is_the_finding_id(run_result: RunResult) -> None:
    """`finding_info.uid` is the deterministic finding id."""
    assert [e["finding_info"]["uid"] for e in ocsf(run_result)] == [
        f.id for f in run_result.findings
    ]


def test_ocsf_compliance_names_the_obligation_and_fails_a_violation(
    run_result: RunResult,
) -> None:
    """`compliance.control` is the obligation; a violation's compliance status is Fail."""
    for finding, event in zip(run_result.findings, ocsf(run_result), strict=True):
        assert event["compliance"]["control"] == finding.obligation
        assert event["compliance"]["requirements"] == [finding.article]
        if finding.status == "violation":
            assert event["compliance"]["status_id"] == 3


def test_ocsf_severity_id_comes_from_severity(run_result: RunResult) -> None:
    """minor is Low (2), major High (4), critical Critical (5)."""
    expected = {"minor": 2, "major": 4, "critical": 5}
    for finding, event in zip(run_result.findings, ocsf(run_result), strict=True):
        assert event["severity_id"] == expected[finding.severity]


def test_ocsf_time_is_as_of_in_milliseconds(run_result: RunResult) -> None:
    """`time` is the run's as-of moment, in milliseconds since the epoch."""
    assert {e["time"] for e in ocsf(run_result)} == {int(AS_OF.timestamp()) * 1000}


def test_ocsf_evidence_records_are_observables(run_result: RunResult) -> None:
    """Each evidence record id is an observable of type Resource UID."""
    finding, event = run_result.findings[0], ocsf(run_result)[0]
    ids = [o["value"] for o in event["observables"] if o["type_id"] == 10]
    assert ids == [record.id for record in finding.evidence]


@pytest.mark.parametrize("fmt", ["sarif", "ocsf"])
def test_withheld_evidence_is_absent_from_a_public_view(run_result: RunResult, fmt: str) -> None:
    """At `public`, no id of a national evidence record appears in either format."""
    national = {
        r.id for f in run_result.findings for r in f.evidence if r.releasability == "national"
    }
    assert national, "the fixture must hold national evidence for this test to mean anything"
    output = render(run_result, fmt, level="public")
    assert not [record for record in national if f'"{record}"' in output]
