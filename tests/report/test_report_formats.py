"""Every format through the registry: golden files, determinism and the shape of each output."""

from __future__ import annotations

import csv
import json
from io import StringIO

import pytest
from report_fixtures import check_golden

from verify.errors import UsageError
from verify.model.run import RunResult
from verify.report import FORMATS, finding_to_json, render

GOLDEN_NAMES: dict[str, str] = {
    "table": "run.txt",
    "jsonl": "run.jsonl",
    "json": "run.json",
    "csv": "run.csv",
    "markdown": "run.md",
    "html": "run.html",
    "junit": "run.xml",
    "sarif": "run.sarif",
    "ocsf": "run.ocsf.jsonl",
}


def test_every_format_has_a_golden_file() -> None:
    """The registry and the golden files name the same formats."""
    assert set(GOLDEN_NAMES) == set(FORMATS)


@pytest.mark.parametrize("fmt", FORMATS)
def test_output_matches_golden_file(run_result: RunResult, fmt: str) -> None:
    """Each format renders the realistic run exactly as its golden file."""
    check_golden(GOLDEN_NAMES[fmt], render(run_result, fmt))


@pytest.mark.parametrize("fmt", FORMATS)
def test_rendering_twice_gives_the_same_bytes(run_result: RunResult, fmt: str) -> None:
    """Same run, same bytes: no clock, no random ids, no dict-order surprises."""
    first = render(run_result, fmt).encode()
    second = render(run_result.model_copy(deep=True), fmt).encode()
    assert first == second


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_renders_an_empty_run(empty_result: RunResult, fmt: str) -> None:
    """A run without findings still renders (to nothing, for the JSON Lines formats)."""
    output = render(empty_result, fmt)
    assert output == "" if fmt in ("jsonl", "ocsf") else output.endswith("\n")


def test_unknown_format_suggests_the_closest_name(run_result: RunResult) -> None:
    """A misspelt format is a usage error that says which format was meant."""
    with pytest.raises(UsageError, match=r"unknown format 'jsnl'; did you mean 'jsonl'\?"):
        render(run_result, "jsnl")


def test_unknown_format_without_close_name_lists_the_known_ones(run_result: RunResult) -> None:
    """A name like no format lists every format instead of guessing."""
    with pytest.raises(UsageError, match="known: table, jsonl, json, csv"):
        render(run_result, "pdf")


def test_finding_to_json_follows_the_model_and_the_contract(run_result: RunResult) -> None:
    """Keys in model order then the marking, UTC times to the second with Z, confidence to
    three decimals."""
    finding = run_result.findings[0]
    document = finding_to_json(finding)
    assert list(document) == [*type(finding).model_fields, "handling"]
    assert document["handling"] == "parties"
    assert document["confidence"] == 0.812
    assert document["window"] == {"start": "2027-03-22T05:00:00Z", "end": "2027-05-09T18:00:00Z"}
    assert document["evidence"][0]["time"] == "2027-05-03T05:00:00Z"
    assert document["channels"][2]["deadline"] is None
    assert document["notes"] == [finding.notes[0]]
    assert (document["waiver"], document["withheld"]) == (None, 0)
    json.dumps(document)


def test_jsonl_is_one_compact_finding_per_line(run_result: RunResult) -> None:
    """One line per finding, in the run's order, compact separators, non-ASCII kept."""
    lines = render(run_result, "jsonl").splitlines()
    assert [json.loads(line)["id"] for line in lines] == [f.id for f in run_result.findings]
    compact = [
        json.dumps(json.loads(line), ensure_ascii=False, separators=(",", ":")) for line in lines
    ]
    assert compact == lines
    assert "(±300)" in lines[0]


def test_json_document_counts_are_sorted_and_complete(run_result: RunResult) -> None:
    """Counts list every status, severity and pack obligation, with sorted keys."""
    document = json.loads(render(run_result, "json"))
    keys = ["handling", "as_of", "inputs", "packs", "counts", "no_data"]
    keys += ["unknown_fields", "unknown_parties", "findings"]
    assert list(document) == keys
    counts = document["counts"]
    assert list(counts) == sorted(counts)
    assert counts["by_status"] == {"pending": 0, "potential_violation": 2, "violation": 2}
    assert counts["by_severity"] == {"critical": 1, "major": 3, "minor": 0}
    assert counts["by_obligation"]["vd11.annual-calendar"] == 0
    assert (counts["records"], counts["rejected"], counts["findings"]) == (44, 2, 4)
    assert counts["withheld"] == 0
    assert document["inputs"][1]["sha256"] == run_result.inputs[1].sha256


def test_csv_flattens_each_finding_to_one_row(run_result: RunResult) -> None:
    """Header then one row per finding; evidence ids joined by `;`, first channel by id."""
    rows = list(csv.DictReader(StringIO(render(run_result, "csv"))))
    assert len(rows) == len(run_result.findings)
    assert rows[0]["evidence_ids"] == "ex-1;nt-1"
    assert rows[0]["first_channel"] == "clarification"
    assert rows[0]["confidence"] == "0.812"
    assert rows[1]["counterparty"] == "ARM"
    assert rows[3]["window_end"] == "2027-06-20T08:10:00Z"


def test_table_shows_every_finding_and_the_counts(run_result: RunResult) -> None:
    """The table lists each finding by a unique id prefix and ends with the counts line."""
    output = render(run_result, "table")
    assert all(finding.id[:10] in output for finding in run_result.findings)
    assert output.splitlines()[-1] == (
        "Records read: 44, rejected: 2. "
        "Findings: 4 (2 violation, 2 potential_violation, 0 pending)."
    )


def test_table_respects_the_width(run_result: RunResult) -> None:
    """No line of the table is wider than asked."""
    for width in (100, 160):
        output = render(run_result, "table", width=width)
        assert max(len(line) for line in output.splitlines()) <= width


def test_table_says_no_findings(empty_result: RunResult) -> None:
    """An empty run says so in words, under its marking: it shows nothing, so public."""
    assert render(empty_result, "table").startswith(
        "HANDLING: RELEASABLE TO THE PUBLIC\nNo findings.\n"
    )


def test_markdown_escapes_pipes_in_table_cells(run_result: RunResult) -> None:
    """A pipe inside a role does not break the evidence table."""
    record = run_result.findings[0].evidence[0].model_copy(update={"role": "a | b"})
    finding = run_result.findings[0].model_copy(update={"evidence": (record,)})
    output = render(run_result.model_copy(update={"findings": (finding,)}), "markdown")
    assert "a \\| b" in output


def test_markdown_briefing_has_summary_and_each_finding(run_result: RunResult) -> None:
    """Summary per treaty and party, then each finding with evidence, trail and channels."""
    output = render(run_result, "markdown")
    assert "| korea-cma-2018 | PRK | 1 | 1 | 0 | critical |" in output
    for finding in run_result.findings:
        assert f"- **Finding**: {finding.id}\n" in output
    assert output.count("#### Evidence") == len(run_result.findings)
    assert "by 22 July 2027, 00:00 UTC" in output
