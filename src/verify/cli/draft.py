"""`verify draft`: the communication raising a finding through one channel, from its pack's
template, holding only what that channel may carry (`verify.escalation.draft`)."""

from __future__ import annotations

import difflib
from datetime import UTC, datetime

import click

from verify.cli.common import reports_errors
from verify.cli.findings_cache import cache_file, recall_finding
from verify.cli.ledger import ledger_option, open_ledger
from verify.errors import UsageError
from verify.escalation.cases import suggestions_for
from verify.escalation.draft import FORMATS, DraftFormat, DraftRequest, render_draft
from verify.model.finding import Finding
from verify.treaty import load_pack
from verify.treaty.packs import pack_folder


def _from_ledger(finding_id: str, ledger_url: str) -> Finding:
    """The recorded finding, with its channels recomputed from the ledger's history now."""
    ledger = open_ledger(ledger_url)
    case = ledger.case(finding_id)
    channels = suggestions_for(case, ledger.cases(), datetime.now(UTC))
    return case.finding.model_copy(update={"channels": channels})


def _finding(finding_id: str, ledger_url: str | None) -> Finding:
    if ledger_url is not None:
        return _from_ledger(finding_id, ledger_url)
    finding = recall_finding(finding_id)
    if finding is None:
        raise UsageError(
            f"no finding {finding_id!r} among those of the last `verify check` ({cache_file()});"
            " give --ledger to draft from the ledger"
        )
    return finding


@click.command("draft")
@click.argument("finding_id")
@click.option("--channel", "channel_id", required=True, metavar="ID", help="The channel to use.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="markdown",
    show_default=True,
    help="Markdown or plain text.",
)
@click.option(
    "--treaty",
    "pack_ref",
    metavar="PACK",
    help="The finding's pack folder (default: the shipped pack of the finding's treaty).",
)
@ledger_option
@reports_errors
def draft_command(
    finding_id: str,
    channel_id: str,
    fmt: DraftFormat,
    pack_ref: str | None,
    ledger_url: str | None,
) -> None:
    """Draft the communication raising FINDING_ID through channel ID, from the pack's template."""
    finding = _finding(finding_id, ledger_url)
    reference = pack_ref or finding.treaty
    pack = load_pack(reference)
    if pack.meta.id != finding.treaty:
        raise UsageError(
            f"--treaty {reference!r} is pack {pack.meta.id!r}; the finding is of {finding.treaty!r}"
        )
    folder = pack_folder(reference)
    if folder is None:
        raise UsageError(f"--treaty {reference!r}: drafting needs the pack's folder (templates)")
    obligation = pack.obligation(finding.obligation)
    if obligation is None:
        raise UsageError(f"pack {pack.meta.id!r} has no obligation {finding.obligation!r}")
    channel = next((c for c in pack.meta.channels if c.id == channel_id), None)
    if channel is None:
        known = [c.id for c in pack.meta.channels]
        close = difflib.get_close_matches(channel_id, known, n=1)
        hint = f"did you mean {close[0]!r}? " if close else ""
        raise UsageError(
            f"--channel {channel_id!r}: not a channel of {pack.meta.id!r}; {hint}"
            f"known channels: {', '.join(known) or 'none'}"
        )
    request = DraftRequest(finding, pack.meta, obligation, channel)
    click.echo(render_draft(request, folder, fmt), nl=False)
