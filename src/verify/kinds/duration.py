"""Durations: a covered activity is completed within some hours of its start (Open Skies: an
observation flight completed within 96 hours of the observing Party's arrival at the point of
entry). Completed late, or not reported completed once the time is up, it is a breach; not
reported completed while time remains, it is pending.

Records: covered activities (`trigger`). An activity is its records sharing an activity key
(a record without one stands alone), as `activity_interval` says: it starts at the start of
its record with the earliest start (then time, then id), which stands for it, and it ends at
the earliest `end` any of its records reports (then time, then id).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from verify.kinds.base import Kind, Role, by_party
from verify.kinds.language import NUMBER, Draft, Phrases, StepError, number
from verify.kinds.wording import covered_step, day, when
from verify.model.breach import Breach, CitedRecord
from verify.model.calendar import After, due
from verify.model.finding import TrailStep, Window
from verify.model.obligation import Duration
from verify.predicates import scope_predicate

if TYPE_CHECKING:
    from verify.treaty.gherkin import Step

NAME = "duration"


@dataclass
class DurationPart:
    """How long a covered activity may last, in hours."""

    hours: float


phrases = Phrases(fits=frozenset({NAME}))


@phrases.phrase(
    "duration",
    "such a flight is completed within 96 hours of its start",
    rf"such an? [a-z]+ is completed within (?P<n>{NUMBER}) (?P<unit>hours?|days?) of its start",
)
def _duration(draft: Draft, found: re.Match[str], step: Step) -> None:
    draft.remember("duration", step)
    hours = number(found["n"]) * (24 if found["unit"].startswith("day") else 1)
    if hours <= 0:
        raise StepError("an activity needs some time to be completed in: give more than 0")
    draft.parts[NAME] = DurationPart(hours)
    draft.place(("hours",), step)


def _build(draft: Draft, common: dict[str, Any]) -> Duration:
    part: DurationPart = draft.parts[NAME]
    return Duration.model_validate({**common, "hours": part.hours})


def deadline_of(obligation: Duration) -> After:
    """When an activity must be completed, as the calendar counts it from its start."""
    return After(timedelta(hours=obligation.hours))


def due_moment(obligation: Duration, start: datetime) -> datetime:
    """When an activity starting at `start` must be completed by."""
    return due(deadline_of(obligation), start)


def roles(obligation: Duration) -> list[Role]:
    """Covered activities (each of an activity's records, the one that starts it and those
    that report its end)."""
    return [Role("trigger", scope_predicate(obligation.scope, obligation.exemptions))]


def longest_deadline(obligation: Duration) -> timedelta:
    """How long an activity may last."""
    return timedelta(hours=obligation.hours)


def hours(delta: timedelta) -> str:
    """A length of time in hours and minutes, as the Treaty counts it: `96 hours`,
    `96 hours 1 minute` (seconds where they are not zero)."""
    seconds = int(delta.total_seconds())
    whole, rest = divmod(seconds, 3600)
    minutes, left = divmod(rest, 60)
    parts = [f"{whole:,} hour{'' if whole == 1 else 's'}"]
    if minutes:
        parts.append(f"{minutes} minute{'' if minutes == 1 else 's'}")
    if left:
        parts.append(f"{left} second{'' if left == 1 else 's'}")
    return " ".join(parts)


def label(cited: CitedRecord) -> str:
    """An activity as findings name it: its kind and activity key, else its record's id."""
    activity = cited.text("activity")
    return f"{cited.kind} {activity}" if activity else f"{cited.kind} {cited.id}"


def breach(
    obligation: Duration, activity: CitedRecord, completion: CitedRecord | None, as_of: datetime
) -> Breach:
    """The breach of an activity (`activity` is its record that stands for it): completed
    after it was due (`completion` is the record reporting its end), or not reported completed
    at `as_of` (`completion` is None; pending while not yet due)."""
    start = activity.anchor
    due_at = due_moment(obligation, start)
    allowed = deadline_of(obligation).length  # not due_at - start: the calendar may end first
    noun = obligation.scope.activity_noun
    name = label(activity)
    required = f"completed within {hours(allowed)} of the start: by {when(due_at)}"
    cited = [activity.playing(f"the {noun} that was to be completed in time")]
    opening = f"{name} ({activity.id}) started {when(start)}"
    covered = covered_step(noun, opening, activity, obligation.scope.condition)
    pending = False
    if completion is None:
        pending = due_at > as_of
        step = TrailStep.made(
            step="completion searched",
            measured=f"no end of {name} reported in the feed up to {when(min(due_at, as_of))}",
            required=required,
            holds=False,
        )
        tense = "is to be" if pending else "was to be"
        summary = (
            f"{activity.party}'s {name}, started {when(start)}, is not reported completed;"
            f" it {tense} completed by {when(due_at)} ({obligation.article})."
        )
        window = Window.made(start=start, end=due_at)
    else:
        ended: datetime = completion.record["end"]
        if completion.id == activity.id:
            cited[0] = activity.playing(f"the {noun} completed late")
        else:
            cited.append(completion.playing(f"the report of the late end of the {noun}"))
        step = TrailStep.made(
            step="duration",
            measured=f"{name} ended {when(ended)} ({completion.id}),"
            f" {hours(ended - start)} after it started",
            required=required,
            holds=False,
        )
        summary = (
            f"{activity.party}'s {name} was completed {hours(ended - start)} after it started on"
            f" {day(start)}; it was to be completed within {hours(allowed)}"
            f" ({obligation.article})."
        )
        window = Window.made(start=start, end=ended)
    return Breach(
        obligation=obligation,
        party=activity.party,
        counterparty=activity.text("counterparty"),
        subject=(activity.id,),
        cited=tuple(cited),
        trail=(covered, step),
        summary=summary,
        window=window,
        at=due_at,
        due=due_at,
        pending=pending,
    )


KIND = Kind(
    name=NAME,
    model=Duration,
    title="duration",
    summary="an activity is completed within N hours (or days) of its start",
    phrases=phrases.items,
    states=lambda draft: draft.says(NAME),
    build=_build,
    roles=roles,
    deadline=longest_deadline,
    correlation=by_party,
)
