"""The calendar: due moments and periods, leap years included, the same on columns."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pandas as pd
from hypothesis import example, given, settings
from hypothesis import strategies as st

from tests.profiles import budget
from verify.engines.batch.calendar import due_column, window_start_column
from verify.model.calendar import (
    EARLIEST,
    LATEST,
    SPAN,
    After,
    Before,
    CalendarYears,
    DayOfYearBefore,
    Deadline,
    Period,
    Rolling,
    Trailing,
    TreatyYears,
    Window,
    due,
    end_of_day_in,
    longest_wait,
    period_start,
    shift,
    window_start,
)

moments = st.datetimes(
    min_value=datetime(1990, 1, 1), max_value=datetime(2060, 12, 31), timezones=st.just(UTC)
)
periods = st.one_of(
    st.builds(CalendarYears, st.integers(1, 4)),
    st.builds(TreatyYears, st.integers(1, 12), st.sampled_from([1, 5, 15, 28, 29, 30, 31])),
)
windows = st.one_of(
    st.builds(Trailing, periods, st.integers(1, 3)),
    st.builds(Rolling, st.integers(1, 800).map(lambda d: timedelta(days=d))),
)
deadlines = st.one_of(
    st.builds(Before, st.integers(0, 400).map(lambda d: timedelta(days=d))),
    st.builds(After, st.integers(0, 200).map(lambda h: timedelta(hours=h))),
    st.builds(DayOfYearBefore, st.integers(1, 12), st.sampled_from([1, 15, 28, 29, 30, 31])),
)


def at(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def test_29_february_in_a_common_year_is_its_last_day() -> None:
    """A notice due by 29 February of a common year is due by the end of 28 February."""
    assert end_of_day_in(2025, 2, 29) == at(2025, 2, 28, 23, 59, 59)
    assert due(DayOfYearBefore(2, 29), at(2026, 6, 1)) == at(2025, 2, 28, 23, 59, 59)


def test_29_february_in_a_leap_year_is_itself() -> None:
    """In a leap year the day exists and is used."""
    assert due(DayOfYearBefore(2, 29), at(2025, 6, 1)) == at(2024, 2, 29, 23, 59, 59)


def test_a_treaty_year_begins_on_its_day() -> None:
    """New START's treaty years begin on 5 February: 4 February belongs to the year before."""
    years = TreatyYears(2, 5)
    assert period_start(years, at(2025, 2, 4, 23)) == at(2024, 2, 5)
    assert period_start(years, at(2025, 2, 5)) == at(2025, 2, 5)


def test_blocks_of_calendar_years_count_from_year_zero() -> None:
    """Two-year blocks are 2024-2025, 2026-2027."""
    assert period_start(CalendarYears(2), at(2025, 12, 31)) == at(2024, 1, 1)
    assert period_start(CalendarYears(2), at(2026, 1, 1)) == at(2026, 1, 1)


def test_a_trailing_window_reaches_back_whole_years() -> None:
    """Three calendar years up to a day of 2025 begin on 1 January 2023."""
    assert window_start(Trailing(CalendarYears(1), 3), at(2025, 7, 4)) == at(2023, 1, 1)


def test_a_day_of_the_year_before_waits_up_to_two_years() -> None:
    """A calendar due by 15 November of the year before may lead its activity by 413 days."""
    assert longest_wait(DayOfYearBefore(11, 15)) == timedelta(days=413)


@given(periods, moments)
def test_a_moment_lies_in_the_period_that_starts_at_or_before_it(
    period: Period, moment: datetime
) -> None:
    """The period holding a moment starts at or before it and less than a period earlier."""
    start = period_start(period, moment)
    span = 366 * (period.years if isinstance(period, CalendarYears) else 1)
    assert start <= moment < start + timedelta(days=span)


@given(windows, st.lists(moments, min_size=1, max_size=20))
def test_window_starts_of_a_column_equal_each_moment_s(
    window: Window, values: list[datetime]
) -> None:
    """The column-wise window start is the calendar's, moment by moment."""
    column = pd.Series(pd.to_datetime(values, utc=True))
    got = window_start_column(window, column)
    assert [value.to_pydatetime() for value in got] == [window_start(window, m) for m in values]


@given(deadlines, st.lists(moments, min_size=1, max_size=20))
def test_due_moments_of_a_column_equal_each_moment_s(
    deadline: Deadline, values: list[datetime]
) -> None:
    """The column-wise due moment is the calendar's, moment by moment."""
    column = pd.Series(pd.to_datetime(values, utc=True))
    got = due_column(deadline, column)
    assert [value.to_pydatetime() for value in got] == [due(deadline, m) for m in values]


#: Any moment of the calendar, its first and last ones included.
any_moment = st.datetimes(
    min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31, 23, 59, 59, 999999),
    timezones=st.just(UTC),
)  # fmt: skip
#: Lengths up to the whole calendar, either way.
any_length = st.timedeltas(min_value=-SPAN, max_value=SPAN)
END_SETTINGS = settings(max_examples=budget(50), deadline=None)


def column(values: list[datetime]) -> pd.Series:
    """Moments as a feed's time column holds them (microseconds, UTC)."""
    return pd.Series(values, dtype="datetime64[us, UTC]")


@END_SETTINGS
@given(any_moment, any_length)
@example(LATEST, timedelta(hours=48))
@example(EARLIEST, -timedelta(days=42))
def test_shift_stays_within_the_calendar(moment: datetime, length: timedelta) -> None:
    """`shift` is `moment + length` where that exists, else the end it went past."""
    shifted = shift(moment, length)
    assert EARLIEST <= shifted <= LATEST
    try:
        exact = moment + length
    except OverflowError:
        assert shifted == (LATEST if length > timedelta(0) else EARLIEST)
    else:
        assert shifted == exact


def test_the_period_holding_the_first_day_begins_with_the_calendar() -> None:
    """A treaty year that would have begun in year 0 begins on 1 January 0001."""
    assert period_start(TreatyYears(2, 5), at(1, 1, 10)) == EARLIEST
    assert period_start(CalendarYears(2), at(1, 6, 1)) == EARLIEST
    assert window_start(Trailing(CalendarYears(1), 3), at(2, 7, 4)) == EARLIEST


@END_SETTINGS
@given(periods, any_moment)
def test_every_moment_of_the_calendar_has_its_period(period: Period, moment: datetime) -> None:
    """Even in years 1 and 9999, the period holding a moment starts at or before it."""
    start = period_start(period, moment)
    span = 366 * (period.years if isinstance(period, CalendarYears) else 1)
    assert start <= moment < shift(start, timedelta(days=span)) or moment == LATEST


def _far_deadlines() -> st.SearchStrategy[Deadline]:
    lengths = st.timedeltas(min_value=timedelta(0), max_value=SPAN)
    return st.one_of(st.builds(Before, lengths), st.builds(After, lengths), deadlines)


@END_SETTINGS
@given(_far_deadlines(), st.lists(any_moment, min_size=1, max_size=10))
@example(After(timedelta(hours=48)), [datetime(9999, 12, 31, tzinfo=UTC)])
@example(Before(timedelta(days=42)), [datetime(1, 1, 10, tzinfo=UTC)])
def test_due_moments_at_the_ends_agree_on_columns(
    deadline: Deadline, values: list[datetime]
) -> None:
    """Column-wise due moments are the calendar's at either end too, clamped alike."""
    got = due_column(deadline, column(values))
    assert [value.to_pydatetime() for value in got] == [due(deadline, m) for m in values]


@END_SETTINGS
@given(windows, st.lists(any_moment, min_size=1, max_size=10))
def test_window_starts_at_the_ends_agree_on_columns(window: Window, values: list[datetime]) -> None:
    """Column-wise window starts are the calendar's in years 1 and 9999 (no nanoseconds)."""
    got = window_start_column(window, column(values))
    assert [value.to_pydatetime() for value in got] == [window_start(window, m) for m in values]
