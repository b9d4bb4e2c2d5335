"""Fuzzing `verify lint` over mutated feature text: exit 0 or 2, never a traceback."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import example, given, settings
from hypothesis import strategies as st

from tests.profiles import budget
from verify.cli import cli

PACK = Path(__file__).resolve().parents[2] / "treaties" / "example-non-aggression-pact"
FEATURE = "notification.feature"
TEXT = (PACK / FEATURE).read_text(encoding="utf-8")
LINES = TEXT.split("\n")
WORDS = sorted(set(re.findall(r'"[^"]*"|[\w.-]+|\|', TEXT)))
SYNTAX = st.text(alphabet='|"<>:#@\n \t0123456789', max_size=4)


@st.composite
def mutated(draw: st.DrawFn) -> str:
    """The pact's notification.feature with one to four edits a treaty author might make:
    a line dropped, repeated or moved, a word or number swapped, a few characters typed."""
    lines = list(LINES)
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(lines) - 1))
        edit = draw(st.sampled_from(["drop", "repeat", "move", "word", "number", "type"]))
        if edit == "drop":
            del lines[at]
        elif edit == "repeat":
            lines.insert(at, lines[at])
        elif edit == "move":
            lines.insert(draw(st.integers(0, len(lines) - 1)), lines.pop(at))
        elif edit == "word":
            words = re.findall(r'"[^"]*"|[\w.-]+|\|', lines[at])
            if words:
                old = draw(st.sampled_from(words))
                lines[at] = lines[at].replace(old, draw(st.sampled_from(WORDS)), 1)
        elif edit == "number":
            lines[at] = re.sub(r"\d+", str(draw(st.integers(0, 10**6))), lines[at], count=1)
        else:
            column = draw(st.integers(0, len(lines[at])))
            lines[at] = lines[at][:column] + draw(SYNTAX) + lines[at][column:]
        if not lines:
            lines = [""]
    return "\n".join(lines)


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder for each example's fresh copy of the pact (a folder once linted is cached)."""
    return tmp_path_factory.mktemp("lint-fuzz")


@settings(max_examples=budget(40), deadline=None)
@given(text=mutated())
@example(
    text=TEXT.replace("An exercise notified 30 days ahead is on time", "x").replace(
        "An exercise just below every threshold needs no notice", "x"
    )
)
@example(text=TEXT.replace("| id |", "|  |", 1))
@example(text=TEXT.replace('citing "x1" and "n1"', 'citing ""', 1))
def test_lint_of_a_mutated_feature_exits_0_or_2_and_never_raises(scratch: Path, text: str) -> None:
    """Whatever the edits, lint exits 0 (no error) or 2 (each error located), nothing else."""
    folder = Path(shutil.copytree(PACK, Path(tempfile.mkdtemp(dir=scratch)) / "pact"))
    (folder / FEATURE).write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["lint", os.path.relpath(folder)])
    assert isinstance(result.exception, SystemExit | None), result.exception
    assert result.exit_code in (0, 2), result.output
    assert "Traceback" not in result.output
    if result.exit_code == 2:
        assert re.search(r"\d+ error\(s\) in ", result.stderr)
        assert "pact/" in result.stderr
