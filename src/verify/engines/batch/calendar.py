"""The calendar (`model/calendar.py`) applied to columns of moments.

Nothing is computed here that the calendar does not define: fixed lengths are subtracted or
added as the calendar does, and whatever depends on the year is computed by the calendar's
own function once per distinct year of the column, then looked up.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import assert_never

import numpy as np
import pandas as pd

from verify.model.calendar import (
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


def due_column(deadline: Deadline, moments: pd.Series) -> pd.Series:
    """`due(deadline, moment)` for each moment of a column (tz-aware UTC)."""
    match deadline:
        case Before(length):
            return moments - pd.Timedelta(length)
        case After(length):
            return moments + pd.Timedelta(length)
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
    edges = pd.DatetimeIndex(starts).as_unit("ns").asi8
    values = pd.DatetimeIndex(moments).as_unit("ns").asi8
    at = np.searchsorted(edges, values, side="right") - 1 - (count - 1)
    chosen = pd.DatetimeIndex(edges[np.maximum(at, 0)], tz=UTC)
    return pd.Series(chosen, index=moments.index).astype(moments.dtype)


def window_start_column(window: Window, moments: pd.Series) -> pd.Series:
    """`window_start(window, moment)` for each moment of a column."""
    match window:
        case Trailing(period, count):
            return period_start_column(period, moments, count)
        case Rolling(length):
            return moments - pd.Timedelta(length)
        case _:
            assert_never(window)
