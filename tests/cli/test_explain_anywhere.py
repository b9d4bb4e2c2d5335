"""`verify explain` of a recorded finding from any folder, and `--why-not`."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from verify.cli import cli

PACT = "example-non-aggression-pact"
DEMO = str(Path(__file__).resolve().parents[2] / "observations" / "example-pact.jsonl")
AS_OF = "2027-12-31T00:00:00Z"


def run(*args: str) -> Result:
    """Invoke `verify` with these arguments."""
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_explain_finds_a_recorded_finding_from_another_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Recorded under $VERIFY_HOME in one folder, explained with its history in another, where
    no last check was ever run."""
    monkeypatch.setenv("VERIFY_HOME", str(tmp_path / "home"))
    (tmp_path / "one").mkdir()
    (tmp_path / "two").mkdir()
    monkeypatch.chdir(tmp_path / "one")
    run("check", "--treaty", PACT, DEMO, "--as-of", AS_OF, "--record")
    (tmp_path / "home" / "last-check.jsonl").unlink()
    monkeypatch.chdir(tmp_path / "two")
    result = run("explain", "F-df2ace7a")
    assert result.exit_code == 0
    assert "BOS conducted a movement (bos-mv-ridge)" in result.stdout
    assert "In the ledger: open, recorded" in result.stdout


def test_explain_without_ledger_or_check_says_where_it_looked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No ledger and no last check: exit 2, and no ledger is created by asking."""
    monkeypatch.setenv("VERIFY_HOME", str(tmp_path / "home"))
    result = run("explain", "F-df2ace7a")
    assert result.exit_code == 2
    assert "no finding 'F-df2ace7a' in the ledger" in result.stderr
    assert not (tmp_path / "home" / "ledger.sqlite").exists()


def test_why_not_names_the_condition_a_considered_record_failed() -> None:
    """ARV's 900-troop artillery exercise is considered for the notice rule and fails its
    threshold: the record, the role and the failed conditions are named."""
    result = run(
        "explain", "--why-not", "pact.exercise-notice", "--party", "ARV",
        "--activity", "thunder-25", "--treaty", PACT, DEMO, "--as-of", AS_OF,
    )  # fmt: skip
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert "  - arv-ex-artillery (exercise, 2025-05-20T06:00:00Z, " in lines[5]
    assert lines[6] == (
        "      trigger: not selected: none of: troops 900 is not at least 3,000;"
        " no battle_tanks reported (needs at least 100)"
    )
    assert "It gives no finding for ARV, activity thunder-25." in result.stdout


def test_why_not_of_an_unknown_obligation_suggests_the_near_one() -> None:
    """A misspelt obligation id is exit 2 with a did-you-mean."""
    result = run(
        "explain", "--why-not", "pact.exercise-notise", "--party", "ARV", "--treaty", PACT, DEMO
    )
    assert result.exit_code == 2
    assert "did you mean 'pact.exercise-notice'?" in result.stderr
