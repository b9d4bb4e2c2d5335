"""The terminal table: the handling marking, one row per finding and a line of counts
(`verify check`'s default)."""

from __future__ import annotations

from io import StringIO

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from verify.escaping import printable
from verify.model.finding import Finding
from verify.model.run import RunResult
from verify.report.serialize import round_confidence, status_line, waiver_words
from verify.report.summary import potential_reasons
from verify.views import handling, handling_banner

NO_FINDINGS = "No findings."
FIXED_COLUMNS: tuple[str, ...] = ("finding", "obligation", "party", "status", "conf")
#: Enough of a finding id to tell findings apart; `verify explain` accepts a unique prefix.
SHORT_ID = 10
STATUS_LABELS = {
    "violation": "violation",
    "potential_violation": "potential",
    "pending": "pending",
}


def summary_lines(finding: Finding) -> list[str]:
    """The summary, then a line for why the finding is only potential and one per note (a
    finding made while a party's obligations were suspended, say)."""
    lines = [finding.summary]
    reasons = potential_reasons(finding)
    if reasons:
        lines.append("Potential: " + "; ".join(reasons) + ".")
    lines += [f"Note: {note}" for note in finding.notes]
    return lines


def findings_table(result: RunResult) -> Table:
    """A borderless table; every column but the summary keeps its text on one line. A waived
    finding's summary cell ends with a line saying so (`waiver_words`).

    Cells are `Text`, never parsed for markup or emoji, and `printable`: a record's id in a
    summary cannot move the cursor, clear the screen or set the terminal's title.
    """
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, collapse_padding=True, show_edge=False)
    for column in FIXED_COLUMNS:
        table.add_column(column, no_wrap=True, justify="right" if column == "conf" else "left")
    table.add_column("summary", ratio=1)
    for finding in result.findings:
        cells = (
            finding.id[:SHORT_ID],
            finding.obligation,
            finding.party,
            f"{finding.severity} {STATUS_LABELS[finding.status]}",
            f"{round_confidence(finding.confidence):.2f}",
        )
        # each line printable on its own: our line breaks stay, a record's become `\n`
        summary = "\n".join(printable(line) for line in summary_lines(finding))
        if finding.waiver:  # a line of its own under the summary
            summary += "\n" + printable(waiver_words(finding))
        table.add_row(*(Text(printable(cell)) for cell in cells), Text(summary))
    return table


def render_table(result: RunResult, *, width: int = 120) -> str:
    """The marking, the findings as a plain-text table `width` columns wide, the counts line."""
    buffer = StringIO()
    console = Console(
        file=buffer,
        width=width,
        force_terminal=False,
        color_system=None,
        legacy_windows=False,
        no_color=True,
        highlight=False,
        emoji=False,
        markup=False,
    )
    console.print(handling_banner(handling(result.findings)))
    console.print(findings_table(result) if result.findings else NO_FINDINGS)
    console.print(status_line(result))
    return "\n".join(line.rstrip() for line in buffer.getvalue().splitlines()) + "\n"
