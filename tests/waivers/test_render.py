"""Every format shows a waived finding's waiver, in that format's words."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from verify import api
from verify.model.run import RunResult
from verify.report import render

FEED = Path(__file__).resolve().parents[2] / "observations" / "example-pact.jsonl"
HOSTILE = "<script>alert(1)</script> [x](javascript:1) =cmd|' /C calc'!A0"
WAIVER = {"reason": HOSTILE, "author": "Ann Lee", "approved_by": "Bo Chan", "expires": "2028-06-30"}


@pytest.fixture(scope="module")
def waived() -> RunResult:
    """The demo run, its first finding carrying a waiver whose reason is hostile text."""
    result, _ = api.check(
        ["example-non-aggression-pact"], [FEED], as_of=datetime(2027, 12, 31, tzinfo=UTC)
    )
    first = result.findings[0].model_copy(update={"waiver": WAIVER})
    return result.model_copy(update={"findings": (first, *result.findings[1:])})


def test_the_table_notes_the_waiver_under_the_summary(waived: RunResult) -> None:
    """The terminal table adds a line under a waived finding's summary, and counts the waived."""
    text = " ".join(render(waived, "table").split())
    assert (
        "Waived until 2028-06-30 (through that day, UTC); written by Ann Lee, approved by" in text
    )
    assert "Waived: 1 (not counted for --fail-on)." in text


def test_markdown_has_a_waiver_line_with_the_reason_escaped(waived: RunResult) -> None:
    """Markdown shows a `Waiver` line under the finding; its reason cannot inject markup."""
    text = render(waived, "markdown")
    (line,) = [line for line in text.splitlines() if line.startswith("- **Waiver**")]
    assert "<script>" not in line
    assert "&lt;script&gt;" in line and "\\[x\\](javascript" in line


def test_html_shows_the_waiver_escaped(waived: RunResult) -> None:
    """The HTML briefing has a waiver paragraph; the reason is text, never markup."""
    alone = waived.model_copy(update={"findings": waived.findings[:1]})  # fewer figures to draw
    text = render(alone, "html")
    assert '<p class="waiver">Waived until 2028-06-30' in text
    assert "<script>alert(1)" not in text and "&lt;script&gt;alert(1)" in text


def test_csv_has_the_waiver_as_json_in_its_own_column(waived: RunResult) -> None:
    """The CSV's last column holds the waiver as JSON; empty for findings no waiver covers."""
    rows = list(csv.DictReader(io.StringIO(render(waived, "csv"))))
    assert json.loads(rows[0]["waiver"]) == dict(sorted(WAIVER.items()))
    assert all(row["waiver"] == "" for row in rows[1:])


def test_json_counts_the_waived_findings(waived: RunResult) -> None:
    """The JSON document counts the waived findings and carries each waiver."""
    document = json.loads(render(waived, "json"))
    assert document["counts"]["waived"] == 1
    assert document["findings"][0]["waiver"] == WAIVER


def test_ocsf_marks_a_waived_finding_suppressed_with_its_waiver(waived: RunResult) -> None:
    """OCSF prints the waived finding as Suppressed, with the waiver under `unmapped`."""
    event = json.loads(render(waived, "ocsf").splitlines()[0])
    assert event["status"] == "Suppressed"
    assert event["unmapped"]["verify"]["waiver"] == dict(sorted(WAIVER.items()))


def test_explain_tells_the_waiver_after_the_opening(waived: RunResult) -> None:
    """`verify explain` says a waived finding is waived, by whom and why."""
    from verify.report import explain

    text = " ".join(explain(waived.findings[0]).split())
    assert "Waived until 2028-06-30 (through that day, UTC); written by Ann Lee" in text
