"""The calendar of the rule language: due moments and the periods obligations count in.

Every date the engines compute comes from here, written once on plain `datetime`s (UTC); the
batch engine applies the same functions column-wise (`engines/batch/calendar.py`) by mapping
them over the few distinct years a feed spans, so the two engines cannot disagree on a date.

- Due moments: N days (or hours) before a start; the end of a given day of the year.
  A day that a year lacks (29 February outside leap years) is the last day of that month.
- Periods, which partition time: blocks of N calendar years (counted from year 0, so that
  two-year blocks are 2024-2025, 2026-2027, ...) and treaty years beginning on a date
  (New START's years begin on 5 February).
- Windows, which end at a moment: the K periods ending with the moment's own (three calendar
  years up to this one), or a rolling length of time before it.

The calendar ends where Python's `datetime` does (`EARLIEST`, 0001-01-01T00:00:00Z, to `LATEST`,
9999-12-31T23:59:59.999999Z), and so do feeds. A moment computed beyond an end (a reply due
48 hours after a request of 31 December 9999, a notice due 42 days before an activity of
1 January 0001) is that end (`shift`). No record and no as-of lies beyond it, so the breaches
come out as the true moment would give them: a reply due after `LATEST` is never late, and
is pending at any as-of; a notice due before `EARLIEST` is late whenever it was sent, except
sent at `EARLIEST` itself, the one instant the clamped moment misjudges.
"""

from __future__ import annotations

import calendar as gregorian
from dataclasses import dataclass
from datetime import MAXYEAR, MINYEAR, UTC, datetime, timedelta
from functools import lru_cache
from typing import assert_never

#: One second less than a day: "by 15 November" means up to 23:59:59 that day.
END_OF_DAY = timedelta(days=1) - timedelta(seconds=1)
#: The first and last moments of the calendar (and of what a feed may hold).
EARLIEST = datetime.min.replace(tzinfo=UTC)
LATEST = datetime.max.replace(tzinfo=UTC)
#: The longest length of time between two moments of the calendar.
SPAN = LATEST - EARLIEST
#: The longest deadline a pack may state, in days and in hours: the whole calendar.
MAX_DAYS = SPAN.days
MAX_HOURS = MAX_DAYS * 24


def shift(moment: datetime, length: timedelta) -> datetime:
    """`moment + length`, kept within the calendar: past its end it is `LATEST`, before its
    start `EARLIEST` (never an `OverflowError`, nor a pandas timestamp beyond year 9999)."""
    if length >= LATEST - moment:
        return LATEST
    if length <= EARLIEST - moment:
        return EARLIEST
    return moment + length


def day_in(year: int, month: int, day: int) -> datetime:
    """Midnight UTC of a day of a year; a day the month lacks that year (29 February in a
    common year) is the month's last day."""
    last = gregorian.monthrange(year, month)[1]
    return datetime(year, month, min(day, last), tzinfo=UTC)


def end_of_day_in(year: int, month: int, day: int) -> datetime:
    """The last second (23:59:59 UTC) of a day of a year (`day_in`'s day)."""
    return day_in(year, month, day) + END_OF_DAY


def longest_year_gap(month: int, day: int) -> timedelta:
    """The longest time from a day of one year to the end of the next year, at least: the
    longest lead a notice due by that day of the year before can have."""
    return max(
        datetime(year + 2, 1, 1, tzinfo=UTC) - day_in(year, month, day)
        for year in (2023, 2024)  # a common year before a leap year, and a leap year
    )


@dataclass(frozen=True)
class CalendarYears:
    """Periods of `years` calendar years, counted in blocks from year 0."""

    years: int = 1

    def describe(self) -> str:
        """`calendar year`, or `3 calendar years`."""
        return "calendar year" if self.years == 1 else f"{self.years} calendar years"


@dataclass(frozen=True)
class TreatyYears:
    """Years beginning on a day of the year (New START: 5 February); with `months` below 12
    (a divisor of 12), periods of that many months, one beginning on that day each year
    (New START's six-month data periods from 1 March: 1 March and 1 September)."""

    month: int
    day: int
    months: int = 12

    def describe(self) -> str:
        """`treaty year beginning 5 February`, `6-month period beginning 1 March`."""
        on = f"{self.day} {gregorian.month_name[self.month]}"
        if self.months == 12:
            return f"treaty year beginning {on}"
        return f"{self.months}-month period beginning {on}"

    def starts_in(self, year: int) -> list[datetime]:
        """The starts of the periods that begin in a year's span from its own start day
        (those of a period beginning 1 September fall in the next calendar year, say)."""
        found: list[datetime] = []
        for part in range(12 // self.months):
            months = self.month - 1 + part * self.months
            shifted = year + months // 12
            if MINYEAR <= shifted <= MAXYEAR:
                found.append(day_in(shifted, months % 12 + 1, self.day))
        return found


Period = CalendarYears | TreatyYears


@lru_cache(maxsize=1024)
def period_starts(period: Period, first_year: int, last_year: int) -> tuple[datetime, ...]:
    """The starts, in order, of every period that holds a moment of the years from
    `first_year` to `last_year` (the period holding 1 January of `first_year` first)."""
    low, high = max(MINYEAR, first_year - 1), min(MAXYEAR, last_year)
    match period:
        case CalendarYears(years):
            first = max(MINYEAR, first_year - first_year % years)
            starts = tuple(day_in(y, 1, 1) for y in range(first, high + 1) if y % years == 0)
        case TreatyYears():
            years_ = range(low, high + 1)
            starts = tuple(start for year in years_ for start in period.starts_in(year))
        case _:
            assert_never(period)
    if not starts or starts[0] > day_in(max(MINYEAR, min(first_year, MAXYEAR)), 1, 1):
        # The period holding the calendar's first moment began before it: it begins there.
        starts = (EARLIEST, *starts)
    return starts


def period_start(period: Period, moment: datetime) -> datetime:
    """The start of the period that holds `moment`."""
    year = moment.astimezone(UTC).year
    starts = period_starts(period, year, year)
    return max(start for start in starts if start <= moment)


@dataclass(frozen=True)
class Trailing:
    """The `count` periods ending with the one that holds the moment."""

    period: Period
    count: int = 1

    def describe(self) -> str:
        """`per calendar year`, `within 3 calendar years`."""
        if self.count == 1:
            return f"per {self.period.describe()}"
        return f"within {self.count} {self.period.describe().replace('year', 'years', 1)}"


@dataclass(frozen=True)
class Rolling:
    """The `length` of time before the moment (a rolling window)."""

    length: timedelta


Window = Trailing | Rolling


def window_start(window: Window, moment: datetime) -> datetime:
    """When the window ending at `moment` begins."""
    match window:
        case Trailing(period, count):
            year = moment.astimezone(UTC).year
            starts = period_starts(period, year - _years_back(window), year)
            at = max(i for i, start in enumerate(starts) if start <= moment)
            return starts[max(0, at - (count - 1))]
        case Rolling(length):
            return shift(moment, -length)
        case _:
            assert_never(window)


def _years_back(window: Trailing) -> int:
    """How many years before a moment's year the window's first period may begin."""
    span = window.period.years if isinstance(window.period, CalendarYears) else 1
    return span * window.count + 1


@dataclass(frozen=True)
class Before:
    """Due a length of time before a moment (a notice 42 days before the start)."""

    length: timedelta


@dataclass(frozen=True)
class After:
    """Due a length of time after a moment (an answer within 48 hours of the request)."""

    length: timedelta


@dataclass(frozen=True)
class DayOfYearBefore:
    """Due by the end of a day of the year before the moment's (a calendar by 15 November)."""

    month: int
    day: int


Deadline = Before | After | DayOfYearBefore


def due(deadline: Deadline, moment: datetime) -> datetime:
    """When something is due, for an activity starting (or a request made) at `moment`."""
    match deadline:
        case Before(length):
            return shift(moment, -length)
        case After(length):
            return shift(moment, length)
        case DayOfYearBefore(month, day):
            year = moment.astimezone(UTC).year - 1
            return end_of_day_in(year, month, day) if year >= MINYEAR else EARLIEST
        case _:
            assert_never(deadline)


def longest_wait(deadline: Deadline) -> timedelta:
    """The longest time between a due moment and the moment it is counted from, either way
    (how long correlated records must be remembered)."""
    match deadline:
        case Before(length) | After(length):
            return max(length, timedelta(0))
        case DayOfYearBefore(month, day):
            return longest_year_gap(month, day)
        case _:
            assert_never(deadline)
