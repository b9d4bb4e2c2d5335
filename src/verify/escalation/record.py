"""Recording a run in the ledger, and letting the ledger's history shape the run's channels."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import UTC, datetime

import pandas as pd

from verify.escalation.cases import (
    CLOSED,
    Case,
    Cases,
    LadderContext,
    history_for,
    suggest_for,
    suggestions_for,
)
from verify.escalation.chain import stamp
from verify.escalation.ledger import Ledger, LedgerError, Stored, ladder_json
from verify.escalation.reconcile import Planner, Reconciled, Scope
from verify.garbage import no_collections
from verify.model.finding import ChannelSuggestion, Finding
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


class Remembered:
    """`suggestions_for`, remembered across the findings of a run: what it gives depends on the
    finding's severity, confidence and status, its ladder, when it was first recorded and the
    history the policy weighs, and a run's findings share a handful of these (a ladder per
    obligation, one moment for the new ones); each ladder is compared by identity."""

    def __init__(self) -> None:
        self._seen: dict[tuple[object, ...], tuple[LadderContext, tuple[ChannelSuggestion, ...]]]
        self._seen = {}

    def __call__(self, case: Case, cases: Cases, now: datetime) -> tuple[ChannelSuggestion, ...]:
        """`suggestions_for(case, cases, now)`."""
        if case.state in CLOSED:
            return ()
        history = history_for(case, cases, now)
        finding, context = case.finding, case.context
        key: tuple[object, ...] = (id(context), finding.severity, finding.confidence)
        key += (finding.status, case.recorded, history)
        seen = self._seen.get(key)
        if seen is not None and seen[0] is context:
            return seen[1]
        channels = suggest_for(finding, context, history, since=case.recorded)
        self._seen[key] = (context, channels)
        return channels


def with_history(
    finding: Finding,
    context: LadderContext,
    cases: Sequence[Case],
    now: datetime,
    remembered: Remembered | None = None,
) -> Finding:
    """The finding with its channels recomputed from the ledger's history (and a note if closed).

    Pass `Cases` when doing this for many findings: a plain sequence is indexed on each call;
    and one `Remembered`, which gives the channels a finding like an earlier one gets.
    """
    book = Cases.of(cases)
    stored = book.get(finding.id)
    case = (
        replace(stored, finding=finding, context=context)
        if stored is not None
        else Case(finding, context, now)
    )
    channels = (
        suggestions_for(case, book, now) if remembered is None else remembered(case, book, now)
    )
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
    the history then read for the run's subjects alone and indexed by subject. The garbage
    collector waits meanwhile (`verify.garbage.no_collections`): recording makes tens of
    thousands of objects that live on, and collections cost it a third of its time.
    """
    with no_collections():
        return _record_run(result, packs, ledger, frame, obligations, at)


def _record_run(
    result: RunResult,
    packs: Sequence[Pack],
    ledger: Ledger,
    frame: pd.DataFrame | None,
    obligations: Iterable[str] | None,
    at: datetime | None,
) -> tuple[RunResult, Reconciled]:
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
    cases, remembered = Cases(after), Remembered()
    findings = tuple(
        with_history(f, contexts[f.id], cases, result.as_of, remembered) for f in result.findings
    )
    return result.model_copy(update={"findings": findings}), planner.outcome
