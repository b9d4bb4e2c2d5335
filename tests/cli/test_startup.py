"""Start-up: `verify --help` and `verify treaties` load neither pandas nor the engines, and the
group's listing says what each command's own help says."""

from __future__ import annotations

import subprocess
import sys

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
