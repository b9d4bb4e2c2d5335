"""The tool's own behaviour, as written in `features/*.feature`, run through pytest-bdd."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from click.testing import CliRunner
from pytest_bdd import given, parsers, scenarios, then, when

from verify.cli import cli

scenarios("check.feature", "waivers.feature")


@dataclass
class Run:
    """A feed written for the scenario and the outcome of the command run on it."""

    folder: Path
    feed: Path | None = None
    waivers: Path | None = None
    exit_code: int | None = None
    stdout: str = ""
    stderr: str = ""
    findings: list[dict[str, object]] = field(default_factory=list)


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Run:
    """A scratch folder that is also the working directory."""
    monkeypatch.chdir(tmp_path)
    return Run(folder=tmp_path)


@given(parsers.parse('a feed "{name}" with these lines:'))
def a_feed(run: Run, name: str, docstring: str) -> None:
    """Write the scenario's feed file."""
    run.feed = run.folder / name
    run.feed.write_text(docstring + "\n", encoding="utf-8")


@given(parsers.parse('a waivers file "{name}" with these lines:'))
def a_waivers_file(run: Run, name: str, docstring: str) -> None:
    """Write the scenario's waivers file, which the check then reads (`--waivers`)."""
    run.waivers = run.folder / name
    run.waivers.write_text(docstring + "\n", encoding="utf-8")


@when(parsers.parse('I run verify check on the feed against "{pack}" as of "{moment}"'))
def run_check(run: Run, pack: str, moment: str) -> None:
    """Run `verify check --format jsonl --rejects rejects.jsonl` (with `--waivers` when the
    scenario wrote a waivers file) through click's runner."""
    assert run.feed is not None
    waivers = ["--waivers", run.waivers.name] if run.waivers is not None else []
    result = CliRunner().invoke(
        cli,
        [
            "check",
            "--treaty",
            pack,
            str(run.feed),
            "--as-of",
            moment,
            "--format",
            "jsonl",
            "--rejects",
            str(run.folder / "rejects.jsonl"),
            *waivers,
        ],
    )
    run.exit_code = result.exit_code
    run.stdout = result.stdout
    run.stderr = result.stderr
    run.findings = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


@then(parsers.parse("the exit code is {code:d}"))
def exit_code_is(run: Run, code: int) -> None:
    """The command's exit code."""
    assert run.exit_code == code, run.stderr


@then("there is exactly one finding")
def exactly_one_finding(run: Run) -> None:
    """One finding line on stdout."""
    assert len(run.findings) == 1, run.findings


@then(
    parsers.re(
        r'it is a "(?P<status>[^"]+)" of "(?P<obligation>[^"]+)" by "(?P<party>[^"]+)"'
        r" citing (?P<cited>.+)"
    )
)
def it_is(run: Run, status: str, obligation: str, party: str, cited: str) -> None:
    """The single finding's status, obligation, party and cited records."""
    finding = run.findings[0]
    assert (finding["status"], finding["obligation"], finding["party"]) == (
        status,
        obligation,
        party,
    )
    evidence = finding["evidence"]
    assert isinstance(evidence, list)
    assert set(re.findall(r'"([^"]+)"', cited)) <= {e["id"] for e in evidence}


@then(parsers.parse('it is waived until "{expires}"'))
def it_is_waived(run: Run, expires: str) -> None:
    """The single finding carries a waiver expiring then."""
    waiver = run.findings[0]["waiver"]
    assert isinstance(waiver, dict) and waiver["expires"] == expires, waiver


@then("it is not waived")
def it_is_not_waived(run: Run) -> None:
    """The single finding carries no waiver."""
    assert run.findings[0]["waiver"] is None


@then("the rejects file holds these records:")
def rejects_hold(run: Run, datatable: list[list[str]]) -> None:
    """Each expected reject is there with its line, field and a reason mentioning the words."""
    rejects = [
        json.loads(line)
        for line in (run.folder / "rejects.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    header, *rows = datatable
    assert header == ["line", "field", "reason"]
    assert len(rejects) == len(rows), rejects
    for (line, field_name, reason), reject in zip(rows, rejects, strict=True):
        assert reject["line"] == int(line)
        assert reject["field"] == field_name.strip()
        assert reason.strip() in reject["reason"], reject
        assert reject["file"].endswith("feed.jsonl")


@then(parsers.parse('stderr says "{text}"'))
def stderr_says(run: Run, text: str) -> None:
    """The message on stderr."""
    assert text in run.stderr, run.stderr
