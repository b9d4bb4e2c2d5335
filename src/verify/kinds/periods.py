"""The periods counting rules are written over, as phrases say them, and as the calendar
(`model/calendar.py`) counts them.

One fragment of phrase serves quotas and frequency limits alike (`PER_PERIOD`):

- `per calendar year`, `per 3 calendar years` or `within 3 calendar years`;
- `per treaty year beginning 5 February` (New START's years run from its entry into force);
- `within any 30 days` (a rolling window: the moment itself and the 30 days before it).

Periodic reports name theirs with `EACH_PERIOD` (`each calendar year`, `each treaty year
beginning 5 February`, `each 6-month period beginning 1 March`): a report is due once per
period, so only periods that partition time, never a rolling window.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import assert_never

from verify.kinds.language import MONTHS, StepError, month_day
from verify.model.calendar import CalendarYears, Period, Rolling, TreatyYears
from verify.model.obligation import (
    CalendarYearsPeriod,
    CountPeriod,
    RollingPeriod,
    TreatyYearsPeriod,
)

MONTH = "(?:" + "|".join(MONTHS) + ")"

#: The period of a count: calendar years, a treaty year beginning on a date, a rolling window.
PER_PERIOD = (
    r"(?:per calendar year|(?:per|within) (?P<years>\d+) calendar years"
    rf"|per treaty year beginning (?P<tday>\d{{1,2}}) (?P<tmonth>{MONTH})"
    r"|within any (?P<days>\d+) days)"
)

#: The period of a report: each calendar year, treaty year or run of months from a date.
EACH_PERIOD = (
    r"each (?:calendar year"
    rf"|treaty year beginning (?P<tday>\d{{1,2}}) (?P<tmonth>{MONTH})"
    rf"|(?P<months>1|2|3|4|6)-month period beginning (?P<mday>\d{{1,2}}) (?P<mmonth>{MONTH}))"
)


def counted_period(found: re.Match[str]) -> tuple[int, CountPeriod | None]:
    """The calendar years (kept in `years`, as rules always have) or other period of a count
    that `PER_PERIOD` matched."""
    if found["years"]:
        years = int(found["years"])
        if years < 1:
            raise StepError("a count runs over at least one calendar year")
        return years, None
    if found["tmonth"]:
        month, day = month_day(found["tday"], found["tmonth"])
        return 1, TreatyYearsPeriod(month=month, day=day)
    if found["days"]:
        return 1, RollingPeriod(days=int(found["days"]))
    return 1, None


def report_period(found: re.Match[str]) -> CountPeriod:
    """The period a report is due in, as `EACH_PERIOD` matched it."""
    if found["tmonth"]:
        month, day = month_day(found["tday"], found["tmonth"])
        return TreatyYearsPeriod(month=month, day=day)
    if found["mmonth"]:
        month, day = month_day(found["mday"], found["mmonth"])
        months = int(found["months"])  # the pattern admits only divisors of 12
        return TreatyYearsPeriod.model_validate({"month": month, "day": day, "months": months})
    return CalendarYearsPeriod()


def partition(period: CountPeriod | None, years: int = 1) -> Period | Rolling:
    """The calendar's periods for a model period (None: blocks of `years` calendar years)."""
    match period:
        case None:
            return CalendarYears(years)
        case CalendarYearsPeriod(years=count):
            return CalendarYears(count)
        case TreatyYearsPeriod(month=month, day=day, months=months):
            return TreatyYears(month, day, months)
        case RollingPeriod(days=days):
            return Rolling(timedelta(days=days))
        case _:
            assert_never(period)


def describe(period: Period | Rolling) -> str:
    """`calendar year`, `treaty year beginning 5 February`, `30 days`: what a count runs over."""
    if isinstance(period, Rolling):
        return f"{period.length.days} days"
    return period.describe()
