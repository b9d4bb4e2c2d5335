"""Outputs never overwrite inputs: an `--output` or `--rejects` naming an input is exit 2."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from verify.cli import cli

ROOT = Path(__file__).resolve().parents[2]
FEED = ROOT / "observations" / "example-pact.jsonl"
PACK = ROOT / "treaties" / "example-non-aggression-pact"
PACT = "example-non-aggression-pact"


@pytest.fixture(autouse=True)
def scratch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run every command in a working directory holding a copy of the example feed."""
    monkeypatch.chdir(tmp_path)
    shutil.copy(FEED, tmp_path / "f.jsonl")
    return tmp_path


def invoke(*args: str) -> tuple[int, str]:
    """Run `verify ARGS...`: exit code and stderr."""
    result = CliRunner().invoke(cli, list(args))
    assert isinstance(result.exception, SystemExit | None), result.exception
    return result.exit_code, result.stderr


def assert_refused(code: int, err: str, option: str, *names: str) -> None:
    """Exit 2, one `verify:` message naming the option and each of `names`."""
    assert code == 2, err
    assert err.startswith("verify: ") and option in err
    for name in names:
        assert name in err


@pytest.mark.parametrize("command", ["check", "watch"])
@pytest.mark.parametrize("option", ["--output", "--rejects"])
def test_an_output_that_is_the_input_is_refused_and_the_input_kept(
    scratch: Path, command: str, option: str
) -> None:
    """`verify check f.jsonl --rejects f.jsonl` (or --output, or watch) leaves f.jsonl whole."""
    before = (scratch / "f.jsonl").read_bytes()
    code, err = invoke(command, "--treaty", PACT, "f.jsonl", option, "f.jsonl")
    assert_refused(code, err, option, "f.jsonl")
    assert (scratch / "f.jsonl").read_bytes() == before


@pytest.mark.parametrize("command", ["check", "watch"])
@pytest.mark.parametrize(
    "spelling", ["./f.jsonl", "sub/../f.jsonl", "link.jsonl", "hard.jsonl", "{abs}"]
)
def test_an_output_that_is_the_input_under_another_name_is_refused(
    scratch: Path, command: str, spelling: str
) -> None:
    """The same file by a relative path, a symbolic or hard link or an absolute path."""
    (scratch / "sub").mkdir()
    (scratch / "link.jsonl").symlink_to(scratch / "f.jsonl")
    os.link(scratch / "f.jsonl", scratch / "hard.jsonl")
    before = (scratch / "f.jsonl").read_bytes()
    output = spelling.format(abs=scratch / "f.jsonl")
    code, err = invoke(command, "--treaty", PACT, "f.jsonl", "--output", output)
    assert_refused(code, err, "--output", "f.jsonl")
    assert (scratch / "f.jsonl").read_bytes() == before


def test_an_input_given_through_a_symlink_is_recognised(scratch: Path) -> None:
    """The input named by a link, the output by the file itself: still the same file."""
    (scratch / "link.jsonl").symlink_to(scratch / "f.jsonl")
    code, err = invoke("check", "--treaty", PACT, "link.jsonl", "--rejects", "f.jsonl")
    assert_refused(code, err, "--rejects", "f.jsonl")


@pytest.mark.parametrize(
    "output", ["feeds/rejects.jsonl", "feeds/deeper/new.jsonl", "feeds/x.html"]
)
def test_an_output_inside_an_input_folder_is_refused(scratch: Path, output: str) -> None:
    """A folder of observations is all input: nothing is written inside it."""
    (scratch / "feeds" / "deeper").mkdir(parents=True)
    shutil.move(scratch / "f.jsonl", scratch / "feeds" / "f.jsonl")
    code, err = invoke("check", "--treaty", PACT, "feeds", "--output", output)
    assert_refused(code, err, "--output", "feeds")
    assert sorted(p.name for p in (scratch / "feeds").rglob("*")) == ["deeper", "f.jsonl"]


def test_an_output_inside_the_pack_folder_is_refused(scratch: Path) -> None:
    """The pack is an input too: `--output PACK/treaty.yaml` would destroy it."""
    pack = shutil.copytree(PACK, scratch / "pact")
    before = (pack / "treaty.yaml").read_bytes()
    code, err = invoke("check", "--treaty", "pact", "f.jsonl", "--output", "pact/treaty.yaml")
    assert_refused(code, err, "--output", "pact")
    assert (pack / "treaty.yaml").read_bytes() == before


@pytest.mark.parametrize("command", ["check", "watch"])
def test_output_and_rejects_naming_one_file_are_refused(command: str) -> None:
    """Findings and rejects written to one file would overwrite each other."""
    code, err = invoke(command, "--treaty", PACT, "f.jsonl", "--output", "o", "--rejects", "./o")
    assert_refused(code, err, "--rejects", "--output", "o")


@pytest.mark.parametrize("command", ["check", "watch"])
def test_an_output_in_a_missing_folder_is_exit_2_before_the_run(command: str) -> None:
    """A folder that does not exist is named at once, not after the whole run as a traceback."""
    code, err = invoke(command, "--treaty", PACT, "f.jsonl", "--output", "nowhere/out.jsonl")
    assert_refused(code, err, "--output", "nowhere")


@pytest.mark.parametrize("command", ["check", "watch"])
def test_outputs_elsewhere_and_devices_are_written(scratch: Path, command: str) -> None:
    """Other files, and a device such as /dev/null, are fine outputs."""
    code, err = invoke(
        command, "--treaty", PACT, "f.jsonl", "--output", "out.jsonl", "--rejects", os.devnull
    )
    assert code in (0, 1), err
    assert (scratch / "out.jsonl").read_text(encoding="utf-8")
