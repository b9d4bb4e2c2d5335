"""The proportionality policy: small steps that pick the starting rung of a pack's channel ladder.

Each step takes the rung chosen so far and the facts of the finding, and returns a new rung and
the reason for it; the suggestion lists the ladder from that rung up, each with a deadline
(`verify.escalation.ladder`).
The last step, `within_proportion`, caps the rung at what severity, confidence and history
justify (`justified_rung`), so that no step (nor a custom policy) can over-escalate.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TypeVar

from verify.model.obligation import Severity
from verify.model.restraint import DEFAULT_RESTRAINT, Restraint
from verify.model.treaty import Channel, public_rung

T = TypeVar("T")


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
    """What the policy may weigh: the ladder, where the obligation starts, strength and history,
    whether the finding is a `potential_violation`, and the pack's restraint (`Restraint`)."""

    ladder: tuple[Channel, ...]
    start: str | None
    severity: Severity
    confidence: float
    bar: float
    history: History = field(default_factory=History)
    potential: bool = False
    restraint: Restraint = DEFAULT_RESTRAINT

    @property
    def below_bar(self) -> bool:
        """Whether the confidence is below the bar for a violation."""
        return self.confidence < self.bar

    @property
    def weak(self) -> bool:
        """Whether the evidence is weak: below the bar, or (if the pack says so) any potential
        violation, an estimate as much as low grades."""
        return self.below_bar or (self.restraint.weak == "potential" and self.potential)

    @property
    def violation(self) -> bool:
        """Whether the finding is a `violation` (not a potential one)."""
        return not self.potential and not self.below_bar

    def index(self, channel_id: str | None) -> int | None:
        """The rung of a channel on the ladder, if it is there."""
        return next((i for i, c in enumerate(self.ladder) if c.id == channel_id), None)

    @property
    def top(self) -> int:
        """The highest rung."""
        return len(self.ladder) - 1

    def public(self, index: int) -> bool:
        """Whether the rung makes the concern public, under the pack's policy."""
        return public_rung(self.restraint, self.ladder[index])


@dataclass(frozen=True)
class Move:
    """One step's decision: the step, what it saw, and the rung before (None: first placed)
    and after."""

    step: str
    saw: str
    before: int | None
    after: int


@dataclass(frozen=True)
class Rung:
    """A position on the ladder and the steps that put it there."""

    index: int
    reasons: tuple[Move, ...]

    def to(self, index: int, reason: str, step: str = "custom") -> Rung:
        """Move to another rung (or stay, to record what a step saw), giving the reason."""
        before = self.index if self.reasons else None
        return Rung(index, (*self.reasons, Move(step, reason, before, index)))


PolicyStep = Callable[[Rung, Facts], Rung]


def fact_finding_rung(facts: Facts, below: int) -> int:
    """Where weak evidence starts: the policy's `weak_start` if at or below `below`, else the
    first informal (track 1.5 or 2) rung at or below `below`, else the first rung."""
    chosen = facts.index(facts.restraint.weak_start)
    if chosen is not None and chosen <= below:
        return chosen
    informal = [i for i, c in enumerate(facts.ladder) if c.track != "1" and i <= below]
    return informal[0] if informal else 0


def start_from_obligation(rung: Rung, facts: Facts) -> Rung:
    """Start where the obligation says escalation starts, or at the first rung."""
    index = facts.index(facts.start)
    if index is None:
        return Rung(0, ()).to(
            0, "the obligation names no starting channel: first rung", "start_from_obligation"
        )
    name = facts.ladder[index].name
    return Rung(index, ()).to(
        index, f"the obligation starts escalation at {name}", "start_from_obligation"
    )


def fact_finding_when_weak(rung: Rung, facts: Facts) -> Rung:
    """Weak evidence starts at the first informal (track 1.5 or 2) channel below the rung."""
    if not facts.weak:
        return rung
    target = fact_finding_rung(facts, rung.index)
    if target >= rung.index:
        return rung
    if facts.below_bar:
        saw = f"confidence {facts.confidence:.2f} is below {facts.bar:.2f}: fact-finding first"
    else:
        saw = (
            f"a potential violation (confidence {facts.confidence:.2f}, resting on an estimate"
            " or weak grades): fact-finding first"
        )
    return rung.to(target, saw, "fact_finding_when_weak")


def urgency_by_severity(rung: Rung, facts: Facts) -> Rung:
    """Severity shortens the reply deadlines (the pack's `urgency`); the rung stays."""
    factor = facts.restraint.factor(facts.severity)
    if factor >= 1:
        return rung
    return rung.to(
        rung.index,
        f"{facts.severity} severity: reply deadlines at {factor:g} of the channel's",
        "urgency_by_severity",
    )


def _raises_critical(facts: Facts) -> bool:
    needed = facts.restraint.raise_critical_at
    return (
        facts.severity == "critical"
        and not facts.weak
        and (needed is None or facts.confidence >= needed)
    )


def higher_when_critical(rung: Rung, facts: Facts) -> Rung:
    """A critical breach with strong (or, if the pack says so, high-confidence) evidence may
    start one rung higher."""
    if rung.index >= facts.top or facts.severity != "critical" or facts.weak:
        return rung
    if not _raises_critical(facts):
        needed = facts.restraint.raise_critical_at or 0.0
        return rung.to(
            rung.index,
            f"critical severity, but confidence {facts.confidence:.2f} is below {needed:.2f}:"
            " no higher rung",
            "higher_when_critical",
        )
    return rung.to(rung.index + 1, "critical severity: one rung higher", "higher_when_critical")


def _lapsed(use: PastUse, facts: Facts) -> str:
    index = facts.index(use.channel_id)
    name = facts.ladder[index].name if index is not None else use.channel_id
    due = f" (due {_day(use.due)})" if use.due else ""
    return f"{name} raised on {_day(use.at)} for {use.finding_id} went unanswered{due}"


def higher_on_history(rung: Rung, facts: Facts) -> Rung:
    """A repeat breach, or an earlier finding's rung that lapsed unanswered, moves one rung up
    (each only where the pack's `moves_up` names it).

    Both together still move one rung: history justifies one step, not one per reason.
    """
    history = facts.history
    moves = facts.restraint.moves_up
    why: list[str] = []
    if history.repeats > 0 and "repeat" in moves:
        why.append(f"repeat breach ({history.repeats} before)")
    if history.unanswered and "unanswered" in moves:
        why.append(_lapsed(history.unanswered[-1], facts))
    if not why or rung.index >= facts.top:
        return rung
    return rung.to(rung.index + 1, "; ".join(why) + ": one rung up", "higher_on_history")


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
    return rung.to(target, reason, "follow_own_escalation")


def _lower_unanswered(facts: Facts, index: int) -> bool:
    """Whether a rung below `index` was used (for this finding or an earlier one of its
    subject) and went unanswered past its deadline."""
    history = facts.history
    uses = [*history.unanswered]
    if history.own is not None and history.own.unanswered:
        uses.append(history.own)
    rungs = (facts.index(use.channel_id) for use in uses)
    return any(rung is not None and rung < index for rung in rungs)


def public_missing(facts: Facts, index: int) -> tuple[str, ...]:
    """What the pack's policy requires of a public rung that this finding lacks (empty: none,
    or the rung is not public, or the finding was already raised through it)."""
    if not facts.public(index):
        return ()
    own = facts.history.own
    if own is not None and facts.index(own.channel_id) == index:
        return ()
    needs = facts.restraint.public_requires
    missing: list[str] = []
    if "violation" in needs and not facts.violation:
        missing.append("a violation, not a potential one")
    if "lower_unanswered" in needs and not _lower_unanswered(facts, index):
        missing.append("a lower rung unanswered past its deadline")
    return tuple(missing)


def _below_public(facts: Facts, index: int) -> int:
    while index > 0 and public_missing(facts, index):
        index -= 1
    return index


def public_only_when_earned(rung: Rung, facts: Facts) -> Rung:
    """A public rung only for what the pack's policy requires of one (`public_requires`)."""
    missing = public_missing(facts, rung.index)
    if not missing:
        return rung
    target = _below_public(facts, rung.index)
    name = facts.ladder[rung.index].name
    return rung.to(
        target,
        f"{name} is public and needs {' and '.join(missing)}: {facts.ladder[target].name} first",
        "public_only_when_earned",
    )


def justified_rung(facts: Facts) -> int:
    """The highest rung that the severity, the confidence, the history and the pack's policy
    justify."""
    index = facts.index(facts.start) or 0
    if facts.weak:
        index = fact_finding_rung(facts, index)
    elif _raises_critical(facts):
        index += 1
    history, moves = facts.history, facts.restraint.moves_up
    if (history.repeats > 0 and "repeat" in moves) or (
        history.unanswered and "unanswered" in moves
    ):
        index += 1
    own = history.own
    used = facts.index(own.channel_id) if own else None
    if own is not None and used is not None:
        index = max(index, used + 1 if own.unanswered else used)
    return _below_public(facts, max(0, min(index, facts.top)))


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
        "within_proportion",
    )


DEFAULT_POLICY: tuple[PolicyStep, ...] = (
    start_from_obligation,
    fact_finding_when_weak,
    urgency_by_severity,
    higher_when_critical,
    higher_on_history,
    follow_own_escalation,
    public_only_when_earned,
    within_proportion,
)


def choose_rung(facts: Facts, policy: Sequence[PolicyStep] = DEFAULT_POLICY) -> Rung:
    """Run the policy steps in order over the facts."""
    rung = Rung(0, ())
    for step in policy:
        rung = step(rung, facts)
    return rung
