"""The periods a count is written over: each phrase as the calendar counts it."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from verify.kinds import periods
from verify.kinds.language import StepError
from verify.model.calendar import CalendarYears, Rolling, TreatyYears
from verify.model.obligation import RollingPeriod, TreatyYearsPeriod

PER = re.compile(f"^{periods.PER_PERIOD}$")


def counted(text: str) -> tuple[int, object]:
    found = PER.match(text)
    assert found is not None, text
    return periods.counted_period(found)


def test_a_treaty_year_is_read_with_its_first_day() -> None:
    """`per treaty year beginning 5 February` is New START's year."""
    assert counted("per treaty year beginning 5 February") == (
        1,
        TreatyYearsPeriod(month=2, day=5),
    )


def test_a_rolling_window_is_read_in_days() -> None:
    """`within any 30 days` is a rolling window of 30 days."""
    assert counted("within any 30 days") == (1, RollingPeriod(days=30))


def test_calendar_years_stay_in_years() -> None:
    """`per 3 calendar years` keeps the count of years, with no other period."""
    assert counted("per 3 calendar years") == (3, None)


def test_a_day_no_year_has_is_refused() -> None:
    """31 April is no treaty year's first day."""
    with pytest.raises(StepError):
        counted("per treaty year beginning 31 April")


def test_each_model_period_has_its_calendar_partition() -> None:
    """Model periods map to the calendar's: blocks of years, treaty years, a rolling window."""
    assert periods.partition(None, 2) == CalendarYears(2)
    assert periods.partition(TreatyYearsPeriod(month=2, day=5)) == TreatyYears(2, 5)
    assert periods.partition(RollingPeriod(days=30)) == Rolling(timedelta(days=30))
