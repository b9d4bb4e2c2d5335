"""`check --format sarif|ocsf` on every shipped sample feed: output valid against the schemas."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from jsonschema import Draft4Validator, Draft202012Validator

from verify.cli import cli

ROOT = Path(__file__).resolve().parents[2]
SCHEMAS = ROOT / "tests" / "schemas"
SAMPLES = {
    "example-pact.jsonl": "example-non-aggression-pact",
    "vd11-sample.jsonl": "vienna-document-2011",
    "newstart-sample.jsonl": "new-start",
    "inf-sample.jsonl": "inf-treaty",
    "cma-sample.jsonl": "korea-cma-2018",
}


def check(feed: str, fmt: str) -> str:
    """`verify check` of a sample with its pack in `fmt`, pending findings included."""
    args = ["check", "--treaty", SAMPLES[feed], str(ROOT / "observations" / feed)]
    result = CliRunner().invoke(cli, [*args, "--format", fmt, "--include-pending", "-q"])
    assert result.exit_code in (0, 1), result.output
    return result.stdout


@pytest.mark.parametrize("feed", sorted(SAMPLES))
def test_sarif_of_each_sample_is_valid_sarif(feed: str) -> None:
    """The log of each sample validates against SARIF 2.1.0 and has a result per finding."""
    schema = json.loads((SCHEMAS / "sarif-schema-2.1.0.json").read_text("utf-8"))
    log = json.loads(check(feed, "sarif"))
    assert list(Draft4Validator(schema).iter_errors(log)) == []
    assert len(log["runs"][0]["results"]) == len(check(feed, "jsonl").splitlines())


@pytest.mark.parametrize("feed", sorted(SAMPLES))
def test_ocsf_of_each_sample_is_valid_ocsf(feed: str) -> None:
    """Every event of each sample validates against the OCSF 1.5.0 Compliance Finding schema."""
    schema = json.loads((SCHEMAS / "ocsf-1.5.0-compliance_finding.schema.json").read_text("utf-8"))
    validator = Draft202012Validator(schema)
    events = [json.loads(line) for line in check(feed, "ocsf").splitlines()]
    assert events
    for event in events:
        assert list(validator.iter_errors(event)) == []
