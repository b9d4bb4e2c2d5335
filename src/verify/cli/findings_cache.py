"""The last `verify check`'s findings, kept under `.verify/` for `verify explain`."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from verify.model.finding import Finding
from verify.report.serialize import finding_line

CACHE_DIR_ENV = "VERIFY_HOME"


def cache_file() -> Path:
    """`.verify/last-check.jsonl` in the working directory (or under $VERIFY_HOME)."""
    home = Path(os.environ.get(CACHE_DIR_ENV, ".verify"))
    return home / "last-check.jsonl"


def remember_findings(findings: Iterable[Finding], jsonl: str | None = None) -> None:
    """Keep a run's findings for `verify explain`, as JSON Lines in the contract's shape (`jsonl`
    when the run already rendered them so); an unwritable folder is no reason to fail."""
    path = cache_file()
    if jsonl is None:
        jsonl = "".join(finding_line(finding) + "\n" for finding in findings)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(jsonl, encoding="utf-8")
    except OSError:
        return


def _finding(document: dict[str, Any]) -> Finding:
    """A cached line as a finding; a line `verify check --format jsonl` printed ends with its
    `handling` marking, which is the report's, not the finding's."""
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
