"""The proportionality policy: small steps that pick the starting rung of a pack's channel ladder.

Each step takes the rung chosen so far and the facts of the finding, and returns a new rung and
the reason for it; the suggestion lists the ladder from that rung up, each with a deadline.
The last step, `within_proportion`, caps the rung at what severity, confidence and history
justify (`justified_rung`), so that no step (nor a custom policy) can over-escalate.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from functools import lru_cache

from verify.model.calendar import shift
from verify.model.finding import ChannelSuggestion
from verify.model.obligation import Obligation, Severity
from verify.model.treaty import Channel, TreatyMeta


def _day(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


@dataclass(frozen=True)
class PastUse:
    """A channel once used for a finding, and whether its deadline passed without an answer."""

    finding_id: str
    channel_id: str
    at: datetime
    due: datetime | None = None
    unanswered: bool = False


@dataclass(frozen=True)
class History:
    """What the ledger knows: earlier breaches, lapsed channels, this finding's own escalation."""

    repeats: int = 0
    unanswered: tuple[PastUse, ...] = ()
    own: PastUse | None = None


@dataclass(frozen=True)
class Facts:
    """What the policy may weigh: the ladder, where the obligation starts, strength and history."""

    ladder: tuple[Channel, ...]
    start: str | None
    severity: Severity
    confidence: float
    bar: float
    history: History = field(default_factory=History)

    @property
    def weak(self) -> bool:
        """Whether the evidence is below the bar for a violation."""
        return self.confidence < self.bar

    def index(self, channel_id: str | None) -> int | None:
        """The rung of a channel on the ladder, if it is there."""
        return next((i for i, c in enumerate(self.ladder) if c.id == channel_id), None)

    @property
    def top(self) -> int:
        """The highest rung."""
        return len(self.ladder) - 1


@dataclass(frozen=True)
class Rung:
    """A position on the ladder and the reasons that put it there."""

    index: int
    reasons: tuple[str, ...]

    def to(self, index: int, reason: str) -> Rung:
        """Move to another rung, giving the reason."""
        return Rung(index, (*self.reasons, reason))


PolicyStep = Callable[[Rung, Facts], Rung]


def fact_finding_rung(facts: Facts, below: int) -> int:
    """The first informal (track 1.5 or 2) rung at or below `below`, else the first rung."""
    informal = [i for i, c in enumerate(facts.ladder) if c.track != "1" and i <= below]
    return informal[0] if informal else 0


def start_from_obligation(rung: Rung, facts: Facts) -> Rung:
    """Start where the obligation says escalation starts, or at the first rung."""
    index = facts.index(facts.start)
    if index is None:
        return Rung(0, rung.reasons).to(0, "the obligation names no starting channel: first rung")
    name = facts.ladder[index].name
    return Rung(index, rung.reasons).to(index, f"the obligation starts escalation at {name}")


def fact_finding_when_weak(rung: Rung, facts: Facts) -> Rung:
    """Weak evidence starts at the first informal (track 1.5 or 2) channel below the rung."""
    if not facts.weak:
        return rung
    target = fact_finding_rung(facts, rung.index)
    if target >= rung.index:
        return rung
    return rung.to(
        target, f"confidence {facts.confidence:.2f} is below {facts.bar:.2f}: fact-finding first"
    )


def higher_when_critical(rung: Rung, facts: Facts) -> Rung:
    """A critical breach with strong evidence may start one rung higher."""
    if facts.severity != "critical" or facts.weak or rung.index >= facts.top:
        return rung
    return rung.to(rung.index + 1, "critical severity: one rung higher")


def _lapsed(use: PastUse, facts: Facts) -> str:
    index = facts.index(use.channel_id)
    name = facts.ladder[index].name if index is not None else use.channel_id
    due = f" (due {_day(use.due)})" if use.due else ""
    return f"{name} raised on {_day(use.at)} for {use.finding_id} went unanswered{due}"


def higher_on_history(rung: Rung, facts: Facts) -> Rung:
    """A repeat breach, or an earlier finding's rung that lapsed unanswered, moves one rung up.

    Both together still move one rung: history justifies one step, not one per reason.
    """
    history = facts.history
    why: list[str] = []
    if history.repeats > 0:
        why.append(f"repeat breach ({history.repeats} before)")
    if history.unanswered:
        why.append(_lapsed(history.unanswered[-1], facts))
    if not why or rung.index >= facts.top:
        return rung
    return rung.to(rung.index + 1, "; ".join(why) + ": one rung up")


def follow_own_escalation(rung: Rung, facts: Facts) -> Rung:
    """Never back down from a rung this finding was raised through; past its deadline, go above.

    A channel still within its deadline stays the suggestion (awaiting its answer); one whose
    deadline passed without answer moves one rung above it.
    """
    own = facts.history.own
    used = facts.index(own.channel_id) if own else None
    if own is None or used is None:
        return rung
    if own.unanswered:
        target = min(used + 1, facts.top)
        above = "one rung up" if target > used else "no rung above it"
        reason = f"{_lapsed(own, facts)}: {above}"
    else:
        target = used
        due = f" until {_day(own.due)}" if own.due else ""
        reason = f"raised through {facts.ladder[used].name} on {_day(own.at)}; awaiting{due}"
    if target < rung.index:
        return rung
    return rung.to(target, reason)


def justified_rung(facts: Facts) -> int:
    """The highest rung that the severity, the confidence and the history justify."""
    index = facts.index(facts.start) or 0
    if facts.weak:
        index = fact_finding_rung(facts, index)
    elif facts.severity == "critical":
        index += 1
    if facts.history.repeats > 0 or facts.history.unanswered:
        index += 1
    own = facts.history.own
    used = facts.index(own.channel_id) if own else None
    if own is not None and used is not None:
        index = max(index, used + 1 if own.unanswered else used)
    return max(0, min(index, facts.top))


def within_proportion(rung: Rung, facts: Facts) -> Rung:
    """Cap the rung at what severity, confidence and history justify (and keep it on the ladder)."""
    ceiling = justified_rung(facts)
    if 0 <= rung.index <= ceiling:
        return rung
    target = min(max(rung.index, 0), ceiling)
    return rung.to(
        target,
        f"proportionality: no higher than {facts.ladder[target].name}, which severity,"
        " confidence and history justify",
    )


DEFAULT_POLICY: tuple[PolicyStep, ...] = (
    start_from_obligation,
    fact_finding_when_weak,
    higher_when_critical,
    higher_on_history,
    follow_own_escalation,
    within_proportion,
)


def choose_rung(facts: Facts, policy: Sequence[PolicyStep] = DEFAULT_POLICY) -> Rung:
    """Run the policy steps in order over the facts."""
    rung = Rung(0, ())
    for step in policy:
        rung = step(rung, facts)
    return rung


class _Same:
    """A key part that hashes and compares by identity, keeping its object alive meanwhile."""

    def __init__(self, value: object) -> None:
        self.value = value

    def __hash__(self) -> int:
        return id(self.value)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Same) and other.value is self.value


@lru_cache(maxsize=4096)
def _default_rung(ladder: _Same, facts: Facts) -> Rung:
    """`choose_rung` under the default policy, remembered: a run asks it once per finding, over
    a handful of distinct facts. The ladder (a pack's) is compared by identity, the rest of the
    facts by value: comparing every channel's fields cost more than the policy itself."""
    ladder_value = ladder.value
    assert isinstance(ladder_value, tuple)
    return choose_rung(replace(facts, ladder=ladder_value))


def _clock(facts: Facts, rung: Rung, decided: datetime) -> datetime:
    """When the chosen rung's clock starts: the decision, or this finding's own escalation."""
    own = facts.history.own
    if own is None or facts.index(own.channel_id) is None:
        return decided
    if facts.index(own.channel_id) == rung.index:
        return own.at
    return own.due if own.unanswered and own.due else max(own.at, decided)


def suggest_on_ladder(
    ladder: Sequence[Channel],
    *,
    start: str | None,
    severity: Severity,
    confidence: float,
    bar: float,
    decided: datetime,
    history: History | None = None,
    policy: Sequence[PolicyStep] = DEFAULT_POLICY,
) -> tuple[ChannelSuggestion, ...]:
    """The ladder from the chosen rung up, each rung due after the previous one's deadline."""
    if not ladder:
        return ()
    facts = Facts(tuple(ladder), start, severity, confidence, bar, history or History())
    if policy is DEFAULT_POLICY:
        rung = _default_rung(_Same(facts.ladder), replace(facts, ladder=()))
    else:
        rung = choose_rung(facts, policy)
    suggestions: list[ChannelSuggestion] = []
    deadline = _clock(facts, rung, decided)
    for offset, channel in enumerate(facts.ladder[rung.index :]):
        hours = channel.deadline_hours
        due = shift(deadline, timedelta(hours=hours)) if hours is not None else None
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


def suggest_channels(
    meta: TreatyMeta,
    obligation: Obligation,
    *,
    confidence: float,
    bar: float,
    decided: datetime,
    repeats: int = 0,
    history: History | None = None,
    policy: Sequence[PolicyStep] = DEFAULT_POLICY,
) -> tuple[ChannelSuggestion, ...]:
    """Suggested channels for a breach of `obligation`, from the pack's ladder (see the steps).

    `repeats` counts earlier breaches when no fuller `history` (from the ledger) is given.
    """
    if history is None:
        history = History(repeats=repeats)
    return suggest_on_ladder(
        meta.channels,
        start=obligation.escalation_start,
        severity=obligation.severity,
        confidence=confidence,
        bar=bar,
        decided=decided,
        history=history,
        policy=policy,
    )
