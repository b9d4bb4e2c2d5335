"""Cases: a recorded finding with its ladder and what the ledger says happened to it since.

A case is open until a channel is used, escalated after, resolved once closed with a note, and
withdrawn when a later run over amended data no longer produces it (until it is produced again:
reopened). Each content change a later run brings is a new version of the finding; the case's
`finding` is the newest. From the cases the history that the policy weighs is drawn: earlier
breaches by the same party of the same obligation, and channels whose deadline passed without
an answer.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Literal, overload

from pydantic import BaseModel, ConfigDict

from verify.escalation.chain import Entry, stamp
from verify.escalation.ladder import reply_hours, suggest_on_ladder
from verify.escalation.policy import (
    DEFAULT_POLICY,
    History,
    PastUse,
    PolicyStep,
)
from verify.findings import confidence_bar
from verify.model.calendar import shift
from verify.model.finding import ChannelSuggestion, Evidence, Finding, window_of
from verify.model.obligation import Obligation
from verify.model.restraint import DEFAULT_RESTRAINT, Restraint
from verify.model.treaty import Channel, TreatyMeta

State = Literal["open", "escalated", "resolved", "withdrawn"]
STATES: tuple[State, ...] = ("open", "escalated", "resolved", "withdrawn")
#: States in which nothing more is suggested: closed with a note, or disproved by later data.
CLOSED: tuple[State, ...] = ("resolved", "withdrawn")
#: Entries whose body is a finding with its ladder: its first version, a later one, a reopening.
VersionKind = Literal["stored", "revised", "reopened"]
VERSION_KINDS: tuple[VersionKind, ...] = ("stored", "revised", "reopened")


class LadderContext(BaseModel):
    """What the policy needs beyond the finding, kept with it: the ladder, start rung and bar."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    channels: tuple[Channel, ...]
    start: str | None = None
    bar: float = 0.5
    restraint: Restraint = DEFAULT_RESTRAINT

    @classmethod
    def of(cls, meta: TreatyMeta, obligation: Obligation) -> LadderContext:
        """The context of a finding of `obligation` under the treaty `meta`."""
        return cls(
            channels=meta.channels,
            start=obligation.escalation_start,
            bar=confidence_bar(obligation, meta),
            restraint=meta.escalation,
        )

    def channel(self, channel_id: str) -> Channel | None:
        """The channel with this id on the ladder, if any."""
        return next((c for c in self.channels if c.id == channel_id), None)


@dataclass(frozen=True)
class Escalation:
    """A channel used for a case, when, and the ledger entry that says so."""

    channel: str
    at: datetime
    seq: int
    note: str | None = None


@dataclass(frozen=True)
class Resolution:
    """How a case was closed: when, the note, and the ledger entry that says so."""

    at: datetime
    note: str
    seq: int


@dataclass(frozen=True)
class Version:
    """One version of a recorded finding: the entry that holds it, when, and why it was written
    (`stored` first, `revised` when a run changed its content, `reopened` when produced again
    after a withdrawal)."""

    kind: VersionKind
    at: datetime
    seq: int
    finding: Finding
    #: For a revision, the fields it changed (`changed: summary, evidence`).
    note: str | None = None


@dataclass(frozen=True)
class Withdrawal:
    """A case closed because a later run no longer produced its finding: when, the ledger
    entry, what it says, and the records cited as disproving it."""

    at: datetime
    note: str
    seq: int
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True)
class Case:
    """A recorded finding (its newest version), its ladder, and what happened to it so far:
    escalations, resolution, versions and withdrawals in ledger order."""

    finding: Finding
    context: LadderContext
    recorded: datetime
    escalations: tuple[Escalation, ...] = ()
    resolution: Resolution | None = None
    versions: tuple[Version, ...] = ()
    withdrawals: tuple[Withdrawal, ...] = ()

    @property
    def withdrawal(self) -> Withdrawal | None:
        """The withdrawal in force: the last one, unless a reopening came after it."""
        if not self.withdrawals:
            return None
        last = self.withdrawals[-1]
        reopened = any(v.kind == "reopened" and v.seq > last.seq for v in self.versions)
        return None if reopened else last

    @property
    def state(self) -> State:
        """`open`, `escalated`, `resolved` or `withdrawn`."""
        if self.resolution is not None:
            return "resolved"
        if self.withdrawal is not None:
            return "withdrawn"
        return "escalated" if self.escalations else "open"

    def due(self, escalation: Escalation) -> datetime | None:
        """When an answer through the channel used is due, if the channel has a deadline."""
        channel = self.context.channel(escalation.channel)
        hours = (
            None
            if channel is None
            else reply_hours(channel, self.finding.severity, self.context.restraint)
        )
        if hours is None:
            return None
        return shift(escalation.at, timedelta(hours=hours))

    def use(self, escalation: Escalation, now: datetime) -> PastUse:
        """An escalation as the policy sees it: unanswered once its deadline passed unresolved."""
        due = self.due(escalation)
        answered = self.resolution is not None and (due is None or self.resolution.at <= due)
        lapsed = due is not None and due < now and not answered
        return PastUse(self.finding.id, escalation.channel, escalation.at, due, lapsed)


def build_cases(
    entries: Iterable[Entry],
    opened: Mapping[int, tuple[Finding, LadderContext]] | None = None,
) -> tuple[Case, ...]:
    """Fold ledger entries, in sequence order, into one case per stored finding.

    `opened` gives, by entry number, the finding and ladder that an entry's body is known to
    hold (the caller compared the text), so that the body is not parsed again.
    """
    cases: dict[str, Case] = {}
    for entry in sorted(entries, key=lambda e: e.seq):
        case = cases.get(entry.finding_id)
        if entry.kind == "stored" and case is None:
            finding, context = _body(entry, opened)
            first = Version("stored", entry.moment, entry.seq, finding)
            cases[entry.finding_id] = Case(
                finding, context, recorded=entry.moment, versions=(first,)
            )
        elif case is None:
            continue
        elif entry.kind in ("revised", "reopened"):
            finding, context = _body(entry, opened)
            kind: VersionKind = "revised" if entry.kind == "revised" else "reopened"
            version = Version(kind, entry.moment, entry.seq, finding, entry.note)
            cases[entry.finding_id] = replace(
                case, finding=finding, context=context, versions=(*case.versions, version)
            )
        elif entry.kind == "withdrawn":
            cited = tuple(Evidence.model_validate(e) for e in entry.data().get("evidence", ()))
            closed = Withdrawal(entry.moment, entry.note or "", entry.seq, cited)
            cases[entry.finding_id] = replace(case, withdrawals=(*case.withdrawals, closed))
        elif entry.kind == "escalated" and entry.channel:
            step = Escalation(entry.channel, entry.moment, entry.seq, entry.note)
            cases[entry.finding_id] = replace(case, escalations=(*case.escalations, step))
        elif entry.kind == "resolved":
            closed_by = Resolution(entry.moment, entry.note or "", entry.seq)
            cases[entry.finding_id] = replace(case, resolution=closed_by)
    return tuple(cases.values())


def _body(
    entry: Entry, opened: Mapping[int, tuple[Finding, LadderContext]] | None
) -> tuple[Finding, LadderContext]:
    """The finding and ladder an entry's body holds (known already, or parsed)."""
    known = opened.get(entry.seq) if opened else None
    if known is not None:
        return known
    body = entry.data()
    return Finding.model_validate(body["finding"]), LadderContext.model_validate(body["context"])


Subject = tuple[str, str, str]


def subject_of(finding: Finding) -> Subject:
    """What earlier breaches are counted by: the treaty, the obligation and the party."""
    return (finding.treaty, finding.obligation, finding.party)


class _Group:
    """The non-pending cases of one subject: by window start (with a running count of
    violations) for repeats, and those ever escalated, in ledger order, for lapses."""

    def __init__(self, cases: Sequence[Case]) -> None:
        self.members = tuple(cases)
        ordered = sorted(cases, key=lambda c: window_of(c.finding).start)
        self.starts = [window_of(c.finding).start for c in ordered]
        self.violations = [0]
        for other in ordered:
            self.violations.append(self.violations[-1] + (other.finding.status == "violation"))
        self.escalated = tuple(c for c in cases if c.escalations)


class Cases(Sequence[Case]):
    """Cases in ledger order, indexed by finding id and by subject, so that each case's history
    is drawn from its own subject's cases rather than from every case in the ledger (withdrawn
    ones left out of the history: later data disproved them)."""

    def __init__(self, cases: Iterable[Case]) -> None:
        self._all = tuple(cases)
        self._by_id: dict[str, Case] = {}
        groups: dict[Subject, list[Case]] = {}
        for case in self._all:
            self._by_id.setdefault(case.finding.id, case)
            # a withdrawn finding was disproved: no earlier breach, no unanswered channel
            if case.finding.status != "pending" and case.withdrawal is None:
                groups.setdefault(subject_of(case.finding), []).append(case)
        self._groups = {subject: _Group(members) for subject, members in groups.items()}

    @classmethod
    def of(cls, cases: Sequence[Case]) -> Cases:
        """`cases` indexed (as they are, if they already are)."""
        return cases if isinstance(cases, Cases) else cls(cases)

    @overload
    def __getitem__(self, index: int) -> Case: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[Case, ...]: ...

    def __getitem__(self, index: int | slice) -> Case | tuple[Case, ...]:
        return self._all[index]

    def __len__(self) -> int:
        return len(self._all)

    def __iter__(self) -> Iterator[Case]:
        return iter(self._all)

    def get(self, finding_id: str) -> Case | None:
        """The case of this finding id, if any."""
        return self._by_id.get(finding_id)

    def earlier(self, case: Case) -> tuple[Case, ...]:
        """Earlier findings (by window start) by the same party of the same obligation, not
        pending, in ledger order."""
        mine = case.finding
        group = self._groups.get(subject_of(mine))
        if group is None:
            return ()
        return tuple(
            other
            for other in group.members
            if other.finding.id != mine.id
            and window_of(other.finding).start < window_of(mine).start
        )

    def repeats(self, case: Case) -> int:
        """How many earlier findings of the case's subject are `violation`s."""
        mine = case.finding
        group = self._groups.get(subject_of(mine))
        if group is None:
            return 0
        count = group.violations[bisect_left(group.starts, window_of(mine).start)]
        stored = self._by_id.get(mine.id)  # the case's own stored version is not "earlier"
        if (
            stored is not None
            and stored.finding.status == "violation"
            and subject_of(stored.finding) == subject_of(mine)
            and window_of(stored.finding).start < window_of(mine).start
        ):
            count -= 1
        return count

    def lapsed(self, case: Case, now: datetime) -> tuple[PastUse, ...]:
        """Earlier findings' channels whose deadline passed at `now` without an answer."""
        mine = case.finding
        group = self._groups.get(subject_of(mine))
        if group is None:
            return ()
        return tuple(
            use
            for other in group.escalated
            if other.finding.id != mine.id
            and window_of(other.finding).start < window_of(mine).start
            for use in (other.use(e, now) for e in other.escalations)
            if use.unanswered
        )


def earlier_cases(case: Case, cases: Sequence[Case]) -> tuple[Case, ...]:
    """Earlier findings (by window start) by the same party of the same obligation, not pending."""
    return Cases.of(cases).earlier(case)


def history_for(case: Case, cases: Sequence[Case], now: datetime) -> History:
    """The history the policy weighs for a case, as the ledger stands at `now`.

    Repeats are earlier `violation`s (a `potential_violation` alone never raises the rung);
    unanswered are earlier findings' channels whose deadline passed without a resolution; the
    case's own escalation is the one at the highest rung it reached. Pass `Cases` when asking
    for many cases' histories: a plain sequence is indexed anew on each call.
    """
    book = Cases.of(cases)
    own = case.use(case.escalations[highest_escalation(case)], now) if case.escalations else None
    return History(repeats=book.repeats(case), unanswered=book.lapsed(case, now), own=own)


def highest_escalation(case: Case) -> int:
    """Index of the escalation at the highest rung the case reached (the latest, if several)."""
    ladder = [c.id for c in case.context.channels]

    def rung(index: int) -> tuple[int, int]:
        channel = case.escalations[index].channel
        return (ladder.index(channel) if channel in ladder else -1, index)

    return max(range(len(case.escalations)), key=rung)


def suggestions_for(
    case: Case,
    cases: Sequence[Case],
    now: datetime,
    policy: Sequence[PolicyStep] = DEFAULT_POLICY,
) -> tuple[ChannelSuggestion, ...]:
    """The case's channels recomputed with the ledger's history, their deadlines running from
    when the finding was first recorded; none once resolved or withdrawn."""
    if case.state in CLOSED:
        return ()
    history = history_for(case, cases, now)
    return suggest_for(case.finding, case.context, history, policy, since=case.recorded)


def suggest_for(
    finding: Finding,
    context: LadderContext,
    history: History | None = None,
    policy: Sequence[PolicyStep] = DEFAULT_POLICY,
    since: datetime | None = None,
) -> tuple[ChannelSuggestion, ...]:
    """The channels for a finding on its ladder, given what the ledger knows of it (nothing, for
    a new finding): what a run suggests and what the ledger's commands recompute, alike.

    The first rung's clock starts at `since` (when the finding was detected: first recorded in
    the ledger), or at the end of the finding's window when none is given.
    """
    return suggest_on_ladder(
        context.channels,
        start=context.start,
        severity=finding.severity,
        confidence=finding.confidence,
        bar=context.bar,
        decided=window_of(finding).end if since is None else since,
        history=history,
        policy=policy,
        potential=finding.status == "potential_violation",
        restraint=context.restraint,
    )


def next_deadline(case: Case, suggestions: Sequence[ChannelSuggestion]) -> datetime | None:
    """When the next answer is due: the first suggested rung's deadline (none once closed)."""
    if case.state in CLOSED:
        return None
    return next((s.deadline for s in suggestions if s.deadline is not None), None)


def matching_cases(cases: Sequence[Case], wanted: str) -> tuple[Case, ...]:
    """The case with this id, else every case whose id starts with it."""
    exact = tuple(c for c in cases if c.finding.id == wanted)
    return exact or tuple(c for c in cases if c.finding.id.startswith(wanted))


def withdrawal_note(cited: Sequence[Evidence]) -> str:
    """The note of a withdrawal: what disproved the finding."""
    if not cited:
        return (
            "no longer produced by a later run over its data; no new or amended record of"
            " its party bears on it, so a record it relied on changed or is gone"
        )
    names = ", ".join(f"{e.id} ({e.kind}, {stamp(e.time)})" for e in cited)
    return f"no longer produced by a later run, which has {names}"
