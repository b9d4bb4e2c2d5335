"""The Python API of the ledger, re-exported by `verify.api`: reconcile a run with the ledger,
list its cases, escalate and resolve one, audit the hash chain.

Each call opens the ledger at its URL (default: under $VERIFY_HOME) and closes it before it
returns; what the ledger refuses raises `LedgerError` (`verify.escalation.ledger`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from verify.errors import UsageError
from verify.feeds import FeedResult
from verify.model.pack import Pack
from verify.model.run import RunResult
from verify.treaty import load_pack

if TYPE_CHECKING:
    from verify.escalation.cases import Case
    from verify.escalation.chain import AuditReport
    from verify.escalation.reconcile import Reconciled


def record(
    result: RunResult,
    treaties: Sequence[str | Pack],
    *,
    feed: FeedResult | None = None,
    ledger: str | None = None,
    at: datetime | None = None,
    obligations: Sequence[str] | None = None,
) -> tuple[RunResult, Reconciled]:
    """Reconcile a run with the ledger at URL `ledger` (default: under $VERIFY_HOME), as
    `verify check --record` does: new findings stored, changed ones given a new version,
    those no longer produced withdrawn (only with the run's `feed`, which says what its data
    covers and cites what disproved them), withdrawn ones produced again reopened. The run with
    its channels weighed against the ledger's history, and what changed (`message()` is the
    CLI's line). `obligations`: those the run was restricted to, if it was."""
    from verify.escalation.ledger import Ledger
    from verify.escalation.record import record_run

    packs = [t if isinstance(t, Pack) else load_pack(t) for t in treaties]
    frame = feed.frame if feed is not None else None
    with Ledger.open(ledger) as opened:
        return record_run(result, packs, opened, frame=frame, obligations=obligations, at=at)


def cases(ledger: str | None = None) -> tuple[Case, ...]:
    """Every recorded finding of the ledger as a case (its newest version, ladder, versions,
    escalations, withdrawals, resolution and `state`), in the order recorded."""
    from verify.escalation.ledger import Ledger

    with Ledger.open(ledger) as opened:
        return opened.cases()


def escalate(
    finding_id: str,
    channel: str,
    *,
    ledger: str | None = None,
    at: datetime | None = None,
    note: str | None = None,
) -> Case:
    """Record that a finding (id or unique prefix) was raised through a channel of its ladder;
    the case as it now stands. `LedgerError` for an unknown finding or channel, or a closed case."""
    from verify.escalation.ledger import Ledger

    with Ledger.open(ledger) as opened:
        return opened.escalate(finding_id, channel, at=at, note=note)[0]


def resolve(
    finding_id: str, note: str, *, ledger: str | None = None, at: datetime | None = None
) -> Case:
    """Close a finding's case with a note saying how it was resolved; the case as it now stands."""
    from verify.escalation.ledger import Ledger

    with Ledger.open(ledger) as opened:
        return opened.resolve(finding_id, note, at=at)[0]


def audit(ledger: str | None = None, *, expect: str | None = None) -> AuditReport:
    """Recompute the ledger's hash chain against its head (`passed`, `message()`); with
    `expect` (`SEQ:HASH`, as `head` printed it earlier), also that the chain still holds it."""
    from verify.escalation.chain import Head
    from verify.escalation.ledger import Ledger

    try:
        pin = Head.parse(expect) if expect is not None else None
    except ValueError as error:
        raise UsageError(f"expect: {error}") from None
    with Ledger.open(ledger) as opened:
        return opened.audit(expect=pin)
