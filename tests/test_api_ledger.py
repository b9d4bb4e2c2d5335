"""The Python API: check over a DataFrame or record dicts, render in any format, the ledger."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from verify import api
from verify.cli import cli
from verify.model.finding import Finding
from verify.model.run import RunResult
from verify.report import FORMATS

PACT = "example-non-aggression-pact"
DEMO = Path(__file__).resolve().parents[1] / "observations" / "example-pact.jsonl"
AS_OF = datetime(2027, 12, 31, tzinfo=UTC)
RECORDS = [json.loads(line) for line in DEMO.read_text(encoding="utf-8").splitlines()]


def unplaced(findings: tuple[Finding, ...]) -> list[Finding]:
    """Findings without the file and line their evidence was read from."""
    return [
        f.model_copy(
            update={
                "evidence": tuple(
                    e.model_copy(update={"file": None, "line": None}) for e in f.evidence
                )
            }
        )
        for f in findings
    ]


def test_check_of_a_dataframe_finds_what_check_of_the_file_does() -> None:
    """The same records as a DataFrame: the same findings, ids and evidence digests."""
    from_file, _ = api.check([PACT], [DEMO], as_of=AS_OF)
    from_frame, _ = api.check([PACT], pd.DataFrame(RECORDS), as_of=AS_OF)
    assert unplaced(from_frame.findings) == unplaced(from_file.findings)


def test_a_dataframe_rejects_is_located_by_row() -> None:
    """A row without an offset is rejected as `<dataframe>` at its position."""
    frame = pd.DataFrame([*RECORDS, {**RECORDS[0], "id": "late", "time": "2025-01-01T00:00"}])
    _, feed = api.check([PACT], frame, as_of=AS_OF)
    assert [(r.file, r.line, r.field) for r in feed.rejects] == [("<dataframe>", 17, "time")]


def test_record_dicts_reject_is_located_by_position() -> None:
    """Record dicts: the same findings; a bad one rejected as `<records>` at its position."""
    records = [{"id": "x", "kind": "exercize", "party": "ARV", "time": "2025-01-01"}, *RECORDS]
    result, feed = api.check([PACT], iter(records), as_of=AS_OF)
    assert [(r.file, r.line) for r in feed.rejects] == [("<records>", 0)]
    assert len(result.findings) == 9


@pytest.fixture(scope="module")
def demo_run() -> RunResult:
    """The demo feed checked through the API, once for the module."""
    return api.check([PACT], [str(DEMO)], as_of=AS_OF)[0]


@pytest.mark.parametrize("fmt", FORMATS)
def test_render_gives_the_cli_bytes(
    fmt: str, demo_run: RunResult, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`api.render` of the demo run equals `verify check --format` byte for byte."""
    monkeypatch.setenv("VERIFY_HOME", str(tmp_path / "home"))
    out = tmp_path / "out"
    CliRunner().invoke(
        cli,
        ["check", "--treaty", PACT, str(DEMO), "--as-of", "2027-12-31T00:00:00Z",
         "--format", fmt, "--for", "parties", "--output", str(out)],
    )  # fmt: skip
    assert api.render(demo_run, fmt, for_="parties") == out.read_text(encoding="utf-8")


def test_the_ledger_from_python(tmp_path: Path) -> None:
    """record, cases, escalate, resolve and audit against one ledger URL."""
    url = f"sqlite:///{tmp_path / 'ledger.sqlite'}"
    result, feed = api.check([PACT], [DEMO], as_of=AS_OF)
    _, outcome = api.record(result, [PACT], feed=feed, ledger=url)
    assert (
        outcome.message() == "9 new, 0 changed (new version), 0 withdrawn, 0 reopened, 0 unchanged"
    )
    first = api.cases(url)[0].finding.id
    assert api.escalate(first, "hotline", ledger=url).state == "escalated"
    assert api.resolve(first, "explained at the hotline", ledger=url).state == "resolved"
    report = api.audit(url)
    assert (report.passed, report.message()) == (True, "11 entries, chain intact")
