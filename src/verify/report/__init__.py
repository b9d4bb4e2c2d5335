"""Renderers for one `RunResult` in every output format, behind a small registry.

Each renderer is a function `RunResult -> str` in a module of its own; `render` looks one up by
name. Every renderer is deterministic: the same result gives the same bytes on every run.

`render` first narrows the run to its reader's releasability (`verify.views.run_for`), so that
no renderer ever holds a record the reader may not see; each renderer marks its output with the
highest releasability of what it shows (`verify.views.handling`).
"""

from __future__ import annotations

import difflib
import importlib
from collections.abc import Callable, Iterator
from functools import partial

from verify.errors import UsageError
from verify.model.instants import format_time
from verify.model.run import RunResult
from verify.report.explain import explain
from verify.report.jsonl import jsonl_chunks
from verify.report.serialize import finding_to_json
from verify.views import NATIONAL, run_for

Renderer = Callable[[RunResult], str]


FORMATS: tuple[str, ...] = (
    "table",
    "jsonl",
    "json",
    "csv",
    "markdown",
    "html",
    "junit",
    "sarif",
    "ocsf",
)

#: Where each format's renderer lives (module, function), imported when the format is asked for:
#: a run renders one format, and the others' imports (rich for the table, matplotlib for the
#: HTML briefing's figures, XML for JUnit) would cost every run.
_RENDERERS: dict[str, tuple[str, str]] = {
    "table": ("verify.report.table", "render_table"),
    "jsonl": ("verify.report.jsonl", "render_jsonl"),
    "json": ("verify.report.json_doc", "render_json"),
    "csv": ("verify.report.csv", "render_csv"),
    "markdown": ("verify.report.markdown", "render_markdown"),
    "html": ("verify.report.html", "render_html"),
    "junit": ("verify.report.junit", "render_junit"),
    "sarif": ("verify.report.sarif", "render_sarif"),
    "ocsf": ("verify.report.ocsf", "render_ocsf"),
}


def renderer_for(fmt: str, *, width: int = 120) -> Renderer:
    """The renderer registered under `fmt`; an unknown name is a `UsageError` with a suggestion."""
    if fmt in _RENDERERS:
        module, name = _RENDERERS[fmt]
        found: Callable[..., str] = getattr(importlib.import_module(module), name)
        return partial(found, width=width) if fmt == "table" else found
    close = difflib.get_close_matches(fmt, FORMATS, n=1)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    raise UsageError(f"unknown format {fmt!r}{hint} (known: {', '.join(FORMATS)})")


def render(result: RunResult, fmt: str, *, level: str = NATIONAL, width: int = 120) -> str:
    """The run rendered in format `fmt` (one of `FORMATS`) as a reader cleared to `level` may see
    it (`verify.views.run_for`); `width` applies to the table only."""
    renderer = renderer_for(fmt, width=width)
    return renderer(run_for(result, level))


def render_chunks(
    result: RunResult, fmt: str, *, level: str = NATIONAL, width: int = 120
) -> Iterator[bytes]:
    """`render`'s text in UTF-8, in chunks made as they are written: JSON Lines a few hundred
    findings at a time (`jsonl_chunks`: a large run's text is never held whole), any other
    format at once."""
    if fmt == "jsonl":
        yield from jsonl_chunks(run_for(result, level))
    else:
        yield render(result, fmt, level=level, width=width).encode("utf-8")


__all__ = [
    "FORMATS",
    "Renderer",
    "explain",
    "finding_to_json",
    "format_time",
    "render",
    "render_chunks",
    "renderer_for",
]
