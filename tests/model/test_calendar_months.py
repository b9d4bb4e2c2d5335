"""Periods of months beginning on a day of the year (New START's six-month data periods)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from verify.engines.batch.calendar import period_start_column
from verify.model.calendar import TreatyYears, period_start

moments = st.datetimes(
    min_value=datetime(1990, 1, 1), max_value=datetime(2060, 12, 31), timezones=st.just(UTC)
)
runs = st.builds(
    TreatyYears,
    st.integers(1, 12),
    st.sampled_from([1, 5, 15, 28, 29, 30, 31]),
    st.sampled_from([1, 2, 3, 4, 6, 12]),
)


def at(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def test_six_month_periods_from_1_march_begin_on_1_march_and_1_september() -> None:
    """New START's data periods: 31 August is in the period from 1 March, 1 September not."""
    halves = TreatyYears(3, 1, 6)
    assert period_start(halves, at(2022, 8, 31, 23)) == at(2022, 3, 1)
    assert period_start(halves, at(2022, 9, 1)) == at(2022, 9, 1)
    assert period_start(halves, at(2023, 2, 28)) == at(2022, 9, 1)


def test_a_run_of_months_is_described_by_its_length_and_first_day() -> None:
    """The wording a finding uses for the period."""
    assert TreatyYears(3, 1, 6).describe() == "6-month period beginning 1 March"
    assert TreatyYears(2, 5).describe() == "treaty year beginning 5 February"


@given(runs, moments)
def test_a_moment_lies_in_the_run_that_starts_at_or_before_it(
    period: TreatyYears, moment: datetime
) -> None:
    """The period holding a moment starts at or before it and at most its months earlier."""
    start = period_start(period, moment)
    assert start <= moment < start + timedelta(days=31 * period.months + 1)


@given(runs, st.lists(moments, min_size=1, max_size=20))
def test_run_starts_of_a_column_equal_each_moment_s(
    period: TreatyYears, values: list[datetime]
) -> None:
    """The column-wise period start is the calendar's, moment by moment."""
    column = pd.Series(pd.to_datetime(values, utc=True))
    got = period_start_column(period, column)
    assert [value.to_pydatetime() for value in got] == [period_start(period, m) for m in values]
