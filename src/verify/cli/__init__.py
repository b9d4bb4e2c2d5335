"""The `verify` command line: a click group whose commands live one per module.

The group loads a command's module only when that command runs (`LazyGroup`): `verify --help`
and `verify treaties` then start without pandas, the engines or the ledger. Each command's
one-line help is written beside its module name below, for `verify --help` to list without an
import; a test holds each line to the command's own docstring.
"""

from __future__ import annotations

import importlib
import sys
from dataclasses import dataclass

import click

from verify.garbage import at_exit


@dataclass(frozen=True)
class LazyCommand:
    """Where a command is defined, and its one-line help for the group's listing."""

    module: str
    attribute: str
    short_help: str


COMMANDS: dict[str, LazyCommand] = {
    "audit": LazyCommand(
        "verify.cli.ledger",
        "audit_command",
        "Recompute the ledger's hash chain and check it against its head; exit 1 naming the"
        " first tampered entry, a truncation, or a pinned entry no longer held, else 0.",
    ),
    "check": LazyCommand(
        "verify.cli.check",
        "check_command",
        "Check OBSERVATIONS (files, folders or - for stdin) against treaty packs.",
    ),
    "compile": LazyCommand(
        "verify.cli.packs",
        "compile_command",
        "Print PACK compiled to JSON (which `verify check --treaty` accepts).",
    ),
    "diff": LazyCommand(
        "verify.cli.diff",
        "diff_command",
        "Run OLD_PACK and NEW_PACK over the same OBSERVATIONS and list the findings added,"
        " removed and changed (with the fields that changed).",
    ),
    "draft": LazyCommand(
        "verify.cli.draft",
        "draft_command",
        "Draft the communication raising FINDING_ID through channel ID, from the pack's template.",
    ),
    "escalate": LazyCommand(
        "verify.cli.ledger",
        "escalate_command",
        "Record that FINDING was raised through channel ID, and show what that channel may carry.",
    ),
    "explain": LazyCommand(
        "verify.cli.explain",
        "explain_command",
        "Explain FINDING_ID (recorded in the ledger, or from the last `verify check`) step by"
        " step.",
    ),
    "findings": LazyCommand(
        "verify.cli.ledger",
        "findings_command",
        "List the recorded findings with their status, versions and next step with its date.",
    ),
    "lint": LazyCommand(
        "verify.cli.packs",
        "lint_command",
        "Report every error in PACK at once, each with file, line and text; exit 2 if any.",
    ),
    "resolve": LazyCommand(
        "verify.cli.ledger",
        "resolve_command",
        "Close FINDING with a note saying how it was resolved.",
    ),
    "test": LazyCommand(
        "verify.cli.test",
        "test_command",
        "Run every Example in PACK's feature files; a failure names the example's file and line.",
    ),
    "treaties": LazyCommand(
        "verify.cli.packs",
        "treaties_command",
        "List the treaty packs shipped with verify.",
    ),
    "watch": LazyCommand(
        "verify.cli.watch",
        "watch_command",
        "Check OBSERVATIONS (JSON Lines files, or - for stdin, the default) as records arrive.",
    ),
}


class LazyGroup(click.Group):
    """A group that imports a command's module when the command is asked for, and lists its
    commands from `COMMANDS` without importing any."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Every command name, sorted."""
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """The command called `cmd_name`, its module imported now; None for an unknown name."""
        entry = COMMANDS.get(cmd_name)
        if entry is None:
            return None
        command = getattr(importlib.import_module(entry.module), entry.attribute)
        assert isinstance(command, click.Command)
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The `Commands:` section of `--help`, from the one-line helps in `COMMANDS`."""
        rows = [(name, COMMANDS[name].short_help) for name in self.list_commands(ctx)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(
    cls=LazyGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(package_name="verify")
def cli() -> None:
    """Check treaty obligations, written as Gherkin packs, against observation feeds.

    Exit codes: 0 no finding at or above --fail-on, 1 such findings exist, 2 invalid input.
    """


def main() -> None:
    """Console-script entry point (the process ends with it: `verify.garbage.at_exit`)."""
    try:
        sys.exit(cli.main(standalone_mode=True))
    finally:
        at_exit()
