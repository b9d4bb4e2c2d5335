"""The reject lines `verify check` prints on stderr show a hostile file name escaped."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from verify.cli import cli


def test_a_file_name_with_control_characters_is_escaped_in_reject_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A feed called `a<ESC>]0;pwned<BEL>.jsonl` is named with escapes, never raw."""
    monkeypatch.chdir(tmp_path)
    feed = tmp_path / "a\x1b]0;pwned\x07.jsonl"
    feed.write_text('{"id": "x", "kind": "exercise"}\n', "utf-8")
    result = CliRunner().invoke(
        cli, ["check", "--treaty", "example-non-aggression-pact", str(feed)]
    )
    assert result.exit_code == 0
    assert "1 record(s) rejected" in result.stderr
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert "a\\x1b]0;pwned\\x07.jsonl" in result.stderr
