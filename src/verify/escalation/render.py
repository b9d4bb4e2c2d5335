"""Rendering the ledger's cases: a table, JSON Lines, and one finding as a channel may carry it.

The text views are for a terminal: each text drawn from a finding is `printable`, so a record's
control characters are shown as escapes rather than acted on.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from verify.escalation.cases import Case, next_deadline, suggestions_for
from verify.escalation.releasability import evidence_for_channel, withheld_note
from verify.escaping import escape_fields, printable
from verify.model.finding import ChannelSuggestion, Evidence
from verify.model.treaty import Channel


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


def view_cases(cases: Sequence[Case], now: datetime) -> tuple[CaseView, ...]:
    """Every case with its recomputed channels and next deadline."""
    views: list[CaseView] = []
    for case in cases:
        channels = suggestions_for(case, cases, now)
        views.append(CaseView(case, channels, next_deadline(case, channels), now))
    return tuple(views)


def render_table(views: Sequence[CaseView]) -> str:
    """One line per case: id, obligation, party, severity, status, next deadline and channel."""
    header = ("finding", "obligation", "party", "severity", "status", "next deadline", "next")
    rows: list[tuple[str, ...]] = [header]
    for view in views:
        finding = view.case.finding
        deadline = when(view.deadline) + (" overdue" if view.overdue else "")
        cells = (
            finding.id,
            finding.obligation,
            finding.party,
            finding.severity,
            view.case.state,
            deadline,
            view.channels[0].id if view.channels else "-",
        )
        rows.append(tuple(printable(cell) for cell in cells))
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)) for row in rows]
    return "\n".join(line.rstrip() for line in lines) + "\n"


def case_record(view: CaseView, channel: Channel | None = None) -> dict[str, Any]:
    """A case as one JSON object: the finding (channels recomputed), status, deadlines, history.

    With a channel, the finding's evidence is only what that channel may carry, and `withheld`
    counts the rest.
    """
    case = view.case
    finding = case.finding.model_dump(mode="json")
    finding["channels"] = [c.model_dump(mode="json") for c in view.channels]
    record: dict[str, Any] = {
        "id": case.finding.id,
        "status": case.state,
        "next_deadline": _iso(view.deadline),
        "overdue": view.overdue,
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
        "finding": finding,
    }
    if channel is not None:
        shown, withheld = evidence_for_channel(case.finding, channel)
        finding["evidence"] = [e.model_dump(mode="json") for e in shown]
        record["channel"] = {"id": channel.id, "releasability": channel.releasability}
        record["withheld"] = withheld
    return record


def render_jsonl(views: Sequence[CaseView], channel_id: str | None = None) -> str:
    """One JSON object per case and line (only cases whose ladder has the channel, if named)."""
    lines: list[str] = []
    for view in views:
        channel = view.case.context.channel(channel_id) if channel_id else None
        if channel_id and channel is None:
            continue
        lines.append(json.dumps(case_record(view, channel), ensure_ascii=False))
    return "".join(line + "\n" for line in lines)


def _evidence_line(record: Evidence) -> str:
    grades = f"{record.reliability or '?'}{record.credibility or '?'}"
    source = f", {record.source}" if record.source else ""
    return (
        f"    - {record.id} ({record.kind}, {when(record.time)}{source}, graded {grades},"
        f" {record.releasability}): {record.role}"
    )


def render_for_channel(view: CaseView, channel: Channel) -> str:
    """One case as it may go through `channel`: releasable evidence only, withheld counted."""
    case = view.case
    shown, withheld = evidence_for_channel(case.finding, channel)
    finding = escape_fields(case.finding, printable)
    shown = tuple(escape_fields(record, printable) for record in shown)
    channel = escape_fields(channel, printable)
    lines = [
        f"{finding.id}  {finding.obligation}  {finding.party}  {finding.severity}"
        f" {finding.status}  ({case.state})",
        f"  {finding.summary}",
        f"  Through {channel.name} ({channel.id}, track {channel.track},"
        f" may carry {channel.releasability} evidence)",
        f"  Evidence ({len(shown)} of {len(finding.evidence)}):",
        *(_evidence_line(record) for record in shown),
    ]
    note = withheld_note(withheld, channel)
    if note:
        lines.append(f"  {note}")
    return "\n".join(lines) + "\n"


def render_channel_views(views: Sequence[CaseView], channel_id: str) -> str:
    """Every case whose ladder has the channel, as that channel may carry it."""
    blocks = [
        render_for_channel(view, channel)
        for view in views
        for channel in [view.case.context.channel(channel_id)]
        if channel is not None
    ]
    return "\n".join(blocks)
