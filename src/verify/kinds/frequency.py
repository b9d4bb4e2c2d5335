"""Frequency limits: at most K triggering activities per party within a window of calendar
years ending with the activity's own year.

Records: covered activities (`trigger`); records sharing an activity key count once, by
their earliest start (then id). Each activity is counted among its party's activities that
start in its window up to it, by start and then id.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from verify.kinds import periods
from verify.kinds.base import Kind, Role, by_party, no_deadline
from verify.kinds.language import Draft, Phrases
from verify.kinds.wording import are, covered_step, day, ordinal, when
from verify.model.breach import Breach, CitedRecord
from verify.model.calendar import CalendarYears, Rolling, Trailing
from verify.model.calendar import Window as CountWindow
from verify.model.finding import TrailStep, Window
from verify.model.obligation import CountPeriod, Frequency
from verify.predicates import scope_predicate

if TYPE_CHECKING:
    from verify.treaty.gherkin import Step

NAME = "frequency"
#: How many earlier activities a frequency finding cites besides the one over the limit.
CITED_EARLIER = 10


@dataclass
class FrequencyPart:
    """How many activities, within how many calendar years (or which other period)."""

    limit: int
    years: int
    period: CountPeriod | None = None


phrases = Phrases(fits=frozenset({NAME}))


@phrases.phrase(
    "frequency",
    "at most 6 such activities per party per calendar year",
    r"at most (?P<n>\d+) such (?:activities|activity|records?|tests?|flights?|requests?) per party"
    rf" {periods.PER_PERIOD}",
)
def _frequency(draft: Draft, found: re.Match[str], step: Step) -> None:
    draft.remember("frequency", step)
    years, period = periods.counted_period(found)
    draft.parts[NAME] = FrequencyPart(int(found["n"]), years, period)


def _build(draft: Draft, common: dict[str, Any]) -> Frequency:
    part: FrequencyPart = draft.parts[NAME]
    return Frequency.model_validate(
        {**common, "limit": part.limit, "years": part.years, "period": part.period}
    )


def window(obligation: Frequency) -> CountWindow:
    """The window an activity is counted in: the calendar (or treaty) years ending with its
    own, or the rolling window ending at its start."""
    counted = periods.partition(obligation.period)
    if isinstance(counted, Rolling):
        return counted
    if obligation.period is None:
        return Trailing(CalendarYears(1), obligation.years)
    return Trailing(counted, 1)


def describe_window(obligation: Frequency) -> str:
    """`per calendar year`, `within 3 calendar years`, `within any 30 days`."""
    counted = window(obligation)
    if isinstance(counted, Rolling):
        return f"within any {counted.length.days} days"
    return counted.describe()


def roles(obligation: Frequency) -> list[Role]:
    """Covered activities."""
    return [Role("trigger", scope_predicate(obligation.scope, obligation.exemptions))]


def earlier_cited(position: int, count: int) -> range:
    """Which earlier activities (positions in the party's order) a finding cites: the last
    `CITED_EARLIER` of the window before the one at `position`, the count-th in it."""
    return range(max(position - count + 1, position - CITED_EARLIER), position)


def breach(
    obligation: Frequency,
    over: CitedRecord,
    earlier: tuple[CitedRecord, ...],
    count: int,
    since: datetime,
) -> Breach:
    """The `count`-th activity of its party in the window beginning `since`, over the limit."""
    noun = obligation.scope.activity_noun
    anchor = over.anchor
    period = describe_window(obligation)
    return Breach(
        obligation=obligation,
        party=over.party,
        subject=(over.id,),
        cited=(
            over.playing(f"the {noun} over the limit"),
            *(e.playing(f"an earlier {noun} counted in the period") for e in earlier),
        ),
        trail=(
            covered_step(
                noun,
                f"{over.kind} {over.id} starting {when(anchor)}",
                over,
                obligation.scope.condition,
            ),
            TrailStep.made(
                step="count in the period",
                measured=f"{count} by {over.party} from {day(since)} to {day(anchor)}",
                required=f"at most {obligation.limit} {period}",
                holds=False,
            ),
        ),
        summary=(
            f"{over.party}'s {over.kind} {over.id} of {day(anchor)} is its"
            f" {ordinal(count)} such {noun} {period};"
            f" at most {are(obligation.limit)} allowed ({obligation.article})."
        ),
        window=Window.made(start=since, end=anchor),
        at=anchor,
    )


KIND = Kind(
    name=NAME,
    model=Frequency,
    title="frequency limit",
    summary="at most K triggering activities per party per calendar year, per N calendar years,"
    " per treaty year beginning on a date, or within any N days",
    phrases=phrases.items,
    states=lambda draft: draft.says(NAME),
    build=_build,
    roles=roles,
    deadline=no_deadline,
    correlation=by_party,
)
