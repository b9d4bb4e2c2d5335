"""The stream engine's settings, apart from the engine: `verify check` and the API's defaults
name them without importing durable_rules and the machines."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

#: How long the engine waits, in event time, for records out of order before it decides.
DEFAULT_LATENESS = timedelta(hours=1)


@dataclass(frozen=True)
class Settings:
    """How long to wait for records out of order, and how long correlated state is remembered.

    `lateness` is how long the engine waits, in event time, before it decides: a record that
    comes later than that is kept all the same, and what it changes is corrected.

    `retention` defaults, for each obligation, to its longest deadline (a notice's lead time,
    an answer's delay; for a calendar due by a day of the year before, up to the end of the next
    year) but at least `MIN_RETENTION`, plus the lateness: notices given earlier than due and
    answers given late are still matched within it. Ids are remembered (to reject duplicates)
    for `MIN_RETENTION` plus the lateness. Counts over calendar years keep their own window
    whatever the retention. A given `retention` applies to all of them.
    """

    lateness: timedelta = DEFAULT_LATENESS
    retention: timedelta | None = None
