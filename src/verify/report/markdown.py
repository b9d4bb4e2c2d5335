"""The briefing as Markdown: a summary per treaty and party, then each finding in full, between
two handling banners (top and bottom, as a classified document carries its marking)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from verify.model.finding import Finding
from verify.model.instants import format_time
from verify.model.run import RunResult
from verify.report.explain import SHA256_SHOWN
from verify.report.serialize import (
    channel_deadline_text,
    round_confidence,
    window_text,
    withheld_words,
)
from verify.report.summary import party_tallies, treaty_titles
from verify.views import handling, handling_banner, records


def cell(value: object) -> str:
    """Text safe inside a Markdown table cell: pipes escaped, line breaks flattened."""
    text = "" if value is None else str(value)
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ").strip()


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
        f"findings: {len(result.findings)}" + (f"; {withheld}." if withheld else "."),
        "",
        "## Inputs",
        "",
    ]
    lines += table(
        ("file", "sha256", "records", "rejected"),
        ((i.path, f"`{i.sha256}`", i.records, i.rejected) for i in result.inputs),
    )
    lines += ["", "## Treaty packs", ""]
    lines += [
        f"- **{p.id}**: {cell(p.title)} ({len(p.obligations)} obligations)" for p in result.packs
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
    counterparty = f" towards {finding.counterparty}" if finding.counterparty else ""
    lines = [
        "",
        f"### {finding.id}: {finding.obligation} by {finding.party}{counterparty}",
        "",
        finding.summary,
        "",
        f"- **Treaty**: {cell(treaty_title)} ({finding.treaty}), {finding.article}",
        f"- **Status**: {finding.status}, **severity** {finding.severity}, "
        f"**confidence** {round_confidence(finding.confidence):.3f}",
        f"- **Window**: {window_text(finding.window)}",
    ]
    if finding.withheld:
        lines.append(f"- **Withheld**: {records(finding.withheld)}, not releasable at this level")
    if finding.due:
        lines.append(f"- **Due**: {format_time(finding.due)}")
    if finding.zone:
        lines.append(f"- **Zone**: {finding.zone}")
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
                f"`{e.sha256[:SHA256_SHOWN]}`",
            )
            for e in finding.evidence
        ),
    )
    lines += ["", "#### Reasoning", ""]
    lines += [
        f"{n}. {'✔' if s.holds else '✘'} {s.step}: measured {s.measured}; required {s.required}"
        for n, s in enumerate(finding.trail, start=1)
    ]
    lines += ["", "#### Channels", ""]
    lines += [
        f"{n}. **{c.name}** ({c.id}, track {c.track}; {c.basis or 'no basis given'}): "
        f"{channel_deadline_text(finding, c.deadline)}. {c.reason}".rstrip()
        for n, c in enumerate(finding.channels, start=1)
    ] or ["No channel suggested."]
    if finding.notes:
        lines += ["", "#### Notes", ""]
        lines += [f"- {note}" for note in finding.notes]
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
