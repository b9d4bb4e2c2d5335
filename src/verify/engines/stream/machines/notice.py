"""Prior notice: each activity's notice (per requirement) must come before it is due.

The stream twin of `prior_notice` in `batch/deadlines.py`, with the same wording. One activity
(party and activity key) is one subject, stood for by its record with the earliest start (then
time, then id); records without an activity key are subjects of their own. A subject is
judged once the watermark has passed its start, its time and its due moment: from then on no
admissible record can start it earlier or notify it in time. Its notice is the earliest record
of the notice kind for the same party and activity; a late one is final once the watermark has
passed it. A missing notice is reported then, and again as late if the notice turns up.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import cast

from verify.engines.breach import Breach, CitedRecord
from verify.engines.stream.clock import Clock, Expiry
from verify.engines.stream.machines.base import Machine
from verify.engines.stream.records import Rec, cite, met_comparisons
from verify.engines.wording import amount, condition_text, span, when
from verify.model.finding import TrailStep, Window
from verify.model.obligation import AnnualDate, DaysBeforeStart, NoticeRequirement, PriorNotice

OPEN, MISSING, DONE = "open", "missing", "done"
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


def due_moment(requirement: NoticeRequirement, anchor: datetime) -> datetime:
    """When a notice is due for an activity starting at `anchor`."""
    due = requirement.due
    if isinstance(due, DaysBeforeStart):
        return anchor - timedelta(days=due.days)
    assert isinstance(due, AnnualDate)
    day = datetime(anchor.astimezone(UTC).year - 1, due.month, due.day, tzinfo=UTC)
    return day + timedelta(days=1) - timedelta(seconds=1)  # the end of that day


def lead_time(requirement: NoticeRequirement) -> timedelta:
    """The longest time from a notice's due moment to the start of its activity."""
    due = requirement.due
    if isinstance(due, DaysBeforeStart):
        return timedelta(days=max(due.days, 0))
    day = datetime(2023, due.month, min(due.day, 28), tzinfo=UTC)  # 2024 is a leap year
    return datetime(2025, 1, 1, tzinfo=UTC) - day


def required_text(requirement: NoticeRequirement, due: datetime) -> str:
    """What the requirement asks, with its due moment."""
    rule = requirement.due
    if isinstance(rule, DaysBeforeStart):
        if rule.days == 0:
            return f"no later than the start: by {when(due)}"
        return f"{amount(rule.days)} days before the start: by {when(due)}"
    return f"in the calendar exchanged by {when(due)[:10]}"


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

    def deadline(self) -> timedelta:
        """The longest lead time asked for; a calendar date's reaches from that day to the end
        of the next year."""
        spans = [lead_time(r) for r in self.obligation.requirements]
        return max(spans, default=timedelta(0))

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
            if status == MISSING and requirement.counterpart_kind == kind:
                self.schedule(clock, rec.time, ("a", *pair))

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
            due = due_moment(requirement, rec.anchor)
            ready = max(rec.anchor, rec.time, due)
            if not clock.passed(ready):
                waits.append(ready)
                continue
            notice = None
            if keyed:
                assert rec.activity is not None
                notice = self.state.notices[requirement.counterpart_kind].get(
                    (rec.party, rec.activity)
                )
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
        obligation = self.obligation
        kind = requirement.counterpart_kind
        obs = rec
        anchor = rec.anchor
        due = due_moment(requirement, anchor)
        noun = obligation.scope.activity_noun
        activity = obs.activity
        label = f"{obs.kind} {activity}" if activity else f"{obs.kind} {obs.id}"
        required = required_text(requirement, due)
        notifiable = TrailStep(
            step=f"covered {noun}",
            measured=f"{label} ({obs.id}) starts {when(anchor)}; "
            + met_comparisons(rec, obligation.scope.condition),
            required=condition_text(obligation.scope.condition),
            holds=True,
        )
        cited: list[CitedRecord] = [cite(rec, f"the {noun} that required a {kind}")]
        if notice is None:
            searched = (
                f"no {kind} by {obs.party} for activity {activity!r}"
                if activity
                else f"no {kind} can be matched: the record has no activity key"
            )
            step = TrailStep(
                step=f"{kind} searched",
                measured=f"{searched} in the feed up to {when(due)}",
                required=required,
                holds=False,
            )
            # Judged once the watermark has passed start and due, or at the end of input: the
            # batch engine's words at `as_of`, the latest event time, are then final.
            as_of = clock.latest or anchor
            tense = "is due" if due > as_of else "was due"
            starts = "starts" if anchor > as_of else "started"
            summary = (
                f"{obs.party} gave no {kind} for {label}, which {starts} {when(anchor)[:10]};"
                f" one {tense} by {when(due)[:10]} ({obligation.article})."
            )
            window = Window(start=min(due, anchor), end=max(due, anchor))
        else:
            sent = notice.time
            lead = anchor - sent
            cited.append(cite(notice, f"the late {kind}"))
            step = TrailStep(
                step=f"{kind} lead time",
                measured=f"{kind} {notice.id} sent {when(sent)}, {span(lead)} before the start",
                required=required,
                holds=False,
            )
            summary = (
                f"{obs.party} sent its {kind} for {label} {span(lead)} before it started on "
                f"{when(anchor)[:10]}; it was due by {when(due)[:10]} ({obligation.article})."
            )
            window = Window(start=min(due, sent), end=max(sent, anchor))
        return Breach(
            obligation=obligation,
            party=obs.party,
            subject=(obs.id, f"#{number}"),
            cited=tuple(cited),
            trail=(notifiable, step),
            summary=summary,
            window=window,
            at=due,
            due=due,
        )
