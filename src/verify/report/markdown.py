"""The briefing as Markdown: a summary per treaty and party, then each finding in full, between
two handling banners (top and bottom, as a classified document carries its marking).

Every text from a finding or a pack goes through `cell` (`verify.escaping.markdown_text`), in a
table or in prose: a record's `<script>`, `[link](...)`, `*` or `|` is shown as written. Only
our own markup is written raw: headings, bold labels, lists, and sha256 digests as `Code`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from verify.escaping import markdown_text
from verify.model.finding import Finding
from verify.model.instants import format_time
from verify.model.run import RunResult
from verify.report.explain import SHA256_SHOWN
from verify.report.serialize import (
    channel_deadline_text,
    no_data_words,
    round_confidence,
    waived_count,
    waiver_words,
    window_text,
    withheld_words,
)
from verify.report.steps import reasons
from verify.report.summary import party_tallies, treaty_titles
from verify.views import handling, handling_banner, records


@dataclass(frozen=True)
class Code:
    """Text of ours (a digest) that `cell` writes as a code span."""

    text: str


def cell(value: object) -> str:
    """Text safe in a Markdown table cell or a line of prose (`markdown_text`); `Code` as code."""
    if isinstance(value, Code):
        return f"`{value.text}`"
    return markdown_text("" if value is None else str(value))


def table(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> list[str]:
    """A GitHub-flavoured Markdown table as lines."""
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    lines.extend("| " + " | ".join(cell(value) for value in row) + " |" for row in rows)
    return lines


def _header(result: RunResult) -> list[str]:
    withheld = withheld_words(result)
    lines = [
        f"# Verification briefing as of {format_time(result.as_of)}",
        "",
        f"Records read: {result.records}; rejected: {result.rejected}; "
        f"findings: {len(result.findings)}"
        + (f"; waived: {waived_count(result)}" if waived_count(result) else "")
        + (f"; {withheld}." if withheld else "."),
        *(["", cell(no_data_words(result)) + "."] if result.no_data else []),
        "",
        "## Inputs",
        "",
    ]
    lines += table(
        ("file", "sha256", "records", "rejected"),
        ((i.path, Code(i.sha256), i.records, i.rejected) for i in result.inputs),
    )
    lines += ["", "## Treaty packs", ""]
    lines += [
        f"- **{cell(p.id)}**: {cell(p.title)} ({len(p.obligations)} obligations)"
        for p in result.packs
    ]
    return lines


def _summary(result: RunResult) -> list[str]:
    lines = ["", "## Summary by treaty and party", ""]
    tallies = party_tallies(result)
    if not tallies:
        return [*lines, "No findings."]
    return lines + table(
        ("treaty", "party", "violations", "potential", "pending", "worst severity", "obligations"),
        (
            (
                t.treaty,
                t.party,
                t.violations,
                t.potential_violations,
                t.pending,
                t.worst_severity,
                ", ".join(t.obligations),
            )
            for t in tallies
        ),
    )


def _finding(finding: Finding, treaty_title: str) -> list[str]:
    counterparty = f" towards {cell(finding.counterparty)}" if finding.counterparty else ""
    lines = [
        "",
        f"### {cell(finding.id)}: {cell(finding.obligation)} by {cell(finding.party)}"
        + counterparty,
        "",
        cell(finding.summary),
        "",
        f"- **Treaty**: {cell(treaty_title)} ({cell(finding.treaty)}), {cell(finding.article)}",
        f"- **Status**: {finding.status}, **severity** {finding.severity}, "
        f"**confidence** {round_confidence(finding.confidence):.3f}",
        f"- **Window**: {window_text(finding.window)}",
    ]
    if finding.waiver:
        lines.append(f"- **Waiver**: {cell(waiver_words(finding))}")
    if finding.withheld:
        lines.append(f"- **Withheld**: {records(finding.withheld)}, not releasable at this level")
    if finding.due:
        lines.append(f"- **Due**: {format_time(finding.due)}")
    if finding.zone:
        lines.append(f"- **Zone**: {cell(finding.zone)}")
    lines += ["", "#### Evidence", ""]
    lines += table(
        ("id", "kind", "role", "time", "source", "grades", "sha256"),
        (
            (
                e.id,
                e.kind,
                e.role,
                format_time(e.time),
                e.source or "",
                f"{e.reliability or '?'}{e.credibility or '?'}",
                Code(e.sha256[:SHA256_SHOWN]),
            )
            for e in finding.evidence
        ),
    )
    lines += ["", "#### Reasoning", ""]
    lines += [
        f"{n}. {'✔' if s.holds else '✘'} {cell(s.step)}: measured {cell(s.measured)};"
        f" required {cell(s.required)}"
        for n, s in enumerate(finding.trail, start=1)
    ]
    lines += ["", "#### Channels", ""]
    for n, c in enumerate(finding.channels, start=1):
        lines.append(
            f"{n}. **{cell(c.name)}** ({cell(c.id)}, track {cell(c.track)};"
            f" {cell(c.basis) or 'no basis given'}): {channel_deadline_text(finding, c.deadline)}."
        )
        lines += [f"    - {cell(text)}" for text in reasons(c)]
    if not finding.channels:
        lines.append("No channel suggested.")
    if finding.notes:
        lines += ["", "#### Notes", ""]
        lines += [f"- {cell(note)}" for note in finding.notes]
    return lines


def render_markdown(result: RunResult) -> str:
    """The whole briefing as Markdown text, newline-terminated."""
    titles = treaty_titles(result)
    banner = f"**{handling_banner(handling(result.findings))}**"
    lines = [banner, "", *_header(result), *_summary(result)]
    if result.findings:
        lines += ["", "## Findings"]
        for finding in result.findings:
            lines += _finding(finding, titles[finding.treaty])
    lines += ["", banner]
    return "\n".join(lines) + "\n"
