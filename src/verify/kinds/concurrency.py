"""At most K at the same time: no more than K covered activities of one party (Vienna Document
2011: three large activities at once), or over one addressed party (Open Skies: one observation
flight at a time over an observed Party), under way at the same moment.

Records: covered activities (`trigger`), grouped into activities as durations group them
(`kinds/duration.py`): an activity runs from its start for as long as no end is reported, up
to (not including) the earliest end reported; an activity whose end is not after its start
takes no time and overlaps nothing. Activities are taken in order of start, then id; an
activity is over the limit when, at its start, it and the activities before it still under
way number more than K. The finding cites it and those under way with it (the latest
`CITED_OTHERS` of them), and its window is their overlap: from its start to the earliest of
their ends, or to the time of the check while none of them is reported ended.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal

from verify.kinds.base import Correlation, Kind, Role, no_deadline
from verify.kinds.duration import label
from verify.kinds.language import Draft, Phrases, StepError
from verify.kinds.wording import a, covered_step, when
from verify.model.breach import Breach, CitedRecord
from verify.model.finding import TrailStep, Window
from verify.model.obligation import Concurrency
from verify.predicates import AllOf, Present, scope_predicate

if TYPE_CHECKING:
    from verify.treaty.gherkin import Step

NAME = "concurrency"
#: How many of the activities under way with the one over the limit a finding cites.
CITED_OTHERS = 10


@dataclass
class ConcurrencyPart:
    """How many at once, and whose: each party's own, or over each addressed party."""

    limit: int
    per: Literal["party", "counterparty"]


phrases = Phrases(fits=frozenset({NAME}))


@phrases.phrase(
    "concurrency",
    "at most 3 such activities of each party at the same time",
    r"at most (?P<n>\d+) such (?:activities|activity|records?|tests?|flights?|requests?)"
    r" (?P<per>of each party|over each addressed party) at the same time",
)
def _concurrency(draft: Draft, found: re.Match[str], step: Step) -> None:
    draft.remember("concurrency", step)
    if int(found["n"]) < 1:
        raise StepError("an activity is always under way with itself: give at most 1 or more")
    per: Literal["party", "counterparty"] = (
        "party" if found["per"] == "of each party" else ("counterparty")
    )
    draft.parts[NAME] = ConcurrencyPart(int(found["n"]), per)
    draft.place(("limit",), step)


def _build(draft: Draft, common: dict[str, Any]) -> Concurrency:
    part: ConcurrencyPart = draft.parts[NAME]
    return Concurrency.model_validate({**common, "limit": part.limit, "per": part.per})


def plural(noun: str) -> str:
    """A noun's plural as the rules write them: activity, activities; flight, flights."""
    return noun[:-1] + "ies" if noun.endswith("y") else noun + "s"


def roles(obligation: Concurrency) -> list[Role]:
    """Covered activities; over each addressed party, only those that name one."""
    scope = scope_predicate(obligation.scope, obligation.exemptions)
    if obligation.per == "counterparty":
        return [Role("trigger", AllOf((scope, Present("counterparty"))))]
    return [Role("trigger", scope)]


def group_of(obligation: Concurrency, cited: CitedRecord) -> str:
    """Whose activities are counted together: the party's, or those over the addressed party."""
    return str(cited.text(obligation.per))


def cited_others(under_way: int) -> range:
    """Which of the activities under way before the one over the limit (positions in their
    order) a finding cites: the latest `CITED_OTHERS`."""
    return range(max(0, under_way - CITED_OTHERS), under_way)


def breach(
    obligation: Concurrency,
    over: CitedRecord,
    others: tuple[CitedRecord, ...],
    count: int,
    overlap_end: datetime,
    ended: bool,
    unended: int,
) -> Breach:
    """The activity `over` started while `count - 1` others were under way (`others`, those
    cited); their overlap lasted to `overlap_end`, an end reported (`ended`) or the check.
    Of those others, `unended` had no end reported by the end of the overlap, and are only
    taken to be under way: the breach then rests on weak evidence."""
    noun = obligation.scope.activity_noun
    noun_plural = plural(noun)
    start = over.anchor
    whose = (
        f"over {over.text('counterparty')}" if obligation.per == "counterparty" else "of its own"
    )
    group = (
        f"over {over.text('counterparty')}"
        if obligation.per == "counterparty"
        else f"of {over.party}"
    )
    until = f"to {when(overlap_end)}" if ended else f"still under way at {when(overlap_end)}"
    return Breach(
        obligation=obligation,
        party=over.party,
        counterparty=over.text("counterparty"),
        subject=(over.id,),
        cited=(
            over.playing(f"the {noun} over the limit"),
            *(o.playing(f"{a(noun)} under way at the same time") for o in others),
        ),
        trail=(
            covered_step(
                noun,
                f"{label(over)} ({over.id}) started {when(start)}",
                over,
                obligation.scope.condition,
            ),
            TrailStep.made(
                step="at the same time",
                measured=f"{count} {group} under way at {when(start)}"
                + (": " + ", ".join(o.id for o in others) + f" and {over.id}" if others else ""),
                required=f"at most {obligation.limit} at the same time",
                holds=False,
            ),
            TrailStep.made(
                step="overlap",
                measured=f"from {when(start)} {until}",
                required=f"no more than {obligation.limit} at any moment",
                holds=False,
            ),
        ),
        summary=(
            f"{over.party}'s {label(over)} started {when(start)} while {count - 1} other such"
            f" {noun if count == 2 else noun_plural} {whose} {'was' if count == 2 else 'were'}"
            f" under way: {count} at the same time, where at most {obligation.limit}"
            f" {'is' if obligation.limit == 1 else 'are'} allowed ({obligation.article})."
        ),
        window=Window.made(start=start, end=overlap_end),
        at=start,
        weak=None
        if not unended
        else f"{unended} of the other {noun_plural} had no end reported by {when(overlap_end)}"
        " and are taken to be under way: they may have ended before",
    )


def correlation(obligation: Concurrency, group_of: Mapping[str, str]) -> Correlation:
    """Of each party: the party's own activities. Over each addressed party: the activities of
    every actor over it, so one actor's finding rests on others' records (the whole feed)."""
    return "party" if obligation.per == "party" else "feed"


KIND = Kind(
    name=NAME,
    model=Concurrency,
    title="at most K at the same time",
    summary="at most K covered activities of each party, or over each addressed party,"
    " under way at the same moment",
    phrases=phrases.items,
    states=lambda draft: draft.says(NAME),
    build=_build,
    roles=roles,
    deadline=no_deadline,
    correlation=correlation,
)
