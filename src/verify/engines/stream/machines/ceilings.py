"""Ceilings judged over time: each episode above the limit, per party (and zone).

What an episode is, and how its breach is worded, is `kinds/ceiling.py`. Holdings are settled
in order (time, then id) once the watermark has passed them, since no record older than the
watermark can still arrive: a holding above the limit after one that was not opens an episode,
the next holding back at or under it closes it, and a closed episode is decided then (the batch
engine gives it, with the same window, at any later `as_of`). An episode still open at the end
of input is decided then, its window running to the latest event time; a stream with no end
(`verify watch --from redis://...`) reports it as it stands instead (`standing`), again each
time it has changed, until the holding that closes it is settled. The state is, per party
(and zone), the first holding of the open episode and the holdings the watermark has not passed.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, cast

from verify.engines.stream.clock import Clock
from verify.engines.stream.codec import Decoder, Encoder, text
from verify.engines.stream.machines.base import Machine
from verify.engines.stream.records import Rec, cite
from verify.kinds import ceiling as ceiling_kind
from verify.model.breach import Breach
from verify.model.obligation import Ceiling
from verify.model.treaty import TreatyMeta

Key = tuple[str, str | None]


@dataclass
class Holdings:
    """One party's (and zone's) open episode, if any, and holdings not yet settled."""

    opened: Rec | None = None
    pending: list[Rec] = field(default_factory=list)


class EpisodeMachine(Machine):
    """`Ceiling` judged over time: episodes above the limit, decided as they close."""

    obligation: Ceiling
    state: dict[Key, Holdings]

    def __init__(self, index: int, obligation: Ceiling, meta: TreatyMeta) -> None:
        super().__init__(index, obligation, meta)
        self.since: datetime | None = ceiling_kind.judged_from(obligation)

    def new_state(self) -> dict[Key, Holdings]:
        """No holding yet."""
        return {}

    def observe(self, rec: Rec, roles: frozenset[str], clock: Clock) -> list[Breach]:
        """Keep the holding until the watermark has passed it (one dated before the obligation
        applies is not judged)."""
        if self.since is not None and rec.time < self.since:
            return []
        key = (rec.party, rec.zone if self.obligation.per_zone else None)
        self.state.setdefault(key, Holdings()).pending.append(rec)
        self.schedule(clock, rec.time, key)
        return []

    def decide(self, key: Hashable, clock: Clock) -> list[Breach]:
        """Settle the holdings the watermark has passed; each episode they close is decided."""
        holdings = self.state.get(cast(Key, key))
        if holdings is None:
            return []
        settled = sorted((r for r in holdings.pending if clock.passed(r.time)), key=_order)
        if not settled:
            return []
        holdings.pending = [r for r in holdings.pending if not clock.passed(r.time)]
        found: list[Breach] = []
        quantity = self.obligation.quantity
        for rec in settled:
            above = bool(ceiling_kind.is_above(self.obligation, rec.quantity(quantity) or 0.0))
            if above and holdings.opened is None:
                holdings.opened = rec
            elif not above and holdings.opened is not None:
                found.append(self._breach(holdings.opened, rec, rec.time))
                holdings.opened = None
        if holdings.opened is None and not holdings.pending:
            del self.state[cast(Key, key)]
        return found

    def close(self, clock: Clock) -> list[Breach]:
        """Settle everything; each episode still open is decided as at the latest event time."""
        as_of = clock.as_of
        if as_of is None:
            return []
        found: list[Breach] = []
        for key in list(self.state):
            found.extend(self.decide(key, clock))
            holdings = self.state.get(key)
            if holdings is not None and holdings.opened is not None:
                found.append(self._breach(holdings.opened, None, as_of))
        return found

    def standing(self, clock: Clock) -> list[Breach]:
        """Each episode open at the watermark, as at the latest event time (what `close`
        would give, unless a holding the watermark has not passed yet ends it)."""
        as_of = clock.as_of
        if as_of is None:
            return []
        return [
            self._breach(h.opened, None, as_of) for h in self.state.values() if h.opened is not None
        ]

    def size(self) -> int:
        """Open episodes and unsettled holdings kept."""
        return sum((h.opened is not None) + len(h.pending) for h in self.state.values())

    def dump(self, out: Encoder) -> Any:
        """Per party and zone (or None): the open episode's first holding, and the unsettled."""
        return [
            [party, zone, out.maybe_rec(h.opened), out.recs(h.pending)]
            for (party, zone), h in self.state.items()
        ]

    def load(self, data: Any, saved: Decoder) -> None:
        """Read back what `dump` wrote."""
        self.state = {
            (text(party), None if zone is None else text(zone)): Holdings(
                saved.maybe_rec(opened), saved.recs(pending)
            )
            for party, zone, opened, pending in data
        }

    def _breach(self, first: Rec, back: Rec | None, as_of: datetime) -> Breach:
        closing = None if back is None else cite(back)
        return ceiling_kind.episode_breach(self.obligation, cite(first), closing, as_of)


def _order(rec: Rec) -> tuple[datetime, str]:
    return rec.order
