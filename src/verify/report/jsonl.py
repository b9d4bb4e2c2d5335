"""JSON Lines: one finding per line, for pipelines (`verify check --format jsonl`).

Each line ends with its own `handling` marking: a pipeline routes lines one by one, and a line
is marked as its own evidence requires, not as the whole run's.
"""

from __future__ import annotations

from collections.abc import Iterator

from verify.model.run import RunResult
from verify.report.serialize import finding_json

#: How many lines `jsonl_chunks` joins into one chunk: few writes, and never the whole text.
LINES_PER_CHUNK = 512


def render_jsonl(result: RunResult) -> str:
    """One compact JSON object per finding, in the run's order; empty when there is no finding."""
    return b"".join(jsonl_chunks(result)).decode("utf-8")


def jsonl_chunks(result: RunResult) -> Iterator[bytes]:
    """`render_jsonl`'s text in UTF-8, a few hundred lines at a time, made as it is consumed (a
    writer holds one chunk, not the text of every finding)."""
    findings = result.findings
    for first in range(0, len(findings), LINES_PER_CHUNK):
        yield b"".join(
            finding_json(finding) + b"\n" for finding in findings[first : first + LINES_PER_CHUNK]
        )
