"""The calendar (`model/calendar.py`) applied to columns of moments.

Nothing is computed here that the calendar does not define: fixed lengths are subtracted or
added as the calendar does (kept within its ends, as `shift` keeps them), and whatever depends
on the year is computed by the calendar's own function once per distinct year of the column,
then looked up.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import assert_never

import numpy as np
import pandas as pd

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
    Window,
    due,
    period_starts,
)


def shift_column(moments: pd.Series, length: timedelta) -> pd.Series:
    """`shift(moment, length)` for each moment of a column: kept within the calendar."""
    if moments.empty:
        return moments.copy()
    if pd.DatetimeIndex(moments).unit == "ns":  # nanoseconds end in 2262: use microseconds
        moments = moments.dt.as_unit("us")
    if abs(length) >= SPAN:  # beyond the calendar whatever the moment (nor a pandas Timedelta)
        end = LATEST if length > timedelta(0) else EARLIEST
        return moments.where(moments.isna(), pd.Timestamp(end).as_unit("us"))
    # Both under 10,000 years: the sum is well inside what microseconds hold, then clipped.
    shifted: pd.Series = moments + pd.Timedelta(length)
    low, high = pd.Timestamp(EARLIEST).as_unit("us"), pd.Timestamp(LATEST).as_unit("us")
    return shifted.mask(shifted > high, high).mask(shifted < low, low)


def due_column(deadline: Deadline, moments: pd.Series) -> pd.Series:
    """`due(deadline, moment)` for each moment of a column (tz-aware UTC)."""
    match deadline:
        case Before(length):
            return shift_column(moments, -length)
        case After(length):
            return shift_column(moments, length)
        case DayOfYearBefore():
            years = moments.dt.year
            by_year = {
                int(year): due(deadline, datetime(int(year), 7, 1, tzinfo=UTC))
                for year in years.dropna().unique()
            }
            mapped: pd.Series = years.map(by_year)
            return mapped.astype(moments.dtype)
        case _:
            assert_never(deadline)


def period_start_column(period: Period, moments: pd.Series, count: int = 1) -> pd.Series:
    """For each moment, the start of the `count` periods ending with the one that holds it
    (`period_start`, or `window_start` of `Trailing(period, count)`)."""
    if moments.empty:
        return moments.copy()
    back = (period.years if isinstance(period, CalendarYears) else 1) * count + 1
    years = moments.dt.year
    starts = period_starts(period, int(years.min()) - back, int(years.max()))
    # In microseconds, as feeds hold times: nanoseconds end in 2262.
    edges = pd.DatetimeIndex(starts).as_unit("us").asi8
    values = pd.DatetimeIndex(moments).as_unit("us").asi8
    at = np.searchsorted(edges, values, side="right") - 1 - (count - 1)
    picked = edges[np.maximum(at, 0)].astype("datetime64[us]")
    chosen = pd.DatetimeIndex(picked).tz_localize(UTC)
    return pd.Series(chosen, index=moments.index).astype(moments.dtype)


def window_start_column(window: Window, moments: pd.Series) -> pd.Series:
    """`window_start(window, moment)` for each moment of a column."""
    match window:
        case Trailing(period, count):
            return period_start_column(period, moments, count)
        case Rolling(length):
            return shift_column(moments, -length)
        case _:
            assert_never(window)
