"""Intervals: durations, and at most K at the same time.

What they mean and how a breach is worded is `kinds/duration.py` and `kinds/concurrency.py`;
this decides when. Both keep each activity as an `Interval`: the record that stands for it (the
earliest start, then time, then id) and the one reporting its earliest end, as the batch engine
groups them (`batch/intervals.py`).

- A duration is judged once the watermark has passed the moment it was due: completed in time,
  late (once the watermark has passed the late end's record too), or missing. A missing end is
  reported then, and again, with the same finding id, if a late end turns up afterwards.
- An activity is judged against those under way with it once the watermark has passed its
  start (every activity starting before it has arrived); over the limit, its finding waits for
  the overlap's window: until the watermark has passed the earliest end reported among them,
  or the end of input, when the overlap is still open as of then.

Decided activities are forgotten once nothing of them is newer than the retention horizon;
an activity with no end reported is still under way, for the batch engine as here, and is kept
for as long as that lasts.

What may still change a decision is counted as a late effect (`machines/base.py`): an end
reported, after the activity was judged, that makes it in time or no longer under way; a record
that starts an activity earlier than its record judged.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import Hashable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from verify.engines.stream.clock import Clock, Expiry
from verify.engines.stream.codec import Decoder, Encoder, pair, text
from verify.engines.stream.machines.base import Machine
from verify.engines.stream.records import Rec, cite
from verify.kinds import concurrency as concurrency_kind
from verify.kinds import duration as duration_kind
from verify.model.breach import Breach
from verify.model.obligation import Concurrency, Duration

Key = tuple[str, str]
OPEN, MISSING, WAITING, DONE = "open", "missing", "waiting", "done"
STATUSES = {status: status for status in (OPEN, MISSING, WAITING, DONE)}


def key_of(rec: Rec) -> Key:
    """An activity's key: its party and activity key, or (for a record without one) its id."""
    return (rec.party, rec.activity) if rec.activity is not None else ("", rec.id)


@dataclass
class Interval:
    """One activity: the record standing for it, and the one reporting its earliest end."""

    stand: Rec
    end: Rec | None = None

    @property
    def start(self) -> datetime:
        """When the activity started."""
        return self.stand.anchor

    @property
    def ends(self) -> datetime | None:
        """When the activity ended, if reported."""
        return None if self.end is None else self.end.end

    def add(self, rec: Rec) -> tuple[bool, bool]:
        """Take one more record of the activity: whether it now stands for it, and whether it
        reports an earlier end."""
        stands = (rec.anchor, rec.time, rec.id) < (
            self.stand.anchor,
            self.stand.time,
            self.stand.id,
        )
        if stands:
            self.stand = rec
        ends = rec.end is not None and (
            self.end is None
            or (rec.end, rec.time, rec.id) < (self.ends, self.end.time, self.end.id)
        )
        if ends:
            self.end = rec
        return stands, ends

    def empty(self) -> bool:
        """Whether the activity takes no time (an end not after its start)."""
        ends = self.ends
        return ends is not None and ends <= self.start


@dataclass
class IntervalState:
    """Activities by key, each one's status, and the expiry queue."""

    intervals: dict[Key, Interval] = field(default_factory=dict)
    status: dict[Key, str] = field(default_factory=dict)
    cited: dict[Key, list[Key]] = field(default_factory=dict)
    expiry: Expiry[Key] = field(default_factory=Expiry)


class IntervalMachine(Machine):
    """What the duration and concurrency machines share: activities as intervals."""

    state: IntervalState

    def new_state(self) -> IntervalState:
        """No activity yet."""
        return IntervalState()

    def _take(self, rec: Rec) -> tuple[Key, Interval, bool, bool]:
        """Add a record to its activity: the key, the interval, whether the record now stands
        for it (or opened it), and whether it reports an earlier end."""
        key = key_of(rec)
        interval = self.state.intervals.get(key)
        if interval is None:
            interval = Interval(rec, rec if rec.end is not None else None)
            self.state.intervals[key] = interval
            self.state.status[key] = OPEN
            stands, ends = True, rec.end is not None
        else:
            stands, ends = interval.add(rec)
        self.state.expiry.touch(max(rec.time, rec.anchor, rec.end or rec.time), key)
        return key, interval, stands, ends

    def close(self, clock: Clock) -> list[Breach]:
        """Decide every activity not decided yet, in order of start."""
        pending = [k for k, s in self.state.status.items() if s in (OPEN, WAITING, MISSING)]
        keys = sorted(pending, key=lambda k: self._order(k))
        return self.decide_each(keys, clock)

    def _order(self, key: Key) -> tuple[datetime, str]:
        stand = self.state.intervals[key].stand
        return (stand.anchor, stand.id)

    def size(self) -> int:
        """Activities kept."""
        return len(self.state.intervals)

    def sweep(self, horizon: datetime, watermark: datetime) -> None:
        """Forget decided activities nobody has reported on since the horizon."""
        self.state.expiry.expire(horizon, lambda key: self._forget(key, horizon))

    def _forget(self, key: Key, horizon: datetime) -> None:
        interval = self.state.intervals.get(key)
        if interval is None:
            return
        if not self._may_forget(key, interval, horizon):
            if self.state.status[key] in (MISSING, DONE):
                self.state.expiry.touch(horizon, key)  # looked at again at a later sweep
            return
        del self.state.intervals[key]
        del self.state.status[key]
        self.state.cited.pop(key, None)

    def _may_forget(self, key: Key, interval: Interval, horizon: datetime) -> bool:
        """Whether a decided activity may go: no record of it since the horizon."""
        ended = interval.end.time if interval.end is not None else interval.start
        last = max(interval.stand.time, interval.start, ended)
        return self.state.status[key] in (MISSING, DONE) and last < horizon

    def dump(self, out: Encoder) -> Any:
        """Activities (key, standing record, end record, status, keys cited), the expiry."""
        state = self.state
        return {
            "intervals": [
                [
                    first,
                    second,
                    out.rec(interval.stand),
                    out.maybe_rec(interval.end),
                    state.status[(first, second)],
                    [list(k) for k in state.cited.get((first, second), [])],
                ]
                for (first, second), interval in state.intervals.items()
            ],
            "expiry": out.expiry(state.expiry),
        }

    def load(self, data: Any, saved: Decoder) -> None:
        """Read back what `dump` wrote."""
        state = IntervalState(expiry=saved.expiry(data["expiry"], pair))
        for first, second, stand, end, status, cited in data["intervals"]:
            key = (text(first), text(second))
            state.intervals[key] = Interval(saved.rec(stand), saved.maybe_rec(end))
            state.status[key] = STATUSES[status]
            if cited:
                state.cited[key] = [pair(k) for k in cited]
        self.state = state
        self._rebuild()

    def _rebuild(self) -> None:
        """Derived indexes, after `load`."""


class DurationMachine(IntervalMachine):
    """`Duration`: each activity completed within its time."""

    obligation: Duration

    def observe(self, rec: Rec, roles: frozenset[str], clock: Clock) -> list[Breach]:
        """A record opens an activity, moves its start, or reports its end."""
        status = self.state.status.get(key_of(rec))
        key, interval, stands, ends = self._take(rec)
        if status in (MISSING, DONE) and stands:
            clock.note_late_effect()  # the activity starts earlier than the record judged
        if status == DONE:
            if ends:
                clock.note_late_effect()  # an earlier end after the activity was judged
            return []
        if stands:
            self.schedule(clock, duration_kind.due_moment(self.obligation, interval.start), key)
        if ends:
            self.schedule(clock, rec.time, key)
        return []

    def decide(self, key: Hashable, clock: Clock) -> list[Breach]:
        """Judge one activity as far as the watermark allows."""
        assert isinstance(key, tuple)
        interval = self.state.intervals.get(key)
        status = self.state.status.get(key)
        if interval is None or status == DONE:
            return []
        due = duration_kind.due_moment(self.obligation, interval.start)
        ends = interval.ends
        if ends is not None and interval.end is not None:
            if ends <= due:
                if status == MISSING:
                    clock.note_late_effect()  # reported missing, then completed in time
                self.state.status[key] = DONE
                return []
            ready = max(due, interval.end.time)
            if not clock.passed(ready):
                self.schedule(clock, ready, key)
                return []
            self.state.status[key] = DONE
            return [self._breach(interval, interval.end, clock)]
        if status == MISSING or clock.still_ahead(due):
            return []
        if not clock.passed(due):
            self.schedule(clock, due, key)
            return []
        self.state.status[key] = MISSING
        return [self._breach(interval, None, clock)]

    def _breach(self, interval: Interval, end: Rec | None, clock: Clock) -> Breach:
        as_of = clock.latest or interval.stand.time
        completion = cite(end) if end is not None else None
        return duration_kind.breach(self.obligation, cite(interval.stand), completion, as_of)


class ConcurrencyMachine(IntervalMachine):
    """`Concurrency`: each activity against those of its group under way when it starts."""

    obligation: Concurrency

    def new_state(self) -> IntervalState:
        """No activity yet (and no group)."""
        self.groups: dict[str, list[tuple[datetime, str, Key]]] = {}
        self.involved: dict[Key, set[Key]] = {}
        return IntervalState()

    def _group(self, interval: Interval) -> str:
        stand = interval.stand
        return str(stand.counterparty if self.obligation.per == "counterparty" else stand.party)

    def _entry(self, key: Key, interval: Interval) -> tuple[datetime, str, Key]:
        return (interval.start, interval.stand.id, key)

    def _rebuild(self) -> None:
        self.groups = {}
        self.involved = {}
        for key, interval in self.state.intervals.items():
            insort(self.groups.setdefault(self._group(interval), []), self._entry(key, interval))
        for key, cited in self.state.cited.items():
            for other in cited:
                self.involved.setdefault(other, set()).add(key)

    def observe(self, rec: Rec, roles: frozenset[str], clock: Clock) -> list[Breach]:
        """A record opens an activity, moves its start, or reports its end."""
        known = self.state.intervals.get(key_of(rec))
        before = None if known is None else (self._group(known), self._entry(key_of(rec), known))
        key, interval, stands, ends = self._take(rec)
        status = self.state.status[key]
        if stands:
            if before is not None:
                self._unlist(*before)
            group = self.groups.setdefault(self._group(interval), [])
            insort(group, self._entry(key, interval))
            if status != OPEN:
                clock.note_late_effect()  # the activity starts earlier than the record judged
            elif clock.passed(interval.start) and self._judged_after(group, interval.start):
                clock.note_late_effect()  # it was under way when later ones were judged
            self.schedule(clock, interval.start, key)
        if ends:
            for waiting in sorted(self.involved.get(key, set()) | {key}):
                if waiting not in self.state.intervals:
                    continue
                if interval.ends is not None and interval.ends <= self._start(waiting):
                    clock.note_late_effect()  # no longer under way when `waiting` started
                if self.state.status.get(waiting) == WAITING:
                    self.schedule(clock, rec.time, waiting)
        return []

    def _unlist(self, group: str, entry: tuple[datetime, str, Key]) -> None:
        entries = self.groups.get(group, [])
        at = bisect_left(entries, entry)
        if at < len(entries) and entries[at] == entry:
            del entries[at]

    def _judged_after(self, group: list[tuple[datetime, str, Key]], start: datetime) -> bool:
        later = group[bisect_left(group, (start,)) :]
        return any(self.state.status.get(k) != OPEN for _, _, k in later)

    def _start(self, key: Key) -> datetime:
        return self.state.intervals[key].start

    def decide(self, key: Hashable, clock: Clock) -> list[Breach]:
        """Count what is under way at an activity's start; report an overlap once its window
        is known."""
        assert isinstance(key, tuple)
        interval = self.state.intervals.get(key)
        status = self.state.status.get(key)
        if interval is None or status == DONE:
            return []
        if status == OPEN:
            if not clock.passed(interval.start):
                self.schedule(clock, interval.start, key)
                return []
            under_way = self._under_way(key, interval)
            if interval.empty() or len(under_way) + 1 <= self.obligation.limit:
                self.state.status[key] = DONE
                return []
            self.state.status[key] = WAITING
            self.state.cited[key] = under_way
            for other in under_way:
                self.involved.setdefault(other, set()).add(key)
        return self._report(key, interval, clock)

    def _under_way(self, key: Key, interval: Interval) -> list[Key]:
        """The activities of the group before this one (by start, then id) still under way at
        its start, in that order."""
        group = self.groups.get(self._group(interval), [])
        at = bisect_left(group, self._entry(key, interval))
        start = interval.start
        found: list[Key] = []
        for _, _, other in group[:at]:
            ends = self.state.intervals[other].ends
            if not self.state.intervals[other].empty() and (ends is None or ends > start):
                found.append(other)
        return found

    def _report(self, key: Key, interval: Interval, clock: Clock) -> list[Breach]:
        cited = [k for k in self.state.cited.get(key, []) if k in self.state.intervals]
        overlap = [interval, *(self.state.intervals[k] for k in cited)]
        ended = [i for i in overlap if i.ends is not None and i.end is not None]
        first = min(ended, key=lambda i: (i.ends, i.stand.anchor, i.stand.id), default=None)
        if first is None or first.ends is None:
            if not clock.closing:
                return []  # no end yet: wait for one, or for the end of input
            overlap_end = clock.as_of or interval.start
        else:
            overlap_end = first.ends
            if not clock.passed(overlap_end):
                self.schedule(clock, overlap_end, key)
                return []
        self.state.status[key] = DONE
        for other in cited:
            self.involved.get(other, set()).discard(key)
        others = tuple(
            cite(self.state.intervals[cited[i]].stand)
            for i in concurrency_kind.cited_others(len(cited))
        )
        return [
            concurrency_kind.breach(
                self.obligation,
                cite(interval.stand),
                others,
                len(cited) + 1,
                overlap_end,
                first is not None,
                sum(1 for k in cited if self._unreported(self.state.intervals[k], overlap_end)),
            )
        ]

    @staticmethod
    def _unreported(interval: Interval, moment: datetime) -> bool:
        """Whether no end of the activity had been reported by `moment`."""
        return interval.end is None or interval.end.time > moment

    def _may_forget(self, key: Key, interval: Interval, horizon: datetime) -> bool:
        ends = interval.ends
        if ends is None or not ends < horizon or self.involved.get(key):
            return False
        if not super()._may_forget(key, interval, horizon):
            return False
        self._unlist(self._group(interval), self._entry(key, interval))
        return True
