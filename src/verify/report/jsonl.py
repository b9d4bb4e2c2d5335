"""JSON Lines: one finding per line, for pipelines (`verify check --format jsonl`).

Each line ends with its own `handling` marking: a pipeline routes lines one by one, and a line
is marked as its own evidence requires, not as the whole run's.
"""

from __future__ import annotations

from collections.abc import Iterator

from verify.model.run import RunResult
from verify.report.serialize import finding_line

#: How many lines `jsonl_chunks` joins into one chunk: few writes, and never the whole text.
LINES_PER_CHUNK = 512


def render_jsonl(result: RunResult) -> str:
    """One compact JSON object per finding, in the run's order; empty when there is no finding."""
    return "".join(jsonl_chunks(result))


def jsonl_chunks(result: RunResult) -> Iterator[str]:
    """`render_jsonl`'s text, a few hundred lines at a time, made as it is consumed (a writer
    holds one chunk, not the text of every finding)."""
    findings = result.findings
    for first in range(0, len(findings), LINES_PER_CHUNK):
        yield "".join(
            finding_line(finding) + "\n" for finding in findings[first : first + LINES_PER_CHUNK]
        )
