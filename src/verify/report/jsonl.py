"""JSON Lines: one finding per line, for pipelines (`verify check --format jsonl`)."""

from __future__ import annotations

import json

from verify.model.run import RunResult
from verify.report.serialize import finding_to_json


def render_jsonl(result: RunResult) -> str:
    """One compact JSON object per finding, in the run's order; empty when there is no finding."""
    return "".join(
        json.dumps(finding_to_json(finding), ensure_ascii=False, separators=(",", ":")) + "\n"
        for finding in result.findings
    )
