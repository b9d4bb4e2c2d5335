"""`verify explain`: one finding's evidence and reasoning, told as a story."""

from __future__ import annotations

import click

from verify.cli.common import reports_errors
from verify.cli.findings_cache import cache_file, recall_finding
from verify.errors import UsageError
from verify.report import explain


@click.command("explain")
@click.argument("finding_id")
@reports_errors
def explain_command(finding_id: str) -> None:
    """Explain FINDING_ID (from the last `verify check`) step by step."""
    finding = recall_finding(finding_id)
    if finding is None:
        raise UsageError(
            f"no finding {finding_id!r} among those of the last `verify check` ({cache_file()})"
        )
    click.echo(explain(finding), nl=False)
