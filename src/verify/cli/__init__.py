"""The `verify` command line: a click group whose commands live one per module."""

from __future__ import annotations

import sys

import click

from verify.cli.check import check_command
from verify.cli.diff import diff_command
from verify.cli.explain import explain_command
from verify.cli.ledger import audit_command, escalate_command, findings_command, resolve_command
from verify.cli.packs import compile_command, lint_command, treaties_command
from verify.cli.test import test_command
from verify.cli.watch import watch_command


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="verify")
def cli() -> None:
    """Check treaty obligations, written as Gherkin packs, against observation feeds.

    Exit codes: 0 no finding at or above --fail-on, 1 such findings exist, 2 invalid input.
    """


cli.add_command(check_command)
cli.add_command(compile_command)
cli.add_command(lint_command)
cli.add_command(test_command)
cli.add_command(explain_command)
cli.add_command(treaties_command)
cli.add_command(findings_command)
cli.add_command(escalate_command)
cli.add_command(resolve_command)
cli.add_command(audit_command)
cli.add_command(watch_command)
cli.add_command(diff_command)


def main() -> None:
    """Console-script entry point."""
    sys.exit(cli.main(standalone_mode=True))
