"""Event time: the watermark, the agenda of moments the watermark must pass, and expiry queues.

The watermark is the latest event time seen less the allowed lateness. It says "every record
with an earlier event time has arrived": a record older than the watermark is too late (the
engine rejects it), and a state machine may decide anything that depends only on records before
the watermark. A machine that must wait (for a deadline to pass, for the earliest answer to be
known for sure) puts the moment on the agenda; the engine calls it back once the watermark has
passed that moment. At the end of input (`closing`) every wait ends: nothing more can arrive,
and the machines decide as the batch engine does at `as_of`: the latest event time, or a later
moment the engine was closed at (`advance`d to, as if a record of that time had arrived).
"""

from __future__ import annotations

import heapq
from collections import deque
from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Generic, TypeVar

from verify.model.calendar import shift

K = TypeVar("K", bound=Hashable)


@dataclass
class Clock:
    """Event time as far as the stream has got, and what is waiting for it.

    All of it is plain data, checkpointed with the machines' state.
    """

    lateness: timedelta
    latest: datetime | None = None
    closing: bool = False
    agenda: list[tuple[datetime, int, int, Hashable]] = field(default_factory=list)
    waiting: set[tuple[datetime, int, Hashable]] = field(default_factory=set)
    late_effects: int = 0
    scheduled: int = 0

    def __post_init__(self) -> None:
        #: The watermark worked out last, and the latest event time it was worked out from (it
        #: is asked for several times a record, and changes only with the latest time). Not a
        #: field: nothing of the clock's state, only a shortcut to it.
        self._marked: tuple[datetime | None, datetime | None] = (None, None)

    @property
    def watermark(self) -> datetime | None:
        """The latest event time less the lateness; None before the first record."""
        latest = self.latest
        marked_for, mark = self._marked
        if marked_for is latest:
            return mark
        mark = None if latest is None else shift(latest, -self.lateness)
        self._marked = (latest, mark)
        return mark

    @property
    def as_of(self) -> datetime | None:
        """The moment the batch engine would judge at: the latest event time (or the later
        moment the stream was closed at)."""
        return self.latest

    def passed(self, moment: datetime) -> bool:
        """Whether every record up to `moment` has arrived (always, once closing)."""
        if self.closing:
            return True
        mark = self.watermark
        return mark is not None and moment < mark

    def still_ahead(self, moment: datetime) -> bool:
        """At the end of input, whether `moment` lies after the latest event time (a deadline
        the batch engine would not judge yet)."""
        return self.closing and (self.latest is None or moment > self.latest)

    def advance(self, moment: datetime) -> None:
        """Note a record's event time."""
        if self.latest is None or moment > self.latest:
            self.latest = moment

    def schedule(self, machine: int, moment: datetime, key: Hashable) -> None:
        """Call machine `machine` back about `key` once the watermark has passed `moment`
        (once, however often it is asked)."""
        item = (moment, machine, key)
        if item in self.waiting:
            return
        self.waiting.add(item)
        self.scheduled += 1
        heapq.heappush(self.agenda, (moment, self.scheduled, machine, key))

    def any_due(self) -> bool:
        """Whether the watermark has passed the earliest agenda item's moment (`due`)."""
        return bool(self.agenda) and self.passed(self.agenda[0][0])

    def due(self) -> Iterator[tuple[int, Hashable]]:
        """Pop the agenda items whose moment the watermark has passed, earliest first."""
        while self.any_due():
            moment, _, machine, key = heapq.heappop(self.agenda)
            self.waiting.discard((moment, machine, key))
            yield machine, key

    def clear(self) -> None:
        """Drop the agenda (at the end of input, when every machine decides everything)."""
        self.agenda.clear()
        self.waiting.clear()

    def note_late_effect(self) -> None:
        """Count a record that would have changed a decision already made (`machines/base`)."""
        self.late_effects += 1


@dataclass
class Expiry(Generic[K]):
    """Keys by the moment their state may be forgotten, to forget what is older than a horizon.

    A heap, because the moments are not in arrival order: a notice is kept until the activity it
    announces starts, which may be months after the notice arrives. A key may be queued several
    times: `forget` is called for each, and the owner checks whether the state under the key is
    really older than the horizon (it may have been touched again since).

    Keys that come in the order of their moments (the recent ids, by the latest event time: one
    a record) go to `run`, a queue already in order, at a fraction of a heap's cost; the rest to
    the heap. Keys are forgotten in the order of (moment, touch) across both, as from one heap.
    """

    heap: list[tuple[datetime, int, K]] = field(default_factory=list)
    count: int = 0
    run: deque[tuple[datetime, int, K]] = field(default_factory=deque)

    def touch(self, moment: datetime, key: K) -> None:
        """Queue `key` to be looked at once the horizon passes `moment`."""
        self.count += 1
        run = self.run
        if not run or moment >= run[-1][0]:
            run.append((moment, self.count, key))
        else:
            heapq.heappush(self.heap, (moment, self.count, key))

    def expire(self, horizon: datetime, forget: Callable[[K], object]) -> None:
        """Call `forget(key)` for each queued key whose moment is older than the horizon."""
        heap, run, pop, take = self.heap, self.run, heapq.heappop, self.run.popleft
        while True:
            if heap and heap[0][0] < horizon:
                forget((take() if run and run[0][:2] < heap[0][:2] else pop(heap))[2])
            elif run and run[0][0] < horizon:
                forget(take()[2])
            else:
                return

    def __len__(self) -> int:
        return len(self.heap) + len(self.run)
