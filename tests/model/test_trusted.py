"""Findings built without validation (`trusted`) equal what validating them gives."""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from pathlib import Path

import pytest

from verify import api
from verify.findings import evidence_of
from verify.model.breach import CitedRecord
from verify.model.finding import Evidence, Finding, TrailStep

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


def trusted_step() -> TrailStep:
    """A trail step built by `trusted`, every field given."""
    return TrailStep.trusted({"step": "s", "measured": "m", "required": "r", "holds": False})


def test_a_trusted_model_knows_every_field_as_set() -> None:
    """As a validated model does: `exclude_unset` drops nothing."""
    step = trusted_step()
    assert step.model_fields_set == {"step", "measured", "required", "holds"}
    assert step.model_dump(exclude_unset=True) == step.model_dump()


def test_the_shared_fields_set_of_trusted_models_refuses_to_change() -> None:
    """One model's set is every model's of its class: changing it would change theirs."""
    with pytest.raises(TypeError):
        trusted_step().model_fields_set.add("extra")
    assert trusted_step().model_fields_set == {"step", "measured", "required", "holds"}


@pytest.mark.parametrize("how", ["model_copy", "copy", "deepcopy"])
def test_a_copy_of_a_trusted_model_has_a_set_of_its_own(how: str) -> None:
    """pydantic's copies (and `model_copy(update=...)`, which adds to the copy's set) work."""
    step = trusted_step()
    made = {
        "model_copy": lambda: step.model_copy(update={"measured": "n"}),
        "copy": lambda: copy.copy(step),
        "deepcopy": lambda: copy.deepcopy(step),
    }[how]()
    assert type(made.model_fields_set) is set
    made.model_fields_set.add("x")
    assert "x" not in trusted_step().model_fields_set


def test_a_trusted_model_lays_out_its_fields_in_field_order() -> None:
    """Values given in any order are laid out as validation orders them (the JSON writer
    follows the fields' order)."""
    step = TrailStep.trusted({"holds": True, "required": "r", "measured": "m", "step": "s"})
    assert list(vars(step)) == ["step", "measured", "required", "holds"]
    assert step == TrailStep(step="s", measured="m", required="r", holds=True)


def test_trusted_models_do_not_share_their_values() -> None:
    """The shared layout is copied, never written through: each model keeps what it was given."""
    first = trusted_step()
    second = TrailStep.trusted({"step": "t", "measured": "n", "required": "q", "holds": True})
    assert (first.step, first.holds) == ("s", False)
    assert (second.step, second.holds) == ("t", True)


def test_a_model_trusted_with_some_fields_keeps_just_those() -> None:
    """Fields left out (a default taken) are neither set nor laid out."""
    moment = datetime(2027, 1, 1, tzinfo=UTC)
    given = {"id": "r1", "kind": "exercise", "role": "the exercise", "sha256": "0" * 64}
    evidence = Evidence.trusted({**given, "time": moment})
    assert evidence.model_fields_set == {*given, "time"}
    assert list(vars(evidence)) == [*given, "time"]


def test_a_trusted_copy_equals_the_validated_model_with_the_change() -> None:
    """A finding given its channels by `trusted_copy` is the one validation would give, and
    the finding it was copied from keeps its own."""
    result, _ = api.check(["vienna-document-2011"], [SAMPLES / "vd11-sample.jsonl"])
    finding = result.findings[0]
    copied = finding.trusted_copy(channels=(), zone="somewhere")
    validated = Finding.model_validate(
        {**finding.model_dump(), "channels": (), "zone": "somewhere"}
    )
    assert copied == validated
    assert copied.model_dump_json() == validated.model_dump_json()
    assert finding.channels and finding.zone != "somewhere"


def test_a_trusted_copy_refuses_a_field_the_model_lacks() -> None:
    """A misspelt field is an error, not an attribute quietly added."""
    result, _ = api.check(["vienna-document-2011"], [SAMPLES / "vd11-sample.jsonl"])
    with pytest.raises(TypeError, match="chanels"):
        result.findings[0].trusted_copy(chanels=())


def test_a_trusted_copy_of_a_validated_model_counts_the_changed_field_as_set() -> None:
    """A model validated with defaults left out: the changed field joins its fields set."""
    moment = datetime(2027, 1, 1, tzinfo=UTC)
    evidence = Evidence(id="r1", kind="exercise", role="r", sha256="0" * 64, time=moment)
    copied = evidence.trusted_copy(source="ntm")
    assert copied.model_fields_set == evidence.model_fields_set | {"source"}
    assert copied == Evidence(
        id="r1", kind="exercise", role="r", sha256="0" * 64, time=moment, source="ntm"
    )
