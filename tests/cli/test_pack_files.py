"""Hostile pack files end as a located error and exit 2: never a traceback, never a long wait."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from verify.cli import cli
from verify.treaty.metadata import StrictLoader

ROOT = Path(__file__).resolve().parents[2]
PACK = ROOT / "treaties" / "example-non-aggression-pact"
FEED = ROOT / "observations" / "example-pact.jsonl"

#: Nine levels of nine aliases: about a kilobyte that expands to 9**9 (387 million) leaves.
ALIAS_BOMB = "\n".join(
    [
        "id: bomb",
        "title: Bomb",
        "prefix: bomb",
        'a0: &a0 ["lol"]',
        *(f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]" for n in range(1, 9)),
        f"quantities: [{', '.join(['*a8'] * 9)}]",
    ]
)


@pytest.fixture(autouse=True)
def scratch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run every command in an empty working directory."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def pack(scratch: Path) -> Path:
    """A copy of the example pact, to be spoilt."""
    return shutil.copytree(PACK, scratch / "pact")


def lint(target: Path) -> tuple[int, str]:
    """Run `verify lint TARGET` (by its relative path, so that messages hold no test name): exit
    code and stderr (it must not raise)."""
    result = CliRunner().invoke(cli, ["lint", os.path.relpath(target)])
    assert isinstance(result.exception, SystemExit | None), result.exception
    return result.exit_code, result.stderr


def test_an_alias_bomb_in_treaty_yaml_is_refused_at_once(
    pack: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Anchors and aliases are refused, located at the first, before any is expanded: the loader
    composes the handful of nodes ahead of the first anchor, never the millions behind it."""
    (pack / "treaty.yaml").write_text(ALIAS_BOMB, encoding="utf-8")
    assert len(ALIAS_BOMB) < 1200
    composed: list[int] = []
    compose = StrictLoader.compose_node

    def counted(loader: StrictLoader, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        composed.append(index)
        return compose(loader, parent, index)

    monkeypatch.setattr(StrictLoader, "compose_node", counted)
    code, err = lint(pack)
    assert code == 2
    assert "pact/treaty.yaml:4:" in err and "alias" in err
    assert 0 < len(composed) < 20


def test_a_single_anchor_is_refused_too(pack: Path) -> None:
    """Even a harmless anchor: pack metadata is written out, so that every value has a line."""
    text = (pack / "treaty.yaml").read_text(encoding="utf-8")
    text = text.replace("quantities:\n", "quantities: &q\n") + "\nextra: *q\n"
    (pack / "treaty.yaml").write_text(text, encoding="utf-8")
    code, err = lint(pack)
    assert code == 2 and "pact/treaty.yaml:" in err and "anchor" in err


def test_yaml_nested_5000_deep_is_a_located_error(pack: Path) -> None:
    """Deep nesting is refused at the level that is too deep, not a RecursionError."""
    (pack / "treaty.yaml").write_text(
        "id: deep\ntitle: Deep\nprefix: deep\nkinds:\n" + "  " + "[" * 5000 + "]" * 5000 + "\n",
        encoding="utf-8",
    )
    code, err = lint(pack)
    assert code == 2
    assert "pact/treaty.yaml:5:" in err and "deep" in err


@pytest.mark.parametrize("name", ["treaty.yaml", "notification.feature"])
def test_a_byte_that_is_not_utf8_is_located(pack: Path, name: str) -> None:
    """A Latin-1 byte on line 3 is named with the file and line."""
    lines = (pack / name).read_bytes().split(b"\n")
    lines[2] = lines[2] + b" caf\xe9"
    (pack / name).write_bytes(b"\n".join(lines))
    code, err = lint(pack)
    assert code == 2
    assert f"pact/{name}:3:" in err and "UTF-8" in err


@pytest.mark.parametrize("name", ["treaty.yaml", "notification.feature"])
@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be"])
def test_a_utf16_file_is_named_as_such(pack: Path, name: str, encoding: str) -> None:
    """UTF-16, with or without its byte-order mark, is refused naming the file and line."""
    text = (pack / name).read_text(encoding="utf-8")
    (pack / name).write_bytes(text.encode(encoding))
    code, err = lint(pack)
    assert code == 2
    assert f"pact/{name}:1:" in err and "UTF-8" in err


def test_a_feature_file_that_is_a_folder_or_a_fifo_is_reported(pack: Path) -> None:
    """Something named `*.feature` that is no regular file is an error, and never read."""
    (pack / "folder.feature").mkdir()
    os.mkfifo(pack / "pipe.feature")
    code, err = lint(pack)
    assert code == 2
    assert "pact/folder.feature" in err and "pact/pipe.feature" in err


def test_check_with_such_a_pack_is_exit_2_too(pack: Path) -> None:
    """`verify check --treaty` reports the same located error."""
    (pack / "treaty.yaml").write_text(ALIAS_BOMB, encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", "--treaty", "pact", str(FEED)])
    assert result.exit_code == 2 and "pact/treaty.yaml:4:" in result.stderr


@pytest.mark.parametrize("bad", ["../../etc", "Pact", "my_pack", "-pact", "pact-", "", "a b"])
def test_a_pack_id_that_is_not_a_slug_is_a_located_error(pack: Path, bad: str) -> None:
    """The pack id names files and ledgers: lower-case letters, digits and hyphens only."""
    text = (pack / "treaty.yaml").read_text(encoding="utf-8")
    text = text.replace("id: example-non-aggression-pact", f"id: {bad!r}")
    (pack / "treaty.yaml").write_text(text, encoding="utf-8")
    code, err = lint(pack)
    assert code == 2
    assert "pact/treaty.yaml:4 (field 'id'): pack id" in err and "must be a slug" in err


def test_a_compiled_pack_with_a_path_for_its_id_is_refused(scratch: Path) -> None:
    """The compiled form is validated alike: its `meta.id` must be a slug too."""
    compiled = CliRunner().invoke(cli, ["compile", str(PACK)]).stdout
    spoilt = compiled.replace('"id": "example-non-aggression-pact"', '"id": "../../etc"', 1)
    (scratch / "pact.json").write_text(spoilt, encoding="utf-8")
    code, err = lint(scratch / "pact.json")
    assert code == 2
    assert "pact.json:3 (field 'meta.id')" in err and "must be a slug" in err
