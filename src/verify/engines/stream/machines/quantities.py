"""Quantities: ceilings on the latest holding, declared against observed, outright prohibitions.

The stream twins of `batch/quantities.py`, with the same wording.

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
from typing import cast

from verify.engines.breach import Breach
from verify.engines.stream.clock import Clock, Expiry
from verify.engines.stream.machines.base import Machine
from verify.engines.stream.records import Rec, cite, flags_text, met_comparisons
from verify.engines.wording import amount, condition_text, when
from verify.model.finding import TrailStep, Window
from verify.model.obligation import Ceiling, DeclaredObserved, Prohibition


class ProhibitionMachine(Machine):
    """`Prohibition`: every covered record is a breach."""

    obligation: Prohibition

    def new_state(self) -> None:
        """No state at all."""
        return

    def observe(self, rec: Rec, roles: frozenset[str], clock: Clock) -> list[Breach]:
        """The record itself is the breach."""
        obligation = self.obligation
        obs = rec
        at = rec.time
        measured = met_comparisons(rec, obligation.scope.condition)
        flags = f"; flagged {flags_text(rec)}" if obs.flags else ""
        return [
            Breach(
                obligation=obligation,
                party=obs.party,
                subject=(obs.id,),
                cited=(cite(rec, f"the prohibited {obs.kind}"),),
                trail=(
                    TrailStep(
                        step=f"prohibited {obligation.scope.activity_noun}",
                        measured=f"{obs.kind} {obs.id} at {when(at)}: {measured}{flags}",
                        required="no "
                        + condition_text(obligation.scope.condition).replace(
                            "always", f"{obs.kind} of this kind"
                        ),
                        holds=False,
                    ),
                ),
                summary=(
                    f"{obs.party} carried out a prohibited {obs.kind} ({obs.id}) on"
                    f" {when(at)[:10]}: {measured} ({obligation.article})."
                ),
                window=Window(start=at, end=at),
                at=at,
            )
        ]


class CeilingMachine(Machine):
    """`Ceiling`: the latest holding per party (and zone), judged at the end of input."""

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

    def _breach(self, rec: Rec, as_of: datetime) -> Breach:
        obligation = self.obligation
        obs = rec
        value = float(rec.quantity(obligation.quantity) or 0.0)
        at = rec.time
        zone = obs.zone if obligation.per_zone else None
        where = f" in zone {zone}" if zone is not None else ""
        return Breach(
            obligation=obligation,
            party=obs.party,
            subject=(obs.id,),
            cited=(cite(rec, f"the latest {obligation.quantity} reported{where}"),),
            trail=(
                TrailStep(
                    step="latest holding",
                    measured=f"{obligation.quantity} {amount(value)} in {obs.kind} {obs.id}"
                    f" of {when(at)}{where}",
                    required=f"at most {amount(obligation.limit)}",
                    holds=False,
                ),
            ),
            summary=(
                f"{obs.party} held {amount(value)} {obligation.quantity}{where} as of"
                f" {when(at)[:10]}, above the limit of {amount(obligation.limit)}"
                f" ({obligation.article})."
            ),
            window=Window(start=at, end=max(at, as_of)),
            at=at,
            zone=zone,
        )


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
        activity = self.state.activities.setdefault(key, Declared())
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
        tolerance, threshold = self.obligation.tolerance_percent, self.obligation.threshold
        breaking = []
        for rec in activity.observations:
            seen = float(rec.quantity(self.obligation.quantity) or 0.0)
            if (tolerance is not None and seen > stated * (1 + tolerance / 100)) or (
                threshold is not None and seen >= threshold and stated < threshold
            ):
                breaking.append(rec)
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
        found: list[Breach] = []
        for key in list(self.state.activities):
            found.extend(self.decide(key, clock))
        return found

    def sweep(self, horizon: datetime, watermark: datetime) -> None:
        """Forget activities nobody has reported on since the horizon."""

        def forget(key: tuple[str, str]) -> None:
            activity = self.state.activities.get(key)
            until = activity.keep_until if activity is not None else None
            if until is not None and until < horizon:
                del self.state.activities[key]

        self.state.expiry.expire(horizon, forget)

    def size(self) -> int:
        """Activities and their observations kept."""
        return sum(1 + len(a.observations) for a in self.state.activities.values())

    def _breach(self, observed: Rec, declared: Rec) -> Breach:
        obligation = self.obligation
        quantity = obligation.quantity
        seen = float(observed.quantity(quantity) or 0.0)
        stated = float(declared.quantity(quantity) or 0.0)
        at = observed.time
        requirements = []
        if obligation.tolerance_percent is not None:
            requirements.append(
                f"at most {amount(obligation.tolerance_percent)}% above the declared"
                f" {amount(stated)}"
            )
        if obligation.threshold is not None:
            requirements.append(
                f"below {amount(obligation.threshold)} as declared, or declared at or above it"
            )
        return Breach(
            obligation=obligation,
            party=observed.party,
            subject=(observed.id,),
            cited=(
                cite(observed, f"the observation of {quantity}"),
                cite(declared, "the declaration it contradicts"),
            ),
            trail=(
                TrailStep(
                    step=f"observed against declared {quantity}",
                    measured=f"observed {amount(seen)} in {observed.id}; declared {amount(stated)}"
                    f" in {declared.id}",
                    required="; or ".join(requirements),
                    holds=False,
                ),
            ),
            summary=(
                f"{observed.party} declared {amount(stated)} {quantity} for activity"
                f" {observed.activity} but {amount(seen)} were observed on {when(at)[:10]}"
                f" ({obligation.article})."
            ),
            window=Window(start=declared.time, end=at),
            at=at,
        )
