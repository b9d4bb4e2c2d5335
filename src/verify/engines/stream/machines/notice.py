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
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, cast

from verify.engines.stream.clock import Clock, Expiry
from verify.engines.stream.codec import Decoder, Encoder, pair, plain_key, unplain_key
from verify.engines.stream.machines.base import Machine
from verify.engines.stream.records import Rec, cite
from verify.kinds import prior_notice as notice_kind
from verify.model.breach import Breach
from verify.model.obligation import NoticeRequirement, PriorNotice

OPEN, MISSING, DONE = "open", "missing", "done"
STATUSES = {status: status for status in (OPEN, MISSING, DONE)}
Key = tuple[str, str, str] | tuple[str, int] | tuple[str, str, str, str]


@dataclass
class Activity:
    """The record standing for an activity, each requirement's status, and how long to keep it."""

    rec: Rec
    status: list[str]
    keep_until: datetime


@dataclass
class NoticeState:
    """Activities by key, and the earliest notice per notice kind and (party, activity)."""

    activities: dict[Key, Activity] = field(default_factory=dict)
    notices: dict[str, dict[tuple[str, str], Rec]] = field(default_factory=dict)
    expiry: Expiry[Key] = field(default_factory=Expiry)


class NoticeMachine(Machine):
    """`PriorNotice` on event time."""

    obligation: PriorNotice
    state: NoticeState

    def new_state(self) -> NoticeState:
        """No activity yet; one notice index per notice kind."""
        kinds: dict[str, dict[tuple[str, str], Rec]] = {
            r.counterpart_kind: {} for r in self.obligation.requirements
        }
        return NoticeState(notices=kinds)

    def observe(self, rec: Rec, roles: frozenset[str], clock: Clock) -> list[Breach]:
        """An activity opens or re-states a subject; a notice is indexed and wakes its activity."""
        if "trigger" in roles:
            self._trigger(rec, clock)
        for role in sorted(roles):
            if role.startswith("counterpart:"):
                self._notice(role.removeprefix("counterpart:"), rec, clock)
        return []

    def _trigger(self, rec: Rec, clock: Clock) -> None:
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

    def _notice(self, kind: str, rec: Rec, clock: Clock) -> None:
        assert rec.activity is not None
        pair = (rec.party, rec.activity)
        index = self.state.notices[kind]
        known = index.get(pair)
        if known is None or rec.order < known.order:
            index[pair] = rec
        # Kept until the activity it announces has started (a notice may come months ahead).
        self.state.expiry.touch(max(rec.time, rec.anchor), ("notice", kind, *pair))
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
            notice = None
            if keyed:
                assert rec.activity is not None
                notice = self.state.notices[requirement.counterpart_kind].get(
                    (rec.party, rec.activity)
                )
            if (
                notice is not None
                and notice.time > due
                and not (exempt_by_start and notice.time <= rec.anchor)
                and clock.passed(max(notice.time, rec.time))
            ):
                found.append(self._breach(number, requirement, rec, notice, clock))
                subject.status[number] = DONE
                continue
            ready = max(rec.anchor, rec.time, due)
            if not clock.passed(ready):
                waits.append(ready)
                continue
            if notice is not None and (
                notice.time <= due or (exempt_by_start and notice.time <= rec.anchor)
            ):
                subject.status[number] = DONE
            elif notice is not None and clock.passed(notice.time):
                found.append(self._breach(number, requirement, rec, notice, clock))
                subject.status[number] = DONE
            elif notice is not None:
                waits.append(notice.time)
            elif status == MISSING or clock.still_ahead(due):
                continue
            else:
                found.append(self._breach(number, requirement, rec, None, clock))
                subject.status[number] = MISSING
        if waits:
            self.schedule(clock, min(waits), key)
        return found

    def close(self, clock: Clock) -> list[Breach]:
        """Judge every activity as at the latest event time."""
        found: list[Breach] = []
        for key in list(self.state.activities):
            found.extend(self.decide(key, clock))
        return found

    def sweep(self, horizon: datetime, watermark: datetime) -> None:
        """Forget judged activities and notices older than the horizon."""
        self.state.expiry.expire(horizon, lambda key: self._forget(key, horizon))

    def _forget(self, key: Key, horizon: datetime) -> None:
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
                [plain_key(key), out.rec(a.rec), a.status, out.time(a.keep_until)]
                for key, a in state.activities.items()
            ],
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
        for key, ref, status, keep_until in data["activities"]:
            if len(status) != count:
                raise ValueError(f"{len(status)} statuses for {count} requirements")
            statuses = [STATUSES[s] for s in status]
            activity = Activity(saved.rec(ref), statuses, saved.time(keep_until))
            state.activities[cast(Key, unplain_key(key))] = activity
        for kind, rows in data["notices"].items():
            index = state.notices[kind]
            for party, activity, ref in rows:
                index[pair((party, activity))] = saved.rec(ref)
        state.expiry = saved.expiry(data["expiry"], lambda key: cast(Key, unplain_key(key)))
        self.state = state

    def size(self) -> int:
        """Activities and indexed notices."""
        return len(self.state.activities) + sum(len(i) for i in self.state.notices.values())

    def _breach(
        self,
        number: int,
        requirement: NoticeRequirement,
        rec: Rec,
        notice: Rec | None,
        clock: Clock,
    ) -> Breach:
        # Judged once the watermark has passed start and due, or at the end of input: the
        # batch engine's words at `as_of`, the latest event time, are then final.
        as_of = clock.latest or rec.anchor
        cited = cite(notice) if notice is not None else None
        return notice_kind.breach(self.obligation, number, cite(rec), cited, as_of)
