"""One raw value at a time: what kind it is, and its text, number, time or flags.

These are the scalar rules. The pandas twins in `columns.py` must agree with them exactly; the
hypothesis tests hold both to that, and `validate_record` uses these directly.
"""

from __future__ import annotations

import json
import math
import sys
from datetime import UTC, datetime, timedelta
from enum import IntEnum
from typing import Any

import numpy as np

from verify.feeds.schema import EARLIEST_TIME, LATEST_TIME, NUMBER_RE, TIME_RE

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
#: Integral floats below this print as integers (JavaScript prints them so up to 1e21 too).
INTEGRAL_LIMIT = 1e21


class ValueKind(IntEnum):
    """What a raw value is, as far as the rules care."""

    MISSING = 0  # absent, null, NaN or the empty string
    TEXT = 1
    NUMBER = 2  # a JSON or Parquet number; never a boolean
    BOOL = 3
    LIST = 4
    OBJECT = 5


def kind_of(value: object) -> ValueKind:
    """Classify one raw value (from `json.loads`, a CSV cell or a Parquet cell)."""
    if value is None:
        return ValueKind.MISSING
    if isinstance(value, bool | np.bool_):
        return ValueKind.BOOL
    if isinstance(value, str):
        return ValueKind.TEXT if value else ValueKind.MISSING
    if isinstance(value, int | np.integer):
        return ValueKind.NUMBER
    if isinstance(value, float | np.floating):
        return ValueKind.MISSING if math.isnan(value) else ValueKind.NUMBER
    if isinstance(value, list | tuple | np.ndarray):
        return ValueKind.LIST
    if isinstance(value, dict):
        return ValueKind.OBJECT
    if _pandas_missing(value):
        return ValueKind.MISSING
    return ValueKind.OBJECT


def _pandas_missing(value: object) -> bool:
    """Whether a value is pandas' `NA` or `NaT`. pandas is not imported to ask: where it is not
    loaded (the stream engine's records come from `json.loads`), no value can be either."""
    pandas = sys.modules.get("pandas")
    return pandas is not None and (value is pandas.NA or value is pandas.NaT)


def number_text(value: float | int) -> str:
    """A number as text: integral values without a fraction (`12000`, not `12000.0`)."""
    if isinstance(value, int | np.integer) and not isinstance(value, bool | np.bool_):
        if abs(int(value)) < INTEGRAL_LIMIT:
            return str(int(value))
        try:
            value = float(value)
        except OverflowError:  # beyond any float: infinite, as the column-wise readers see it
            value = math.inf if value > 0 else -math.inf
    number = float(value)
    if math.isfinite(number) and number.is_integer() and abs(number) < INTEGRAL_LIMIT:
        return str(int(number))
    return repr(number)


def plain(value: object) -> Any:
    """A raw value as plain JSON-ready Python: numpy scalars and arrays unwrapped."""
    if isinstance(value, np.ndarray):
        return [plain(item) for item in value.tolist()]
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, np.generic):
        return value.item()
    return value


def text_of(value: object) -> str:
    """The text a present value stands for in a text field."""
    kind = kind_of(value)
    if kind is ValueKind.TEXT:
        return str(value)
    if kind is ValueKind.BOOL:
        return "true" if value else "false"
    if kind is ValueKind.NUMBER:
        return number_text(value)  # type: ignore[arg-type]
    return json.dumps(plain(value), ensure_ascii=False, separators=(",", ":"), default=str)


def shown(value: object) -> str:
    """A raw value as a reject reason quotes it: text in double quotes, anything else bare."""
    if kind_of(value) is ValueKind.TEXT:
        return quoted(str(value))
    return text_of(value)


def quoted(text: str) -> str:
    """Text in double quotes, escaped as in JSON."""
    return json.dumps(text, ensure_ascii=False)


def number_of(value: object) -> float | None:
    """The number a present value holds, or None when it holds none (text must be decimal)."""
    kind = kind_of(value)
    if kind is ValueKind.NUMBER:
        try:
            number = float(value)  # type: ignore[arg-type]
        except OverflowError:
            return None
    elif kind is ValueKind.TEXT and NUMBER_RE.fullmatch(str(value)):
        number = float(str(value))
    else:
        return None
    return number if math.isfinite(number) else None


def time_of(text: str) -> datetime | None:
    """Parse a time the contract accepts (see `TIME_PATTERN`); None when it cannot be parsed.

    A bare date is midnight UTC; digits of a fraction beyond the microsecond are dropped. The
    instant in UTC must lie in years 1 to 9999, as in the batch path.
    """
    match = TIME_RE.fullmatch(text)
    if match is None or (match["hour"] is not None and match["offset"] is None):
        return None
    part = match.groupdict()
    try:
        local = datetime(
            int(part["year"]),
            int(part["month"]),
            int(part["day"]),
            int(part["hour"] or 0),
            int(part["minute"] or 0),
            int(part["second"] or 0),
            int((part["fraction"] or "0")[:6].ljust(6, "0")),
            tzinfo=UTC,
        )
    except ValueError:
        return None
    offset_minutes = 0
    if part["sign"] is not None:
        hours, minutes = int(part["offset_hours"]), int(part["offset_minutes"])
        if hours > 23 or minutes > 59:
            return None
        offset_minutes = (hours * 60 + minutes) * (1 if part["sign"] == "+" else -1)
    since_earliest = local - EARLIEST_TIME - timedelta(minutes=offset_minutes)
    if not timedelta(0) <= since_earliest <= LATEST_TIME - EARLIEST_TIME:
        return None
    return EARLIEST_TIME + since_earliest


def normalised_flags(labels: list[str]) -> str:
    """Sorted unique lower-case labels joined by commas; labels may themselves hold commas."""
    parts = (part.strip().lower() for label in labels for part in label.split(","))
    return ",".join(sorted({part for part in parts if part}))


def flags_of(value: object) -> str | None:
    """Flags as normalised text ("" for none), or None when the value is not text labels."""
    kind = kind_of(value)
    if kind is ValueKind.MISSING:
        return ""
    if kind is ValueKind.TEXT:
        return normalised_flags([str(value)])
    if kind is ValueKind.LIST:
        items = plain(value)
        if all(isinstance(item, str) for item in items):
            return normalised_flags(items)
    return None


def iso_time(moment: datetime) -> str:
    """An instant as ISO 8601 UTC, `YYYY-MM-DDTHH:MM:SSZ`, with a fraction only when non-zero.

    The fraction is given to the microsecond with trailing zeros dropped (`...:05.25Z`).
    """
    utc = moment.astimezone(UTC)
    text = (
        f"{utc.year:04d}-{utc.month:02d}-{utc.day:02d}"
        f"T{utc.hour:02d}:{utc.minute:02d}:{utc.second:02d}"
    )
    if utc.microsecond:
        text += f".{utc.microsecond:06d}".rstrip("0")
    return text + "Z"
