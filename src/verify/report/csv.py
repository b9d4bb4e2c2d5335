"""CSV: one row per finding with flattened columns, for spreadsheets.

The last two columns say how many evidence records the view withheld and the row's handling
marking (the highest releasability of its evidence): a row copied out alone keeps its marking.
"""

from __future__ import annotations

import csv
from io import StringIO

from verify.model.finding import Finding
from verify.model.instants import format_time
from verify.model.run import RunResult
from verify.report.serialize import round_confidence
from verify.views import handling

COLUMNS: tuple[str, ...] = (
    "id",
    "treaty",
    "obligation",
    "article",
    "party",
    "counterparty",
    "status",
    "severity",
    "confidence",
    "summary",
    "window_start",
    "window_end",
    "evidence_ids",
    "first_channel",
    "withheld",
    "handling",
)


def finding_row(finding: Finding) -> tuple[str, ...]:
    """A finding flattened to the values of `COLUMNS`: evidence ids joined by `;`, channel by id."""
    return (
        finding.id,
        finding.treaty,
        finding.obligation,
        finding.article,
        finding.party,
        finding.counterparty or "",
        finding.status,
        finding.severity,
        str(round_confidence(finding.confidence)),
        finding.summary,
        format_time(finding.window.start) if finding.window else "",
        format_time(finding.window.end) if finding.window else "",
        ";".join(record.id for record in finding.evidence),
        finding.channels[0].id if finding.channels else "",
        str(finding.withheld),
        handling([finding]),
    )


def render_csv(result: RunResult) -> str:
    """A header row then one row per finding; lines end in `\\n`, fields quoted where needed."""
    buffer = StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(finding_row(finding) for finding in result.findings)
    return buffer.getvalue()
