"""Instants as the contract writes them: UTC, ISO 8601, to the second."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import lru_cache


def as_utc(moment: datetime) -> datetime:
    """The same instant in UTC; a naive time (the contract rejects them) is taken as UTC."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


#: How many formatted times `format_time` remembers: a run writes the same few instants (the
#: records' times, their windows and deadlines) many times over, a dozen per finding.
FORMATTED_TIMES = 1 << 16


@lru_cache(maxsize=FORMATTED_TIMES)
def format_time(moment: datetime) -> str:
    """A time as ISO 8601 UTC to the second: `YYYY-MM-DDTHH:MM:SSZ` (remembered: equal instants
    give equal texts, whatever their time zones)."""
    utc = as_utc(moment)
    if utc.year < 1000:  # `%Y` does not pad years before 1000; keep its exact output there
        return utc.strftime("%Y-%m-%dT%H:%M:%SZ")
    day = f"{utc.year}-{utc.month:02d}-{utc.day:02d}"
    return f"{day}T{utc.hour:02d}:{utc.minute:02d}:{utc.second:02d}Z"
