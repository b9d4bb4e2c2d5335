"""Renderers for one `RunResult` in every output format, behind a small registry.

Each renderer is a function `RunResult -> str` in a module of its own; `render` looks one up by
name. Every renderer is deterministic: the same result gives the same bytes on every run.

`render` first narrows the run to its reader's releasability (`verify.views.run_for`), so that
no renderer ever holds a record the reader may not see; each renderer marks its output with the
highest releasability of what it shows (`verify.views.handling`).
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterator
from functools import partial

from verify.errors import UsageError
from verify.model.instants import format_time
from verify.model.run import RunResult
from verify.report.csv import render_csv
from verify.report.explain import explain
from verify.report.json_doc import render_json
from verify.report.jsonl import jsonl_chunks, render_jsonl
from verify.report.junit import render_junit
from verify.report.markdown import render_markdown
from verify.report.ocsf import render_ocsf
from verify.report.sarif import render_sarif
from verify.report.serialize import finding_to_json
from verify.report.table import render_table
from verify.views import NATIONAL, run_for

Renderer = Callable[[RunResult], str]


def render_html(result: RunResult) -> str:
    """The HTML briefing (`verify.report.html`), imported when asked for: its figures need
    matplotlib, whose import alone costs about half a second on every other run."""
    from verify.report.html import render_html as render

    return render(result)


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

_RENDERERS: dict[str, Renderer] = {
    "jsonl": render_jsonl,
    "json": render_json,
    "csv": render_csv,
    "markdown": render_markdown,
    "html": render_html,
    "junit": render_junit,
    "sarif": render_sarif,
    "ocsf": render_ocsf,
}


def renderer_for(fmt: str, *, width: int = 120) -> Renderer:
    """The renderer registered under `fmt`; an unknown name is a `UsageError` with a suggestion."""
    if fmt == "table":
        return partial(render_table, width=width)
    if fmt in _RENDERERS:
        return _RENDERERS[fmt]
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
) -> Iterator[str]:
    """`render`'s text in chunks made as they are written: JSON Lines a few hundred findings at
    a time (`jsonl_chunks`: a large run's text is never held whole), any other format at once."""
    if fmt == "jsonl":
        yield from jsonl_chunks(run_for(result, level))
    else:
        yield render(result, fmt, level=level, width=width)


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
