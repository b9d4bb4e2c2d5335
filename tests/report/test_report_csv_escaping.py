"""CSV: no cell drawn from a record is taken for a formula by a spreadsheet (CSV injection)."""

from __future__ import annotations

import csv
from io import StringIO

import pytest
from hypothesis import given
from hypothesis import strategies as st
from report_fixtures import build_run_result

from verify.model.finding import Finding
from verify.model.run import RunResult
from verify.report import render
from verify.report.csv import csv_lines

FORMULA = "=cmd|' /C calc'!A0"


def with_first_record_id(record_id: str) -> Finding:
    """The late notification with its first record renamed."""
    finding = build_run_result().findings[0]
    record = finding.evidence[0].model_copy(update={"id": record_id})
    return finding.model_copy(update={"evidence": (record, *finding.evidence[1:])})


def rows_of(*findings: Finding) -> list[dict[str, str]]:
    """The CSV of a run with these findings, read back by the csv module."""
    result: RunResult = build_run_result().model_copy(update={"findings": findings})
    return list(csv.DictReader(StringIO(render(result, "csv"))))


def test_a_formula_record_id_is_prefixed_and_quoted() -> None:
    """`=cmd|' /C calc'!A0` as the first evidence id is written `"'=cmd|' /C calc'!A0;nt-1"`."""
    result = build_run_result().model_copy(update={"findings": (with_first_record_id(FORMULA),)})
    output = render(result, "csv")
    assert f'"\'{FORMULA};nt-1"' in output
    assert rows_of(with_first_record_id(FORMULA))[0]["evidence_ids"] == f"'{FORMULA};nt-1"


def test_each_evidence_id_is_neutralised_not_only_the_first() -> None:
    """An id after the `;` separator is prefixed too, for a spreadsheet that splits on `;`."""
    finding = build_run_result().findings[0]
    records = (finding.evidence[0], finding.evidence[1].model_copy(update={"id": "@SUM(A1)"}))
    row = rows_of(finding.model_copy(update={"evidence": records}))[0]
    assert row["evidence_ids"] == "ex-1;'@SUM(A1)"


@pytest.mark.parametrize("prefix", ["=", "+", "-", "@", "\t", "\r"])
def test_every_text_cell_starting_with_a_formula_character_is_neutralised(prefix: str) -> None:
    """Summary, party and counterparty, not only ids: each gets the leading `'`."""
    hostile = f"{prefix}1+1"
    finding = (
        build_run_result()
        .findings[1]
        .model_copy(update={"summary": hostile, "party": hostile, "counterparty": hostile})
    )
    row = rows_of(finding)[0]
    assert (row["summary"], row["party"], row["counterparty"]) == (f"'{hostile}",) * 3


def test_a_record_id_that_looks_like_a_negative_number_is_still_text() -> None:
    """`-2+3` from a record is neutralised: a spreadsheet would compute it, or number `-2`."""
    assert rows_of(with_first_record_id("-2+3"))[0]["evidence_ids"] == "'-2+3;nt-1"


def test_numbers_written_by_us_are_written_bare() -> None:
    """Confidence is a number of ours, never prefixed nor quoted."""
    output = render(build_run_result(), "csv")
    assert ",0.812," in output
    assert rows_of(*build_run_result().findings)[0]["confidence"] == "0.812"


def test_cells_that_need_no_escaping_are_written_as_before() -> None:
    """Plain cells stay unquoted; a cell with a comma is quoted by the csv module's rules."""
    output = render(build_run_result(), "csv").splitlines()[1]
    assert output.startswith("vd11-3f9c2a71d0e4,vienna-document-2011,vd11.prior-notification,")
    assert ',"Chapter V, para 38",ARM,,violation,' in output


@given(st.lists(st.text(), min_size=2, max_size=5))
def test_lines_read_back_as_the_cells_written(cells: list[str]) -> None:
    """Whatever the cells hold (quotes, commas, line breaks), the csv module reads them back."""
    assert list(csv.reader(StringIO(csv_lines([cells])))) == [cells]
