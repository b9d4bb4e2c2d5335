"""Recording a run in the ledger, and letting the ledger's history shape the run's channels."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from verify.escalation.cases import Case, Cases, LadderContext, suggestions_for
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
        Case(finding, context, stored.recorded, stored.escalations, stored.resolution)
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
    at: datetime | None = None,
) -> tuple[RunResult, StoreOutcome]:
    """Store a run's findings (pending ones excepted) idempotently; the run with history applied.

    Repeats and lapsed channels are judged as at the run's `as_of`. The cost grows with the
    run, not with the ledger, and is a few times that of writing the findings out: one ladder
    per obligation; the cases of the run's treaties, obligations and parties alone read, before
    the store (a stored body that the run would store alike is taken from the run, not parsed);
    the new findings inserted in bulk in one transaction; the history indexed by subject.
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
    before = ledger.cases_of(result.findings, known=forms)
    outcome = ledger.store(forms, at=moment)
    after = _after(before, forms, outcome, moment)
    cases = Cases(ledger.cases_of(result.findings, forms) if after is None else after)
    findings = tuple(with_history(f, contexts[f.id], cases, result.as_of) for f in result.findings)
    return result.model_copy(update={"findings": findings}), outcome


def _after(
    before: Sequence[Case], forms: Sequence[Stored], outcome: StoreOutcome, moment: datetime
) -> tuple[Case, ...] | None:
    """The cases as the store left them: those read before it and the ones it added; None when
    another writer stored some of the run's findings in between (then they are read again)."""
    present = {case.finding.id for case in before}
    if any(finding_id not in present for finding_id in outcome.kept):
        return None
    recorded = datetime.fromisoformat(stamp(moment))  # to the second, as the entry carries it
    added = set(outcome.added)
    new: dict[str, Case] = {}
    for form in forms:
        if form.finding.id in added and form.finding.id not in new:
            new[form.finding.id] = Case(form.finding, form.context, recorded)
    return (*before, *new.values())
