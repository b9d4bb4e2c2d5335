"""What every obligation's state machine offers the engine, and the state they share.

A machine is told about each record that plays one of its obligation's roles (the Rete matcher
decides which), keeps what it must remember in a plain `state` object (written as data for a
checkpoint by `dump`, read back by `load`: see `codec.py`), and returns `Breach`es once they
are decided. It decides on event time only: through the `Clock`, it asks to be called back
once the watermark has passed a moment, and at the end of input it is closed, deciding what is
left as the batch engine would at the latest event time.

What "decided" means is the batch engine's verdict at any later `as_of`: a machine reports a
breach only once no record that may still arrive (one no older than the watermark) could change
it. Two exceptions: a missing answer or notice is reported when its deadline passes and
reported again, with the same finding id, if the late answer turns up afterwards (the later
record supersedes the earlier); and a follow-up observation that first makes an activity count
towards a frequency limit, its start behind the watermark, has the activities judged after it
judged again (a new finding, or the same finding id with its new count). Three kinds of record
can still change a decision already made; the engine counts them (`Clock.late_effects`) rather
than pretend otherwise (a record behind the watermark is none of them: the engine decides again
what it touches, `corrections.py`):

- a record whose `start` is already behind the watermark when it arrives, where it would change
  which record stands for an activity (a follow-up observation with the same start as the
  activity's first record but a smaller id, say: the batch engine breaks ties in start by id),
  or, for an activity already judged on a late notice, any record that starts it earlier;
- a declaration of an activity that arrives after an observation of it was judged;
- a record correlated with state older than the retention horizon, which has been forgotten
  (a notice or declaration is kept until its activity has started, then for the retention).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Hashable, Iterable, Sequence
from datetime import datetime
from typing import Any, ClassVar

from verify.engines.stream.clock import Clock
from verify.engines.stream.codec import Decoder, Encoder, plain_key, unplain_key
from verify.engines.stream.records import Rec
from verify.model.breach import Breach
from verify.model.obligation import Obligation
from verify.model.treaty import TreatyMeta


class Machine(ABC):
    """The event-time state machine of one obligation.

    `order_free`: whether the machine decides the same whatever the order records come in, a
    record behind the watermark included (a prohibition judges each record alone; a ceiling
    keeps the latest holding by time). Such a machine simply takes a late record; any other is
    decided again from a mark before the late record's place (`corrections.py`), which only
    needs what a checkpoint does already: `dump`, `load`, `dump_key`, `load_key`.
    """

    order_free: ClassVar[bool] = False

    def __init__(self, index: int, obligation: Obligation, meta: TreatyMeta) -> None:
        self.index = index
        self.obligation = obligation
        self.meta = meta
        self.state: Any = self.new_state()

    @abstractmethod
    def new_state(self) -> Any:
        """The empty state: plain containers (that `dump` writes and `load` reads back)."""

    @abstractmethod
    def observe(self, rec: Rec, roles: frozenset[str], clock: Clock) -> list[Breach]:
        """Take a record that plays `roles`; return what it decides at once."""

    def prepare(self, recs: Sequence[Rec]) -> None:
        """Before a batch is observed, record by record: the batch's records that play a role
        here, for work that is cheaper done for many records at once."""
        return

    def decide(self, key: Hashable, clock: Clock) -> list[Breach]:
        """The watermark has passed a moment scheduled for `key`: decide what can be."""
        return []

    def close(self, clock: Clock) -> list[Breach]:
        """End of input: decide everything still open, as the batch engine at `clock.as_of`."""
        return []

    def decide_each(self, keys: Iterable[Hashable], clock: Clock) -> list[Breach]:
        """`decide` each key in turn (all taken before the first is decided), what they decide
        in that order: how a machine closes what it still holds open."""
        found: list[Breach] = []
        for key in list(keys):
            found.extend(self.decide(key, clock))
        return found

    def standing(self, clock: Clock) -> list[Breach]:
        """For a stream with no end: what `close` alone would decide, as it stands at the
        latest event time, changing nothing (an episode above a ceiling still open)."""
        return []

    def sweep(self, horizon: datetime, watermark: datetime) -> None:
        """Forget state that only records older than `horizon` (the watermark less the
        retention) could still need; counts of periods the watermark has left may go too."""
        return

    def size(self) -> int:
        """How many entries the state holds (open subjects, indexed answers, counts)."""
        return 0

    def dump(self, out: Encoder) -> Any:
        """The state as JSON data, each record a reference (`codec.py`); None for a machine
        without state. A machine with state says how it is written."""
        if self.state is not None:
            raise NotImplementedError(f"{type(self).__name__} does not say how to write its state")
        return None

    def load(self, data: Any, saved: Decoder) -> None:
        """Read back the state `dump` wrote (a `StateError` where it is malformed)."""
        if data is not None:
            raise ValueError(f"{type(self).__name__} keeps no state, but some was saved")
        self.state = self.new_state()

    def dump_key(self, key: Hashable, out: Encoder) -> Any:
        """A key this machine scheduled, as JSON data (text and integers as they are)."""
        return plain_key(key)

    def load_key(self, data: Any, saved: Decoder) -> Hashable:
        """The key `dump_key` wrote."""
        return unplain_key(data)

    def schedule(self, clock: Clock, moment: datetime, key: Hashable) -> None:
        """Ask to `decide(key)` once the watermark has passed `moment`."""
        clock.schedule(self.index, moment, key)
