"""Findings built without validation (`trusted`) equal what validating them gives."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from verify import api
from verify.findings import evidence_of
from verify.model.breach import CitedRecord
from verify.model.finding import Evidence, Finding

SAMPLES = Path(__file__).resolve().parents[2] / "observations"
RUNS = [
    ("vienna-document-2011", "vd11-sample.jsonl"),
    ("new-start", "newstart-sample.jsonl"),
    ("example-non-aggression-pact", "example-pact.jsonl"),
]


@pytest.mark.parametrize(("pack", "sample"), RUNS)
def test_each_finding_of_a_sample_equals_its_validated_copy(pack: str, sample: str) -> None:
    """Finding, evidence, trail and channels: field for field, and in JSON byte for byte."""
    result, _ = api.check([pack], [SAMPLES / sample])
    assert result.findings
    for finding in result.findings:
        validated = Finding.model_validate(finding.model_dump())
        assert validated == finding
        assert validated.model_dump_json() == finding.model_dump_json()


def test_a_whole_number_position_is_a_float_as_validation_makes_it() -> None:
    """A record's `lat` of 50 is cited as 50.0, as `Evidence(lat=50)` gives."""
    moment = datetime(2027, 1, 1, tzinfo=UTC)
    record = {"id": "r1", "kind": "exercise", "party": "RUS", "time": moment, "lat": 50, "lon": 7}
    cited = CitedRecord(record=record, role="the exercise", sha256="0" * 64, file="f", line=1)
    evidence = evidence_of(cited)
    assert (
        evidence.model_dump_json()
        == Evidence.model_validate(evidence.model_dump()).model_dump_json()
    )
    assert isinstance(evidence.lat, float)
