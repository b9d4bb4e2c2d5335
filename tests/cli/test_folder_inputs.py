"""A folder of observations: whatever in it is not read is named on stderr and counted."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from verify.cli import cli
from verify.feeds import read_feeds
from verify.feeds.schema import FeedSchema

ROOT = Path(__file__).resolve().parents[2]
FEED = ROOT / "observations" / "example-pact.jsonl"
PACT = "example-non-aggression-pact"


@pytest.fixture(autouse=True)
def scratch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run every command in a working directory with a folder `feeds` of one good file."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "feeds").mkdir()
    shutil.copy(FEED, tmp_path / "feeds" / "pact.jsonl")
    return tmp_path


def check_feeds(*options: str) -> tuple[int, str, str]:
    """`verify check` on the folder: exit code, stdout, stderr."""
    result = CliRunner().invoke(cli, ["check", "--treaty", PACT, "feeds", *options])
    assert isinstance(result.exception, SystemExit | None), result.exception
    return result.exit_code, result.stdout, result.stderr


def test_a_dangling_symlink_is_named_and_counted(scratch: Path) -> None:
    """A link to nothing is not read, and stderr says so: path and reason."""
    (scratch / "feeds" / "gone.jsonl").symlink_to(scratch / "nowhere.jsonl")
    code, _, err = check_feeds()
    assert code == 1
    assert "verify: 1 path(s) in input folders skipped" in err
    assert "feeds/gone.jsonl: a symbolic link to nothing" in err


def test_a_fifo_is_named_and_never_opened(scratch: Path) -> None:
    """A FIFO is skipped without opening it (which would wait for a writer), and named."""
    os.mkfifo(scratch / "feeds" / "pipe.jsonl")
    code, _, err = check_feeds()
    assert code == 1
    assert "feeds/pipe.jsonl: not a regular file (a FIFO)" in err


def test_every_kind_of_skipped_path_is_named(scratch: Path) -> None:
    """Other file types, hidden files and folders, links to folders: each named once."""
    feeds = scratch / "feeds"
    (feeds / "README.md").write_text("notes\n", encoding="utf-8")
    (feeds / ".cache").mkdir()
    for n in range(3):
        (feeds / ".cache" / f"old{n}.jsonl").write_text("{}\n", encoding="utf-8")
    (feeds / ".hidden.jsonl").write_text("{}\n", encoding="utf-8")
    (feeds / "elsewhere").symlink_to(scratch)
    code, _, err = check_feeds()
    assert code == 1
    assert "verify: 4 path(s) in input folders skipped" in err
    assert "feeds/README.md: not an observation file" in err
    assert "feeds/.cache: a hidden folder" in err and "old0" not in err
    assert "feeds/.hidden.jsonl: a hidden file" in err
    assert "feeds/elsewhere: a symbolic link to a folder (not followed)" in err


def test_a_folder_of_nothing_readable_says_what_it_skipped(scratch: Path) -> None:
    """A folder with only skipped paths is exit 2, and the message counts them."""
    (scratch / "feeds" / "pact.jsonl").unlink()
    (scratch / "feeds" / "gone.jsonl").symlink_to(scratch / "nowhere.jsonl")
    code, _, err = check_feeds()
    assert code == 2
    assert "feeds: folder holds no observation files" in err and "1 path(s) skipped" in err


def test_quiet_leaves_stderr_alone_and_the_feed_result_keeps_the_count(scratch: Path) -> None:
    """`-q` prints nothing but the output; the Python API still has every skipped path."""
    (scratch / "feeds" / "gone.jsonl").symlink_to(scratch / "nowhere.jsonl")
    assert check_feeds("-q")[2] == ""
    skipped = read_feeds(["feeds"], FeedSchema()).skipped
    assert [(s.path, s.reason) for s in skipped] == [
        ("feeds/gone.jsonl", "a symbolic link to nothing")
    ]


def test_a_folder_with_nothing_to_skip_says_nothing(scratch: Path) -> None:
    """The common case stays quiet."""
    assert "skipped" not in check_feeds()[2]
