"""Prior notice: a correlated record (notification, invitation, calendar) due before an
activity starts; missing or late, it is a breach.

Records: each covered activity (`trigger`), stood for by its record with the earliest start
(then time, then id), and for each notice kind the earliest notice of the same party and
activity (`counterpart:<kind>`). A rule may let a notice stand for the activity it announces
(`announced_by`): a notice with an activity key and a `start` is then a `trigger` too, covered
by its own start and figures, so a late one is a breach as soon as it is sent. A notice may be
owed to each other party bound at its due moment (`to_each_party`): one addressed to a party
(`counterparty`) or to all (none) answers for it, and each party left out is a breach towards it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from verify.kinds import notice_contents
from verify.kinds.base import Incomplete, Kind, Role, by_party
from verify.kinds.language import (
    CLOCK_LENGTH,
    MONTHS,
    NUMBER,
    Draft,
    Phrases,
    hours_of,
    month_day,
    number,
)
from verify.kinds.wording import (
    a,
    clock,
    count,
    covered_step,
    day,
    relative,
    span,
    when,
)
from verify.memo import ByIdentity
from verify.model.breach import Breach, CitedRecord
from verify.model.calendar import (
    EARLIEST,
    LATEST,
    Before,
    DayOfYearBefore,
    Deadline,
    due,
    longest_wait,
)
from verify.model.finding import TrailStep, Window
from verify.model.obligation import (
    AnnualDate,
    DaysBeforeStart,
    HoursBeforeStart,
    NoticeRequirement,
    PriorNotice,
)
from verify.model.treaty import TreatyMeta
from verify.predicates import AllOf, AnyOf, KindIs, Predicate, Present, scope_predicate

if TYPE_CHECKING:
    from verify.treaty.gherkin import Step

NAME = "prior_notice"


@dataclass
class Notices:
    """The notices a rule has asked for so far."""

    requirements: list[NoticeRequirement] = field(default_factory=list)
    announced_by: list[str] = field(default_factory=list)


phrases = Phrases(fits=frozenset({NAME}))


def _require(draft: Draft, step: Step, requirement: NoticeRequirement) -> None:
    notices = draft.part(NAME, Notices)
    draft.place(("requirements", len(notices.requirements)), step)
    notices.requirements.append(requirement)


@phrases.phrase(
    "notice-days",
    'a "notification" for the same activity is due 42 days before it starts',
    rf"an? \"(?P<kind>[^\"]+)\" for the same activity is due (?P<days>{NUMBER}) days? before"
    r" it starts",
)
def _notice_days(draft: Draft, found: re.Match[str], step: Step) -> None:
    due_rule = DaysBeforeStart(days=number(found["days"]))
    _require(draft, step, NoticeRequirement(counterpart_kind=found["kind"], due=due_rule))


@phrases.phrase(
    "notice-hours",
    'a "notification" for the same activity is due 24 hours before it starts',
    rf"an? \"(?P<kind>[^\"]+)\" for the same activity is due (?:no less than )?{CLOCK_LENGTH}"
    r" before (?:it starts|the estimated time of arrival)",
)
def _notice_hours(draft: Draft, found: re.Match[str], step: Step) -> None:
    due_rule = HoursBeforeStart(hours=hours_of(found))
    _require(draft, step, NoticeRequirement(counterpart_kind=found["kind"], due=due_rule))


@phrases.phrase(
    "notice-days-each",
    'an "invitation" to every other party for the same activity is due 42 days before it starts',
    rf"an? \"(?P<kind>[^\"]+)\" to every other party for the same activity is due"
    rf" (?P<days>{NUMBER}) days? before it starts",
)
def _notice_days_each(draft: Draft, found: re.Match[str], step: Step) -> None:
    due_rule = DaysBeforeStart(days=number(found["days"]))
    requirement = NoticeRequirement(
        counterpart_kind=found["kind"], due=due_rule, to_each_party=True
    )
    _require(draft, step, requirement)


@phrases.phrase(
    "notice-at-start",
    'a "notification" for the same activity is due no later than when it starts',
    r"an? \"(?P<kind>[^\"]+)\" for the same activity is due no later than when it starts",
)
def _notice_at_start(draft: Draft, found: re.Match[str], step: Step) -> None:
    due_rule = DaysBeforeStart(days=0)
    _require(draft, step, NoticeRequirement(counterpart_kind=found["kind"], due=due_rule))


@phrases.phrase(
    "notice-annual",
    'a "calendar" for the same activity is due by 15 November of the year before it starts',
    rf"an? \"(?P<kind>[^\"]+)\" for the same activity is due by (?P<day>\d{{1,2}})"
    rf" (?P<month>{'|'.join(MONTHS)}) of the year before it starts",
)
def _notice_annual(draft: Draft, found: re.Match[str], step: Step) -> None:
    month, day_of_month = month_day(found["day"], found["month"])
    due_rule = AnnualDate(month=month, day=day_of_month)
    _require(draft, step, NoticeRequirement(counterpart_kind=found["kind"], due=due_rule))


@phrases.phrase(
    "notice-announces",
    'a "notification" with a start stands for the activity it announces',
    r"an? \"(?P<kind>[^\"]+)\" with a start stands for the activity it announces",
)
def _notice_announces(draft: Draft, found: re.Match[str], step: Step) -> None:
    notices = draft.part(NAME, Notices)
    draft.place(("announced_by", len(notices.announced_by)), step)
    notices.announced_by.append(found["kind"])


def _build(draft: Draft, common: dict[str, Any]) -> PriorNotice:
    notices = draft.part(NAME, Notices)
    if notices.announced_by and not notices.requirements:
        raise Incomplete("a notice that stands for its activity needs a notice that is due")
    requirements = notice_contents.with_contents(draft, notices.requirements)
    return PriorNotice.model_validate(
        {
            **common,
            "requirements": requirements,
            "announced_by": tuple(dict.fromkeys(notices.announced_by)),
        }
    )


def deadline_of(requirement: NoticeRequirement) -> Deadline:
    """When a notice is due, as the calendar counts it from the activity's start."""
    rule = requirement.due
    if isinstance(rule, DaysBeforeStart):
        return Before(timedelta(days=rule.days))
    if isinstance(rule, HoursBeforeStart):
        return Before(timedelta(hours=rule.hours))
    return DayOfYearBefore(rule.month, rule.day)


def due_moment(requirement: NoticeRequirement, anchor: datetime) -> datetime:
    """When a notice is due for an activity starting at `anchor`."""
    return due(deadline_of(requirement), anchor)


def trigger_predicate(obligation: PriorNotice) -> Predicate:
    """Covered activities: records in scope, and (with `announced_by`) notices with an activity
    key and a start, judged by the same parties, flags, condition and exemptions."""
    covered = scope_predicate(obligation.scope, obligation.exemptions)
    if not obligation.announced_by:
        return covered
    scope = obligation.scope.model_copy(update={"kinds": obligation.announced_by})
    announced = scope_predicate(scope, obligation.exemptions)
    return AnyOf((covered, AllOf((announced, Present("activity"), Present("start")))))


def roles(obligation: PriorNotice) -> list[Role]:
    """Covered activities, and the records of each notice kind that carry an activity key."""
    kinds = dict.fromkeys(r.counterpart_kind for r in obligation.requirements)
    return [Role("trigger", trigger_predicate(obligation))] + [
        Role(f"counterpart:{kind}", AllOf((KindIs((kind,)), Present("activity")))) for kind in kinds
    ]


def longest_deadline(obligation: PriorNotice) -> timedelta:
    """The longest lead time asked for; a day of the year before reaches to the end of the
    next year."""
    waits = [longest_wait(deadline_of(r)) for r in obligation.requirements]
    return max(waits, default=timedelta(0))


def party_bounds(meta: TreatyMeta) -> tuple[tuple[str, datetime, datetime], ...]:
    """Each party of a pack with the first and the end of its membership (midnight UTC; the
    calendar's ends where it has none): whom a notice to every other party is owed. Worked out
    once per pack (the stream engine asks at every activity it judges)."""
    known = _BOUNDS.get(meta)
    if known is not None:
        return known

    def midnight(day: date | None, default: datetime) -> datetime:
        return default if day is None else datetime.combine(day, time(), tzinfo=UTC)

    bounds = tuple(
        (p.code, midnight(p.joined, EARLIEST), midnight(p.withdrawn, LATEST)) for p in meta.parties
    )
    return _BOUNDS.keep(meta, bounds)


#: `party_bounds` of each pack's metadata, by identity.
_BOUNDS: ByIdentity[TreatyMeta, tuple[tuple[str, datetime, datetime], ...]] = ByIdentity(64)


def owed_parties(meta: TreatyMeta, actor: str, due_at: datetime) -> tuple[str, ...]:
    """The parties other than `actor` bound at `due_at`, to each of which a notice is owed."""
    return tuple(
        code
        for code, since, until in party_bounds(meta)
        if code != actor and since <= due_at < until
    )


def required_text(requirement: NoticeRequirement, due_at: datetime) -> str:
    """What the requirement asks, with its due moment."""
    rule = requirement.due
    if isinstance(rule, DaysBeforeStart):
        if rule.days == 0:
            return f"no later than the start: by {when(due_at)}"
        return f"{count(rule.days, 'day')} before the start: by {when(due_at)}"
    if isinstance(rule, HoursBeforeStart):
        return f"{clock(rule.hours)} before the start: by {when(due_at)}"
    return f"in the calendar exchanged by {day(due_at)}"


def due_text(requirement: NoticeRequirement, due_at: datetime) -> str:
    """The due moment as a summary gives it: to the minute when the deadline is not a whole
    number of days (24 hours, 2.5 days), otherwise its day."""
    rule = requirement.due
    if isinstance(rule, HoursBeforeStart) or (
        isinstance(rule, DaysBeforeStart) and not float(rule.days).is_integer()
    ):
        return when(due_at)
    return day(due_at)


def lead_text(requirement: NoticeRequirement, lead: timedelta) -> str:
    """How long before (or, for a negative lead, after) the start a notice came, as a length:
    in hours and minutes where the deadline is in hours (23 hours 59 minutes, never a rounded
    24.0 hours), otherwise as `span` words it. `relative` says before or after."""
    if isinstance(requirement.due, HoursBeforeStart):
        return clock(abs(lead.total_seconds()) / 3600)
    return span(abs(lead))


@dataclass(frozen=True)
class _Owed:
    """What one requirement owes for one activity, whoever it is owed to: its start and due
    moment, its words, the trail step that covers it and its record as cited."""

    anchor: datetime
    due_at: datetime
    noun: str
    activity: str | None
    announced: bool
    label: str
    required: str
    notifiable: TrailStep
    cited: CitedRecord


def _owed_for(obligation: PriorNotice, number: int, trigger: CitedRecord) -> _Owed:
    """`_Owed` of requirement `number` for `trigger`'s activity; the same object for the next
    breach of the same requirement and record, as an activity owed to each of fifty parties
    gives fifty breaches in a row (the breach for each party words only its own part)."""
    last = _LAST_OWED[0]
    if last is not None and last[0] is obligation and last[1] == number and last[2] is trigger:
        return last[3]
    requirement = obligation.requirements[number]
    anchor = trigger.anchor
    due_at = due_moment(requirement, anchor)
    noun = obligation.scope.activity_noun
    activity = trigger.text("activity")
    announced = trigger.kind in obligation.announced_by
    label = f"{trigger.kind} {activity}" if activity else f"{trigger.kind} {trigger.id}"
    starting = f"{label} ({trigger.id}) starts {when(anchor)}"
    if announced:
        label = f"{noun} {activity}"
        starting = f"{trigger.kind} {trigger.id} announces {label} to start {when(anchor)}"
    owed = _Owed(
        anchor=anchor,
        due_at=due_at,
        noun=noun,
        activity=activity,
        announced=announced,
        label=label,
        required=required_text(requirement, due_at),
        notifiable=covered_step(noun, starting, trigger, obligation.scope.condition),
        cited=trigger.playing(f"the {noun} that required {a(requirement.counterpart_kind)}"),
    )
    _LAST_OWED[0] = (obligation, number, trigger, owed)
    return owed


#: The last `_Owed` made, with the obligation, requirement number and record it is for.
_LAST_OWED: list[tuple[PriorNotice, int, CitedRecord, _Owed] | None] = [None]


@dataclass(frozen=True)
class _Case:
    """What the breach of one requirement for one activity says whoever it is towards: its
    records as cited, window, whether it is pending, and the words every party's breach
    shares (for a missing notice: when the search ran to; for a late one: when it was sent,
    how long before or after the start)."""

    owed: _Owed
    cited: tuple[CitedRecord, ...]
    window: Window
    pending: bool
    start_day: str
    due: str
    starts: str = ""
    searched_until: str = ""
    sent: str = ""
    told: str = ""
    lead: str = ""


def _case_for(
    obligation: PriorNotice,
    number: int,
    trigger: CitedRecord,
    notice: CitedRecord | None,
    as_of: datetime,
    observed: CitedRecord | None,
) -> _Case:
    """`_Case` of requirement `number` for `trigger`'s activity; the same object for the next
    breach of the same records, as an activity whose notice is owed to each of fifty parties
    gives fifty breaches in a row that differ only in the party they are towards."""
    last = _LAST_CASE[0]
    if (
        last is not None
        and last[0] is obligation
        and last[1] == number
        and last[2] is trigger  # the very records: an unequal pair compares whole records
        and last[3] is notice
        and last[5] is observed
        and last[4] == as_of
    ):
        return last[6]
    requirement = obligation.requirements[number]
    kind = requirement.counterpart_kind
    owed = _owed_for(obligation, number, trigger)
    anchor, due_at, noun, announced = owed.anchor, owed.due_at, owed.noun, owed.announced
    also: tuple[CitedRecord, ...] = ()  # the observation beside a notice that stands for it
    if observed is not None and announced:
        also = (replace(observed, decisive=False).playing(f"the {noun} observed"),)
    if notice is None:
        case = _Case(
            owed=owed,
            cited=(owed.cited, *also),
            window=Window.made(start=min(due_at, anchor), end=max(due_at, anchor)),
            pending=due_at > as_of,
            start_day=day(anchor),
            due=f"{due_text(requirement, due_at)} ({obligation.article})",
            starts="starts" if anchor > as_of else "started",
            searched_until=when(min(due_at, as_of)),
        )
    else:
        # A notice that announces the activity itself is cited once, as the late notice.
        itself = notice.id == trigger.id
        role = f"the late {kind}, which announces the {noun}" if itself else f"the late {kind}"
        activity: tuple[CitedRecord, ...] = () if itself else (owed.cited,)
        sent = notice.time
        lead = anchor - sent
        length = lead_text(requirement, lead)
        started = "the start it announces," if announced else "it started on"
        if not lead and not announced:
            started = "the start on"
        case = _Case(
            owed=owed,
            cited=(*activity, notice.playing(role), *also),
            window=Window.made(start=min(due_at, sent), end=max(sent, anchor)),
            pending=False,
            start_day=day(anchor),
            due=due_text(requirement, due_at),
            sent=when(sent),
            told=relative(lead, "the start", lead=length),
            lead=relative(lead, started, lead=length),
        )
    _LAST_CASE[0] = (obligation, number, trigger, notice, as_of, observed, case)
    return case


#: The last `_Case` made, with the obligation, requirement number, records and moment it is for.
_LAST_CASE: list[
    tuple[
        PriorNotice,
        int,
        CitedRecord,
        CitedRecord | None,
        datetime,
        CitedRecord | None,
        _Case,
    ]
    | None
] = [None]


def breach(
    obligation: PriorNotice,
    number: int,
    trigger: CitedRecord,
    notice: CitedRecord | None,
    as_of: datetime,
    counterparty: str | None = None,
    observed: CitedRecord | None = None,
) -> Breach:
    """The breach of requirement `number` for the activity `trigger` stands for: its notice
    missing at `as_of` (pending while not yet due), or late; towards `counterparty` where the
    notice is owed to each party. `observed`: where a notice stands for the activity it
    announces, the earliest observation of that activity, cited beside it (not decisive: the
    notice alone makes the breach)."""
    kind = obligation.requirements[number].counterpart_kind
    towards = f" to {counterparty}" if counterparty is not None else ""
    case = _case_for(obligation, number, trigger, notice, as_of, observed)
    owed = case.owed
    party = trigger.party
    if notice is None:
        searched = (
            f"no {kind}{towards} by {party} for activity {owed.activity!r}"
            if owed.activity
            else f"no {kind} can be matched: the record has no activity key"
        )
        step = TrailStep.made(
            step=f"{kind} searched",
            measured=f"{searched} in the feed up to {case.searched_until}",
            required=owed.required,
            holds=False,
        )
        summary = (
            f"{party}'s {kind}{towards} for {owed.label}, which {case.starts} {case.start_day},"
            f" is due by {case.due}; the feed holds none yet."
            if case.pending
            else f"{party} gave no {kind}{towards} for {owed.label}, which {case.starts}"
            f" {case.start_day}; one was due by {case.due}."
        )
    else:
        step = TrailStep.made(
            step=f"{kind} lead time",
            measured=f"{kind}{towards} {notice.id} sent {case.sent}, {case.told}",
            required=owed.required,
            holds=False,
        )
        summary = (
            f"{party} sent its {kind}{towards} for {owed.label} {case.lead} {case.start_day};"
            f" it was due by {case.due} ({obligation.article})."
        )
    return Breach(
        obligation=obligation,
        party=party,
        subject=(trigger.id, f"#{number}", *((counterparty,) if counterparty else ())),
        counterparty=counterparty,
        cited=case.cited,
        trail=(owed.notifiable, step),
        summary=summary,
        window=case.window,
        at=owed.due_at,
        due=owed.due_at,
        pending=case.pending,
    )


def incomplete(
    obligation: PriorNotice, number: int, trigger: CitedRecord, notice: CitedRecord
) -> Breach | None:
    """The breach of requirement `number` by the notice for `trigger`'s activity when it lacks
    a field the requirement asks for (`kinds/notice_contents.py`); None when it gives them all."""
    requirement = obligation.requirements[number]
    if not notice_contents.missing_fields(requirement, notice):
        return None
    due_at = due_moment(requirement, trigger.anchor)
    return notice_contents.incomplete(obligation, number, trigger, notice, due_at)


KIND = Kind(
    name=NAME,
    model=PriorNotice,
    title="prior notice",
    summary="a correlated record (notification, invitation, calendar) due before an activity"
    " starts",
    phrases=[*phrases.items, *notice_contents.phrases.items],
    states=lambda draft: draft.says(NAME),
    build=_build,
    roles=roles,
    deadline=longest_deadline,
    correlation=by_party,
)
