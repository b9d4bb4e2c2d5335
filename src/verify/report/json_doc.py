"""One JSON document for the whole run: handling, as-of time, inputs, packs, counts, findings."""

from __future__ import annotations

import json
from typing import Any

from verify.model.instants import format_time
from verify.model.run import RunResult
from verify.report.serialize import finding_to_json, input_to_json, pack_to_json, run_counts
from verify.views import handling


def run_to_json(result: RunResult) -> dict[str, Any]:
    """The run as a JSON-ready dict: `handling` (the marking of the whole document), `as_of`,
    `inputs`, `packs`, `counts`, `no_data` (obligations the feed holds no record for),
    `unknown_fields` and `unknown_parties` (with their record counts),
    `findings` (each with its own `handling`), in order."""
    return {
        "handling": handling(result.findings),
        "as_of": format_time(result.as_of),
        "inputs": [input_to_json(source) for source in result.inputs],
        "packs": [pack_to_json(pack) for pack in result.packs],
        "counts": run_counts(result),
        "no_data": list(result.no_data),
        "unknown_fields": dict(result.unknown_fields),
        "unknown_parties": dict(result.unknown_parties),
        "findings": [finding_to_json(finding) for finding in result.findings],
    }


def render_json(result: RunResult) -> str:
    """The run as one indented JSON document, newline-terminated."""
    return json.dumps(run_to_json(result), ensure_ascii=False, indent=2) + "\n"
