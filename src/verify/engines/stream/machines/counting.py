"""Frequency limits: at most so many activities per party within some calendar years.

What it means and how a breach is worded is `kinds/frequency.py`; this decides when. Counting over a
calendar-year window is an aggregation durable_rules cannot express (it matches records, it does
not count them per party and period, let alone in event time), so the count lives here, fed by
the records the matcher says are covered. Each party's activities are kept sorted by start (then
id), one per activity key (the earliest start); an activity is judged once the
watermark has passed its start, when every activity that starts before it has arrived. A
follow-up observation may yet make an activity count that starts behind the watermark; the
activities judged after it are judged again where it puts them over the limit.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import Hashable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, cast

from verify.engines.stream.clock import Clock, Expiry
from verify.engines.stream.codec import Decoder, Encoder, pair, text
from verify.engines.stream.machines.base import Machine
from verify.engines.stream.records import Rec, cite
from verify.kinds import frequency as frequency_kind
from verify.model.breach import Breach
from verify.model.calendar import window_start
from verify.model.obligation import Frequency

Entry = tuple[datetime, str, Rec]


@dataclass
class FrequencyState:
    """Counted activities per party, which record stands for each activity key, what is open."""

    parties: dict[str, list[Entry]] = field(default_factory=dict)
    keys: dict[tuple[str, str], tuple[datetime, str, datetime]] = field(default_factory=dict)
    open: set[tuple[str, datetime, str]] = field(default_factory=set)
    floor: datetime | None = None
    expiry: Expiry[tuple[str, str]] = field(default_factory=Expiry)


class FrequencyMachine(Machine):
    """`Frequency` on event time (an activity's start)."""

    obligation: Frequency
    state: FrequencyState

    def new_state(self) -> FrequencyState:
        """Nothing counted yet."""
        return FrequencyState()

    def window_start(self, anchor: datetime) -> datetime:
        """When the counting window that ends with the activity begins."""
        return window_start(frequency_kind.window(self.obligation), anchor)

    def observe(self, rec: Rec, roles: frozenset[str], clock: Clock) -> list[Breach]:
        """Count a covered activity (once per activity key, by its earliest start)."""
        state = self.state
        anchor = rec.anchor
        entries = state.parties.setdefault(rec.party, [])
        activity = rec.activity
        if activity is not None:
            key = (rec.party, activity)
            known = state.keys.get(key)
            keep = max(anchor, rec.time)
            if known is not None and not (anchor, rec.id) < (known[0], known[1]):
                state.keys[key] = (known[0], known[1], max(known[2], keep))
                state.expiry.touch(keep, key)
                return []
            if known is not None:
                self._uncount(rec.party, known[0], known[1], clock)
            state.keys[key] = (anchor, rec.id, keep)
            state.expiry.touch(keep, key)
        insort(entries, (anchor, rec.id, rec))
        state.open.add((rec.party, anchor, rec.id))
        self.schedule(clock, anchor, (rec.party, anchor, rec.id))
        return self._recount(entries, rec, clock) if clock.passed(anchor) else []

    def _uncount(self, party: str, anchor: datetime, record_id: str, clock: Clock) -> None:
        """An activity turned out to start earlier: its former record no longer counts."""
        entries = self.state.parties.get(party, [])
        at = bisect_left(entries, (anchor, record_id))
        if at < len(entries) and entries[at][1] == record_id:
            del entries[at]
        if (party, anchor, record_id) not in self.state.open:
            clock.note_late_effect()  # the former record was judged already
        self.state.open.discard((party, anchor, record_id))

    def _recount(self, entries: list[Entry], rec: Rec, clock: Clock) -> list[Breach]:
        """A record starting behind the watermark counts before activities judged already:
        each of them after it (by start, then id) in a window that holds its start and now over
        the limit is judged again, a new finding or the same one with its new count. Where it
        needs activities already forgotten, it is a late effect."""
        anchor, floor = rec.anchor, self.state.floor
        if floor is not None and self.window_start(anchor) < floor:
            clock.note_late_effect()
            return []
        mark = clock.watermark
        found: list[Breach] = []
        for at in range(bisect_left(entries, (anchor, rec.id)) + 1, len(entries)):
            later, record_id, _ = entries[at]
            start_of_window = self.window_start(later)
            if mark is None or not later < mark or anchor < start_of_window:
                break  # this activity and those after it are open still, or count apart
            if (rec.party, later, record_id) in self.state.open:
                continue  # to be judged with this record in place
            count = at - bisect_left(entries, (start_of_window,)) + 1
            if count > self.obligation.limit:
                found.append(self._breach(entries, at, count, start_of_window))
        return found

    def decide(self, key: Hashable, clock: Clock) -> list[Breach]:
        """Judge one activity once every activity starting before it has arrived."""
        assert isinstance(key, tuple)
        party, anchor, record_id = key
        if key not in self.state.open:
            return []
        if not clock.passed(anchor):
            self.schedule(clock, anchor, key)
            return []
        self.state.open.discard(key)
        entries = self.state.parties[party]
        at = bisect_left(entries, (anchor, record_id))
        start_of_window = self.window_start(anchor)
        first = bisect_left(entries, (start_of_window,))
        count = at - first + 1
        if count <= self.obligation.limit:
            return []
        return [self._breach(entries, at, count, start_of_window)]

    def close(self, clock: Clock) -> list[Breach]:
        """Judge every activity not judged yet."""
        keys = sorted(self.state.open, key=lambda k: (k[1], k[2]))
        return self.decide_each(keys, clock)

    def sweep(self, horizon: datetime, watermark: datetime) -> None:
        """Forget activities before any window still to be judged, and old activity keys."""
        floor = self.window_start(watermark)
        self.state.floor = floor
        for party, entries in list(self.state.parties.items()):
            # Activities still open start at or after the watermark, so in windows from `floor`.
            del entries[: bisect_left(entries, (floor,))]
            if not entries:
                del self.state.parties[party]
        self.state.expiry.expire(horizon, lambda key: self._forget(key, horizon))

    def _forget(self, key: tuple[str, str], horizon: datetime) -> None:
        known = self.state.keys.get(key)
        if known is not None and known[2] < horizon:
            del self.state.keys[key]

    def size(self) -> int:
        """Counted activities and remembered activity keys."""
        return sum(len(e) for e in self.state.parties.values()) + len(self.state.keys)

    def dump(self, out: Encoder) -> Any:
        """Counted activities by party (each entry is its record's anchor, id and itself: the
        record alone is written), activity keys, open activities, the floor, the expiry."""
        state = self.state
        return {
            "parties": [
                [party, out.recs(rec for _, _, rec in entries)]
                for party, entries in state.parties.items()
            ],
            "keys": [
                [party, activity, out.time(anchor), record_id, out.time(keep)]
                for (party, activity), (anchor, record_id, keep) in state.keys.items()
            ],
            "open": [self.dump_key(key, out) for key in sorted(state.open)],
            "floor": out.maybe_time(state.floor),
            "expiry": out.expiry(state.expiry),
        }

    def load(self, data: Any, saved: Decoder) -> None:
        """Read back what `dump` wrote."""
        self.state = FrequencyState(
            parties={
                text(party): [(rec.anchor, rec.id, rec) for rec in saved.recs(refs)]
                for party, refs in data["parties"]
            },
            keys={
                pair((party, activity)): (saved.time(anchor), text(record_id), saved.time(keep))
                for party, activity, anchor, record_id, keep in data["keys"]
            },
            open={self.load_key(key, saved) for key in data["open"]},
            floor=saved.maybe_time(data["floor"]),
            expiry=saved.expiry(data["expiry"], pair),
        )

    def dump_key(self, key: Hashable, out: Encoder) -> Any:
        """An activity's key: party, anchor (a time) and record id."""
        party, anchor, record_id = cast(tuple[str, datetime, str], key)
        return [party, out.time(anchor), record_id]

    def load_key(self, data: Any, saved: Decoder) -> tuple[str, datetime, str]:
        """The key `dump_key` wrote."""
        party, anchor, record_id = data
        return text(party), saved.time(anchor), text(record_id)

    def _breach(self, entries: list[Entry], at: int, count: int, start: datetime) -> Breach:
        earlier = tuple(cite(entries[p][2]) for p in frequency_kind.earlier_cited(at, count))
        return frequency_kind.breach(self.obligation, cite(entries[at][2]), earlier, count, start)
