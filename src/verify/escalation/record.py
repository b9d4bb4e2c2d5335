"""Recording a run in the ledger, and letting the ledger's history shape the run's channels."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime

from verify.escalation.cases import Case, LadderContext, suggestions_for
from verify.escalation.chain import stamp
from verify.escalation.ledger import Ledger, LedgerError, Stored, StoreOutcome, ladder_json
from verify.model.finding import Finding
from verify.model.pack import Pack
from verify.model.run import RunResult


def ladder_context(finding: Finding, packs: Sequence[Pack]) -> LadderContext:
    """The ladder, start rung and confidence bar that applied to a finding, from its pack."""
    for pack in packs:
        if pack.meta.id != finding.treaty:
            continue
        obligation = pack.obligation(finding.obligation)
        if obligation is None:
            return LadderContext(channels=pack.meta.channels, bar=pack.meta.confidence_bar)
        return LadderContext.of(pack.meta, obligation)
    raise LedgerError(f"{finding.id}: no pack {finding.treaty!r} among those of the run")


def with_history(
    finding: Finding, context: LadderContext, cases: Sequence[Case], now: datetime
) -> Finding:
    """The finding with its channels recomputed from the ledger's history (and a note if closed)."""
    stored = next((c for c in cases if c.finding.id == finding.id), None)
    case = (
        replace(stored, finding=finding, context=context)
        if stored is not None
        else Case(finding, context, now)
    )
    channels = suggestions_for(case, [*cases, case] if stored is None else cases, now)
    notes = finding.notes
    if case.resolution is not None:
        closed = f"resolved in the ledger on {stamp(case.resolution.at)}: {case.resolution.note}"
        notes = (*notes, closed)
    return finding.model_copy(update={"channels": channels, "notes": notes})


def record_run(
    result: RunResult,
    packs: Sequence[Pack],
    ledger: Ledger,
    *,
    at: datetime | None = None,
) -> tuple[RunResult, StoreOutcome]:
    """Store a run's findings (pending ones excepted) idempotently; the run with history applied.

    Repeats and lapsed channels are judged as at the run's `as_of`. One ladder per obligation,
    dumped once; the new findings inserted in bulk in one transaction.
    """
    ladders: dict[tuple[str, str], tuple[LadderContext, str]] = {}
    contexts: dict[str, LadderContext] = {}
    forms: list[Stored] = []
    for finding in result.findings:
        key = (finding.treaty, finding.obligation)
        if key not in ladders:
            context = ladder_context(finding, packs)
            ladders[key] = (context, ladder_json(context))
        context, dumped = ladders[key]
        contexts[finding.id] = context
        if finding.status != "pending":
            forms.append(Stored.of(finding, context, dumped))
    outcome = ledger.store(forms, at=at or datetime.now(UTC))
    cases = ledger.cases()
    findings = tuple(with_history(f, contexts[f.id], cases, result.as_of) for f in result.findings)
    return result.model_copy(update={"findings": findings}), outcome
