"""Digests that the briefings share: findings per treaty and party, the worst severity, the
reader's order (severity, then confidence) and the bottom line, and times as a reader says them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from verify.model.finding import Finding
from verify.model.obligation import SEVERITIES
from verify.model.run import RunResult


@dataclass(frozen=True)
class PartyTally:
    """What one party was found to have done under one treaty."""

    treaty: str
    treaty_title: str
    party: str
    violations: int
    potential_violations: int
    pending: int
    worst_severity: str
    obligations: tuple[str, ...]


def treaty_titles(result: RunResult) -> dict[str, str]:
    """Treaty id to title for every pack of the run (the id itself for a treaty with no pack)."""
    titles = {pack.id: pack.title for pack in result.packs}
    for finding in result.findings:
        titles.setdefault(finding.treaty, finding.treaty)
    return titles


def treaty_order(result: RunResult) -> tuple[str, ...]:
    """Treaty ids in pack order, then treaties seen only in findings, alphabetically."""
    packed = [pack.id for pack in result.packs]
    unpacked = sorted({f.treaty for f in result.findings} - set(packed))
    return tuple(dict.fromkeys(packed + unpacked))


def worst_severity(findings: list[Finding]) -> str:
    """The highest severity among the findings (`minor` < `major` < `critical`)."""
    return max((f.severity for f in findings), key=SEVERITIES.index, default="")


def party_tallies(result: RunResult) -> tuple[PartyTally, ...]:
    """One tally per treaty and party that has findings: treaties in pack order, parties sorted."""
    titles = treaty_titles(result)
    tallies: list[PartyTally] = []
    for treaty in treaty_order(result):
        parties = sorted({f.party for f in result.findings if f.treaty == treaty})
        for party in parties:
            found = [f for f in result.findings if f.treaty == treaty and f.party == party]
            tallies.append(
                PartyTally(
                    treaty=treaty,
                    treaty_title=titles[treaty],
                    party=party,
                    violations=sum(f.status == "violation" for f in found),
                    potential_violations=sum(f.status == "potential_violation" for f in found),
                    pending=sum(f.status == "pending" for f in found),
                    worst_severity=worst_severity(found),
                    obligations=tuple(dict.fromkeys(f.obligation for f in found)),
                )
            )
    return tuple(tallies)


def reader_time(moment: datetime | None, missing: str = "") -> str:
    """A time as a briefing's reader says it, `7 April 2025, 05:00 UTC` (with seconds where
    they are not zero), or `missing` when there is none. HTML and Markdown both use it."""
    if moment is None:
        return missing
    moment = moment.astimezone(UTC)
    clock = f"{moment:%H:%M:%S}" if moment.second or moment.microsecond else f"{moment:%H:%M}"
    return f"{moment.day} {moment:%B} {moment.year}, {clock} UTC"


def reader_order(findings: tuple[Finding, ...] | list[Finding]) -> list[Finding]:
    """Findings as a reader takes them: the most severe first, then the most confident, then
    as the run gave them (a stable sort, so the order is as deterministic as the run's)."""
    return sorted(findings, key=lambda f: (-SEVERITIES.index(f.severity), -f.confidence))


@dataclass(frozen=True)
class BottomLine:
    """What a reader needs first: breaches (violations and potential ones, of which
    `potential`) counted by severity and by party, pending counted apart, and the findings
    that matter most (at most `TOP`)."""

    breaches: int
    potential: int
    pending: int
    by_severity: tuple[tuple[str, int], ...]
    by_party: tuple[tuple[str, int], ...]
    top: tuple[Finding, ...]


#: A status as a reader reads it.
STATUS_WORDS: dict[str, str] = {
    "violation": "violation",
    "potential_violation": "potential violation",
    "pending": "pending",
    "retracted": "retracted",
}
#: How many findings the bottom line names.
TOP = 3


def bottom_line(result: RunResult) -> BottomLine:
    """The bottom line of a run: breaches (violations and potential ones) by severity, most
    severe first, and by party, most first; the `TOP` findings by severity then confidence,
    breaches before pending ones."""
    ordered = reader_order(result.findings)
    breaches = [f for f in ordered if f.status != "pending"]
    pending = [f for f in ordered if f.status == "pending"]
    severities = [(name, sum(f.severity == name for f in breaches)) for name in SEVERITIES[::-1]]
    parties: dict[str, int] = {}
    for finding in breaches:
        parties[finding.party] = parties.get(finding.party, 0) + 1
    return BottomLine(
        breaches=len(breaches),
        potential=sum(f.status == "potential_violation" for f in breaches),
        pending=len(pending),
        by_severity=tuple((name, n) for name, n in severities if n),
        by_party=tuple(sorted(parties.items(), key=lambda item: (-item[1], item[0]))),
        top=tuple((breaches + pending)[:TOP]),
    )


#: Admiralty grades below which a source makes a finding only potential.
WEAK_RELIABILITY = frozenset("DEF")
WEAK_CREDIBILITY = frozenset("456")
CONFIDENCE_STEP = "confidence"


def potential_reasons(finding: Finding) -> tuple[str, ...]:
    """Why a finding is only potential, from its evidence and trail: `estimated quantity`,
    `source graded D/4` (each weak grading once), or the confidence step's own reason; none
    for a finding that is not potential."""
    if finding.status != "potential_violation":
        return ()
    step = next((s for s in finding.trail if s.step == CONFIDENCE_STEP and not s.holds), None)
    said: list[str] = []
    if step is not None and "estimate" in step.measured:
        said.append("estimated quantity")
    for record in finding.evidence:
        reliability, credibility = record.reliability or "?", record.credibility or "?"
        if reliability in WEAK_RELIABILITY or credibility in WEAK_CREDIBILITY:
            said.append(f"source graded {reliability}/{credibility}")
    if not said and step is not None and "; " in step.required:
        said.append(step.required.split("; ", 1)[1])
    return tuple(dict.fromkeys(said))
