"""JSON Lines: one finding per line, for pipelines (`verify check --format jsonl`).

Each line ends with its own `handling` marking: a pipeline routes lines one by one, and a line
is marked as its own evidence requires, not as the whole run's.
"""

from __future__ import annotations

from verify.model.run import RunResult
from verify.report.serialize import finding_line


def render_jsonl(result: RunResult) -> str:
    """One compact JSON object per finding, in the run's order; empty when there is no finding."""
    return "".join(finding_line(finding) + "\n" for finding in result.findings)
