"""Findings counted from drawn schedules, for `bench/generate.py` (bench/ is not a package).

Some rules judge a record against others of its party: a ceiling judged over time (each
episode above the limit), a quota per treaty year (the rank of a request within its year), at
most K activities at once (how many are under way when one starts), a periodic report (the
first report after each period opens, or the records counted in each period). Their findings
cannot be counted record by record while drawing; these functions count them from the
schedule drawn, with the rule's own reading (the feature files' Background and the kinds'
modules under src/verify/kinds/), plain numpy.

Times are epoch seconds throughout.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise
from typing import Any

import numpy as np
import numpy.typing as npt

Array = npt.NDArray[Any]


def ceiling_episodes(
    party: Array, time: Array, ids: Array, value: Array, limit: float, until: int | None = None
) -> int:
    """Episodes above a ceiling judged over time (`kinds/ceiling.py`): per party, holdings in
    order of time then id; an episode starts at a holding above `limit` whose predecessor was
    not. Only episodes that start before `until` (the treaty's end) are findings."""
    episodes = 0
    for member in np.unique(party):
        mine = np.flatnonzero(party == member)
        order = mine[np.lexsort((ids[mine].astype(str), time[mine]))]
        above = value[order] > limit
        starts = above & ~np.concatenate(([False], above[:-1]))
        if until is not None:
            starts &= time[order] < until
        episodes += int(starts.sum())
    return episodes


def treaty_year_ranks(addressee: Array, time: Array, month: int, day: int) -> Array:
    """The rank (1, 2, ...) of each request among those to the same addressee in its treaty
    year (running from `month`/`day`), in order of time (the times of one addressee are
    distinct)."""
    moments = np.asarray(time, dtype=np.int64).astype("datetime64[s]")
    years = moments.astype("datetime64[Y]").astype(np.int64) + 1970
    anniversary = np.array(
        [np.datetime64(f"{y}-{month:02d}-{day:02d}", "s") for y in years], dtype="datetime64[s]"
    )
    treaty_year = years - (moments < anniversary)
    ranks = np.zeros(len(time), dtype=np.int64)
    for member in np.unique(addressee):
        for year in np.unique(treaty_year[addressee == member]):
            rows = np.flatnonzero((addressee == member) & (treaty_year == year))
            ranks[rows[np.argsort(time[rows], kind="stable")]] = np.arange(1, len(rows) + 1)
    return ranks


def over_concurrency(party: Array, start: Array, end: Array, limit: int) -> int:
    """Activities that start while `limit` or more of their party's are under way
    (`kinds/concurrency.py`): in order of start, the activity and those before it, less those
    ended at or before its start (one ending as it starts does not overlap it), number more
    than `limit`. Ties in start give the same number whichever order they are taken in."""
    caught = 0
    for member in np.unique(party):
        mine = party == member
        starts, ends = np.sort(start[mine]), np.sort(end[mine])
        under_way = np.arange(1, len(starts) + 1) - np.searchsorted(ends, starts, side="right")
        caught += int(np.sum(under_way > limit))
    return caught


def missed_reports(
    reports: dict[str, Sequence[int]],
    parties: Sequence[str],
    dues: Sequence[int],
    as_of: int,
    until: int | None = None,
) -> int:
    """Periodic reports missing or late (`kinds/periodic_report.py`): period k opens when
    period k-1 was due (`dues[k-1]`, exclusive) and its report, a party's first one after it
    opens, is due by `dues[k]`. Periods are judged from the first due at or after the
    earliest report of any party; a report missing by a due moment at or before `as_of`, or
    sent after it, is a finding when due before `until` (the treaty's end). Every party in
    `parties` owes a report, whether or not it ever sent one; no report at all, no finding."""
    sent = [t for times in reports.values() for t in times]
    if not sent:
        return 0
    earliest = min(sent)
    missed = 0
    for opens, due in pairwise(dues):
        if due < earliest or opens >= as_of or (until is not None and due >= until):
            continue
        for party in parties:
            after = [t for t in reports.get(party, ()) if t > opens]
            first = min(after) if after else None
            if (first is None and due <= as_of) or (first is not None and first > due):
                missed += 1
    return missed


def short_periods(
    reports: dict[str, Sequence[int]],
    parties: Sequence[str],
    dues: Sequence[int],
    least: int,
    as_of: int,
    until: int | None = None,
    together: bool = False,
) -> int:
    """Counted periodic reports falling short (`kinds/periodic_report.py`, `at least N`):
    period k opens when period k-1 was due (`dues[k-1]`, exclusive) and holds the records up
    to `dues[k]` (the end of its last day, inclusive). Periods are judged from the first due
    at or after the earliest record of any party; a period ended at or before `as_of` with
    fewer than `least` records is a finding when due before `until` (the treaty's end), one
    for each party in `parties` (those still running are pending: not counted). From each
    party, each party's records are counted; `together`, every owing party's are pooled and a
    shortfall is a finding against each of them. No record at all, no finding."""
    sent = [t for times in reports.values() for t in times]
    if not sent:
        return 0
    earliest = min(sent)
    pooled = [t for party in parties for t in reports.get(party, ())]
    short = 0
    for opens, due in pairwise(dues):
        if due < earliest or opens >= as_of or due > as_of:
            continue
        if until is not None and due >= until:
            continue
        for party in parties:
            mine = pooled if together else list(reports.get(party, ()))
            if sum(1 for t in mine if opens < t <= due) < least:
                short += 1
    return short
