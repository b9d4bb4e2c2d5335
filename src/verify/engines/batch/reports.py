"""Periodic reports in pandas (`kinds/periodic_report.py`): for every owing party and every
reporting period the feed watched, the party's earliest report after the period opened.

The grid of parties by periods is small (a few periods a year); each party's earliest report
after each opening, and its last report before it, are found with `merge_asof`, column-wise.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import pandas as pd

from verify.engines.batch.frame import Cited, records, role_rows, timestamp
from verify.kinds import periodic_report as report_kind
from verify.kinds.periodic_report import Slot
from verify.model.breach import Breach
from verify.model.obligation import PeriodicReport


def periodic_report(
    obligation: PeriodicReport,
    frame: pd.DataFrame,
    as_of: datetime,
    include_pending: bool,
    parties: tuple[str, ...],
) -> Iterator[Breach]:
    """Each owing party's report missing or late for each period the feed watched."""
    reports = role_rows(obligation, frame, parties)["report"]
    if reports.empty:
        return
    reports = reports.sort_values(["time", "id"], kind="stable")
    slots = report_kind.slots(obligation, timestamp(reports["time"].min()), as_of)
    debtors = obligation.scope.parties or parties or tuple(sorted(reports["party"].unique()))
    if not slots:
        return
    if obligation.at_least is not None:
        yield from _counted(obligation, frame, reports, slots, debtors, as_of, include_pending)
        return
    grid = pd.DataFrame(
        [(party, number) for party in debtors for number in range(len(slots))],
        columns=["party", "_slot"],
    )
    grid["party"] = grid["party"].astype(reports["party"].dtype)
    unit = reports["time"].dtype
    grid["_opens"] = pd.Series([slots[n].opens for n in grid["_slot"]], dtype=unit)
    grid["_due"] = pd.Series([slots[n].due for n in grid["_slot"]], dtype=unit)
    grid["_start"] = pd.Series([slots[n].start for n in grid["_slot"]], dtype=unit)
    grid = grid.sort_values("_opens", kind="stable")
    found = pd.DataFrame(
        {"party": reports["party"], "_time": reports["time"], "_index": reports.index}
    )
    after = pd.merge_asof(
        grid,
        found,
        left_on="_opens",
        right_on="_time",
        by="party",
        direction="forward",
        allow_exact_matches=False,
    )
    before = pd.merge_asof(
        grid,
        found.rename(columns={"_time": "_last_time", "_index": "_last_index"}),
        left_on="_opens",
        right_on="_last_time",
        by="party",
        direction="backward",
        allow_exact_matches=True,
    )
    after["_last_index"] = before["_last_index"].to_numpy()
    missing = after["_time"].isna()
    overdue = after["_due"] <= pd.Timestamp(as_of)
    late = (after["_time"] > after["_due"]).fillna(False)
    begun = after["_start"] <= pd.Timestamp(as_of)
    chosen = (missing & overdue) | late | (missing & ~overdue & begun & include_pending)
    selected = after[chosen].sort_values(["_slot", "party"], kind="stable")
    cited = Cited(frame, [*selected["_index"].dropna(), *selected["_last_index"].dropna()])
    for row in records(selected, ["_slot", "_time", "_index", "_last_index", "party"]):
        slot: Slot = slots[int(row["_slot"])]
        report = None if pd.isna(row["_time"]) else cited.cite(row["_index"])
        last = None
        if report is None and not pd.isna(row["_last_index"]):
            last = cited.cite(row["_last_index"])
        yield report_kind.breach(obligation, str(row["party"]), slot, report, last, as_of)


def _counted(
    obligation: PeriodicReport,
    frame: pd.DataFrame,
    reports: pd.DataFrame,
    slots: list[Slot],
    debtors: tuple[str, ...],
    as_of: datetime,
    include_pending: bool,
) -> Iterator[Breach]:
    """Each period's records counted, per party or pooled, with one `searchsorted` per pool."""
    least = obligation.at_least
    assert least is not None
    unit = reports["time"].dtype
    opens = pd.Series([s.opens for s in slots], dtype=unit)
    due = pd.Series([s.due for s in slots], dtype=unit)
    begun = (pd.Series([s.start for s in slots], dtype=unit) <= pd.Timestamp(as_of)).to_numpy()
    overdue = (due <= pd.Timestamp(as_of)).to_numpy()
    pools = {party: reports[reports["party"] == party] for party in debtors}
    if obligation.together:
        pooled = reports[reports["party"].isin(list(debtors))]
        pools = dict.fromkeys(debtors, pooled)
    rows: list[tuple[int, str, pd.DataFrame, int, int]] = []
    for party, pool in pools.items():
        low = pool["time"].searchsorted(opens, side="right")
        high = pool["time"].searchsorted(due, side="right")
        short = (high - low) < least
        chosen = short & (overdue | (begun & include_pending))
        rows.extend((int(n), party, pool, int(low[n]), int(high[n])) for n in chosen.nonzero()[0])
    rows.sort(key=lambda row: (row[0], row[1]))
    wanted = [i for _, _, pool, lo, hi in rows for i in pool.index[max(lo - 1, 0) : hi]]
    cited = Cited(frame, wanted)
    for number, party, pool, lo, hi in rows:
        found = tuple(cited.cite(i) for i in pool.index[lo:hi])
        last = cited.cite(pool.index[lo - 1]) if not found and lo > 0 else None
        slot = slots[number]
        yield report_kind.short(obligation, party, slot, found, last, as_of)
