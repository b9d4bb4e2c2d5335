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
from verify.model.run import RunResult
from verify.report.explain import SHA256_SHOWN
from verify.report.serialize import (
    channel_deadline_text,
    no_data_words,
    round_confidence,
    status_line,
    waived_count,
    waiver_words,
    window_text,
    withheld_words,
)
from verify.report.steps import reasons
from verify.report.summary import (
    STATUS_WORDS,
    bottom_line,
    party_tallies,
    reader_order,
    reader_time,
    treaty_titles,
)
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
    titles = "; ".join(cell(pack.title) for pack in result.packs)
    return [
        f"# Verification briefing as of {reader_time(result.as_of)}",
        *(["", f"{titles}."] if titles else []),
    ]


def _bottom_line(result: RunResult) -> list[str]:
    """The bottom line: breaches by severity and party, and the findings that matter most,
    each with the first channel to raise it through and by when."""
    bottom = bottom_line(result)
    lines = ["", "## Bottom line", ""]
    if bottom.breaches:
        severities = ", ".join(f"{n} {name}" for name, n in bottom.by_severity)
        parties = ", ".join(f"{cell(party)} {n}" for party, n in bottom.by_party)
        noun = "breach" if bottom.breaches == 1 else "breaches"
        potential = f" ({bottom.potential} potential)" if bottom.potential else ""
        lines.append(f"**{bottom.breaches} {noun}{potential}: {severities}.** By party: {parties}.")
        if bottom.pending:
            lines[-1] += f" Pending, not yet due: {bottom.pending}."
        if waived_count(result):
            lines[-1] += (
                f" Waived: {waived_count(result)} (shown below; not counted for --fail-on)."
            )
    elif bottom.pending:
        lines.append(f"**No breach; {bottom.pending} pending, not yet due.**")
    else:
        lines.append("**No findings.**")
    withheld = withheld_words(result)
    if withheld:
        lines += ["", f"{withheld.capitalize()}."]
    if result.no_data:
        lines += [
            "",
            cell(no_data_words(result)) + ": no record they cover, which is no finding"
            " of compliance.",
        ]
    if bottom.top:
        lines += ["", "What matters most:", ""]
    for n, finding in enumerate(bottom.top, start=1):
        lines.append(
            f"{n}. **{finding.severity}** {STATUS_WORDS[finding.status]}, confidence"
            f" {round_confidence(finding.confidence):.3f}: {cell(finding.summary)}"
        )
        if finding.channels:
            first = finding.channels[0]
            basis = f", {cell(first.basis)}" if first.basis else ""
            lines.append(
                f"    Raise through **{cell(first.name)}** (track {cell(first.track)}{basis}):"
                f" {channel_deadline_text(finding, first.deadline, when=reader_time)}."
            )
        else:
            lines.append("    No channel suggested.")
    return lines


def _annex(result: RunResult) -> list[str]:
    """Inputs with their digests, the packs, and how the findings were made."""
    lines = ["", "## Annex", "", "### Inputs", ""]
    lines += table(
        ("file", "sha256", "records", "rejected"),
        ((i.path, Code(i.sha256), i.records, i.rejected) for i in result.inputs),
    )
    lines += ["", "### Treaty packs", ""]
    for p in result.packs:
        context = f"; map context: {cell(p.context.source)}" if p.context else ""
        lines.append(
            f"- **{cell(p.id)}**: {cell(p.title)} ({len(p.obligations)} obligations){context}"
        )
    lines += [
        "",
        "### Method",
        "",
        cell(status_line(result)),
        "",
        METHOD.format(as_of=reader_time(result.as_of)),
    ]
    return lines


#: How the findings were made, as the briefings state it (HTML says the same).
METHOD = (
    "Each feed was judged as known at {as_of}: a deadline not yet passed is no breach. A finding"
    " is a violation where its evidence is sound, a potential violation where it rests on an"
    " estimate or on sources graded low (Admiralty code), and pending where its deadline has not"
    " yet passed. Confidence (0 to 1) comes from the grades of the evidence. Each record is"
    " identified by the sha256 of its canonical form; each input by the sha256 of its bytes."
    " Channels are suggested in the pack's escalation order, each with its legal basis and"
    " response deadline."
)


def _summary(result: RunResult) -> list[str]:
    lines = ["", "## By treaty and party", ""]
    tallies = party_tallies(result)
    if not tallies:
        return []
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
        f"### {finding.severity.capitalize()}: {cell(finding.obligation)} by {cell(finding.party)}"
        + counterparty,
        "",
        cell(finding.summary),
        "",
        f"- **Treaty**: {cell(treaty_title)} ({cell(finding.treaty)}), {cell(finding.article)}",
        f"- **Status**: {STATUS_WORDS[finding.status]}, **severity** {finding.severity}, "
        f"**confidence** {round_confidence(finding.confidence):.3f}",
        f"- **Window**: {window_text(finding.window, when=reader_time)}",
        f"- **Finding**: {cell(finding.id)}",
    ]
    if finding.waiver:
        lines.append(f"- **Waiver**: {cell(waiver_words(finding))}")
    if finding.withheld:
        lines.append(f"- **Withheld**: {records(finding.withheld)}, not releasable at this level")
    if finding.due:
        lines.append(f"- **Due**: {reader_time(finding.due)}")
    if finding.zone:
        lines.append(f"- **Zone**: {cell(finding.zone)}")
    lines += _channels(finding)
    if finding.notes:
        lines += ["", "#### Notes", ""]
        lines += [f"- {cell(note)}" for note in finding.notes]
    lines += ["", "#### Evidence", ""]
    lines += table(
        ("id", "kind", "role", "time", "source", "grades", "sha256"),
        (
            (
                e.id,
                e.kind,
                e.role,
                reader_time(e.time),
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
    return lines


def _channels(finding: Finding) -> list[str]:
    """A finding's suggested channels in escalation order, each with its policy's steps."""
    lines: list[str] = []
    lines += ["", "#### Channels", ""]
    for n, c in enumerate(finding.channels, start=1):
        deadline = channel_deadline_text(finding, c.deadline, when=reader_time)
        lines.append(
            f"{n}. **{cell(c.name)}** ({cell(c.id)}, track {cell(c.track)};"
            f" {cell(c.basis) or 'no basis given'}): {deadline}."
        )
        lines += [f"    - {cell(text)}" for text in reasons(c)]
    if not finding.channels:
        lines.append("No channel suggested.")
    return lines


def render_markdown(result: RunResult) -> str:
    """The whole briefing as Markdown text, newline-terminated."""
    titles = treaty_titles(result)
    banner = f"**{handling_banner(handling(result.findings))}**"
    lines = [banner, "", *_header(result), *_bottom_line(result), *_summary(result)]
    if result.findings:
        lines += ["", "## Findings, most severe first"]
        for finding in reader_order(result.findings):
            lines += _finding(finding, titles[finding.treaty])
    lines += [*_annex(result), "", banner]
    return "\n".join(lines) + "\n"
