"""Records that arrive behind the watermark: kept, and whatever they change decided again.

The engine decides on event time: once the watermark (the latest event time less the
lateness) has passed a moment, it takes every record before that moment to have arrived. A
record that arrives later than that is not turned away. It is taken as if it had arrived at
the last moment it still could have, just before the record that moved the watermark past
its time (then no record after it would have been late either, and the clock runs as it ran):
that is its place in the *log*, the accepted records in the order the engine takes them to
have arrived. Every machine it plays a role for, unless the machine's decisions do not depend
on the order of records (`Machine.order_free`), is decided again from a *mark* before that
place: the machine's state as it was there (with its waits on the agenda), and the log from
there on, run through it as the engine runs records. What the machine decides there takes the
place of what it had decided there (`history.py`); a finding that no longer holds is retracted,
one that changed is reported in its new form, a new one reported.

So, whatever the arrival order, the machines' states and the last report of every finding id
are those of a run in which no record came late (sweeps aside: a replay does not forget state,
the next sweep does), and at the end of input `verify check`'s at the latest event time, but
for the late effects `machines/base.py` lists. What it costs: the log holds every accepted
record for the retention of ids (`MIN_RETENTION` plus the lateness, or `--retention`), and the
marks a compressed copy of the machines' state every so many records (at least `MARK_EVERY`,
and `MARK_RATIO` times as many as the state had entries, so that marking costs no more per
record however large the state); each late record costs a replay of the machines it touches,
from their last mark. A record older than the oldest mark (behind the watermark by more than
the retention) cannot be placed: it is rejected, as it was before.
"""

from __future__ import annotations

import base64
import heapq
import zlib
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, NamedTuple

from verify.engines.stream import codec
from verify.engines.stream.clock import Clock
from verify.engines.stream.history import History
from verify.engines.stream.machines import Machine
from verify.engines.stream.records import Rec
from verify.garbage import no_collections
from verify.model.breach import Breach
from verify.model.calendar import shift

#: Accepted records between two marks at least, and how many per entry of the state marked
#: (a mark costs about as much as taking this many records per entry).
MARK_EVERY, MARK_RATIO = 1024, 2
#: The roles a record plays: (machine, its roles there), machines in order.
Roles = tuple[tuple[int, frozenset[str]], ...]
#: What a correction says: the last report of a finding id before it, and after it.
Change = tuple[Breach | None, Breach | None]


class Captured(NamedTuple):
    """One machine's state at a mark: compressed JSON that refers to records by `seq`, and
    the records it refers to, shared with the engine (not encoded: a record never changes,
    and most are still in the log or the machines' state)."""

    blob: bytes
    recs: tuple[Rec, ...]


@dataclass
class Mark:
    """The order-dependent machines' state before log position `position`: per machine its
    state and its waits (`Captured`)."""

    position: int
    latest: datetime | None
    scheduled: int
    states: dict[int, Captured] = field(default_factory=dict)
    late: dict[int, int] = field(default_factory=dict)


def capture(machine: Machine, clock: Clock) -> Captured:
    """A machine's state and its items on the clock's agenda, compressed, with the records
    they refer to."""
    out = codec.Encoder()
    index = machine.index
    data = {
        "state": machine.dump(out),
        "agenda": [
            [out.time(moment), n, machine.dump_key(key, out)]
            for moment, n, at, key in clock.agenda
            if at == index
        ],
    }
    return Captured(zlib.compress(codec.compact(data), codec.LEVEL), out.referred())


def restore(machine: Machine, captured: Captured, clock: Clock, known: dict[int, Rec]) -> None:
    """Put back a machine's state from `capture`, its waits onto `clock`'s agenda. A mark read
    from a snapshot of format version 2 holds its records in its blob: those still in the log
    are shared with it (`known`, by seq)."""
    what = "a mark of the stream engine's state"
    data = codec.unpack(captured.blob, what)
    with codec.decoding(what), no_collections():
        table = data.get("records")
        if table is not None:
            saved = codec.Decoder(table, known)
        else:
            saved = codec.Decoder.sharing(captured.recs)
        machine.load(data["state"], saved)
        for moment, n, key in data["agenda"]:
            at, waits = saved.time(moment), machine.load_key(key, saved)
            clock.agenda.append((at, codec.integer(n), machine.index, waits))
            clock.waiting.add((at, machine.index, waits))
    heapq.heapify(clock.agenda)


class Corrections:
    """The log of accepted records, the marks into it, and what each machine reported."""

    def __init__(self, machines: Sequence[Machine], lateness: timedelta) -> None:
        self.machines = machines
        self.lateness = lateness
        self.base = 0  # the log position of `recs[0]`
        self.recs: list[Rec] = []
        self.roles: list[Roles] = []
        self.who: list[tuple[int, ...]] = []  # the machines each record plays a role for
        #: The machines of each combination of roles met (a feed has few).
        self._machines: dict[Roles, tuple[int, ...]] = {}
        self.latests: list[datetime] = []  # the latest event time once each record was taken
        self.by_seq: dict[int, Rec] = {}
        self.marks: list[Mark] = []
        self.history = History(len(machines))
        self.late = [0] * len(machines)  # late effects, per machine
        self.since_mark = 0
        self.spacing = MARK_EVERY
        self.corrected = 0

    @property
    def end(self) -> int:
        """The log position after the last record."""
        return self.base + len(self.recs)

    def append(self, rec: Rec, roles: Roles, latest: datetime) -> int:
        """Log a record taken in arrival order; its position."""
        self.recs.append(rec)
        self.roles.append(roles)
        who = self._machines.get(roles)
        if who is None:
            who = self._machines[roles] = tuple(m for m, _ in roles)
        self.who.append(who)
        self.latests.append(latest)
        self.by_seq[rec.seq] = rec
        self.since_mark += 1
        return self.end - 1

    def reaches(self, moment: datetime) -> bool:
        """Whether a record of this time can still be placed (a mark lies before its place)."""
        reach = self.reach()
        return reach is None or reach <= moment

    def reach(self) -> datetime | None:
        """The earliest time a record can have and still be placed (None: any)."""
        latest = self.marks[0].latest if self.marks else None
        return None if latest is None else shift(latest, -self.lateness)

    def mark_due(self) -> bool:
        """Whether enough records have been taken since the last mark (or there is none) to mark
        again: `MARK_EVERY`, and at least `MARK_RATIO` times as many as the state marked last
        had entries."""
        return not self.marks or self.since_mark >= self.spacing

    def mark(self, clock: Clock) -> None:
        """Mark the order-dependent machines' state here, if one is due (`mark_due`)."""
        if not self.mark_due():
            return
        mark = Mark(self.end, clock.latest, clock.scheduled)
        entries = 0
        for machine in self.machines:
            if not machine.order_free:
                mark.states[machine.index] = capture(machine, clock)
                mark.late[machine.index] = self.late[machine.index]
                entries += machine.size()
        self.spacing = max(MARK_EVERY, MARK_RATIO * entries)
        if self.marks and self.marks[-1].position == mark.position:
            self.marks[-1] = mark
        else:
            self.marks.append(mark)
        self.since_mark = 0

    def forget(self, horizon: datetime) -> None:
        """Keep only the marks a record no older than `horizon` may need, and the log since."""
        reach = shift(horizon, self.lateness)
        keep = 0
        for at, mark in enumerate(self.marks):
            if mark.latest is None or mark.latest <= reach:
                keep = at
        del self.marks[:keep]
        if not self.marks:
            return
        drop = self.marks[0].position - self.base
        for rec in self.recs[:drop]:
            self.by_seq.pop(rec.seq, None)
        del self.recs[:drop], self.roles[:drop], self.who[:drop], self.latests[:drop]
        self.base += drop
        self.history.forget(self.base)

    def correct(self, late: Sequence[tuple[Rec, Roles]], clock: Clock) -> list[tuple[int, Change]]:
        """Place late records in the log and decide again what they touch; the changes to
        what was reported, each with its machine."""
        places: list[int] = []
        for rec, roles in sorted(late, key=lambda item: item[0].time):
            # Before the first record that took the watermark past its time.
            at = bisect_right(self.latests, shift(rec.time, self.lateness))
            before = self.latests[at - 1] if at else None
            places.append(self.base + at)
            self.recs.insert(at, rec)
            self.roles.insert(at, roles)
            self.who.insert(at, tuple(m for m, _ in roles))
            self.latests.insert(at, rec.time if before is None else max(before, rec.time))
            self.by_seq[rec.seq] = rec
        inserted = sorted(places)
        # Positions in the old numbering: each earlier insertion moved the later ones on.
        old = sorted(p - n for n, p in enumerate(inserted))
        self.history.shift(old)
        for mark in self.marks:
            mark.position += bisect_left(old, mark.position)
        self.corrected += len(late)
        starts: dict[int, int] = {}
        for rec, roles in late:
            place = self.base + self._index_of(rec)
            for machine, _ in roles:
                if not self.machines[machine].order_free:
                    starts[machine] = min(starts.get(machine, place), place)
        changes: list[tuple[int, Change]] = []
        for machine in sorted(starts):
            found = self._replay(self.machines[machine], starts[machine], clock)
            changes.extend((machine, change) for change in found)
        return changes

    def _index_of(self, rec: Rec) -> int:
        at = bisect_left(self.latests, rec.time)
        while self.recs[at] is not rec:
            at += 1
        return at

    def _replay(self, machine: Machine, place: int, clock: Clock) -> list[Change]:
        """Decide a machine again from the last mark at or before `place`: as the engine runs
        records, but visiting only the machine's own records and the moments its waits end
        (the first record that takes the watermark past each: `Clock.due` there)."""
        index, lateness, latests, base = machine.index, self.lateness, self.latests, self.base
        start = [mark for mark in self.marks if mark.position <= place][-1]
        later = [mark for mark in self.marks if mark.position > start.position]
        replay = Clock(lateness, latest=start.latest, scheduled=start.scheduled)
        restore(machine, start.states[index], replay, self.by_seq)
        first, end = start.position - base, len(self.recs)
        mine = [at for at in range(first, end) if index in self.who[at]]
        machine.prepare([self.recs[at] for at in mine])
        decided: list[tuple[int, Breach]] = []
        visit, at = 0, first
        while True:
            due = end
            if replay.agenda:
                due = bisect_right(latests, shift(replay.agenda[0][0], lateness), at, end)
            at = min(mine[visit] if visit < len(mine) else end, due)
            while later and later[0].position - base <= at:  # the state before that record
                mark = later.pop(0)
                if mark.position > base:
                    replay.latest = latests[mark.position - base - 1]
                mark.states[index] = capture(machine, replay)
                mark.late[index] = start.late[index] + replay.late_effects
                mark.scheduled = max(mark.scheduled, replay.scheduled)
            if at >= end:
                break
            replay.latest = latests[at]
            if visit < len(mine) and mine[visit] == at:
                rec = self.recs[at]
                for m, roles in self.roles[at]:
                    if m == index:
                        decided.extend((base + at, b) for b in machine.observe(rec, roles, replay))
                visit += 1
            for _, key in replay.due():
                decided.extend((base + at, b) for b in machine.decide(key, replay))
        self._adopt(index, replay, clock)
        late = start.late[index] + replay.late_effects
        clock.late_effects += late - self.late[index]
        self.late[index] = late
        return self.history.replace(index, start.position, decided)

    def _adopt(self, index: int, replay: Clock, clock: Clock) -> None:
        """The machine's waits are the replay's now: on the engine's agenda, after the rest."""
        items = [item for item in clock.agenda if item[2] != index]
        mine = sorted(replay.agenda)
        for moment, _, _, key in mine:
            clock.scheduled += 1
            items.append((moment, clock.scheduled, index, key))
        heapq.heapify(items)
        clock.agenda[:] = items
        clock.waiting = {(moment, at, key) for moment, _, at, key in items}

    def size(self) -> int:
        """Records logged and reports kept."""
        return len(self.recs) + self.history.size()

    def dump(self, out: codec.Encoder) -> Any:
        """The log (records, roles, latest times), the marks, the reports, the late effects."""
        return {
            "base": self.base,
            "log": [
                [out.rec(rec), out.time(latest), [[m, sorted(r)] for m, r in roles]]
                for rec, roles, latest in zip(self.recs, self.roles, self.latests, strict=True)
            ],
            "marks": [
                [
                    mark.position,
                    out.maybe_time(mark.latest),
                    mark.scheduled,
                    [
                        [m, mark.late[m], base64.b64encode(blob).decode("ascii"), out.recs(recs)]
                        for m, (blob, recs) in sorted(mark.states.items())
                    ],
                ]
                for mark in self.marks
            ],
            "history": self.history.dump(out),
            "late": self.late,
            "counts": [self.since_mark, self.spacing, self.corrected],
        }

    def load(self, data: Any, saved: codec.Decoder) -> None:
        """Read back what `dump` wrote."""
        self.base = codec.integer(data["base"])
        self.recs, self.roles, self.latests = [], [], []
        for ref, latest, roles in data["log"]:
            self.recs.append(saved.rec(ref))
            self.latests.append(saved.time(latest))
            self.roles.append(
                tuple((codec.integer(m), frozenset(codec.text(r) for r in rs)) for m, rs in roles)
            )
        self.who = [tuple(m for m, _ in roles) for roles in self.roles]
        if self.latests != sorted(self.latests):
            raise ValueError("the log's times are out of order")
        self.by_seq = {rec.seq: rec for rec in self.recs}
        self.marks = []
        for position, latest, scheduled, states in data["marks"]:
            mark = Mark(codec.integer(position), saved.maybe_time(latest), codec.integer(scheduled))
            for m, late, blob, *refs in states:  # version 2: no refs (the blob holds records)
                if len(refs) > 1:
                    raise ValueError(f"a mark's state of {len(refs) + 3} parts")
                recs = tuple(saved.recs(refs[0])) if refs else ()
                compressed = base64.b64decode(codec.text(blob), validate=True)
                mark.states[codec.integer(m)] = Captured(compressed, recs)
                mark.late[codec.integer(m)] = codec.integer(late)
            self.marks.append(mark)
        self.history.load(data["history"], [m.obligation for m in self.machines], saved)
        self.late = [codec.integer(n) for n in data["late"]]
        if len(self.late) != len(self.machines):
            raise ValueError(f"late effects of {len(self.late)} machines")
        self.since_mark, self.spacing, self.corrected = (codec.integer(n) for n in data["counts"])
