"""The commands end to end through click's runner: exit codes, located errors, outputs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from verify.cli import cli
from verify.treaty import load_pack, shipped_packs
from verify.treaty.gherkin import parse_feature

PACK = Path(__file__).resolve().parents[2] / "treaties" / "example-non-aggression-pact"
FEED = Path(__file__).resolve().parents[2] / "observations" / "example-pact.jsonl"


@pytest.fixture(autouse=True)
def scratch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run every command in an empty working directory."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def invoke(*args: str) -> tuple[int, str, str]:
    """Run `verify ARGS...`: exit code, stdout, stderr."""
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_treaties_lists_the_shipped_packs() -> None:
    """`verify treaties` names every shipped pack with its obligation count."""
    code, out, _ = invoke("treaties")
    assert code == 0
    assert "example-non-aggression-pact" in out and "vienna-document-2011" in out


def test_compile_prints_json_that_check_accepts(scratch: Path) -> None:
    """The compiled JSON of a pack can stand in for the pack in `verify check`."""
    code, out, _ = invoke("compile", str(PACK))
    assert code == 0
    compiled = scratch / "pact.json"
    compiled.write_text(out, encoding="utf-8")
    as_pack = invoke("check", "--treaty", str(PACK), str(FEED), "--format", "jsonl")
    as_json = invoke("check", "--treaty", str(compiled), str(FEED), "--format", "jsonl")
    assert as_pack[1] == as_json[1] and as_pack[1]


def test_a_missing_feed_is_exit_2_naming_it() -> None:
    """A feed that does not exist is an invalid input."""
    code, _, err = invoke("check", "--treaty", str(PACK), "nowhere.jsonl")
    assert code == 2
    assert "nowhere.jsonl" in err


def test_fail_on_raises_the_bar_for_exit_1() -> None:
    """With `--fail-on critical`, only critical findings make the run fail."""
    code, out, _ = invoke(
        "check", "--treaty", str(PACK), str(FEED), "--format", "jsonl", "--fail-on", "critical"
    )
    severities = {json.loads(line)["severity"] for line in out.splitlines()}
    assert ("critical" in severities) == (code == 1)


def test_timings_name_each_stage_on_stderr_and_leave_stdout_alone() -> None:
    """`--timings` adds one line on stderr, even with `-q`; the findings are unchanged."""
    plain = invoke("check", "--treaty", str(PACK), str(FEED), "--format", "jsonl", "-q")
    timed = invoke(
        "check", "--treaty", str(PACK), str(FEED), "--format", "jsonl", "-q", "--timings"
    )
    assert timed[:2] == plain[:2]
    (line,) = timed[2].splitlines()
    stages = [part.split()[0] for part in line.removeprefix("timings: ").split(", ")]
    assert stages == ["packs", "read", "check", "render", "write", "total"]


def test_explain_tells_a_finding_of_the_last_check() -> None:
    """`verify explain ID` finds the finding of the last check and names its evidence."""
    _, out, _ = invoke("check", "--treaty", str(PACK), str(FEED), "--format", "jsonl")
    first = json.loads(out.splitlines()[0])
    code, story, _ = invoke("explain", first["id"])
    assert code == 0
    assert all(e["id"] in story for e in first["evidence"])


def test_explain_of_an_unknown_id_is_exit_2() -> None:
    """An id that no check produced is an invalid command."""
    code, _, err = invoke("explain", "F-0000")
    assert code == 2 and "no finding 'F-0000'" in err


def test_lint_reports_every_error_with_its_line(tmp_path: Path) -> None:
    """`verify lint` on a broken pack lists each error located, and exits 2."""
    pack = tmp_path / "broken"
    pack.mkdir()
    (pack / "treaty.yaml").write_text("id: broken\ntitle: Broken\nprefix: br\n", encoding="utf-8")
    (pack / "rules.feature").write_text(
        "Feature: Broken\n\n  Rule: br.one One\n    Background:\n"
        '      Given the obligation covers "exercize" activities of every party\n'
        "      Then such an activity is prohibitted\n",
        encoding="utf-8",
    )
    code, _, err = invoke("lint", str(pack))
    assert code == 2
    assert "rules.feature:5: unknown kind 'exercize'; did you mean 'exercise'?" in err
    assert "rules.feature:6: unknown step" in err
    assert "2 error(s)" in err


def test_verify_test_names_the_line_of_a_wrong_example(tmp_path: Path) -> None:
    """A pack whose example expects the wrong thing fails, naming the example's file and line."""
    pack = tmp_path / "wrong"
    pack.mkdir()
    (pack / "treaty.yaml").write_text("id: wrong\ntitle: Wrong\nprefix: wr\n", encoding="utf-8")
    (pack / "rules.feature").write_text(
        """Feature: Wrong

  Rule: wr.ban No missile tests
    Background:
      Given the obligation covers "missile_test" records of every party
      Then such a test is prohibited
      And the obligation is set out in "Article 1"

    Example: A test that the author thinks is fine
      Given these observations:
        | id | kind         | party | time       |
        | t1 | missile_test | AAA   | 2025-01-01 |
      When compliance is checked as of 2025-02-01
      Then there is no finding
""",
        encoding="utf-8",
    )
    code, out, _ = invoke("test", str(pack))
    assert code == 1
    assert "FAIL" in out and "rules.feature:9" in out
    assert "expected no finding; found major violation of wr.ban by AAA" in out
    assert out.rstrip().endswith("0 passed, 1 failed")


def test_verify_test_finds_the_examples_of_a_pack_loaded_from_another_directory(
    scratch: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A pack first loaded (and cached) from another working directory still has its
    examples found: by its folder, not by paths relative to where it was loaded."""
    monkeypatch.chdir(PACK.parent)
    load_pack(PACK.name)
    monkeypatch.chdir(scratch)
    code, out, _ = invoke("test", str(PACK))
    assert code == 0
    assert out.rstrip().endswith(" passed, 0 failed")


def test_verify_test_reports_examples_it_could_not_collect(monkeypatch: pytest.MonkeyPatch) -> None:
    """A failure to collect the examples is a failure that says why, not "0 passed"."""
    monkeypatch.setattr("verify.cli.test.RUNNER", "raise RuntimeError('no examples here')\n")
    code, out, _ = invoke("test", str(PACK))
    assert code == 1
    assert "FAIL test_examples.py  Example: (not collected)" in out
    assert "RuntimeError: no examples here" in out
    written = sum(p.read_text(encoding="utf-8").count("Example:") for p in PACK.glob("*.feature"))
    assert out.rstrip().endswith(f"0 passed, 1 failed, {written} not run")


def test_verify_test_twice_in_one_process_runs_each_packs_own_examples() -> None:
    """A second `verify test` in the same process (a pipeline's, a test suite's) runs its own
    pack's examples, not those of the first."""
    first = invoke("test", str(PACK))
    second = invoke("test", "inf-treaty")
    assert first[0] == second[0] == 0
    assert "example-non-aggression-pact" in first[1] and "inf-treaty" not in first[1]
    assert "inf-treaty" in second[1] and "example-non-aggression-pact" not in second[1]


def test_verify_test_runs_every_example_of_a_shipped_pack_through_both_engines() -> None:
    """`verify test inf-treaty`: an `ok` line per Example, by file and line, in file order."""
    folder = shipped_packs()["inf-treaty"]
    expected = [
        f"ok   {path.resolve()}:{example.line}  Example: {example.name}"
        for path in sorted(folder.resolve().glob("*.feature"))
        for rule in parse_feature(path).rules
        for example in rule.examples
    ]
    code, out, _ = invoke("test", "inf-treaty")
    assert out.splitlines() == [*expected, f"{len(expected)} passed, 0 failed"]
    assert code == 0
