"""Periodic reports on event time: what they mean and how a breach is worded is
`kinds/periodic_report.py`; this decides when.

The first covered report opens the watch: the period whose report window holds it is the first
judged, and each period judged schedules the next. A period is decided once the watermark has
passed its due moment (every report up to it has arrived): a party without a report since the
period opened is reported missing then, and again, with the same finding id, as late when its
next report turns up (once the watermark has passed that report's time, no earlier one can).
Each party's reports are kept for the retention, and always its latest before the horizon
(a missing report's finding cites the party's last report before the period). A counted report
(`at_least`) is judged the same way, when its period is due: its records are counted, and no
later one is awaited.
"""

from __future__ import annotations

from bisect import bisect_right, insort
from collections.abc import Hashable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from verify.engines.stream.clock import Clock
from verify.engines.stream.codec import Decoder, Encoder, text
from verify.engines.stream.machines.base import Machine
from verify.engines.stream.records import Rec, cite
from verify.kinds import periodic_report as report_kind
from verify.kinds.periodic_report import Slot
from verify.model.breach import Breach
from verify.model.obligation import PeriodicReport

Entry = tuple[datetime, str, Rec]


@dataclass
class ReportState:
    """Reports by party, the earliest report seen, periods still to judge, and the parties'
    periods reported missing (awaiting a late report)."""

    reports: dict[str, list[Entry]] = field(default_factory=dict)
    first: datetime | None = None
    open: set[str] = field(default_factory=set)
    missing: set[tuple[str, str]] = field(default_factory=set)


class ReportMachine(Machine):
    """`PeriodicReport` on event time."""

    obligation: PeriodicReport
    state: ReportState

    def new_state(self) -> ReportState:
        """Nothing seen yet."""
        return ReportState()

    def _slot(self, key: str) -> Slot:
        return report_kind.slot_at(self.obligation, datetime.fromisoformat(key))

    def _open(self, slot: Slot, clock: Clock) -> None:
        self.state.open.add(slot.key)
        self.schedule(clock, slot.due, ("slot", slot.key))

    def observe(self, rec: Rec, roles: frozenset[str], clock: Clock) -> list[Breach]:
        """Keep a report; the earliest opens the watch; a report may be a missing one, late."""
        state = self.state
        insort(state.reports.setdefault(rec.party, []), (rec.time, rec.id, rec))
        if state.first is None or rec.time < state.first:
            state.first = rec.time
            slot = report_kind.first_slot(self.obligation, rec.time)
            if slot is not None:
                self._open(slot, clock)
        for party, key in sorted(state.missing):
            if party == rec.party:
                self.schedule(clock, rec.time, ("late", party, key))
        return []

    def _debtors(self) -> tuple[str, ...]:
        scope = self.obligation.scope.parties
        declared = tuple(p.code for p in self.meta.parties)
        return scope or declared or tuple(sorted(self.state.reports))

    def _after(self, party: str, moment: datetime) -> Rec | None:
        entries = self.state.reports.get(party, [])
        at = bisect_right(entries, (moment, "\U0010ffff"))
        return entries[at][2] if at < len(entries) else None

    def _last(self, party: str, moment: datetime) -> Rec | None:
        entries = self.state.reports.get(party, [])
        at = bisect_right(entries, (moment, "\U0010ffff"))
        return entries[at - 1][2] if at > 0 else None

    def decide(self, key: Hashable, clock: Clock) -> list[Breach]:
        """Judge a period once its due moment has passed, or a missing report found late."""
        assert isinstance(key, tuple)
        if key[0] == "late":
            return self._late(str(key[1]), str(key[2]), clock)
        slot_key = str(key[1])
        if slot_key not in self.state.open:
            return []
        slot = self._slot(slot_key)
        if clock.still_ahead(slot.due):
            return []  # the batch engine would call it pending: nothing to say yet
        if not clock.passed(slot.due):
            self.schedule(clock, slot.due, key)
            return []
        self.state.open.discard(slot_key)
        as_of = clock.as_of or slot.due
        found: list[Breach] = []
        if self.obligation.at_least is not None:
            found.extend(self._count(slot, as_of))
        for party in () if self.obligation.at_least is not None else self._debtors():
            report = self._after(party, slot.opens)
            if report is not None and report.time <= slot.due:
                continue
            if report is not None and clock.passed(report.time):
                found.append(
                    report_kind.breach(self.obligation, party, slot, cite(report), None, as_of)
                )
                continue
            last = self._last(party, slot.opens)
            cited = cite(last) if last is not None else None
            found.append(report_kind.breach(self.obligation, party, slot, None, cited, as_of))
            self.state.missing.add((party, slot_key))
            if report is not None:
                self.schedule(clock, report.time, ("late", party, slot_key))
        following = report_kind.following(self.obligation, slot)
        if following is not None:
            self._open(following, clock)
        return found

    def _count(self, slot: Slot, as_of: datetime) -> list[Breach]:
        """Each owing party short of the period's records (its own, or all the parties')."""
        least = self.obligation.at_least
        assert least is not None
        debtors = self._debtors()
        pooled = sorted(entry for party in debtors for entry in self.state.reports.get(party, []))
        found: list[Breach] = []
        for party in debtors:
            entries = pooled if self.obligation.together else self.state.reports.get(party, [])
            low = bisect_right(entries, (slot.opens, "\U0010ffff"))
            high = bisect_right(entries, (slot.due, "\U0010ffff"))
            if high - low >= least:
                continue
            records = tuple(cite(rec) for _, _, rec in entries[low:high])
            last = cite(entries[low - 1][2]) if not records and low > 0 else None
            found.append(report_kind.short(self.obligation, party, slot, records, last, as_of))
        return found

    def _late(self, party: str, slot_key: str, clock: Clock) -> list[Breach]:
        if (party, slot_key) not in self.state.missing:
            return []
        slot = self._slot(slot_key)
        report = self._after(party, slot.opens)
        if report is None or not clock.passed(report.time):
            return []
        self.state.missing.discard((party, slot_key))
        as_of = clock.as_of or report.time
        return [report_kind.breach(self.obligation, party, slot, cite(report), None, as_of)]

    def close(self, clock: Clock) -> list[Breach]:
        """Judge every period due by the latest event time, and every late report."""
        found: list[Breach] = []
        while self.state.open:
            before = set(self.state.open)
            for slot_key in sorted(before):
                found.extend(self.decide(("slot", slot_key), clock))
            if self.state.open >= before:
                break  # only periods still ahead are left
        for party, slot_key in sorted(self.state.missing):
            found.extend(self._late(party, slot_key, clock))
        return found

    def sweep(self, horizon: datetime, watermark: datetime) -> None:
        """Forget reports before the horizon (but each party's latest), and missing periods
        whose due moment is before it."""
        for entries in self.state.reports.values():
            at = bisect_right(entries, (horizon,))
            del entries[: max(0, at - 1)]
        self.state.missing = {
            (party, key) for party, key in self.state.missing if self._slot(key).due >= horizon
        }

    def size(self) -> int:
        """Kept reports, periods to judge and missing reports."""
        state = self.state
        return sum(len(e) for e in state.reports.values()) + len(state.open) + len(state.missing)

    def dump(self, out: Encoder) -> Any:
        """Reports by party (the records alone), the first report's time, open periods and
        missing reports."""
        state = self.state
        return {
            "reports": [
                [party, out.recs(rec for _, _, rec in entries)]
                for party, entries in state.reports.items()
            ],
            "first": out.maybe_time(state.first),
            "open": sorted(state.open),
            "missing": [list(pair) for pair in sorted(state.missing)],
        }

    def load(self, data: Any, saved: Decoder) -> None:
        """Read back what `dump` wrote."""
        self.state = ReportState(
            reports={
                text(party): [(rec.time, rec.id, rec) for rec in saved.recs(refs)]
                for party, refs in data["reports"]
            },
            first=saved.maybe_time(data["first"]),
            open={text(key) for key in data["open"]},
            missing={(text(party), text(key)) for party, key in data["missing"]},
        )
