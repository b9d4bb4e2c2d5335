"""`verify check` writes its output as it is made, and keeps the findings for `explain` alike."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from verify import api
from verify.cli import cli
from verify.cli.findings_cache import Remembering, cache_file, remember_findings
from verify.report import jsonl

PACT = "example-non-aggression-pact"
DEMO = str(Path(__file__).resolve().parents[2] / "observations" / "example-pact.jsonl")
AS_OF = "2027-12-31T00:00:00Z"


def run(*args: str) -> Result:
    """Invoke `verify` with these arguments."""
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh `$VERIFY_HOME`."""
    monkeypatch.setenv("VERIFY_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def test_json_lines_on_stdout_are_kept_for_explain_byte_for_byte(home: Path) -> None:
    """The findings cache holds exactly the JSON Lines printed."""
    result = run("check", "--treaty", PACT, DEMO, "--as-of", AS_OF, "--format", "jsonl")
    assert result.stdout.count("\n") > 1
    assert cache_file().read_text(encoding="utf-8") == result.stdout


def test_json_lines_written_in_several_chunks_equal_the_whole_rendering(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Chunks of two lines give the file `render` gives in one piece."""
    monkeypatch.setattr(jsonl, "LINES_PER_CHUNK", 2)
    out = tmp_path / "out.jsonl"
    run(
        "check", "--treaty", PACT, DEMO, "--as-of", AS_OF, "--format", "jsonl", "--output", str(out)
    )
    result, _ = api.check([PACT], [DEMO], as_of=datetime(2027, 12, 31, tzinfo=UTC))
    assert out.read_text(encoding="utf-8") == api.render(result, "jsonl")


def test_a_table_run_keeps_its_findings_as_json_lines(home: Path) -> None:
    """Another format printed, the cache still holds the findings' JSON Lines."""
    printed = run("check", "--treaty", PACT, DEMO, "--as-of", AS_OF, "--format", "jsonl").stdout
    cache_file().unlink()
    run("check", "--treaty", PACT, DEMO, "--as-of", AS_OF, "--format", "table")
    assert cache_file().read_text(encoding="utf-8") == printed


def test_an_error_while_writing_leaves_the_previous_cache(home: Path) -> None:
    """A run that fails part-way through its output does not replace the last run's cache."""
    remember_findings([], b"the last run\n")
    with pytest.raises(RuntimeError), Remembering([], copy_output=True) as kept:
        kept.write(b"half a line")
        raise RuntimeError("the output's disk is full")
    assert cache_file().read_text(encoding="utf-8") == "the last run\n"
    assert [p.name for p in home.iterdir()] == ["last-check.jsonl"]
