"""Start-up: `verify --help` and `verify treaties` load neither pandas nor the engines, and the
group's listing says what each command's own help says."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from verify.cli import COMMANDS, cli

HEAVY = (
    "pandas",
    "pyarrow",
    "sqlalchemy",
    "durable",
    "matplotlib",
    "verify.engines",
    "dask",
    "distributed",
)

PROBE = """
import sys
from verify.cli import cli
try:
    cli.main(sys.argv[1:], standalone_mode=False)
except SystemExit:
    pass
heavy = {heavy!r}
print(sorted(m for m in sys.modules if m.startswith(heavy)))
"""


def loaded_after(*args: str) -> str:
    """The heavy modules a fresh interpreter holds after running `verify ARGS`."""
    done = subprocess.run(
        [sys.executable, "-c", PROBE.format(heavy=HEAVY), *args],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.splitlines()[-1]


@pytest.mark.parametrize("args", [("--help",), ("treaties",)])
def test_command_starts_without_pandas_or_the_engines(args: tuple[str, ...]) -> None:
    """Listing commands or packs imports none of the heavy libraries."""
    assert loaded_after(*args) == "[]"


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_listed_help_is_the_commands_own(name: str) -> None:
    """Each line of `verify --help` is the first sentence of that command's docstring."""
    command = cli.get_command(click.Context(cli), name)
    assert command is not None and command.name == name
    assert COMMANDS[name].short_help == command.get_short_help_str(limit=10**6)


def test_an_unknown_command_is_exit_2_with_a_suggestion() -> None:
    """A misspelt command is a usage error, as with an eager group."""
    result = CliRunner().invoke(cli, ["chekc"])
    assert result.exit_code == 2
    assert "No such command 'chekc'" in result.stderr


CHECK_SPARES = (
    "verify.engines.stream.engine",
    "durable",
    "verify.cli.ledger",
    "sqlalchemy",
    "rich",
    "verify.report.table",
    "verify.report.html",
    "verify.report.junit",
    "matplotlib",
    "pyarrow.parquet",
)


def test_a_quiet_check_loads_neither_the_stream_engine_nor_other_formats(tmp_path: Path) -> None:
    """`verify check -q --format jsonl` of JSON Lines imports no stream engine, ledger, bar, other
    renderer or Parquet reader."""
    feed = tmp_path / "feed.jsonl"
    feed.write_text(
        '{"id": "a-1", "kind": "exercise", "party": "ARV", "time": "2025-03-01T00:00:00Z"}\n',
        encoding="utf-8",
    )
    args = ["check", "--treaty", "example-non-aggression-pact", str(feed), "--format", "jsonl"]
    probe = PROBE.format(heavy=CHECK_SPARES)
    done = subprocess.run(
        [sys.executable, "-c", probe, *args, "-q"], capture_output=True, text=True, check=True
    )
    assert done.stdout.splitlines()[-1] == "[]"
