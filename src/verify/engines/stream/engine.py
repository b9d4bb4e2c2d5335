"""The stream engine: records in, in arrival order; findings out, the moment they are decided.

For each batch of raw records: admit each (the feed rules of the batch path, one record at a
time, duplicate ids included: `admission.py`), ask the Rete matcher which roles each record
plays (only records a pack's `Gate` admits, once per signature: see `roles.py`), hand each
record to the machines of its roles, and let the watermark call back every machine waiting for
a moment it has now passed. A record older than the watermark is kept too: the machines it
touches decide again as if it had come in time (`corrections.py`), and what that changes in
what was reported comes out as corrections. The engine yields breaches, each with its pack's
metadata; the findings stage turns them into findings as it does the batch engine's
(`verify.api.Watcher`). `close()` is the end of input: the machines decide what is left as the
batch engine would at the latest event time, or at a later `as_of`.

All state lives in `EngineState` (the clock with its agenda, the machines' states, the recent
ids) and `Corrections` (the log, its marks, what was reported): `snapshot()` writes it as data
(`state.py`, `codec.py`: JSON, each record once, compressed, behind a header with the packs'
fingerprint) and `StreamEngine(..., state=...)` resumes from that.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from verify.engines.stream.admission import Checked, Raw, admit, check_record, too_old_reason
from verify.engines.stream.clock import Clock
from verify.engines.stream.corrections import Corrections, Roles
from verify.engines.stream.machines import Machine, machine_for
from verify.engines.stream.matching import KNOWN_SIGNATURES, RoleFinder
from verify.engines.stream.records import Rec
from verify.engines.stream.settings import DEFAULT_LATENESS, Settings
from verify.engines.stream.share import Share
from verify.engines.stream.state import EngineState, restore, snapshot
from verify.errors import UsageError
from verify.feeds import FeedSchema, Reject
from verify.feeds.values import iso_time
from verify.kinds import longest_deadline
from verify.model.breach import Breach
from verify.model.calendar import shift
from verify.model.pack import Pack
from verify.model.treaty import TreatyMeta

__all__ = [
    "DEFAULT_LATENESS",
    "KNOWN_SIGNATURES",
    "MIN_RETENTION",
    "SWEEP_EVERY",
    "Checked",
    "Correction",
    "EngineState",
    "Raw",
    "Settings",
    "Step",
    "StreamEngine",
    "check_record",
    "fingerprint",
    "too_old_reason",
]

#: Accepted records between two sweeps of state older than the retention horizon.
SWEEP_EVERY = 1024
#: The shortest default retention: notices a few weeks early, answers weeks late still match.
MIN_RETENTION = timedelta(days=90)


#: A correction: breaches decided before it, the last report of an id, what takes its place.
Correction = tuple[int, Breach | None, Breach | None, TreatyMeta]


@dataclass
class Step:
    """What one batch of records gave: new breaches in the order decided, each with its
    pack's metadata; corrections (what late records changed: the breach reported last under
    an id, and the one that takes its place, None for none), each with the number of
    breaches decided before it; and rejects."""

    breaches: list[tuple[Breach, TreatyMeta]] = field(default_factory=list)
    corrections: list[Correction] = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)


def fingerprint(packs: Sequence[Pack], settings: Settings, share: Share | None = None) -> str:
    """What a checkpoint is only valid for: the compiled packs, the settings, and the share
    of the parties it judges (one partition of a consumer group's, or all).

    Not where each obligation was read from: a pack's feature paths are shown relative to the
    working directory of the process that first compiled it (and a compiled pack is cached),
    so the same pack would otherwise refuse its own checkpoint from another directory."""
    basis = {
        "packs": [
            {
                "meta": p.meta.model_dump(mode="json"),
                "obligations": [
                    o.model_dump(mode="json", exclude={"source"}) for o in p.obligations
                ],
            }
            for p in packs
        ],
        "lateness": settings.lateness.total_seconds(),
        "retention": settings.retention.total_seconds() if settings.retention else None,
    }
    if share is not None:
        basis["share"] = [share.number, share.count]
    text = json.dumps(basis, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class StreamEngine:
    """The packs' obligations compiled for the stream: a matcher per pack, a machine each."""

    def __init__(
        self,
        packs: Sequence[Pack],
        schema: FeedSchema,
        settings: Settings = Settings(),
        state: bytes | None = None,
    ) -> None:
        """`state`: a `snapshot()` of an engine with the same packs and settings, to resume."""
        self.packs = list(packs)
        self.schema = schema
        self.settings = settings
        self.machines: list[Machine] = []
        for pack in self.packs:
            first = len(self.machines)
            self.machines.extend(
                machine_for(first + n, obligation, pack.meta)
                for n, obligation in enumerate(pack.obligations)
            )
        self.finder = RoleFinder(self.packs)
        late = settings.lateness
        self.retention = settings.retention or MIN_RETENTION + late
        self.horizons = [
            settings.retention or max(longest_deadline(m.obligation), MIN_RETENTION) + late
            for m in self.machines
        ]
        self.fingerprint = fingerprint(self.packs, settings)
        #: The partition of a consumer group's parties this engine judges (None: all).
        self.share: Share | None = None
        self.state = EngineState(Clock(settings.lateness), [m.state for m in self.machines])
        self.corrections = Corrections(self.machines, late)
        self.corrections.mark(self.state.clock)  # the first: before any record
        if state is not None:
            self.restore(state)

    def assign(self, share: Share) -> None:
        """Judge only `share` of the parties (before any record, and before `restore`)."""
        self.share = share
        self.fingerprint = fingerprint(self.packs, self.settings, share)

    def process(self, items: Sequence[tuple[Mapping[str, Any] | Reject, str, int]]) -> Step:
        """Take raw records (or rejects of lines that were not records) in arrival order."""
        return self.process_checked(
            [
                (
                    raw if isinstance(raw, Reject) else check_record(raw, self.schema, file, line),
                    file,
                    line,
                    raw,
                )
                for raw, file, line in items
            ]
        )

    def process_checked(
        self,
        items: Sequence[tuple[Checked, str, int, Raw]],
        roles: Sequence[Roles] | None = None,
    ) -> Step:
        """Take records already checked by `check_record` (in worker processes, say), in
        arrival order, each with its file, line and raw form (for the reject of a duplicate);
        and, if given, the roles each plays (`RoleFinder.roles`, worked out where it was
        checked; anything for a reject), else they are worked out here."""
        if self.state.closed:
            raise UsageError("the stream was closed: no record can follow the end of input")
        step = Step()
        lateness, retention = self.settings.lateness, self.retention
        admitted = admit(items, self.state, self.corrections, lateness, retention, step.rejects)
        recs = [rec for rec, _, _ in admitted]
        if roles is None:
            matched = self._roles(recs)
        else:  # worked out by a worker: of every record here, this engine's share only
            matched = [roles[at] for _, _, at in admitted]
            matched = matched if self.share is None else self.share.kept(matched, recs)
        playing: dict[int, list[Rec]] = {}
        for rec, found in zip(recs, matched, strict=True):
            for machine, _ in found:
                playing.setdefault(machine, []).append(rec)
        for machine, recs in playing.items():
            self.machines[machine].prepare(recs)
        clock, log = self.state.clock, self.corrections
        observers = [machine.observe for machine in self.machines]
        late: list[tuple[Rec, Roles]] = []
        for (rec, behind, _), played in zip(admitted, matched, strict=True):
            if behind:  # taken together with the late records right after it
                late.append((rec, played))
                continue
            if late:
                self._late(late, step)
                late = []
            clock.advance(rec.time)
            assert clock.latest is not None
            at = log.append(rec, played, clock.latest)
            for machine, machine_roles in played:
                self._run(machine, at, step, observers[machine], rec, machine_roles)
            if clock.any_due():  # most records make nothing due: no generator for them
                for machine, key in clock.due():
                    self._run(machine, at, step, self.machines[machine].decide, key)
            self._taken()
            if log.mark_due():
                log.mark(clock)
        if late:
            self._late(late, step)
        return self._shared(step)

    def _roles(self, recs: list[Rec]) -> list[Roles]:
        """The roles each record plays (only those of this engine's share, if it has one)."""
        if self.share is None:
            return self.finder.roles(recs)
        return self.share.roles(recs, self.finder.roles)

    def _shared(self, step: Step) -> Step:
        """The step as this engine's share reports it (`Share.sift`)."""
        if self.share is None:
            return step
        return Step(*self.share.sift(step.breaches, step.corrections), step.rejects)

    def _run(self, machine: int, at: int, step: Step, call: Any, *args: Any) -> None:
        """Call a machine (observe or decide); note what it reports and its late effects."""
        clock = self.state.clock
        before = clock.late_effects
        found = call(*args, clock)
        if clock.late_effects != before:
            self.corrections.late[machine] += clock.late_effects - before
        self._emit(machine, found, step, at)

    def _taken(self) -> None:
        self.state.accepted += 1
        if self.state.accepted % SWEEP_EVERY == 0:
            self.sweep()

    def _late(self, late: list[tuple[Rec, Roles]], step: Step) -> None:
        """Records behind the watermark: the machines whose decisions do not depend on the
        order of records take them as they come; the others decide again (`corrections.py`)."""
        for rec, roles in late:
            for machine, machine_roles in roles:
                if self.machines[machine].order_free:
                    found = self.machines[machine].observe(rec, machine_roles, self.state.clock)
                    self._emit(machine, found, step, self.corrections.end)
            self._taken()
        for machine, (was, now) in self.corrections.correct(late, self.state.clock):
            meta = self.machines[machine].meta
            step.corrections.append((len(step.breaches), was, now, meta))

    def close(self, as_of: datetime | None = None) -> list[tuple[Breach, TreatyMeta]]:
        """End of input: decide what is left as the batch engine would at `as_of`, by default
        the latest event time. A later `as_of` moves the clock on to it, as a record at that
        time would (deadlines up to it have passed); an earlier one cannot be, since records
        after it were already taken into account."""
        step = Step()
        if not self.state.closed:
            clock = self.state.clock
            if as_of is not None:
                if clock.latest is not None and as_of < clock.latest:
                    raise UsageError(
                        f"cannot close the stream as of {iso_time(as_of)}: it has seen a record"
                        f" of {iso_time(clock.latest)}"
                    )
                clock.advance(as_of)
            clock.closing = True
            clock.clear()
            for index, machine in enumerate(self.machines):
                self._emit(index, machine.close(clock), step, self.corrections.end)
            self.state.closed = True
        return self._shared(step).breaches

    def standing(self) -> list[tuple[Breach, TreatyMeta]]:
        """For a stream with no end: what only `close` would decide, as it stands now (each
        machine's `standing`); nothing is settled or closed."""
        if self.state.closed:
            return []
        clock = self.state.clock
        share = self.share
        return [
            (b, m.meta)
            for m in self.machines
            for b in m.standing(clock)
            if share is None or share.keeps(b)
        ]

    def sweep(self) -> None:
        """Forget state older than the retention horizon (done every `SWEEP_EVERY` records)."""
        watermark = self.state.clock.watermark
        if watermark is None:
            return
        for machine, retention in zip(self.machines, self.horizons, strict=True):
            machine.sweep(shift(watermark, -retention), watermark)
        self.state.seen.expire(shift(watermark, -self.retention))
        self.corrections.forget(shift(watermark, -self.retention))

    def size(self) -> int:
        """Entries held in state: open subjects, indexes, counts, recent ids, agenda (not the
        log of records kept for corrections: `Corrections.size`)."""
        machines = sum(m.size() for m in self.machines)
        return machines + len(self.state.seen) + len(self.state.clock.agenda)

    @property
    def late_effects(self) -> int:
        """Records that would have changed a decision already made (see `machines/base.py`)."""
        return self.state.clock.late_effects

    def snapshot(self) -> bytes:
        """The engine's state as bytes, for `StreamEngine(..., state=...)` to resume from: a
        header line (`SNAPSHOT`, its version and the fingerprint), then zlib-compressed JSON
        (`state.py`)."""
        return snapshot(self.state, self.machines, self.corrections, self.fingerprint)

    def shutdown(self) -> None:
        """Free the matchers' rulesets."""
        self.finder.close()

    def restore(self, blob: bytes) -> None:
        """Resume from a `snapshot()`: refused (`StateError`) unless it is one, of these packs
        and settings; nothing in it is run, only read (`state.py`)."""
        self.state, self.corrections = restore(
            blob, self.fingerprint, self.machines, self.settings.lateness
        )

    def _emit(self, machine: int, breaches: list[Breach], step: Step, at: int) -> None:
        """Report breaches decided at log position `at` (and note them, where the machine may
        decide again)."""
        if not breaches:  # what most calls give
            return
        meta = self.machines[machine].meta
        step.breaches.extend((breach, meta) for breach in breaches)
        if not self.machines[machine].order_free:
            for breach in breaches:
                self.corrections.history.report(machine, at, breach)
