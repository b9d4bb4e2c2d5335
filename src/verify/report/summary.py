"""Digests that the briefings share: findings per treaty and party, and the worst severity."""

from __future__ import annotations

from dataclasses import dataclass

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
