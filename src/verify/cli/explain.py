"""`verify explain`: one finding's evidence and reasoning, told as a story."""

from __future__ import annotations

import click

from verify.cli.common import reports_errors
from verify.cli.findings_cache import cache_file, recall_finding
from verify.errors import UsageError
from verify.report import explain
from verify.views import LEVELS, NATIONAL, finding_for


@click.command("explain")
@click.argument("finding_id")
@click.option(
    "--for",
    "level",
    type=click.Choice(LEVELS),
    default=NATIONAL,
    show_default=True,
    help="Tell it as a reader cleared to this releasability may see it.",
)
@reports_errors
def explain_command(finding_id: str, level: str) -> None:
    """Explain FINDING_ID (from the last `verify check`) step by step."""
    finding = recall_finding(finding_id)
    if finding is None:
        raise UsageError(
            f"no finding {finding_id!r} among those of the last `verify check` ({cache_file()})"
        )
    click.echo(explain(finding_for(finding, level)), nl=False)
