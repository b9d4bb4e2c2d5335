"""The line a watch delivers for a finding is the line `check --format jsonl` writes for it,
and its retraction is the same text with status `retracted`."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.profiles import budget
from tests.report.report_fixtures import build_run_result
from verify.model.finding import Finding
from verify.report import finding_to_json
from verify.report.jsonl import jsonl_chunks
from verify.watching import finding_line, retracted_line


def at(finding: Finding, lat: float | None, lon: float | None) -> Finding:
    """The finding with its first record at these coordinates."""
    record = finding.evidence[0].model_copy(update={"lat": lat, "lon": lon})
    return finding.model_copy(update={"evidence": (record, *finding.evidence[1:])})


def test_every_finding_of_a_run_is_delivered_as_check_writes_it() -> None:
    """Each finding of a realistic run (times, confidence, channels, windows): watch's line is
    check's JSON Lines line, byte for byte."""
    result = build_run_result()
    checked = b"".join(jsonl_chunks(result)).decode("utf-8").splitlines()
    assert [finding_line(finding) for finding in result.findings] == checked


COORDINATES = st.one_of(
    st.none(), st.floats(-90, 90), st.sampled_from([1e-5, -5e-5, 1e-7, 1e-4, 0.0])
)


@settings(max_examples=budget(60))
@given(COORDINATES, COORDINATES)
def test_a_line_holds_the_contract_json_of_its_finding(
    lat: float | None, lon: float | None
) -> None:
    """Read back, the line is the finding's contract JSON, coordinates near zero included."""
    finding = at(build_run_result().findings[0], lat, lon)
    assert json.loads(finding_line(finding)) == {
        **finding_to_json(finding),
        "handling": json.loads(finding_line(finding))["handling"],
    }


@settings(max_examples=budget(60))
@given(COORDINATES, COORDINATES)
def test_a_retraction_is_the_delivered_text_but_for_its_status(
    lat: float | None, lon: float | None
) -> None:
    """Numbers keep the text they were delivered in (`1e-5` stays `1e-5`); only the status
    changes."""
    finding = at(build_run_result().findings[0], lat, lon)
    line = finding_line(finding)
    status = f'"status":"{finding.status}"'
    assert line.count(status) == 1
    assert retracted_line(line) == line.replace(status, '"status":"retracted"')
