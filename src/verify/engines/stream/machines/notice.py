"""Prior notice: each activity's notice (per requirement) must come before it is due.

What it means and how a breach is worded is `kinds/prior_notice.py`; this decides when. One activity
(party and activity key) is one subject, stood for by its record with the earliest start (then
time, then id); records without an activity key are subjects of their own. A subject is
judged once the watermark has passed its start, its time and its due moment: from then on no
admissible record can start it earlier or notify it in time. Its notice is the earliest record
of the notice kind for the same party and activity; a late one is final once the watermark has
passed it. A missing notice is reported then, and again as late if the notice turns up.

A notice already past its due moment is final once the watermark has passed it and the record
standing for the activity, without waiting for the start: no record that may still arrive can
make it timely. So a late notice that stands for the activity it announces (`announced_by`) is
reported as soon as the watermark passes it, weeks before the activity. Should a record arrive
afterwards that starts the activity earlier still (an exercise observed before the start its
notice gave), the batch engine would let it stand for the activity: a late effect, counted.
An observation arriving after such a breach was reported (at or after the start the notice
gave) re-states it under the same id with the observation cited beside the notice, as the
batch engine cites the activity's earliest observation.

A notice owed to each other party (`to_each_party`) is judged party by party, the same way, on
the earlier of the notices addressed to that party and those addressed to all; each party's
status is kept with the activity (`towards`), so each is reported once.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, cast

from verify.engines.stream.clock import Clock, Expiry
from verify.engines.stream.codec import Decoder, Encoder, pair, plain_key, text, unplain_key
from verify.engines.stream.machines.base import Machine
from verify.engines.stream.records import Rec, cite
from verify.kinds import prior_notice as notice_kind
from verify.model.breach import Breach
from verify.model.obligation import NoticeRequirement, PriorNotice

OPEN, MISSING, DONE = "open", "missing", "done"
STATUSES = {status: status for status in (OPEN, MISSING, DONE)}
Key = (
    tuple[str, str, str]
    | tuple[str, int]
    | tuple[str, str, str, str]
    | tuple[str, str, str, str, str]
)
#: The addressee of a notice sent to all (a record without `counterparty`).
TO_ALL = ""


@dataclass
class Activity:
    """The record standing for an activity, each requirement's status, and how long to keep it."""

    rec: Rec
    status: list[str]
    keep_until: datetime
    #: For a requirement owed to each party: each owed party's status, by requirement number.
    towards: dict[int, dict[str, str]] = field(default_factory=dict)
    #: Where a notice stands for the activity: its earliest observation so far (cited beside it).
    observed: Rec | None = None
    #: Requirements whose breach was reported, with the notice it was judged on (None: none came),
    #: so that an observation arriving later re-states them with it cited.
    reported: dict[int, Rec | None] = field(default_factory=dict)


@dataclass
class NoticeState:
    """Activities by key, and the earliest notice per notice kind and (party, activity)."""

    activities: dict[Key, Activity] = field(default_factory=dict)
    notices: dict[str, dict[tuple[str, str], Rec]] = field(default_factory=dict)
    expiry: Expiry[Key] = field(default_factory=Expiry)
    #: For notice kinds owed to each party: the earliest per (party, activity, addressee).
    addressed: dict[str, dict[tuple[str, str, str], Rec]] = field(default_factory=dict)


class NoticeMachine(Machine):
    """`PriorNotice` on event time."""

    obligation: PriorNotice
    state: NoticeState

    def new_state(self) -> NoticeState:
        """No activity yet; one notice index per notice kind."""
        kinds: dict[str, dict[tuple[str, str], Rec]] = {
            r.counterpart_kind: {} for r in self.obligation.requirements
        }
        each: dict[str, dict[tuple[str, str, str], Rec]] = {
            r.counterpart_kind: {} for r in self.obligation.requirements if r.to_each_party
        }
        return NoticeState(notices=kinds, addressed=each)

    def observe(self, rec: Rec, roles: frozenset[str], clock: Clock) -> list[Breach]:
        """An activity opens or re-states a subject; a notice is indexed and wakes its activity.
        An observation of an activity a notice stands for re-states its reported breaches, the
        observation cited beside the notice (the finding's new form, under the same id)."""
        found: list[Breach] = []
        if "trigger" in roles:
            found = self._trigger(rec, clock)
        for role in sorted(roles):
            if role.startswith("counterpart:"):
                self._notice(role.removeprefix("counterpart:"), rec, clock)
        return found

    def _trigger(self, rec: Rec, clock: Clock) -> list[Breach]:
        activities = self.state.activities
        count = len(self.obligation.requirements)
        activity = rec.activity
        key: Key = ("u", rec.seq) if activity is None else ("a", rec.party, activity)
        keep = max(rec.anchor, rec.time)
        known = activities.get(key)
        if known is None:
            activities[key] = Activity(rec, [OPEN] * count, keep)
        elif (rec.anchor, rec.time, rec.id) < (known.rec.anchor, known.rec.time, known.rec.id):
            if any(status != OPEN for status in known.status):
                clock.note_late_effect()  # starts an activity already judged earlier
                known.keep_until = max(known.keep_until, keep)
            else:
                activities[key] = Activity(rec, [OPEN] * count, max(known.keep_until, keep))
        else:
            known.keep_until = max(known.keep_until, keep)
        self.state.expiry.touch(keep, key)
        self.schedule(clock, rec.time, key)
        return self._observed(activities[key], rec, clock)

    def _observed(self, subject: Activity, rec: Rec, clock: Clock) -> list[Breach]:
        """Note `rec` as the activity's observation when a notice stands for the activity and
        `rec` is the earliest observation of it (in trigger order); re-state what was reported."""
        announced = self.obligation.announced_by
        if not announced or rec.kind in announced or subject.rec.kind not in announced:
            return []
        earlier = subject.observed
        order = (rec.anchor, rec.time, rec.id)
        if earlier is not None and (earlier.anchor, earlier.time, earlier.id) <= order:
            return []
        subject.observed = rec
        requirements = self.obligation.requirements
        return [
            self._breach(number, requirements[number], subject, notice, clock)
            for number, notice in sorted(subject.reported.items())
        ]

    def _notice(self, kind: str, rec: Rec, clock: Clock) -> None:
        assert rec.activity is not None
        pair = (rec.party, rec.activity)
        index = self.state.notices[kind]
        known = index.get(pair)
        if known is None or rec.order < known.order:
            index[pair] = rec
        # Kept until the activity it announces has started (a notice may come months ahead).
        self.state.expiry.touch(max(rec.time, rec.anchor), ("notice", kind, *pair))
        addressed = self.state.addressed.get(kind)
        if addressed is not None:
            triple = (rec.party, rec.activity, rec.counterparty or TO_ALL)
            earlier = addressed.get(triple)
            if earlier is None or rec.order < earlier.order:
                addressed[triple] = rec
            self.state.expiry.touch(max(rec.time, rec.anchor), ("addressed", kind, *triple))
        subject = self.state.activities.get(("a", *pair))
        if subject is None:
            return
        for status, requirement in zip(subject.status, self.obligation.requirements, strict=True):
            if status != DONE and requirement.counterpart_kind == kind:
                self.schedule(clock, rec.time, ("a", *pair))  # late already, or no longer missing

    def decide(self, key: Hashable, clock: Clock) -> list[Breach]:
        """Judge each requirement of an activity as far as the watermark allows."""
        subject = self.state.activities.get(cast(Key, key))
        if subject is None:
            return []
        rec = subject.rec
        keyed = rec.activity is not None
        exempt_by_start = any(
            e.when == "notified_by_start" and rec.has_flag(e.flag)
            for e in self.obligation.exemptions
        )
        found: list[Breach] = []
        waits: list[datetime] = []
        for number, requirement in enumerate(self.obligation.requirements):
            status = subject.status[number]
            if status == DONE:
                continue
            due = notice_kind.due_moment(requirement, rec.anchor)
            if requirement.to_each_party:
                subject.status[number] = self._each_party(
                    number, subject, due, exempt_by_start, clock, (found, waits)
                )
                continue
            notice = None
            if keyed:
                assert rec.activity is not None
                notice = self.state.notices[requirement.counterpart_kind].get(
                    (rec.party, rec.activity)
                )
            excused = notice is not None and exempt_by_start and notice.time <= rec.anchor
            now, breached, wait = _verdict(status, due, rec, notice, exempt_by_start, clock)
            subject.status[number] = now
            if breached:
                subject.reported[number] = notice
                found.append(self._breach(number, requirement, subject, notice, clock))
            if now == DONE and notice is not None and not excused:
                found.extend(self._incomplete(number, rec, notice))
            if wait is not None:
                waits.append(wait)
        if waits:
            self.schedule(clock, min(waits), key)
        return found

    def _each_party(
        self,
        number: int,
        subject: Activity,
        due: datetime,
        exempt_by_start: bool,
        clock: Clock,
        out: tuple[list[Breach], list[datetime]],
    ) -> str:
        """Judge a requirement owed to each party, party by party; its status over them all:
        done when every owed party is, open while none has been judged, missing between."""
        requirement = self.obligation.requirements[number]
        rec = subject.rec
        towards = subject.towards.setdefault(number, {})
        addressed = self.state.addressed[requirement.counterpart_kind]
        owed_parties = notice_kind.owed_parties(self.meta, rec.party, due)
        for owed in owed_parties:
            status = towards.get(owed, OPEN)
            if status == DONE:
                continue
            notice = None
            if rec.activity is not None:
                to_one = addressed.get((rec.party, rec.activity, owed))
                to_all = addressed.get((rec.party, rec.activity, TO_ALL))
                # the earlier of the two; on a tie the one addressed to the party, as in batch
                notice = (
                    to_one if to_all is None or (to_one and to_one.time <= to_all.time) else to_all
                )
            status, breached, wait = _verdict(status, due, rec, notice, exempt_by_start, clock)
            towards[owed] = status
            if breached:
                out[0].append(self._breach(number, requirement, subject, notice, clock, owed))
            if wait is not None:
                out[1].append(wait)
        statuses = set(towards.values())
        if statuses <= {DONE} and len(towards) == len(owed_parties):
            return DONE
        return OPEN if statuses <= {OPEN} else MISSING

    def close(self, clock: Clock) -> list[Breach]:
        """Judge every activity as at the latest event time."""
        return self.decide_each(self.state.activities, clock)

    def sweep(self, horizon: datetime, watermark: datetime) -> None:
        """Forget judged activities and notices older than the horizon."""
        self.state.expiry.expire(horizon, lambda key: self._forget(key, horizon))

    def _forget(self, key: Key, horizon: datetime) -> None:
        if key[0] == "addressed":
            _, kind, party, activity, to = cast(tuple[str, str, str, str, str], key)
            addressed = self.state.addressed[kind]
            sent = addressed.get((party, activity, to))
            if sent is not None and max(sent.time, sent.anchor) < horizon:
                del addressed[(party, activity, to)]
            return
        if key[0] == "notice":
            _, kind, party, activity = cast(tuple[str, str, str, str], key)
            index = self.state.notices[kind]
            known = index.get((party, activity))
            if known is not None and max(known.time, known.anchor) < horizon:
                del index[(party, activity)]
            return
        subject = self.state.activities.get(key)
        if subject is not None and OPEN not in subject.status and subject.keep_until < horizon:
            del self.state.activities[key]

    def dump(self, out: Encoder) -> Any:
        """Activities (key, record, statuses, kept until), notices by kind, the expiry queue."""
        state = self.state
        return {
            "activities": [
                [
                    plain_key(key),
                    out.rec(a.rec),
                    a.status,
                    out.time(a.keep_until),
                    {str(n): dict(t) for n, t in a.towards.items()},
                    _extras(a, out),
                ]
                for key, a in state.activities.items()
            ],
            "addressed": {
                kind: [[*triple, out.rec(rec)] for triple, rec in index.items()]
                for kind, index in state.addressed.items()
            },
            "notices": {
                kind: [[party, activity, out.rec(rec)] for (party, activity), rec in index.items()]
                for kind, index in state.notices.items()
            },
            "expiry": out.expiry(state.expiry),
        }

    def load(self, data: Any, saved: Decoder) -> None:
        """Read back what `dump` wrote."""
        state = self.new_state()
        count = len(self.obligation.requirements)
        for key, ref, status, keep_until, *more in data["activities"]:
            if len(status) != count:
                raise ValueError(f"{len(status)} statuses for {count} requirements")
            statuses = [STATUSES[s] for s in status]
            activity = Activity(saved.rec(ref), statuses, saved.time(keep_until))
            for number, towards in (more[0] if more else {}).items():
                activity.towards[int(number)] = {
                    text(party): STATUSES[s] for party, s in towards.items()
                }
            if len(more) > 1:
                seen = more[1]["observed"]
                activity.observed = None if seen is None else saved.rec(seen)
                for number, ref in more[1]["reported"].items():
                    activity.reported[int(number)] = None if ref is None else saved.rec(ref)
            state.activities[cast(Key, unplain_key(key))] = activity
        for kind, rows in data.get("addressed", {}).items():
            for party, activity_key, to, ref in rows:
                state.addressed[kind][(text(party), text(activity_key), text(to))] = saved.rec(ref)
        for kind, rows in data["notices"].items():
            index = state.notices[kind]
            for party, activity, ref in rows:
                index[pair((party, activity))] = saved.rec(ref)
        state.expiry = saved.expiry(data["expiry"], lambda key: cast(Key, unplain_key(key)))
        self.state = state

    def size(self) -> int:
        """Activities and indexed notices."""
        notices = sum(len(i) for i in self.state.notices.values())
        return len(self.state.activities) + notices + sum(map(len, self.state.addressed.values()))

    def _incomplete(self, number: int, rec: Rec, notice: Rec) -> list[Breach]:
        """The notice judged for requirement `number`, when it lacks a field it must give."""
        if not self.obligation.requirements[number].required_fields:
            return []
        found = notice_kind.incomplete(self.obligation, number, cite(rec), cite(notice))
        return [] if found is None else [found]

    def _breach(
        self,
        number: int,
        requirement: NoticeRequirement,
        subject: Activity,
        notice: Rec | None,
        clock: Clock,
        counterparty: str | None = None,
    ) -> Breach:
        # Judged once the watermark has passed start and due, or at the end of input: the
        # batch engine's words at `as_of`, the latest event time, are then final.
        rec = subject.rec
        as_of = clock.latest or rec.anchor
        cited = cite(notice) if notice is not None else None
        observed = None
        if subject.observed is not None and counterparty is None:
            observed = cite(subject.observed)
        return notice_kind.breach(
            self.obligation, number, cite(rec), cited, as_of, counterparty, observed
        )


def _extras(activity: Activity, out: Encoder) -> dict[str, Any]:
    """What an activity holds besides its statuses: its observation and what was reported."""
    seen = activity.observed
    return {
        "observed": None if seen is None else out.rec(seen),
        "reported": {
            str(number): None if notice is None else out.rec(notice)
            for number, notice in activity.reported.items()
        },
    }


def _verdict(
    status: str,
    due: datetime,
    rec: Rec,
    notice: Rec | None,
    exempt_by_start: bool,
    clock: Clock,
) -> tuple[str, bool, datetime | None]:
    """One notice judged for the activity `rec` stands for, as far as the watermark allows:
    the new status, whether a breach is decided now, and a moment to wait for (or None)."""
    excused = notice is not None and exempt_by_start and notice.time <= rec.anchor
    late = notice is not None and notice.time > due and not excused
    if late and notice is not None and clock.passed(max(notice.time, rec.time)):
        return DONE, True, None  # late already: nothing that may still arrive changes it
    ready = max(rec.anchor, rec.time, due)
    if not clock.passed(ready):
        return status, False, ready
    if notice is not None and (notice.time <= due or excused):
        return DONE, False, None
    if notice is not None:
        if clock.passed(notice.time):
            return DONE, True, None
        return status, False, notice.time
    if status == MISSING or clock.still_ahead(due):
        return status, False, None
    return MISSING, True, None
