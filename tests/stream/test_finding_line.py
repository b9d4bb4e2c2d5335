"""The line a watch delivers for a finding is `json.dumps` of its contract JSON, compact."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.profiles import budget
from tests.report.report_fixtures import build_run_result
from verify.model.finding import Finding
from verify.report import finding_to_json
from verify.watch_session import finding_line


def dumped(finding: Finding) -> str:
    """What watch has always delivered: `json.dumps` of `finding_to_json`, compact, UTF-8."""
    return json.dumps(finding_to_json(finding), ensure_ascii=False, separators=(",", ":"))


def at(finding: Finding, lat: float | None, lon: float | None) -> Finding:
    """The finding with its first record at these coordinates."""
    record = finding.evidence[0].model_copy(update={"lat": lat, "lon": lon})
    return finding.model_copy(update={"evidence": (record, *finding.evidence[1:])})


def test_every_finding_of_a_run_is_delivered_as_json_dumps_writes_it() -> None:
    """Each finding of a realistic run (times, confidence, channels, windows) is the same text."""
    for finding in build_run_result().findings:
        assert finding_line(finding) == dumped(finding)


@settings(max_examples=budget(60))
@given(
    st.one_of(st.none(), st.floats(-90, 90), st.floats(-1e-3, 1e-3)),
    st.one_of(st.none(), st.floats(-180, 180), st.sampled_from([1e-5, -5e-5, 1e-7, 1e-4])),
)
def test_a_coordinate_near_zero_is_written_as_json_dumps_writes_it(
    lat: float | None, lon: float | None
) -> None:
    """A coordinate within 1e-4 of zero, which pydantic would write in decimals, is not."""
    finding = at(build_run_result().findings[0], lat, lon)
    assert finding_line(finding) == dumped(finding)
