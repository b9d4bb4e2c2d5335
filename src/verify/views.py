"""Views for a recipient: a finding, or a run, as a reader cleared to one releasability sees it.

The stage between escalation and rendering (CONTRACT.md section 6, `--for` and `--channel`).
`report.render(result, fmt, level=...)` applies `run_for` before any renderer runs; the ledger's
channel views (`findings --channel`, `escalate`) and `verify explain --for` call `finding_for`;
so no renderer ever holds a record its reader may not see.

A record is shown at a level when its releasability ranks at or below it (public < parties <
national; a record's unknown label counts as national). A recipient level nobody declared
counts as public: an unknown label never widens what is shown.

Where every record of a finding is releasable, the view is the finding itself. Where any is not,
nothing drawn from the records may remain unless it is known to come from the shown ones alone;
trail steps carry no provenance, so the view is conservative:

- the evidence above the level is dropped and counted in `withheld`;
- the summary becomes a neutral sentence naming the party, obligation and article (which are not
  evidence) and how many records were withheld; with no record shown it says the breach "is
  assessed on evidence that cannot be released at this level";
- each trail step keeps its name and whether it holds; what was measured and required become
  `WITHHELD`, but for the confidence step, which shows the finding's confidence;
- `counterparty`, `due`, `zone` and the notes are dropped, and every channel's deadline (counted
  from the breach moment);
- the window becomes the span of the shown records' times, or none when no record is shown.

A finding's waiver (`verify.waivers`) is national-internal reasoning: below `national` the view
keeps that the finding is waived and until when, and withholds the reason, the author and the
approver. An output that shows a waiver's reason is marked national.

Status, severity and confidence stay. A run's view orders its findings by what the view shows
(the shown window), so that the place of a finding in the list tells nothing of a withheld time.

The handling marking of an output is the highest releasability among the evidence it shows
(`handling`): public when it shows none; national when it shows a waiver's reason.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from verify.escalation.releasability import (
    RELEASABILITY_ORDER,
    RELEASABILITY_RANKS,
    releasability_rank,
)
from verify.model.finding import Evidence, Finding, TrailStep, Window
from verify.model.run import RunResult

NATIONAL = "national"
#: The levels a reader may be cleared to, least first (`--for`).
LEVELS: tuple[str, ...] = RELEASABILITY_ORDER
#: What a view shows in place of a trail step's measured and required values.
WITHHELD = "withheld at this level"
CONFIDENCE_STEP = "confidence"
#: The banner line of each handling level, as every human-readable format prints it.
HANDLING_BANNERS: dict[str, str] = {
    "public": "HANDLING: RELEASABLE TO THE PUBLIC",
    "parties": "HANDLING: RELEASABLE TO TREATY PARTIES",
    "national": "HANDLING: NATIONAL ONLY",
}
_BREACH_WORDS: dict[str, str] = {
    "violation": "a breach",
    "potential_violation": "a possible breach",
    "pending": "a breach still pending",
}


def recipient_rank(level: str) -> int:
    """The rank of a recipient's level; a level nobody declared is `public`, the least cleared."""
    return RELEASABILITY_RANKS.get(level, 0)


def shown_at(record: Evidence, level: str) -> bool:
    """Whether a reader cleared to `level` may see the record."""
    return releasability_rank(record.releasability) <= recipient_rank(level)


def records(count: int) -> str:
    """`1 evidence record`, `3 evidence records`."""
    return f"{count} evidence record{'' if count == 1 else 's'}"


def neutral_summary(finding: Finding, shown: int, withheld: int) -> str:
    """The summary of a finding some of whose evidence is withheld: nothing drawn from records."""
    subject = f"{finding.party}, {finding.obligation} ({finding.article})"
    breach = _BREACH_WORDS.get(finding.status, "a breach")
    if not shown:
        return (
            f"{subject}: {breach} is assessed on evidence that cannot be released at this level;"
            f" {records(withheld)} withheld."
        )
    return (
        f"{subject}: {breach} is assessed in part on evidence that cannot be released at this"
        f" level; {withheld} of {records(shown + withheld)} withheld."
    )


def _neutral_step(step: TrailStep, confidence: float) -> TrailStep:
    measured = f"{confidence:.2f}" if step.step == CONFIDENCE_STEP else WITHHELD
    return TrailStep(step=step.step, measured=measured, required=WITHHELD, holds=step.holds)


def _shown_window(shown: tuple[Evidence, ...]) -> Window | None:
    if not shown:
        return None
    times = [record.time for record in shown]
    return Window(start=min(times), end=max(times))


#: What a view below national withholds of a waiver: all but that it exists and its expiry.
WAIVER_WITHHELD: tuple[str, ...] = ("reason", "author", "approved_by")


def waiver_for(waiver: dict[str, Any] | None, level: str) -> dict[str, Any] | None:
    """A finding's waiver as a reader cleared to `level` may see it: in full at national, else
    with its reason, author and approver withheld."""
    if waiver is None or recipient_rank(level) >= recipient_rank(NATIONAL):
        return waiver
    return {key: WITHHELD if key in WAIVER_WITHHELD else value for key, value in waiver.items()}


def finding_for(finding: Finding, level: str) -> Finding:
    """The finding as a reader cleared to `level` may see it (the module's rules)."""
    shown = tuple(record for record in finding.evidence if shown_at(record, level))
    waiver = waiver_for(finding.waiver, level)
    if waiver is not finding.waiver:
        finding = finding.model_copy(update={"waiver": waiver})
    if len(shown) == len(finding.evidence):
        return finding
    withheld = finding.withheld + len(finding.evidence) - len(shown)
    return finding.model_copy(
        update={
            "counterparty": None,
            "summary": neutral_summary(finding, len(shown), withheld),
            "evidence": shown,
            "trail": tuple(_neutral_step(step, finding.confidence) for step in finding.trail),
            "channels": tuple(c.model_copy(update={"deadline": None}) for c in finding.channels),
            "window": _shown_window(shown),
            "due": None,
            "zone": None,
            "notes": (),
            "withheld": withheld,
        }
    )


def view_order(finding: Finding) -> tuple[bool, str, str, str, str, str]:
    """The order of a view's findings: by shown window start (none last), then as the run's."""
    start = finding.window.start.isoformat() if finding.window else ""
    return (
        finding.window is None,
        start,
        finding.treaty,
        finding.obligation,
        finding.party,
        finding.id,
    )


def run_for(result: RunResult, level: str) -> RunResult:
    """The run as a reader cleared to `level` may see it: each finding through `finding_for`.

    At the most cleared level every record ranks at or below the reader (an unknown label
    counts as that level itself) and a waiver is shown whole, so the view is the run itself,
    known without looking at its findings (a run's tens of thousands, written at `national`
    by default)."""
    if recipient_rank(level) >= recipient_rank(NATIONAL):
        return result
    findings = tuple(finding_for(finding, level) for finding in result.findings)
    if all(view is finding for view, finding in zip(findings, result.findings, strict=True)):
        return result
    return result.model_copy(update={"findings": tuple(sorted(findings, key=view_order))})


def handling(findings: Iterable[Finding]) -> str:
    """The highest releasability among the evidence shown (`public` when none is shown), and
    national where a waiver's reason is shown (national-internal reasoning)."""
    top = 0
    national = releasability_rank(NATIONAL)
    for finding in findings:
        if finding.waiver is not None and finding.waiver.get("reason") != WITHHELD:
            return RELEASABILITY_ORDER[national]
        for record in finding.evidence:
            top = max(top, releasability_rank(record.releasability))
    return RELEASABILITY_ORDER[top]


def handling_banner(level: str) -> str:
    """The marking line for a handling level: `HANDLING: RELEASABLE TO TREATY PARTIES`."""
    return HANDLING_BANNERS.get(level, HANDLING_BANNERS[NATIONAL])


def withheld_total(findings: Iterable[Finding]) -> int:
    """How many evidence records the findings' views withheld, all told."""
    return sum(finding.withheld for finding in findings)
