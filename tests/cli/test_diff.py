"""`verify diff OLD NEW FEED`: the findings a change of the rules adds, removes and changes."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from verify.cli import cli

ROOT = Path(__file__).resolve().parents[2]
PACT = ROOT / "treaties" / "example-non-aggression-pact"
FEED = str(ROOT / "observations" / "example-pact.jsonl")
TANK_FINDING = "F-6310b3de84ecd9d5"


def invoke(*args: str) -> tuple[int, str, str]:
    """Run `verify ARGS...`: exit code, stdout, stderr."""
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def edited_pact(folder: Path, old: str, new: str) -> Path:
    """A copy of the example pact with one phrase of its obligations rewritten."""
    copy = folder / "pact"
    shutil.copytree(PACT, copy)
    rules = copy / "obligations.feature"
    text = rules.read_text("utf-8")
    assert old in text
    rules.write_text(text.replace(old, new), "utf-8")
    return copy


def test_a_pack_against_itself_differs_in_nothing() -> None:
    """Same rules, same feed: no finding added, removed or changed, exit 0."""
    code, out, _ = invoke("diff", "example-non-aggression-pact", str(PACT), FEED)
    assert code == 0
    assert "0 added, 0 removed, 0 changed, 9 unchanged" in out


def test_a_higher_ceiling_removes_the_ceiling_finding(tmp_path: Path) -> None:
    """Raising the tank ceiling to 900 removes the finding of 815 tanks, exit 1."""
    new = edited_pact(tmp_path, "stays at most 800", "stays at most 900")
    code, out, _ = invoke("diff", str(PACT), str(new), FEED)
    assert code == 1
    assert f"- {TANK_FINDING} pact.tank-ceiling ARV" in out
    assert "0 added, 1 removed, 0 changed" in out


def test_a_lower_ceiling_adds_nothing_the_feed_does_not_hold(tmp_path: Path) -> None:
    """Reversed, the same pair of versions adds the finding instead."""
    old = edited_pact(tmp_path, "stays at most 800", "stays at most 900")
    code, out, _ = invoke("diff", str(old), str(PACT), FEED)
    assert code == 1
    assert f"+ {TANK_FINDING} pact.tank-ceiling ARV" in out


def test_a_new_severity_is_a_change_naming_the_field(tmp_path: Path) -> None:
    """Same breach, now critical: the finding changed, and `severity` is among its fields."""
    new = edited_pact(tmp_path, 'holding more is a "major"', 'holding more is a "critical"')
    code, out, _ = invoke("diff", str(PACT), str(new), FEED, "--format", "jsonl")
    assert code == 1
    (line,) = [json.loads(text) for text in out.splitlines()]
    assert (line["change"], line["finding"]["id"]) == ("changed", TANK_FINDING)
    assert "severity" in line["fields"]
    assert line["was"]["severity"] == "major"


def test_a_pack_at_a_commit_is_compared_with_the_working_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`git:HEAD:treaties/pact` is the pack as committed, whatever the folder holds now."""
    repo = tmp_path / "repo"
    (repo / "treaties").mkdir(parents=True)
    shutil.copytree(PACT, repo / "treaties" / "pact")
    git = ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "pact"], check=True)
    rules = repo / "treaties" / "pact" / "obligations.feature"
    rules.write_text(rules.read_text("utf-8").replace("at most 800", "at most 900"), "utf-8")
    monkeypatch.chdir(repo)
    code, out, _ = invoke("diff", "git:HEAD:treaties/pact", "treaties/pact", FEED)
    assert code == 1
    assert f"- {TANK_FINDING}" in out


def test_an_unknown_revision_is_exit_2_naming_the_reference(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A revision git does not know is a located usage error, not a traceback."""
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    monkeypatch.chdir(tmp_path)
    code, _, err = invoke("diff", "git:no-such-rev:treaties/pact", str(PACT), FEED)
    assert code == 2
    assert "'git:no-such-rev:treaties/pact'" in err


def test_a_git_reference_without_a_path_is_exit_2() -> None:
    """`git:HEAD` alone names no pack: the message shows the form to write."""
    code, _, err = invoke("diff", "git:HEAD", str(PACT), FEED)
    assert code == 2
    assert "git:REV:PATH" in err


def test_an_unknown_pack_is_exit_2() -> None:
    """A pack that is neither a folder, a file nor a shipped id is exit 2."""
    code, _, err = invoke("diff", "no-such-pack", str(PACT), FEED)
    assert code == 2
    assert "no-such-pack" in err
