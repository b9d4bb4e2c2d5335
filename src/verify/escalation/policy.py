"""The proportionality policy: small steps that pick the starting rung of a pack's channel ladder.

Each step takes the rung chosen so far and the facts of the finding, and returns a new rung and
the reason for it; the suggestion lists the ladder from that rung up, each with a deadline.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from verify.model.finding import ChannelSuggestion
from verify.model.obligation import Obligation
from verify.model.treaty import Channel, TreatyMeta


@dataclass(frozen=True)
class Facts:
    """What the policy may weigh: the ladder, the obligation, and the finding's strength."""

    ladder: tuple[Channel, ...]
    obligation: Obligation
    confidence: float
    bar: float
    repeats: int = 0


@dataclass(frozen=True)
class Rung:
    """A position on the ladder and the reasons that put it there."""

    index: int
    reasons: tuple[str, ...]


PolicyStep = Callable[[Rung, Facts], Rung]


def start_from_obligation(rung: Rung, facts: Facts) -> Rung:
    """Start where the obligation says escalation starts, or at the first rung."""
    start = facts.obligation.escalation_start
    for index, channel in enumerate(facts.ladder):
        if channel.id == start:
            return Rung(
                index, (*rung.reasons, f"the obligation starts escalation at {channel.name}")
            )
    return Rung(0, (*rung.reasons, "the obligation names no starting channel: first rung"))


def fact_finding_when_weak(rung: Rung, facts: Facts) -> Rung:
    """Weak evidence starts at the first informal (track 1.5 or 2) channel below the rung."""
    if facts.confidence >= facts.bar:
        return rung
    informal = [i for i, c in enumerate(facts.ladder) if c.track != "1" and i <= rung.index]
    target = informal[0] if informal else 0
    if target >= rung.index:
        return rung
    return Rung(
        target,
        (
            *rung.reasons,
            f"confidence {facts.confidence:.2f} is below {facts.bar:.2f}: fact-finding first",
        ),
    )


def higher_when_critical(rung: Rung, facts: Facts) -> Rung:
    """A critical breach with strong evidence may start one rung higher."""
    if facts.obligation.severity != "critical" or facts.confidence < facts.bar:
        return rung
    if rung.index + 1 >= len(facts.ladder):
        return rung
    return Rung(rung.index + 1, (*rung.reasons, "critical severity: one rung higher"))


def higher_when_repeated(rung: Rung, facts: Facts) -> Rung:
    """A repeat breach by the same party of the same obligation moves one rung up."""
    if facts.repeats <= 0 or rung.index + 1 >= len(facts.ladder):
        return rung
    return Rung(
        rung.index + 1, (*rung.reasons, f"repeat breach ({facts.repeats} before): one rung up")
    )


DEFAULT_POLICY: tuple[PolicyStep, ...] = (
    start_from_obligation,
    fact_finding_when_weak,
    higher_when_critical,
    higher_when_repeated,
)


def choose_rung(facts: Facts, policy: Sequence[PolicyStep] = DEFAULT_POLICY) -> Rung:
    """Run the policy steps in order over the facts."""
    rung = Rung(0, ())
    for step in policy:
        rung = step(rung, facts)
    return rung


def suggest_channels(
    meta: TreatyMeta,
    obligation: Obligation,
    *,
    confidence: float,
    bar: float,
    decided: datetime,
    repeats: int = 0,
    policy: Sequence[PolicyStep] = DEFAULT_POLICY,
) -> tuple[ChannelSuggestion, ...]:
    """The ladder from the chosen rung up, each rung due after the previous one's deadline."""
    if not meta.channels:
        return ()
    facts = Facts(meta.channels, obligation, confidence, bar, repeats)
    rung = choose_rung(facts, policy)
    suggestions: list[ChannelSuggestion] = []
    deadline = decided
    for offset, channel in enumerate(meta.channels[rung.index :]):
        hours = channel.deadline_hours
        due = deadline + timedelta(hours=hours) if hours is not None else None
        reason = "; ".join(rung.reasons) if offset == 0 else "if the previous rung gives no answer"
        suggestions.append(
            ChannelSuggestion(
                id=channel.id,
                name=channel.name,
                track=channel.track,
                basis=channel.basis,
                deadline=due,
                reason=reason,
            )
        )
        if due is not None:
            deadline = due
    return tuple(suggestions)
