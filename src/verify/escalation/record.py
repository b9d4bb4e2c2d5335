"""Recording a run in the ledger, and letting the ledger's history shape the run's channels."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import UTC, datetime

import pandas as pd

from verify.escalation.cases import Case, Cases, LadderContext, suggestions_for
from verify.escalation.chain import stamp
from verify.escalation.ledger import Ledger, LedgerError, Stored, ladder_json
from verify.escalation.reconcile import Planner, Reconciled, Scope
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
            return LadderContext(
                channels=pack.meta.channels,
                bar=pack.meta.confidence_bar,
                restraint=pack.meta.escalation,
            )
        return LadderContext.of(pack.meta, obligation)
    raise LedgerError(f"{finding.id}: no pack {finding.treaty!r} among those of the run")


def with_history(
    finding: Finding, context: LadderContext, cases: Sequence[Case], now: datetime
) -> Finding:
    """The finding with its channels recomputed from the ledger's history (and a note if closed).

    Pass `Cases` when doing this for many findings: a plain sequence is indexed on each call.
    """
    book = Cases.of(cases)
    stored = book.get(finding.id)
    case = (
        replace(stored, finding=finding, context=context)
        if stored is not None
        else Case(finding, context, now)
    )
    channels = suggestions_for(case, book, now)
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
    frame: pd.DataFrame | None = None,
    obligations: Iterable[str] | None = None,
    at: datetime | None = None,
) -> tuple[RunResult, Reconciled]:
    """Reconcile a run's findings (pending ones excepted) with the ledger; the run with its
    history applied, and what changed (`verify.escalation.reconcile`).

    `frame` is the run's data (`FeedResult.frame`): without it nothing is withdrawn, since the
    run's span and the records that would disprove a finding are unknown. `obligations`: those
    the run was restricted to (default: every obligation of `packs`). Repeats and lapsed
    channels are judged as at the run's `as_of`; deadlines run from when each finding was first
    recorded (`at`, default now, for a new one). One ladder per obligation; the cases of the
    run's scope read and the new entries appended in one transaction, under the write lock;
    the history then read for the run's subjects alone and indexed by subject.
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
    moment = at or datetime.now(UTC)
    scope = Scope.of(packs, frame, result.as_of, obligations)
    subjects: dict[tuple[str, str], set[str] | None] = {}
    for finding in result.findings:
        parties = subjects.setdefault((finding.treaty, finding.obligation), set())
        if parties is not None:
            parties.add(finding.party)
    if scope.start is not None:  # withdrawals possible: every party of the scope is read
        subjects.update(dict.fromkeys(scope.obligations))
    produced = {finding.id for finding in result.findings}
    planner = Planner(forms, produced, scope, packs, frame, moment)
    _, after = ledger.amend(subjects, planner, known=forms)
    cases = Cases(after)
    findings = tuple(with_history(f, contexts[f.id], cases, result.as_of) for f in result.findings)
    return result.model_copy(update={"findings": findings}), planner.outcome
