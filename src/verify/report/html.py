"""The HTML briefing: one self-contained file (inline CSS and SVG figures, no external URL).

Every expression of the template is autoescaped, in text and in (quoted) attributes alike, and
first made `printable`, so that a record's control or invisible characters show as escapes.
The figures are the only markup passed through: our matplotlib SVG, whose texts the SVG writer
escapes (`verify.report.figures`). The page has no script, nor any JSON block.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, partial
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from verify.escaping import printable
from verify.model.finding import Finding
from verify.model.run import RunResult
from verify.model.treaty import ContextLayer
from verify.report.explain import SHA256_SHOWN
from verify.report.figures import find_context, find_zone, timeline_svg, zone_map_svg
from verify.report.serialize import (
    channel_deadline_text,
    no_data_words,
    round_confidence,
    run_counts,
    status_line,
    waiver_words,
)
from verify.report.steps import reasons
from verify.report.summary import (
    STATUS_WORDS,
    bottom_line,
    party_tallies,
    reader_order,
    reader_time,
    treaty_titles,
)
from verify.views import handling, handling_banner, records

TEMPLATE = "briefing.html.j2"


@dataclass(frozen=True)
class FindingView:
    """A finding with what the template needs beside it: anchor, treaty title and figures."""

    finding: Finding
    anchor: str
    treaty_title: str
    timeline: Markup | None
    zone_map: Markup | None
    context: ContextLayer | None = None


def anchor_for(finding_id: str) -> str:
    """An HTML id for a finding's section, made of letters, digits, `-` and `_` only."""
    return "finding-" + re.sub(r"[^A-Za-z0-9_-]", "-", finding_id)


def _shown(value: Any) -> Any:
    """An expression's value as the page shows it: text `printable`, our own markup as it is."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return printable(value)
    return value


@cache
def _environment() -> Environment:
    environment = Environment(
        loader=PackageLoader("verify.report", "templates"),
        autoescape=True,
        finalize=_shown,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters["when"] = reader_time
    environment.filters["status"] = STATUS_WORDS.__getitem__
    environment.filters["anchor"] = anchor_for
    environment.filters["channel_deadline"] = partial(channel_deadline_text, when=reader_time)
    environment.filters["reasons"] = reasons
    environment.filters["confidence"] = lambda value: f"{round_confidence(value):.3f}"
    environment.filters["sha_prefix"] = lambda digest: digest[:SHA256_SHOWN]
    environment.filters["records"] = records
    environment.filters["waiver_words"] = waiver_words
    return environment


def _views(result: RunResult) -> list[FindingView]:
    titles = treaty_titles(result)
    views: list[FindingView] = []
    for number, finding in enumerate(reader_order(result.findings), start=1):
        timeline = timeline_svg(finding, prefix=f"f{number}-timeline")
        context = find_context(result, finding)
        zone = find_zone(result, finding)
        zone_map = zone_map_svg(finding, zone, prefix=f"f{number}-map", context=context)
        views.append(
            FindingView(
                finding=finding,
                anchor=anchor_for(finding.id),
                treaty_title=titles[finding.treaty],
                # Our own matplotlib output, with every text escaped by the SVG writer.
                timeline=Markup(timeline) if timeline else None,
                zone_map=Markup(zone_map) if zone_map else None,
                context=context if zone_map else None,
            )
        )
    return views


def render_html(result: RunResult) -> str:
    """The briefing as one HTML document between two handling banners, in its reader's order:
    the bottom line, the findings most severe (then most confident) first, then the annex
    (inputs with their digests, packs, method)."""
    template = _environment().get_template(TEMPLATE)
    return template.render(
        result=result,
        bottom=bottom_line(result),
        no_data=no_data_words(result) if result.no_data else "",
        status_line=status_line(result),
        counts=run_counts(result),
        marking=handling_banner(handling(result.findings)),
        tallies=party_tallies(result),
        views=_views(result),
    )
