"""Periodic reports: a report due from each party once per period, with no activity to trigger
it (VD11's annual exchange of military information; New START's six-monthly data updates).

Records: the covered reports (`report`: the report kind, from the covered parties). Each period
has a due moment (a day of the year, or some days after the period ends) and opens when the
period before it was due: the report for a period is a party's earliest report after it opens.
None by the due moment is a breach (pending from the period's start until then); one after it
is late, the same finding. A feed says nothing of periods before it watched the exchange:
periods are judged from the first whose due moment is at or after the feed's earliest covered
report (of any party).
The parties owing reports are the rule's, else the pack's, else those the feed shows reporting.

Counted (`at least 2 "bcc_session" records from the parties together are due in each calendar
year`): the records of a period are those after it opens, up to the end of its last day; fewer
than N is a breach once the period has ended (pending while it runs), and no later record makes
up for them. From each party, each party's are counted; from the parties together, every owing
party's records are pooled (a joint session recorded by either party, one record a session),
and a shortfall is a finding against each owing party, citing the same records.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import pairwise
from typing import TYPE_CHECKING, Any, assert_never

from verify.kinds import periods
from verify.kinds.base import Correlation, Incomplete, Kind, Role
from verify.kinds.language import Draft, Phrases, month_day
from verify.kinds.wording import a, day, when
from verify.model.breach import Breach, CitedRecord
from verify.model.calendar import (
    EARLIEST,
    END_OF_DAY,
    LATEST,
    Period,
    Rolling,
    TreatyYears,
    end_of_day_in,
    period_starts,
    shift,
)
from verify.model.finding import TrailStep, Window
from verify.model.obligation import (
    AfterPeriod,
    CalendarYearsPeriod,
    DayInPeriod,
    PeriodicReport,
    ReportDue,
)
from verify.predicates import AllOf, KindIs, scope_predicate

if TYPE_CHECKING:
    from verify.treaty.gherkin import Step

NAME = "periodic_report"


@dataclass
class ReportPart:
    """The report kind, its period and when it is due."""

    kind: str
    period: Any
    due: ReportDue
    at_least: int | None = None
    together: bool = False


phrases = Phrases(fits=frozenset({NAME}))


@phrases.phrase(
    "report-by-day",
    'an "information_exchange" from each party is due by 15 December of each calendar year',
    rf"an? \"(?P<kind>[^\"]+)\" from each party is due by (?P<dday>\d{{1,2}})"
    rf" (?P<dmonth>{periods.MONTH}) of {periods.EACH_PERIOD}",
)
def _by_day(draft: Draft, found: re.Match[str], step: Step) -> None:
    draft.remember(NAME, step)
    month, on = month_day(found["dday"], found["dmonth"])
    period = periods.report_period(found)
    draft.parts[NAME] = ReportPart(found["kind"], period, DayInPeriod(month=month, day=on))
    draft.place(("report_kind",), step)


@phrases.phrase(
    "report-after",
    'a "data_exchange" from each party is due within 30 days after the end of'
    " each 6-month period beginning 1 March",
    r"an? \"(?P<kind>[^\"]+)\" from each party is due within (?P<days>\d+) days after the end"
    rf" of {periods.EACH_PERIOD}",
)
def _after(draft: Draft, found: re.Match[str], step: Step) -> None:
    draft.remember(NAME, step)
    period = periods.report_period(found)
    draft.parts[NAME] = ReportPart(found["kind"], period, AfterPeriod(days=int(found["days"])))
    draft.place(("report_kind",), step)


@phrases.phrase(
    "at-least",
    'at least 2 "bcc_session" records from the parties together are due in each calendar year',
    r"at least (?P<least>\d+) \"(?P<kind>[^\"]+)\" records? from (?P<who>each party|the parties"
    rf" together) (?:is|are) due in {periods.EACH_PERIOD}",
)
def _at_least(draft: Draft, found: re.Match[str], step: Step) -> None:
    draft.remember(NAME, step)
    period = periods.report_period(found)
    least, together = int(found["least"]), found["who"] != "each party"
    draft.parts[NAME] = ReportPart(found["kind"], period, AfterPeriod(days=0), least, together)
    draft.place(("report_kind",), step)


def _build(draft: Draft, common: dict[str, Any]) -> PeriodicReport:
    part: ReportPart = draft.parts[NAME]
    if part.kind not in common["scope"].kinds:
        raise Incomplete(f'a periodic report is of a kind the rule covers: cover "{part.kind}"')
    return PeriodicReport.model_validate(
        {
            **common,
            "report_kind": part.kind,
            "period": part.period,
            "due": part.due,
            "at_least": part.at_least,
            "together": part.together,
        }
    )


def longest_gap(obligation: PeriodicReport) -> timedelta:
    """How long a report may matter: two of the longest periods, and the days after one."""
    counted = obligation.period
    years = counted.years if isinstance(counted, CalendarYearsPeriod) else 1
    after = obligation.due.days if isinstance(obligation.due, AfterPeriod) else 0
    return timedelta(days=2 * 366 * years + after)


def roles(obligation: PeriodicReport) -> list[Role]:
    """The covered reports."""
    covered = scope_predicate(obligation.scope, obligation.exemptions)
    return [Role("report", AllOf((covered, KindIs((obligation.report_kind,)))))]


def calendar_period(obligation: PeriodicReport) -> Period:
    """The calendar's periods the reports are due in (never a rolling window)."""
    counted = periods.partition(obligation.period)
    assert not isinstance(counted, Rolling), "the model refuses a rolling report period"
    return counted


@dataclass(frozen=True)
class Slot:
    """One reporting period: when it starts and ends, when its report window opens (the
    period before it was due; exclusive) and when its report is due (inclusive)."""

    start: datetime
    end: datetime
    opens: datetime
    due: datetime

    @property
    def key(self) -> str:
        """The period's start as text: what a finding's subject and a schedule key hold."""
        return self.start.isoformat()


def due_of(due: ReportDue, start: datetime, end: datetime) -> datetime:
    """When the report of the period from `start` to `end` is due."""
    match due:
        case DayInPeriod(month=month, day=on):
            year = start.astimezone(UTC).year
            moment = end_of_day_in(year, month, on)
            if moment < start and year < LATEST.year:
                moment = end_of_day_in(year + 1, month, on)
            return moment
        case AfterPeriod(days=days):
            return shift(end, timedelta(days=days) - timedelta(days=1) + END_OF_DAY)
        case _:
            assert_never(due)


def slots(obligation: PeriodicReport, low: datetime, high: datetime) -> list[Slot]:
    """Every period whose report window opens before `high` and whose due moment is at or
    after `low`, in order (a few per year: the engines loop over these, not over records)."""
    period = calendar_period(obligation)
    first, last = max(low.year - 2, EARLIEST.year), min(high.year + 2, LATEST.year)
    starts = [s for s in period_starts(period, first, last) if s != EARLIEST]
    found: list[Slot] = []
    previous_due: datetime | None = None
    for start, end in pairwise(starts):
        due_at = due_of(obligation.due, start, end)
        if previous_due is not None and due_at >= low and previous_due < high:
            found.append(Slot(start, end, previous_due, due_at))
        previous_due = due_at
    return found


def slot_at(obligation: PeriodicReport, start: datetime) -> Slot:
    """The period beginning at `start`."""
    later = slots(obligation, start, shift(start, timedelta(days=800)))
    return next(s for s in later if s.start == start)


def period_noun(obligation: PeriodicReport) -> str:
    """`calendar year`, `treaty year`, `6-month period`: what one period is called."""
    counted = calendar_period(obligation)
    if isinstance(counted, TreatyYears):
        return "treaty year" if counted.months == 12 else f"{counted.months}-month period"
    return "calendar year" if counted.years == 1 else f"{counted.years}-year period"


def breach(
    obligation: PeriodicReport,
    party: str,
    slot: Slot,
    report: CitedRecord | None,
    last: CitedRecord | None,
    as_of: datetime,
) -> Breach:
    """The report of `party` for a period: missing at `as_of` (pending while not yet due; the
    party's `last` report before the period cited where there is one), or late."""
    kind = obligation.report_kind
    covered = _period_text(obligation, slot)
    required = f"{a(kind)} from {party} after {when(slot.opens)}, by {when(slot.due)}"
    cited: tuple[CitedRecord, ...]
    if report is None:
        pending = slot.due > as_of
        cited = (last.playing(f"{party}'s last {kind} before the period"),) if last else ()
        step = TrailStep.made(
            step=f"{kind} searched",
            measured=f"no {kind} from {party} after {when(slot.opens)}"
            f" in the feed up to {when(min(slot.due, as_of))}",
            required=required,
            holds=False,
        )
        summary = (
            f"{party}'s {kind} for the {covered} is due by {day(slot.due)}"
            f" ({obligation.article}); the feed holds none yet."
            if pending
            else f"{party} gave no {kind} for the {covered}; one was due by {day(slot.due)}"
            f" ({obligation.article})."
        )
    else:
        pending = False
        cited = (report.playing(f"the late {kind}"),)
        step = TrailStep.made(
            step=f"{kind} sent",
            measured=f"{kind} {report.id} sent {when(report.time)}",
            required=required,
            holds=False,
        )
        summary = (
            f"{party} sent its {kind} for the {covered} on {day(report.time)};"
            f" it was due by {day(slot.due)} ({obligation.article})."
        )
    return _slot_breach(obligation, party, slot, cited, step, summary, pending)


def short(
    obligation: PeriodicReport,
    party: str,
    slot: Slot,
    found: tuple[CitedRecord, ...],
    last: CitedRecord | None,
    as_of: datetime,
) -> Breach:
    """Fewer than `at_least` records in a period, owed by `party` (alone, or with the other
    parties: `together`): pending while the period runs, a breach once it has ended. It cites
    the period's records, or where there are none the last one before it."""
    kind, least = obligation.report_kind, obligation.at_least
    assert least is not None, "only a counted report falls short"
    covered = _period_text(obligation, slot)
    source = "the parties together" if obligation.together else party
    pending = slot.due > as_of
    records = f"{len(found)} {kind} record{'' if len(found) == 1 else 's'}"
    if found:
        cited = tuple(record.playing(f"{a(kind)} of the period") for record in found)
    else:
        cited = (last.playing(f"the last {kind} before the period"),) if last else ()
    step = TrailStep.made(
        step=f"{kind} records counted",
        measured=f"{records} from {source} after {when(slot.opens)}"
        f" in the feed up to {when(min(slot.due, as_of))}",
        required=f"at least {least} from {source} after {when(slot.opens)}, by {when(slot.due)}",
        holds=False,
    )
    gave, tense = ("has given", "are due") if pending else ("gave", "were due")
    summary = (
        f"{source[0].upper()}{source[1:]} {gave} {records} for the {covered}; at least {least}"
        f" {tense} by {day(slot.due)} ({obligation.article})."
    )
    return _slot_breach(obligation, party, slot, cited, step, summary, pending)


def correlation(obligation: PeriodicReport, group_of: Mapping[str, str]) -> Correlation:
    """The whole feed: the periods run from the feed's first report by any party, and records
    from the parties together are pooled."""
    return "feed"


KIND = Kind(
    name=NAME,
    model=PeriodicReport,
    title="periodic report",
    summary="a report due from each party once per period (calendar year, treaty year, or run"
    " of months from a date), by a day of the year or within days after the period ends;"
    " or at least N records in each period, from each party or from the parties together",
    phrases=phrases.items,
    states=lambda draft: draft.says(NAME),
    build=_build,
    roles=roles,
    deadline=longest_gap,
    correlation=correlation,
)


def following(obligation: PeriodicReport, slot: Slot) -> Slot | None:
    """The period after `slot` (None past the calendar's end)."""
    later = slots(obligation, slot.due, shift(slot.end, timedelta(days=400)))
    return next((s for s in later if s.start == slot.end), None)


def first_slot(obligation: PeriodicReport, moment: datetime) -> Slot | None:
    """The period whose report window holds `moment` (the first a feed starting then judges)."""
    return next(iter(slots(obligation, moment, moment)), None)


def _period_text(obligation: PeriodicReport, slot: Slot) -> str:
    """The period a slot covers, in words: `calendar year 2022-01-01 to 2022-12-31`."""
    last_day = day(slot.end - timedelta(seconds=1))
    return f"{period_noun(obligation)} {day(slot.start)} to {last_day}"


def _slot_breach(
    obligation: PeriodicReport,
    party: str,
    slot: Slot,
    cited: tuple[CitedRecord, ...],
    step: TrailStep,
    summary: str,
    pending: bool,
) -> Breach:
    """The breach of one period's slot: due at its due moment, its window the period."""
    return Breach(
        obligation=obligation,
        party=party,
        subject=(slot.key,),
        cited=cited,
        trail=(step,),
        summary=summary,
        window=Window.made(start=slot.start, end=slot.due),
        at=slot.due,
        due=slot.due,
        pending=pending,
    )
