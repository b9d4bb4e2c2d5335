"""Rendering the ledger's cases: a table, JSON Lines, and one finding as a channel may carry it.

A channel's view of a finding is `verify.views.finding_for` at the channel's releasability, the
same view `verify check --for` renders: nothing drawn from a record the channel may not carry.
Every output is marked with the highest releasability of what it shows.

The text views are for a terminal: each text drawn from a finding is `printable`, so a record's
control characters are shown as escapes rather than acted on.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from verify.escalation.cases import (
    Case,
    Cases,
    Withdrawal,
    next_deadline,
    suggestions_for,
    withdrawal_note,
)
from verify.escalation.releasability import (
    RELEASABILITY_ORDER,
    releasability_rank,
    releasable,
    withheld_note,
)
from verify.escaping import escape_fields, printable
from verify.model.finding import ChannelSuggestion, Evidence, Finding
from verify.model.treaty import Channel
from verify.views import finding_for, handling, handling_banner, view_order
from verify.views import records as records_text


def when(moment: datetime | None) -> str:
    """A time for people: `2026-09-11 14:00Z`, or `-`."""
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%MZ") if moment else "-"


def _iso(moment: datetime | None) -> str | None:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z") if moment else None


@dataclass(frozen=True)
class CaseView:
    """A case with its channels recomputed from the ledger's history, as at `now`."""

    case: Case
    channels: tuple[ChannelSuggestion, ...]
    deadline: datetime | None
    now: datetime

    @property
    def overdue(self) -> bool:
        """Whether the next deadline has passed."""
        return self.deadline is not None and self.deadline < self.now

    @property
    def finding(self) -> Finding:
        """The case's finding with its channels as recomputed here."""
        return self.case.finding.model_copy(update={"channels": self.channels})

    def through(self, channel: Channel) -> Finding:
        """The finding as `channel` may carry it (`verify.views.finding_for`)."""
        return finding_for(self.finding, channel.releasability)


def view_cases(cases: Sequence[Case], now: datetime) -> tuple[CaseView, ...]:
    """Every case with its recomputed channels and next deadline."""
    views: list[CaseView] = []
    book = Cases.of(cases)
    for case in book:
        channels = suggestions_for(case, book, now)
        views.append(CaseView(case, channels, next_deadline(case, channels), now))
    return tuple(views)


def next_step(view: CaseView) -> str:
    """The next step and its date: `hotline by 2026-12-15 10:00Z` (`overdue` once passed), the
    channel alone when it sets no deadline, `-` once the case is closed."""
    if not view.channels:
        return "-"
    step = view.channels[0].id
    if view.deadline is None:
        return step
    return f"{step} by {when(view.deadline)}" + (" overdue" if view.overdue else "")


def render_table(views: Sequence[CaseView]) -> str:
    """The handling marking, then one line per case: id, obligation, party, severity, status,
    versions, and the next step with its date."""
    header = ("finding", "obligation", "party", "severity", "status", "versions", "next step")
    rows: list[tuple[str, ...]] = [header]
    for view in views:
        finding = view.case.finding
        cells = (
            finding.id,
            finding.obligation,
            finding.party,
            finding.severity,
            view.case.state,
            str(max(1, len(view.case.versions))),
            next_step(view),
        )
        rows.append(tuple(printable(cell) for cell in cells))
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)) for row in rows]
    banner = handling_banner(handling(view.case.finding for view in views))
    return "\n".join([banner, *(line.rstrip() for line in lines)]) + "\n"


def case_record(view: CaseView, channel: Channel | None = None) -> dict[str, Any]:
    """A case as one JSON object: the finding (channels recomputed), status, deadlines, history.

    With a channel, the finding is as that channel may carry it (`CaseView.through`), `withheld`
    counts the records it may not, and a next deadline counted from a withheld breach moment is
    null (and `overdue` with it). `handling` marks the record with the level of what it shows.
    """
    case = view.case
    finding = view.finding if channel is None else view.through(channel)
    hidden = channel is not None and finding.withheld > 0
    record: dict[str, Any] = {
        "id": case.finding.id,
        "status": case.state,
        "next_deadline": None if hidden else _iso(view.deadline),
        "overdue": None if hidden else view.overdue,
        "recorded": _iso(case.recorded),
        "escalations": [
            {"channel": e.channel, "at": _iso(e.at), "due": _iso(case.due(e)), "note": e.note}
            for e in case.escalations
        ],
        "resolution": (
            {"at": _iso(case.resolution.at), "note": case.resolution.note}
            if case.resolution
            else None
        ),
        "versions": [
            {"version": n, "kind": v.kind, "at": _iso(v.at), "entry": v.seq}
            for n, v in enumerate(case.versions, start=1)
        ],
        "withdrawals": [_withdrawal_record(w, channel) for w in case.withdrawals],
        "finding": finding.model_dump(mode="json"),
        "handling": _marking(finding, case, channel),
    }
    if channel is not None:
        record["channel"] = {"id": channel.id, "releasability": channel.releasability}
        record["withheld"] = finding.withheld
    return record


def _marking(finding: Finding, case: Case, channel: Channel | None) -> str:
    """The handling level of a case record: of its finding's evidence shown, and of the records
    named as having withdrawn it."""
    levels = [
        releasability_rank(e.releasability)
        for w in case.withdrawals
        for e in w.evidence
        if channel is None or releasable(e, channel)
    ]
    own = releasability_rank(handling([finding]))
    return RELEASABILITY_ORDER[max([own, *levels])]


def _withdrawal_record(withdrawal: Withdrawal, channel: Channel | None) -> dict[str, Any]:
    """A withdrawal as JSON; through a channel, only the records it may carry are named (in
    the note too), the others counted in `withheld`."""
    shown = [e for e in withdrawal.evidence if channel is None or releasable(e, channel)]
    hidden = len(withdrawal.evidence) - len(shown)
    note = withdrawal.note
    if channel is not None and hidden:
        cited = withdrawal_note(shown) if shown else "no longer produced by a later run"
        note = f"{cited}; {records_text(hidden)} withheld"
    record: dict[str, Any] = {
        "at": _iso(withdrawal.at),
        "note": note,
        "entry": withdrawal.seq,
        "evidence": [e.id for e in shown],
    }
    if channel is not None:
        record["withheld"] = hidden
    return record


def through_channel(views: Sequence[CaseView], channel_id: str) -> list[tuple[CaseView, Channel]]:
    """The cases whose ladder has the channel, with it, in the order of what the channel shows
    (`verify.views.view_order`): a case's place tells nothing of a withheld breach moment."""
    through = [
        (view, channel)
        for view in views
        for channel in [view.case.context.channel(channel_id)]
        if channel is not None
    ]
    return sorted(through, key=lambda pair: view_order(pair[0].through(pair[1])))


def render_jsonl(views: Sequence[CaseView], channel_id: str | None = None) -> str:
    """One JSON object per case and line (only cases whose ladder has the channel, if named)."""
    if channel_id is None:
        records = [case_record(view) for view in views]
    else:
        records = [
            case_record(view, channel) for view, channel in through_channel(views, channel_id)
        ]
    return "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records)


def _evidence_line(record: Evidence) -> str:
    grades = f"{record.reliability or '?'}{record.credibility or '?'}"
    source = f", {record.source}" if record.source else ""
    return (
        f"    - {record.id} ({record.kind}, {when(record.time)}{source}, graded {grades},"
        f" {record.releasability}): {record.role}"
    )


def render_for_channel(view: CaseView, channel: Channel) -> str:
    """One case as it may go through `channel` (`CaseView.through`): releasable evidence only,
    withheld counted, nothing drawn from a withheld record."""
    case = view.case
    finding = view.through(channel)
    shown, withheld = finding.evidence, finding.withheld
    finding = escape_fields(finding, printable)
    shown = tuple(escape_fields(record, printable) for record in shown)
    channel = escape_fields(channel, printable)
    lines = [
        f"{finding.id}  {finding.obligation}  {finding.party}  {finding.severity}"
        f" {finding.status}  ({case.state})",
        f"  {finding.summary}",
        f"  Through {channel.name} ({channel.id}, track {channel.track},"
        f" may carry {channel.releasability} evidence)",
        f"  Evidence ({len(shown)} of {len(shown) + withheld}):",
        *(_evidence_line(record) for record in shown),
    ]
    note = withheld_note(withheld, channel)
    if note:
        lines.append(f"  {note}")
    return "\n".join(lines) + "\n"


def render_channel_views(views: Sequence[CaseView], channel_id: str) -> str:
    """Every case whose ladder has the channel, as that channel may carry it, under the handling
    marking of what they show."""
    through = through_channel(views, channel_id)
    banner = handling_banner(handling(view.through(channel) for view, channel in through))
    blocks = [render_for_channel(view, channel) for view, channel in through]
    return "\n".join([f"{banner}\n", *blocks])


def _level_allows(record: Evidence, level: str) -> bool:
    return releasability_rank(record.releasability) <= releasability_rank(level)


def case_history(case: Case, level: str = "national") -> list[str]:
    """A recorded finding's story in the ledger, as sections for `verify explain`: its versions
    (with the fields each changed), its withdrawals (with the records that disproved it, those
    above `level` withheld and counted), its escalations and its resolution. The analysts' own
    notes are shown at the `national` level only. Each line is `printable`."""
    national = level == "national"
    versions = [
        f"  {n}. {_VERSION_WORDS[v.kind]} {when(v.at)} (ledger entry {v.seq})"
        + (f"; {v.note}" if v.kind == "revised" and v.note else "")
        for n, v in enumerate(case.versions, start=1)
    ]
    sections = [
        f"In the ledger: {case.state}, recorded {when(case.recorded)};"
        f" {len(case.versions)} version(s):\n" + "\n".join(versions)
    ]
    for withdrawal in case.withdrawals:
        shown = [e for e in withdrawal.evidence if _level_allows(e, level)]
        hidden = len(withdrawal.evidence) - len(shown)
        lines = [
            f"Withdrawn {when(withdrawal.at)} (ledger entry {withdrawal.seq}): no longer"
            " produced by a later run over its data, which has:"
        ]
        lines += [f"  - {e.id} ({e.kind}, {when(e.time)}): {e.role}" for e in shown]
        if not withdrawal.evidence:
            lines.append(
                "  - no new or amended record of its party: a record it relied on"
                " changed or is gone"
            )
        if hidden:
            lines.append(f"  ({records_text(hidden)} withheld at this level)")
        sections.append("\n".join(lines))
    if case.escalations:
        lines = ["Escalations:"]
        for e in case.escalations:
            due = case.due(e)
            note = f": {e.note}" if e.note and national else ""
            lines.append(f"  - {e.channel} {when(e.at)}, answer due {when(due)}{note}")
        sections.append("\n".join(lines))
    if case.resolution is not None:
        note = f": {case.resolution.note}" if national else ""
        sections.append(f"Resolved {when(case.resolution.at)}{note}")
    return ["\n".join(printable(line) for line in section.split("\n")) for section in sections]


def history_records(case: Case, level: str = "national") -> tuple[Evidence, ...]:
    """The records `case_history` shows at `level` (those that withdrew the finding), for the
    handling marking."""
    return tuple(e for w in case.withdrawals for e in w.evidence if _level_allows(e, level))


_VERSION_WORDS = {
    "stored": "first recorded",
    "revised": "changed (a new version) on",
    "reopened": "reopened, produced again, on",
}
