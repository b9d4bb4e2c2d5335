"""The ladder a finding is suggested: the rung the policy chose (`verify.escalation.policy`) and
every rung above it, each due after the previous one's deadline.

A run asks once per finding over a handful of distinct facts, so each plan is made once and
remembered; a finding's suggestions copy the plan's rungs with their own deadlines.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Generic, TypeVar

from verify.escalation.policy import (
    DEFAULT_POLICY,
    Facts,
    History,
    PolicyStep,
    Rung,
    choose_rung,
)
from verify.model.calendar import shift
from verify.model.finding import ChannelSuggestion, ReasonStep
from verify.model.obligation import Obligation, Severity
from verify.model.restraint import DEFAULT_RESTRAINT, Restraint
from verify.model.treaty import Channel, TreatyMeta

T = TypeVar("T")


class _Same(Generic[T]):
    """A key part that hashes and compares by identity, keeping its object alive meanwhile."""

    def __init__(self, value: T) -> None:
        self.value = value

    def __hash__(self) -> int:
        return id(self.value)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Same) and other.value is self.value


@dataclass(frozen=True)
class _Rung:
    """One rung of a planned suggestion: its channel, reply hours, steps and joined reason, and
    its suggestion with no deadline (the one given when the channel has none, else the values
    each finding's suggestion copies with its own deadline)."""

    channel: Channel
    hours: float | None
    steps: tuple[ReasonStep, ...]
    reason: str
    length: timedelta | None
    undated: ChannelSuggestion

    @classmethod
    def of(cls, channel: Channel, hours: float | None, steps: tuple[ReasonStep, ...]) -> _Rung:
        """The rung of `channel` with these reply hours and steps."""
        reason = "; ".join(step.saw for step in steps)
        undated = ChannelSuggestion(
            id=channel.id,
            name=channel.name,
            track=channel.track,
            basis=channel.basis,
            deadline=None,
            reason=reason,
            steps=steps,
        )
        length = timedelta(hours=hours) if hours is not None else None
        return cls(channel, hours, steps, reason, length, undated)

    def due(self, deadline: datetime) -> ChannelSuggestion:
        """The rung's suggestion when the previous deadline (or the decision) is `deadline`."""
        if self.length is None:
            return self.undated
        values = dict(self.undated.__dict__)
        values["deadline"] = shift(deadline, self.length)
        return ChannelSuggestion.trusted(values)


@lru_cache(maxsize=8192)
def _plan(
    ladder: _Same[Sequence[Channel]], policy: _Same[Sequence[PolicyStep]], facts: Facts
) -> tuple[Rung, tuple[_Rung, ...]]:
    """The chosen rung and the rungs from it up, remembered: a run asks once per finding, over
    a handful of distinct facts (`facts` here without its ladder). The ladder (a pack's) and
    the policy are compared by identity, the rest by value: comparing every channel's fields
    cost more than the policy itself."""
    channels = tuple(ladder.value)
    rung = choose_rung(replace(facts, ladder=channels), policy.value)
    first = _steps(rung, channels)
    rungs = []
    for offset, channel in enumerate(channels[rung.index :]):
        if offset == 0:
            steps = first
        else:
            previous = channels[rung.index + offset - 1].id
            steps = (
                ReasonStep(step="next_rung", saw=NEXT_RUNG, before=previous, after=channel.id),
            )
        rungs.append(
            _Rung.of(channel, reply_hours(channel, facts.severity, facts.restraint), steps)
        )
    return rung, tuple(rungs)


def _clock(facts: Facts, rung: Rung, decided: datetime) -> datetime:
    """When the chosen rung's clock starts: the decision, or this finding's own escalation."""
    own = facts.history.own
    if own is None or facts.index(own.channel_id) is None:
        return decided
    if facts.index(own.channel_id) == rung.index:
        return own.at
    return own.due if own.unanswered and own.due else max(own.at, decided)


def reply_hours(channel: Channel, severity: Severity, restraint: Restraint) -> float | None:
    """The hours a channel gives for an answer to a finding of this severity (the pack's
    `urgency` shortens it), if the channel has a deadline."""
    hours = channel.deadline_hours
    return None if hours is None else hours * restraint.factor(severity)


def _steps(rung: Rung, ladder: tuple[Channel, ...]) -> tuple[ReasonStep, ...]:
    return tuple(
        ReasonStep(
            step=move.step,
            saw=move.saw,
            before=ladder[move.before].id if move.before is not None else None,
            after=ladder[move.after].id,
        )
        for move in rung.reasons
    )


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
    potential: bool = False,
    restraint: Restraint = DEFAULT_RESTRAINT,
) -> tuple[ChannelSuggestion, ...]:
    """The ladder from the chosen rung up, each rung due after the previous one's deadline.

    The first rung carries the policy's steps; each later one a step saying it follows when
    the previous rung gives no answer.
    """
    if not ladder:
        return ()
    if history is None:  # a run's finding: the plan by a key that is cheap to hash
        key = (id(ladder), id(policy), id(restraint), start, severity, confidence, bar, potential)
        known = _RUN_PLANS.get(key)
        if known is None or not _same_context(known, ladder, policy, restraint):
            facts = Facts((), start, severity, confidence, bar, _NO_HISTORY, potential, restraint)
            if len(_RUN_PLANS) >= _RUN_PLAN_LIMIT:
                _RUN_PLANS.clear()
            plan = _plan(_Same(ladder), _Same(policy), facts)
            known = _RUN_PLANS[key] = (ladder, policy, restraint, plan)
        return _dated(known[3][1], decided)
    facts = Facts((), start, severity, confidence, bar, history, potential, restraint)
    rung, rungs = _plan(_Same(ladder), _Same(policy), facts)
    own = history.own
    deadline = (
        decided if own is None else _clock(replace(facts, ladder=tuple(ladder)), rung, decided)
    )
    return _dated(rungs, deadline)


#: The plans of runs' findings (no ledger history), by the identities of their ladder, policy
#: and restraint (kept in the value, so that an id is not reused while its plan is held) and
#: the finding's facts: `_plan`'s key hashes and compares a dataclass of models per finding, a
#: third of the cost of suggesting its channels.
_RUN_PLANS: dict[
    tuple[int, int, int, str | None, str, float, float, bool],
    tuple[Sequence[Channel], Sequence[PolicyStep], Restraint, tuple[Rung, tuple[_Rung, ...]]],
] = {}
_RUN_PLAN_LIMIT = 8192
_NO_HISTORY = History()


def _same_context(
    known: tuple[Sequence[Channel], Sequence[PolicyStep], Restraint, object],
    ladder: Sequence[Channel],
    policy: Sequence[PolicyStep],
    restraint: Restraint,
) -> bool:
    """Whether a remembered plan was made for these very objects (not others at their ids)."""
    return known[0] is ladder and known[1] is policy and known[2] is restraint


def _dated(rungs: tuple[_Rung, ...], deadline: datetime) -> tuple[ChannelSuggestion, ...]:
    """The planned rungs' suggestions, the first due after `deadline`, each later one after the
    previous one's deadline."""
    suggestions: list[ChannelSuggestion] = []
    for planned in rungs:
        suggestion = planned.due(deadline)
        suggestions.append(suggestion)
        if suggestion.deadline is not None:
            deadline = suggestion.deadline
    return tuple(suggestions)


#: What a rung above the first waits for.
NEXT_RUNG = "if the previous rung gives no answer"


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
    potential: bool = False,
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
        potential=potential,
        restraint=meta.escalation,
    )
