"""The last `verify check`'s findings, kept for `verify explain` under `$VERIFY_HOME` (default
`.verify/`), owner-only: they hold national evidence (`verify.home`)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from verify.home import home, write_private
from verify.model.finding import Finding
from verify.report.serialize import finding_line

CACHE_NAME = "last-check.jsonl"


def cache_file() -> Path:
    """`last-check.jsonl` under `$VERIFY_HOME` (`.verify/` in the working directory)."""
    return home() / CACHE_NAME


def remember_findings(findings: Iterable[Finding], jsonl: str | None = None) -> None:
    """Keep a run's findings for `verify explain`, as JSON Lines in the contract's shape (`jsonl`
    when the run already rendered them so), owner-only; an unwritable folder is no reason to
    fail."""
    path = cache_file()
    if jsonl is None:
        jsonl = "".join(finding_line(finding) + "\n" for finding in findings)
    try:
        write_private(path, jsonl)
    except OSError:
        return


def _finding(document: dict[str, Any]) -> Finding:
    """A cached line as a finding: its `handling` marking is the report's, not the model's."""
    document.pop("handling", None)
    return Finding.model_validate(document)


def recall_finding(finding_id: str) -> Finding | None:
    """A finding of the last run by id (a unique prefix is enough)."""
    path = cache_file()
    if not path.is_file():
        return None
    matches = [
        _finding(document)
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
        for document in [json.loads(line)]
        if str(document.get("id", "")).startswith(finding_id)
    ]
    return matches[0] if len(matches) == 1 else None
