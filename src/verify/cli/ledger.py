"""`verify findings`, `escalate`, `resolve` and `audit`: the ledger of findings and escalations.

Also `record_findings`, which `verify check --record` calls to store a run's findings.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, TypeVar

import click

from verify.cli.common import EXIT_FINDINGS, EXIT_OK, parse_moment, reports_errors
from verify.errors import UsageError
from verify.escalation.cases import STATES, Case, suggestions_for
from verify.escalation.render import (
    CaseView,
    render_channel_views,
    render_jsonl,
    render_table,
    view_cases,
    when,
)
from verify.model.run import RunResult
from verify.treaty import load_pack

if TYPE_CHECKING:
    import pandas as pd

    from verify.escalation.ledger import Ledger

F = TypeVar("F", bound=Callable[..., object])


def open_ledger(url: str | None) -> Ledger:
    """Open the ledger; SQLAlchemy and Alembic are imported only when a command needs them."""
    from verify.escalation.ledger import Ledger

    return Ledger.open(url)


def ledger_option(command: F) -> F:
    """The `--ledger URL` option every ledger command shares."""
    return click.option(
        "--ledger",
        "ledger_url",
        metavar="URL",
        help="SQLAlchemy URL of the ledger (default: .verify/ledger.sqlite, or under"
        " $VERIFY_HOME).",
    )(command)


def record_findings(
    result: RunResult,
    treaties: Sequence[str],
    ledger_url: str | None,
    frame: pd.DataFrame | None = None,
) -> RunResult:
    """Reconcile a check's findings with the ledger (`verify.escalation.reconcile`), saying
    what changed on stderr; the run with channels that weigh its history."""
    from verify.escalation.record import record_run

    packs = [load_pack(treaty) for treaty in treaties]
    with open_ledger(ledger_url) as ledger:
        updated, outcome = record_run(result, packs, ledger, frame=frame)
    pending = sum(1 for f in result.findings if f.status == "pending")
    skipped = f"; {pending} pending not recorded" if pending else ""
    click.echo(f"verify: ledger {ledger.shown}: {outcome.message()}{skipped}", err=True)
    return updated


def _moment(text: str | None, option: str) -> datetime:
    return parse_moment(text, option) if text else datetime.now(UTC).replace(microsecond=0)


@click.command("findings")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(("table", "jsonl")),
    default="table",
    show_default=True,
)
@click.option(
    "--channel",
    "channel_id",
    metavar="ID",
    help="Show each finding as this channel may carry it: evidence above its releasability"
    " withheld and counted, nothing drawn from it shown.",
)
@click.option(
    "--status",
    "states",
    type=click.Choice(STATES),
    multiple=True,
    help="Only findings in this status (repeatable).",
)
@click.option("--as-of", "as_of", metavar="TIME", help="Judge deadlines as at TIME (default: now).")
@ledger_option
@reports_errors
def findings_command(
    fmt: str,
    channel_id: str | None,
    states: tuple[str, ...],
    as_of: str | None,
    ledger_url: str | None,
) -> None:
    """List the recorded findings with their status, versions and next step with its date.

    The suggestion is recomputed with the ledger's history: repeat breaches and channels whose
    deadline passed without an answer move it up a rung. Deadlines run from when each finding
    was first recorded.
    """
    now = _moment(as_of, "--as-of")
    with open_ledger(ledger_url) as ledger:
        cases = ledger.cases()
    if channel_id is not None:
        _known_channel(channel_id, cases)
    views = [v for v in view_cases(cases, now) if not states or v.case.state in states]
    if not views:
        click.echo(
            f"verify: no findings{_status_words(states)} in the ledger {ledger.shown}", err=True
        )
        return
    if fmt == "jsonl":
        click.echo(render_jsonl(views, channel_id), nl=False)
    elif channel_id is not None:
        click.echo(render_channel_views(views, channel_id), nl=False)
    else:
        click.echo(render_table(views), nl=False)


def _status_words(states: tuple[str, ...]) -> str:
    return f" {'/'.join(states)}" if states else ""


def _known_channel(channel_id: str, cases: Sequence[Case]) -> None:
    known = list(dict.fromkeys(c.id for case in cases for c in case.context.channels))
    if channel_id not in known:
        raise UsageError(
            f"--channel {channel_id!r}: no recorded finding has that channel;"
            f" known channels: {', '.join(known) or 'none'}"
        )


@click.command("escalate")
@click.argument("finding_id", metavar="FINDING")
@click.option("--channel", "channel_id", required=True, metavar="ID", help="The channel used.")
@click.option("--note", help="What was sent, or a reference to it.")
@click.option("--at", "at", metavar="TIME", help="When the channel was used (default: now).")
@ledger_option
@reports_errors
def escalate_command(
    finding_id: str, channel_id: str, note: str | None, at: str | None, ledger_url: str | None
) -> None:
    """Record that FINDING was raised through channel ID, and show what that channel may carry."""
    moment = _moment(at, "--at")
    with open_ledger(ledger_url) as ledger:
        cases = ledger.cases()
        before = suggestions_for(ledger.case(finding_id), cases, moment)
        case, entry = ledger.escalate(finding_id, channel_id, at=moment, note=note)
        cases = ledger.cases()
    channel = case.context.channel(channel_id)
    if channel is None:  # the ledger refuses channels the ladder lacks; this is for the types
        raise UsageError(f"unknown channel {channel_id!r}")
    due = case.due(case.escalations[-1])
    click.echo(
        f"{case.finding.id}: escalated through {channel.name} ({channel.id}) at {when(moment)};"
        f" answer due {when(due)} (ledger entry {entry.seq})"
    )
    ladder = [c.id for c in case.context.channels]
    if before and ladder.index(channel_id) > ladder.index(before[0].id):
        click.echo(
            f"verify: note: {channel.id} is above the suggested {before[0].id}"
            f" ({before[0].reason})",
            err=True,
        )
    channels = suggestions_for(case, cases, moment)
    view = CaseView(case, channels, due, moment)
    click.echo(render_channel_views([view], channel.id), nl=False)


@click.command("resolve")
@click.argument("finding_id", metavar="FINDING")
@click.option("--note", required=True, help="How it was resolved (an answer, an explanation).")
@click.option("--at", "at", metavar="TIME", help="When it was resolved (default: now).")
@ledger_option
@reports_errors
def resolve_command(finding_id: str, note: str, at: str | None, ledger_url: str | None) -> None:
    """Close FINDING with a note saying how it was resolved."""
    moment = _moment(at, "--at")
    with open_ledger(ledger_url) as ledger:
        case, entry = ledger.resolve(finding_id, note, at=moment)
    click.echo(f"{case.finding.id}: resolved at {when(moment)}: {note} (ledger entry {entry.seq})")


@click.command("audit")
@click.option(
    "--head",
    "print_head",
    is_flag=True,
    help="Print the chain's head as SEQ:HASH on stdout (the audit's lines go to stderr), for a"
    " pipeline to keep and pass to --expect later; nothing is printed there unless it passes.",
)
@click.option(
    "--expect",
    "expected",
    metavar="SEQ:HASH",
    help="Fail (exit 1) unless the chain still holds entry SEQ with this hash: a head printed"
    " by an earlier --head, so that entries removed since, or rewritten, are found.",
)
@ledger_option
@reports_errors
def audit_command(print_head: bool, expected: str | None, ledger_url: str | None) -> None:
    """Recompute the ledger's hash chain and check it against its head; exit 1 naming the
    first tampered entry, a truncation, or a pinned entry no longer held, else 0."""
    from verify.escalation.chain import Head

    try:
        pin = Head.parse(expected) if expected is not None else None
    except ValueError as error:
        raise UsageError(f"--expect: {error}") from None
    with open_ledger(ledger_url) as ledger:
        report = ledger.audit(expect=pin)
    lines = [report.message(), report.expectation()]
    for line in filter(None, lines):
        click.echo(f"{ledger.shown}: {line}", err=print_head)
    if print_head and report.passed:
        click.echo(str(report.head))
    raise SystemExit(EXIT_OK if report.passed else EXIT_FINDINGS)
