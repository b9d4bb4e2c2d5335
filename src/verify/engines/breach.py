"""What an engine reports before it becomes a finding; shared by the batch and stream engines.

An engine only decides *that* an obligation was breached and *why* (the trail, the cited records).
Everything else a finding carries (its id, confidence, status, applicability notes and channels)
is derived here, the same way for both engines, so that they agree finding for finding.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from verify.escalation.policy import suggest_channels
from verify.model.finding import Evidence, Finding, Status, TrailStep, Window
from verify.model.obligation import Obligation
from verify.model.treaty import TreatyMeta

#: Admiralty source reliability (A completely reliable … E unreliable; F cannot be judged).
RELIABILITY_SCORE: dict[str, float] = {"A": 1.0, "B": 0.85, "C": 0.7, "D": 0.5, "E": 0.3, "F": 0.6}
#: Admiralty information credibility (1 confirmed … 5 improbable; 6 cannot be judged).
CREDIBILITY_SCORE: dict[str, float] = {"1": 1.0, "2": 0.85, "3": 0.7, "4": 0.5, "5": 0.3, "6": 0.6}
ESTIMATE_FLAG = "estimate"


@dataclass(frozen=True)
class CitedRecord:
    """A record an engine relies on: its canonical form, what it shows, and where it was read."""

    record: dict[str, Any]
    role: str
    sha256: str
    file: str | None
    line: int | None
    decisive: bool = True


@dataclass(frozen=True)
class Breach:
    """An engine's verdict on one subject (an activity, a request, a holding) of one obligation."""

    obligation: Obligation
    party: str
    subject: tuple[str, ...]
    cited: tuple[CitedRecord, ...]
    trail: tuple[TrailStep, ...]
    summary: str
    window: Window
    at: datetime
    counterparty: str | None = None
    due: datetime | None = None
    zone: str | None = None
    pending: bool = False


def record_confidence(record: dict[str, Any]) -> float:
    """Confidence in one record: the geometric mean of its reliability and credibility scores.

    A missing grade counts as "cannot be judged" (F, 6). So A1 gives 1.0, C2 0.77, F6 0.6, E5 0.3.
    """
    reliability = RELIABILITY_SCORE.get(str(record.get("reliability") or "F"), 0.6)
    credibility = CREDIBILITY_SCORE.get(str(record.get("credibility") or "6"), 0.6)
    return math.sqrt(reliability * credibility)


def finding_confidence(cited: tuple[CitedRecord, ...]) -> float:
    """A finding is as strong as its weakest decisive record: the minimum of their confidences."""
    scores = [record_confidence(c.record) for c in cited if c.decisive]
    return round(min(scores), 3) if scores else 0.0


def finding_id(breach: Breach) -> str:
    """Deterministic id: a hash of treaty, obligation, party and the subject records."""
    basis = "|".join(
        (breach.obligation.treaty, breach.obligation.id, breach.party, *breach.subject)
    )
    return "F-" + hashlib.sha256(basis.encode("utf-8")).hexdigest()[:16]


def applicability(breach: Breach, meta: TreatyMeta) -> tuple[bool, tuple[str, ...]]:
    """Whether the obligation bound the party when the breach occurred, and notes to carry.

    No finding before the treaty entered into force or the obligation applied, after the treaty
    ended, before the party joined or after it withdrew; a suspension adds a note, not silence.
    """
    day = breach.at.astimezone(UTC).date()
    obligation = breach.obligation
    bounds: list[tuple[date | None, date | None]] = [
        (meta.in_force, meta.ends),
        (obligation.applies_from, None),
    ]
    party = meta.party(breach.party)
    if meta.parties and party is None:
        return False, ()
    if party is not None:
        bounds.append((party.joined, party.withdrawn))
    for since, until in bounds:
        if since is not None and day < since:
            return False, ()
        if until is not None and day >= until:
            return False, ()
    notes: list[str] = []
    periods = list(meta.suspended) + (list(party.suspended) if party else [])
    for period in periods:
        if period.covers(day):
            ending = f" until {period.until.isoformat()}" if period.until else ""
            why = f": {period.note}" if period.note else ""
            notes.append(f"during a suspension since {period.since.isoformat()}{ending}{why}")
    return True, tuple(notes)


def finalize(breach: Breach, meta: TreatyMeta) -> Finding | None:
    """Turn a breach into a finding, or None where the obligation did not bind the party then."""
    applies, notes = applicability(breach, meta)
    if not applies:
        return None
    obligation = breach.obligation
    confidence = finding_confidence(breach.cited)
    bar = (
        obligation.confidence_bar if obligation.confidence_bar is not None else meta.confidence_bar
    )
    estimated = any(c.decisive and ESTIMATE_FLAG in c.record.get("flags", ()) for c in breach.cited)
    status: Status
    if breach.pending:
        status = "pending"
    elif confidence < bar or estimated:
        status = "potential_violation"
    else:
        status = "violation"
    trail = breach.trail
    if status == "potential_violation":
        why = "a decisive quantity is an estimate" if estimated else "the evidence is weak"
        trail = (
            *trail,
            TrailStep(
                step="confidence",
                measured=f"{confidence:.2f}" + (" with an estimated quantity" if estimated else ""),
                required=f"at least {bar:.2f} and no estimate, for a violation; {why}",
                holds=False,
            ),
        )
    channels = suggest_channels(
        meta, obligation, confidence=confidence, bar=bar, decided=breach.window.end
    )
    return Finding(
        id=finding_id(breach),
        treaty=obligation.treaty,
        obligation=obligation.id,
        article=obligation.article,
        party=breach.party,
        counterparty=breach.counterparty,
        status=status,
        severity=obligation.severity,
        confidence=confidence,
        summary=breach.summary,
        evidence=tuple(_evidence(c) for c in breach.cited),
        trail=trail,
        channels=channels,
        window=breach.window,
        due=breach.due,
        zone=breach.zone,
        notes=notes,
    )


def _evidence(cited: CitedRecord) -> Evidence:
    record = cited.record
    return Evidence(
        id=str(record["id"]),
        kind=str(record["kind"]),
        role=cited.role,
        sha256=cited.sha256,
        time=record["time"],
        source=record.get("source"),
        reliability=record.get("reliability"),
        credibility=record.get("credibility"),
        releasability=str(record.get("releasability") or "national"),
        start=record.get("start"),
        end=record.get("end"),
        lat=record.get("lat"),
        lon=record.get("lon"),
        file=cited.file,
        line=cited.line,
    )


def finding_order(finding: Finding) -> tuple[str, str, str, str, str]:
    """Sort key that fixes the order of findings: window start, treaty, obligation, party, id."""
    return (
        finding.window.start.isoformat(),
        finding.treaty,
        finding.obligation,
        finding.party,
        finding.id,
    )
