"""`verify explain`: one finding told as a short story, from what was found to where to raise it."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

from verify.escalation.releasability import releasability_rank
from verify.escaping import escape_fields, printable
from verify.model.finding import ChannelSuggestion, Evidence, Finding, TrailStep
from verify.model.instants import format_time
from verify.report.serialize import (
    channel_deadline_text,
    format_optional_time,
    round_confidence,
    waiver_words,
    window_text,
)
from verify.report.steps import reasons
from verify.views import handling, handling_banner
from verify.views import records as evidence_records

TEXT_WIDTH = 88
SHA256_SHOWN = 12
STATUS_WORDS: dict[str, str] = {
    "violation": "a violation",
    "potential_violation": "a potential violation",
    "pending": "a pending finding",
}


def _paragraph(text: str, bullet: str = "") -> str:
    """Wrap prose without breaking ids at hyphens; a list item's lines hang under its text."""
    return textwrap.fill(
        text,
        width=TEXT_WIDTH,
        initial_indent=bullet,
        subsequent_indent=" " * len(bullet),
        break_on_hyphens=False,
        break_long_words=False,
    )


def _opening(finding: Finding) -> str:
    against = f" towards {finding.counterparty}" if finding.counterparty else ""
    zone = f" in zone {finding.zone}" if finding.zone else ""
    due = f" It was due by {format_time(finding.due)}." if finding.due else ""
    return (
        f"Finding {finding.id} is {STATUS_WORDS[finding.status]} of {finding.obligation} "
        f"({finding.treaty}, {finding.article}) by {finding.party}{against}{zone}. "
        f"{finding.summary} Severity {finding.severity}, confidence "
        f"{round_confidence(finding.confidence):.3f}; it covers {window_text(finding.window)}.{due}"
    )


def _step(number: int, step: TrailStep) -> str:
    verdict = "holds" if step.holds else "does not hold"
    return _paragraph(
        f"{step.step}: measured {step.measured}; required {step.required}. This {verdict}.",
        bullet=f"  {number}. ",
    )


def _grades(record: Evidence) -> str:
    if record.reliability is None and record.credibility is None:
        return "ungraded"
    return (
        f"graded {record.reliability or '?'}{record.credibility or '?'} "
        f"(reliability {record.reliability or 'not given'}, "
        f"credibility {record.credibility or 'not given'})"
    )


def _record(record: Evidence) -> str:
    details = [
        f"{record.id} ({record.kind} at {format_time(record.time)}) shows {record.role}.",
        f"Source {record.source or 'not given'}, {_grades(record)}, "
        f"releasability {record.releasability}, sha256 {record.sha256[:SHA256_SHOWN]}.",
    ]
    if record.start or record.end:
        details.append(
            f"Activity from {format_optional_time(record.start, 'an unknown start')} "
            f"to {format_optional_time(record.end, 'an unknown end')}."
        )
    if record.lat is not None and record.lon is not None:
        details.append(f"Position {record.lat:.4f}, {record.lon:.4f}.")
    if record.file:
        line = f" line {record.line}" if record.line is not None else ""
        details.append(f"Read from {record.file}{line}.")
    return _paragraph(" ".join(details), bullet="  - ")


def _channel(number: int, channel: ChannelSuggestion, finding: Finding) -> str:
    deadline = channel_deadline_text(finding, channel.deadline, verb="respond by")
    basis = f", under {channel.basis}" if channel.basis else ""
    head = _paragraph(
        f"{channel.name} ({channel.id}, track {channel.track}{basis}): {deadline}.",
        bullet=f"  {number}. ",
    )
    steps = [_paragraph(text, bullet="     - ") for text in reasons(channel)]
    return "\n".join([head, *steps])


def explain(finding: Finding, history: Sequence[str] = (), shown: Sequence[Evidence] = ()) -> str:
    """The finding's evidence and trail as plain-text paragraphs, newline-terminated; then the
    `history` sections (a recorded finding's versions and escalations, from the ledger), whose
    records `shown` weigh in the handling marking with the finding's own.

    Every text of the finding is `printable` first, so a record's control characters (and its
    newlines, which would forge a line of the story) are shown as escapes.
    """
    finding = escape_fields(finding, printable)
    sections = [_paragraph(_opening(finding))]
    if finding.waiver:
        sections.append(_paragraph(printable(waiver_words(finding))))
    if finding.trail:
        steps = "\n".join(_step(n, s) for n, s in enumerate(finding.trail, start=1))
        sections.append(f"How it was reasoned, step by step:\n{steps}")
    if finding.evidence:
        records = "\n".join(_record(record) for record in finding.evidence)
        sections.append(f"The records relied on ({len(finding.evidence)}):\n{records}")
    if finding.withheld:
        sections.append(
            _paragraph(
                f"{evidence_records(finding.withheld)} withheld: not releasable at this level."
            )
        )
    if finding.channels:
        channels = "\n".join(
            _channel(n, c, finding) for n, c in enumerate(finding.channels, start=1)
        )
        sections.append(f"Where to raise it, in escalation order:\n{channels}")
    else:
        sections.append("No channel is suggested for raising it.")
    if finding.notes:
        notes = "\n".join(_paragraph(note, bullet="  - ") for note in finding.notes)
        sections.append(f"Notes:\n{notes}")
    sections.extend(history)  # each of its lines made printable by whoever wrote it
    level = max(
        (handling([finding]), *(record.releasability for record in shown)),
        key=releasability_rank,
    )
    banner = handling_banner(level)
    return "\n\n".join([banner, *sections, banner]) + "\n"
