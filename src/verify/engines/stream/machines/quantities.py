"""Quantities: ceilings on the latest holding, declared against observed, outright prohibitions.

What they mean and how a breach is worded is `kinds/`; this decides when.

- A prohibited record is a breach the moment it arrives: nothing else bears on it.
- A ceiling is judged on each party's *latest* holding, which any later holding supersedes
  (the batch engine's window also runs to `as_of`), so it is decided only at the end of input;
  the state is one holding per party (and zone), however long the stream.
- Declared against observed pairs an activity's earliest observation (by time, then id) that
  breaks the declaration with its latest declaration. It is judged once the watermark has passed
  both, on the understanding that an activity is declared before it is observed; a declaration
  arriving for an activity already judged is counted as a late effect.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, cast

from verify.engines.stream.clock import Clock, Expiry
from verify.engines.stream.codec import Decoder, Encoder, pair, text
from verify.engines.stream.machines.base import Machine
from verify.engines.stream.records import Rec, cite
from verify.kinds import ceiling as ceiling_kind
from verify.kinds import declared_observed as declared_kind
from verify.kinds import prohibition as prohibition_kind
from verify.model.breach import Breach
from verify.model.obligation import Ceiling, DeclaredObserved, Prohibition


class ProhibitionMachine(Machine):
    """`Prohibition`: every covered record is a breach."""

    order_free = True

    obligation: Prohibition

    def new_state(self) -> None:
        """No state at all."""
        return

    def observe(self, rec: Rec, roles: frozenset[str], clock: Clock) -> list[Breach]:
        """The record itself is the breach."""
        return [prohibition_kind.breach(self.obligation, cite(rec))]


class CeilingMachine(Machine):
    """`Ceiling`: the latest holding per party (and zone), judged at the end of input."""

    order_free = True

    obligation: Ceiling
    state: dict[tuple[str, str | None], Rec]

    def new_state(self) -> dict[tuple[str, str | None], Rec]:
        """The latest holding by party (and zone)."""
        return {}

    def observe(self, rec: Rec, roles: frozenset[str], clock: Clock) -> list[Breach]:
        """Keep the holding if it is the latest of its party (and zone)."""
        key = (rec.party, rec.zone if self.obligation.per_zone else None)
        known = self.state.get(key)
        if known is None or known.order < rec.order:
            self.state[key] = rec
        return []

    def close(self, clock: Clock) -> list[Breach]:
        """Each latest holding above the limit, as at the latest event time."""
        return self.standing(clock)

    def standing(self, clock: Clock) -> list[Breach]:
        """Each latest holding above the limit, as at the latest event time."""
        as_of = clock.as_of
        if as_of is None:
            return []
        quantity, limit = self.obligation.quantity, self.obligation.limit
        return [
            self._breach(rec, as_of)
            for rec in self.state.values()
            if (rec.quantity(quantity) or 0.0) > limit
        ]

    def size(self) -> int:
        """Latest holdings kept."""
        return len(self.state)

    def dump(self, out: Encoder) -> Any:
        """The latest holdings: party, zone (or None) and record."""
        return [[party, zone, out.rec(rec)] for (party, zone), rec in self.state.items()]

    def load(self, data: Any, saved: Decoder) -> None:
        """Read back what `dump` wrote."""
        self.state = {
            (text(party), None if zone is None else text(zone)): saved.rec(ref)
            for party, zone, ref in data
        }

    def _breach(self, rec: Rec, as_of: datetime) -> Breach:
        return ceiling_kind.breach(self.obligation, cite(rec), as_of)


@dataclass
class Declared:
    """One activity: its latest declaration, its observations, whether it was judged."""

    declaration: Rec | None = None
    observations: list[Rec] = field(default_factory=list)
    judged: bool = False
    keep_until: datetime | None = None


@dataclass
class DeclaredState:
    """Activities by (party, activity key)."""

    activities: dict[tuple[str, str], Declared] = field(default_factory=dict)
    expiry: Expiry[tuple[str, str]] = field(default_factory=Expiry)


class DeclaredMachine(Machine):
    """`DeclaredObserved`: an activity's earliest observation beyond its latest declaration."""

    obligation: DeclaredObserved
    state: DeclaredState

    def new_state(self) -> DeclaredState:
        """No activity yet."""
        return DeclaredState()

    def observe(self, rec: Rec, roles: frozenset[str], clock: Clock) -> list[Breach]:
        """Index a declaration or an observation, and look for a breach to judge."""
        assert rec.activity is not None
        key = (rec.party, rec.activity)
        activity = self.state.activities.get(key)
        if activity is None:  # (not setdefault: a Declared built for every record)
            activity = self.state.activities[key] = Declared()
        keep = max(rec.time, rec.anchor)  # a declaration is kept until its activity starts
        activity.keep_until = max(activity.keep_until or keep, keep)
        self.state.expiry.touch(keep, key)
        if activity.judged:
            if "declared" in roles:
                clock.note_late_effect()  # a declaration after the activity was judged
            return []
        if "declared" in roles and (
            activity.declaration is None or activity.declaration.order < rec.order
        ):
            activity.declaration = rec
        if "observed" in roles:
            activity.observations.append(rec)
        self.schedule(clock, rec.time, key)
        return []

    def _first_breach(self, activity: Declared) -> Rec | None:
        declared = activity.declaration
        if declared is None:
            return None
        stated = float(declared.quantity(self.obligation.quantity) or 0.0)
        breaking = [
            rec
            for rec in activity.observations
            if declared_kind.breaks(
                self.obligation, float(rec.quantity(self.obligation.quantity) or 0.0), stated
            )
        ]
        return min(breaking, key=lambda rec: rec.order, default=None)

    def decide(self, key: Hashable, clock: Clock) -> list[Breach]:
        """Judge an activity once the watermark has passed its breaking observation and its
        declaration."""
        activity = self.state.activities.get(cast(tuple[str, str], key))
        if activity is None or activity.judged:
            return []
        observed = self._first_breach(activity)
        if observed is None or activity.declaration is None:
            return []
        ready = max(observed.time, activity.declaration.time)
        if not clock.passed(ready):
            self.schedule(clock, ready, key)
            return []
        activity.judged = True
        breach = self._breach(observed, activity.declaration)
        activity.observations = []
        return [breach]

    def close(self, clock: Clock) -> list[Breach]:
        """Judge every activity as at the latest event time."""
        return self.decide_each(self.state.activities, clock)

    def sweep(self, horizon: datetime, watermark: datetime) -> None:
        """Forget activities nobody has reported on since the horizon."""

        def forget(key: tuple[str, str]) -> None:
            activity = self.state.activities.get(key)
            until = activity.keep_until if activity is not None else None
            if until is not None and until < horizon:
                del self.state.activities[key]

        self.state.expiry.expire(horizon, forget)

    def dump(self, out: Encoder) -> Any:
        """Activities (key, declaration, observations, judged, kept until), and the expiry."""
        return {
            "activities": [
                [
                    party,
                    activity,
                    out.maybe_rec(a.declaration),
                    out.recs(a.observations),
                    a.judged,
                    out.maybe_time(a.keep_until),
                ]
                for (party, activity), a in self.state.activities.items()
            ],
            "expiry": out.expiry(self.state.expiry),
        }

    def load(self, data: Any, saved: Decoder) -> None:
        """Read back what `dump` wrote."""
        activities = {
            pair((party, activity)): Declared(
                saved.maybe_rec(declaration),
                saved.recs(observations),
                bool(judged),
                saved.maybe_time(keep_until),
            )
            for party, activity, declaration, observations, judged, keep_until in data["activities"]
        }
        self.state = DeclaredState(activities, saved.expiry(data["expiry"], pair))

    def size(self) -> int:
        """Activities and their observations kept."""
        return sum(1 + len(a.observations) for a in self.state.activities.values())

    def _breach(self, observed: Rec, declared: Rec) -> Breach:
        return declared_kind.breach(self.obligation, cite(observed), cite(declared))
