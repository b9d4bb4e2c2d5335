"""The last `verify check`'s findings, kept for `verify explain` under `$VERIFY_HOME` (default
`.verify/`), owner-only: they hold national evidence (`verify.home`)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from contextlib import AbstractContextManager
from pathlib import Path
from types import TracebackType
from typing import Any, BinaryIO

from verify.home import home, private_file, write_private
from verify.model.finding import Finding
from verify.report.serialize import finding_json

CACHE_NAME = "last-check.jsonl"


def cache_file() -> Path:
    """`last-check.jsonl` under `$VERIFY_HOME` (`.verify/` in the working directory)."""
    return home() / CACHE_NAME


def remember_findings(findings: Iterable[Finding], jsonl: bytes | None = None) -> None:
    """Keep a run's findings for `verify explain`, as JSON Lines in the contract's shape (`jsonl`
    when the run already rendered them so), owner-only; an unwritable folder is no reason to
    fail."""
    path = cache_file()
    if jsonl is None:
        jsonl = b"".join(finding_json(finding) + b"\n" for finding in findings)
    try:
        write_private(path, jsonl)
    except OSError:
        return


class Remembering:
    """A run's findings kept for `verify explain` (as `remember_findings` keeps them) while the
    command writes its output, in a `with` block: `write` takes each chunk of the output, which
    the cache copies when the output is the findings' JSON Lines (`copy_output`); otherwise the
    findings are serialised when the block ends. An unwritable cache is no reason to fail (it is
    then skipped), and an error in the block leaves the previous cache as it was."""

    def __init__(self, findings: Iterable[Finding], *, copy_output: bool) -> None:
        self._findings = findings
        self._copy = copy_output
        self._file: AbstractContextManager[BinaryIO] | None = None
        self._stream: BinaryIO | None = None

    def __enter__(self) -> Remembering:
        file = private_file(cache_file())
        try:
            self._stream = file.__enter__()
        except OSError:
            return self
        self._file = file
        return self

    def write(self, chunk: bytes) -> None:
        """One chunk of the command's output, as written."""
        if self._copy and self._stream is not None:
            try:
                self._stream.write(chunk)
            except OSError as error:
                self._abandon(error)

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._file is None or self._stream is None:
            return
        if error is not None:
            self._abandon(error)
            return
        try:
            if not self._copy:
                for finding in self._findings:
                    self._stream.write(finding_json(finding) + b"\n")
            self._file.__exit__(None, None, None)
        except OSError as failure:
            self._abandon(failure)

    def _abandon(self, error: BaseException) -> None:
        """Leave the previous cache as it was: the temporary file is removed."""
        file, self._file, self._stream = self._file, None, None
        if file is not None:
            try:
                file.__exit__(type(error), error, error.__traceback__)
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
