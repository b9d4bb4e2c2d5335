"""`verify explain`: one finding's evidence and reasoning, told as a story; or why an obligation
gave no finding for a party (`--why-not`)."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import click

from verify.cli.common import parse_moment, reports_errors
from verify.cli.findings_cache import cache_file, recall_finding
from verify.errors import UsageError
from verify.model.finding import Evidence, Finding
from verify.report import explain
from verify.views import LEVELS, NATIONAL, finding_for

if TYPE_CHECKING:
    from verify.escalation.cases import Case


@click.command("explain")
@click.argument("args", nargs=-1, metavar="FINDING_ID | OBSERVATIONS...")
@click.option(
    "--for",
    "level",
    type=click.Choice(LEVELS),
    default=NATIONAL,
    show_default=True,
    help="Tell it as a reader cleared to this releasability may see it.",
)
@click.option(
    "--ledger",
    "ledger_url",
    metavar="URL",
    help="Look the finding up in this ledger (default: the one under $VERIFY_HOME, if any).",
)
@click.option(
    "--why-not",
    "obligation_id",
    metavar="OBLIGATION",
    help="List the records OBLIGATION considered for --party in OBSERVATIONS, and the step"
    " each passed or failed.",
)
@click.option("--party", metavar="P", help="With --why-not: the party.")
@click.option("--activity", metavar="A", help="With --why-not: only this activity's records.")
@click.option(
    "--treaty", "treaties", multiple=True, metavar="PACK", help="With --why-not: the packs."
)
@click.option("--as-of", "as_of", metavar="TIME", help="With --why-not: judge as at TIME.")
@reports_errors
def explain_command(
    args: tuple[str, ...],
    level: str,
    ledger_url: str | None,
    obligation_id: str | None,
    party: str | None,
    activity: str | None,
    treaties: tuple[str, ...],
    as_of: str | None,
) -> None:
    """Explain FINDING_ID (recorded in the ledger, or from the last `verify check`) step by step."""
    if obligation_id is not None:
        _why_not(obligation_id, party, activity, treaties, args, as_of)
        return
    if len(args) != 1:
        raise UsageError("give one FINDING_ID (or --why-not OBLIGATION with observations)")
    (finding_id,) = args
    history: list[str] = []
    shown: tuple[Evidence, ...] = ()
    case = _recorded(finding_id, ledger_url)
    finding: Finding | None
    if case is not None:
        from verify.escalation.render import case_history, history_records, view_cases

        finding = view_cases([case], datetime.now(UTC).replace(microsecond=0))[0].finding
        history = case_history(case, level)
        shown = history_records(case, level)
    else:
        finding = recall_finding(finding_id)
    if finding is None:
        raise UsageError(
            f"no finding {finding_id!r} in the ledger or among those of the last `verify check`"
            f" ({cache_file()})"
        )
    click.echo(explain(finding_for(finding, level), history, shown), nl=False)


def _recorded(finding_id: str, ledger_url: str | None) -> Case | None:
    """The ledger's case of this id (or unique prefix), if the ledger has one. The default
    ledger is only read when it exists: explaining never creates one."""
    from verify.escalation.cases import matching_cases
    from verify.escalation.ledger import Ledger, LedgerError
    from verify.home import home

    if ledger_url is None and not (home() / "ledger.sqlite").is_file():
        return None
    with Ledger.open(ledger_url) as ledger:
        matches = matching_cases(ledger.cases(), finding_id)
        if len(matches) > 1:
            ids = ", ".join(c.finding.id for c in matches[:5])
            raise LedgerError(
                f"{finding_id!r} matches {len(matches)} findings: {ids}", ledger.where
            )
    return matches[0] if matches else None


def _why_not(
    obligation_id: str,
    party: str | None,
    activity: str | None,
    treaties: tuple[str, ...],
    observations: tuple[str, ...],
    as_of: str | None,
) -> None:
    """`--why-not`: the records the obligation considered for the party, step by step."""
    from verify import api
    from verify.treaty import load_pack
    from verify.why_not import find_obligation, why_not

    if party is None or not treaties or not observations:
        raise UsageError("--why-not needs --party P, --treaty PACK and OBSERVATIONS")
    packs = [load_pack(treaty) for treaty in treaties]
    obligation = find_obligation(packs, obligation_id)
    pack = next(p for p in packs if p.obligation(obligation.id) is not None)
    moment = parse_moment(as_of) if as_of else None
    result, feed = api.check(
        packs, list(observations), as_of=moment, include_pending=True, stdin=sys.stdin.buffer
    )
    answer = why_not(pack, obligation, feed.frame, party, activity, result.findings)
    click.echo(answer.render(), nl=False)
