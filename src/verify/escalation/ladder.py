"""The ladder a finding is suggested: the rung the policy chose (`verify.escalation.policy`) and
every rung above it, each due after the previous one's deadline.

A run asks once per finding over a handful of distinct facts, so each plan is made once and
remembered; a finding's suggestions copy the plan's rungs with their own deadlines.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

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


def _plan(
    ladder: Sequence[Channel],
    policy: Sequence[PolicyStep],
    start: str | None,
    severity: Severity,
    confidence: float,
    bar: float,
    history: History,
    potential: bool,
    restraint: Restraint,
) -> _Plan:
    """The chosen rung and the rungs from it up, remembered: a run asks once per finding, over
    a handful of distinct facts. The ladder (a pack's), the policy and the restraint are
    compared by identity (kept in the remembered value, so that an id is not reused while its
    plan is held), the rest by value: hashing and comparing a `Facts` of models per finding
    cost a third of suggesting its channels, comparing every channel's fields more than the
    policy itself."""
    key = (
        id(ladder),
        id(policy),
        id(restraint),
        start,
        severity,
        confidence,
        bar,
        potential,
        history,
    )
    known = _PLANS.get(key)
    if known is not None and known[0] is ladder and known[1] is policy and known[2] is restraint:
        return known[3]
    channels = tuple(ladder)
    facts = Facts(channels, start, severity, confidence, bar, history, potential, restraint)
    rung = choose_rung(facts, policy)
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
        rungs.append(_Rung.of(channel, reply_hours(channel, severity, restraint), steps))
    if len(_PLANS) >= _PLAN_LIMIT:
        _PLANS.clear()
    plan = _Plan(rung, tuple(rungs))
    _PLANS[key] = (ladder, policy, restraint, plan)
    return plan


class _Plan:
    """A planned suggestion: the chosen rung and the rungs from it up; and the suggestions it
    last dated, which the next finding with the same deadline shares (findings in finding
    order come in runs of one deadline: an activity's notices owed to each party, say, make
    ten channels for every distinct one)."""

    def __init__(self, rung: Rung, rungs: tuple[_Rung, ...]) -> None:
        self.rung = rung
        self.rungs = rungs
        self._last: tuple[datetime, tuple[ChannelSuggestion, ...]] | None = None

    def dated(self, deadline: datetime) -> tuple[ChannelSuggestion, ...]:
        """The rungs' suggestions, the first due after `deadline`, each later one after the
        previous one's deadline."""
        last = self._last
        # Equal deadlines in another zone are other texts: the zone is part of the match.
        if last is not None and last[0] == deadline and last[0].tzinfo is deadline.tzinfo:
            return last[1]
        suggestions: list[ChannelSuggestion] = []
        due = deadline
        for planned in self.rungs:
            suggestion = planned.due(due)
            suggestions.append(suggestion)
            if suggestion.deadline is not None:
                due = suggestion.deadline
        made = tuple(suggestions)
        self._last = (deadline, made)
        return made


#: The remembered plans (`_plan`), by the identities of ladder, policy and restraint and the
#: finding's facts; with the objects whose ids they are.
_PLANS: dict[
    tuple[object, ...],
    tuple[Sequence[Channel], Sequence[PolicyStep], Restraint, _Plan],
] = {}
_PLAN_LIMIT = 8192
_NO_HISTORY = History()


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
    history = _NO_HISTORY if history is None else history
    plan = _plan(ladder, policy, start, severity, confidence, bar, history, potential, restraint)
    deadline = decided
    if history.own is not None:
        facts = Facts(
            tuple(ladder), start, severity, confidence, bar, history, potential, restraint
        )
        deadline = _clock(facts, plan.rung, decided)
    return plan.dated(deadline)


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
