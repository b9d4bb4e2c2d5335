"""CSV: one row per finding with flattened columns, for spreadsheets.

Columns `withheld` and `handling` say how many evidence records the view withheld and the
row's handling marking (the highest releasability of what it shows): a row copied out alone
keeps its marking. The last, `waiver`, is the waiver that covers the finding as compact JSON
(reason, author, approved_by, expires), empty when none does.

No text cell is taken for a formula (OWASP, "CSV Injection"): each one, whether from a record
(summary, party, evidence ids) or from a pack, goes through `csv_text`, which prefixes `'` to a
cell beginning with `=`, `+`, `-`, `@`, a tab or a carriage return; a cell so prefixed is always
quoted. Evidence ids are neutralised one by one, for a spreadsheet that splits the column on
`;`. A reader that wants the record's own text drops a leading `'` from a cell whose next
character is one of those. Numbers that we write (confidence) and our times are written bare:
they are data, and never begin with a formula character.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence

from verify.escaping import csv_text
from verify.model.finding import Finding
from verify.model.instants import format_time
from verify.model.run import RunResult
from verify.report.serialize import plain_waiver, round_confidence
from verify.report.steps import steps_line
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
    "first_channel_steps",
    "waiver",
)


def finding_row(finding: Finding) -> tuple[str, ...]:
    """A finding flattened to the values of `COLUMNS`: evidence ids joined by `;`, channel by id.

    Text cells are neutralised (`csv_text`); confidence and times are ours, written as they are.
    """
    return (
        csv_text(finding.id),
        csv_text(finding.treaty),
        csv_text(finding.obligation),
        csv_text(finding.article),
        csv_text(finding.party),
        csv_text(finding.counterparty or ""),
        csv_text(finding.status),
        csv_text(finding.severity),
        str(round_confidence(finding.confidence)),
        csv_text(finding.summary),
        format_time(finding.window.start) if finding.window else "",
        format_time(finding.window.end) if finding.window else "",
        ";".join(csv_text(record.id) for record in finding.evidence),
        csv_text(finding.channels[0].id if finding.channels else ""),
        str(finding.withheld),
        handling([finding]),
        csv_text(steps_line(finding.channels[0]) if finding.channels else ""),
        csv_text(_waiver_cell(finding)),
    )


def _waiver_cell(finding: Finding) -> str:
    """The waiver as compact JSON, keys sorted (empty when none covers the finding)."""
    plain = plain_waiver(finding.waiver)
    return "" if plain is None else json.dumps(plain, ensure_ascii=False, separators=(",", ":"))


#: What makes a cell need quotes under RFC 4180, besides having been neutralised.
_NEEDS_QUOTES = re.compile('[",\r\n]')


def csv_field(cell: str) -> str:
    """A cell as RFC 4180 writes it: quoted, with `"` doubled, when it holds a comma, a quote
    mark or a line break (as the csv module quotes, and a carriage return as well), and always
    when it begins with `'`, as a neutralised cell does. The csv module cannot quote one cell of
    a row only, which OWASP asks for a neutralised cell."""
    if cell.startswith("'") or _NEEDS_QUOTES.search(cell):
        return '"' + cell.replace('"', '""') + '"'
    return cell


def csv_lines(rows: Iterable[Sequence[str]]) -> str:
    """Rows as CSV lines, each ending in `\\n`."""
    return "".join(",".join(csv_field(cell) for cell in row) + "\n" for row in rows)


def render_csv(result: RunResult) -> str:
    """A header row then one row per finding; lines end in `\\n`, fields quoted where needed."""
    return csv_lines([COLUMNS, *(finding_row(finding) for finding in result.findings)])
