"""Drafting the communication for one channel: a pack's template filled from a finding's view.

A pack ships one Jinja2 template per channel, `templates/<channel-id>.j2` beside its
`treaty.yaml`. It is rendered in a sandbox (no attribute of Python internals, no file access)
with `StrictUndefined` (a misspelt variable is an error, not an empty gap), and every value it
prints goes through the format's escaping first: record text is hostile, and in Markdown a `*`
or `<` from a record must not become emphasis or markup, nor in plain text a control character
move the cursor. The template's own text is the pack author's and is printed as written.

What the template sees is drawn from `finding_for(finding, channel.releasability)` only, the
view a recipient of that channel may see, and from the pack (treaty, obligation, channel,
party names): nothing withheld from that view can appear. The variables (`docs/drafting.md`):

- `treaty`: `id`, `title`, `short_title`; `obligation`: `id`, `title` (the text of its
  `Rule:`), `article`; `channel`: `id`, `name`, `basis`, `track`;
- `finding`: `id`, `party`, `party_name`, `status` (`violation` ...), `possible` (true for a
  potential violation), `severity`, `summary` (the view's), `withheld` (a count);
- `facts`: neutral sentences, one per shown evidence record and per shown trail step;
- `question`: the question asked; `reply_within` (`48 hours`), `reply_by` (a time, or None
  where the view withholds it).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from jinja2 import FileSystemLoader, StrictUndefined, TemplateError, TemplateSyntaxError
from jinja2.sandbox import SandboxedEnvironment

from verify.errors import Location, PackError
from verify.escalation.ladder import reply_hours
from verify.escaping import markdown_text, printable
from verify.model.finding import Finding
from verify.model.instants import format_time
from verify.model.obligation import Obligation
from verify.model.treaty import Channel, TreatyMeta
from verify.views import WITHHELD, finding_for, handling, handling_banner

DraftFormat = Literal["markdown", "text"]
FORMATS: tuple[DraftFormat, ...] = ("markdown", "text")
TEMPLATES = "templates"
SUFFIX = ".j2"

_ESCAPES: dict[DraftFormat, Callable[[str], str]] = {
    "markdown": markdown_text,
    "text": printable,
}


@dataclass(frozen=True)
class DraftRequest:
    """What a draft is made of: the finding, its pack's metadata and obligation, the channel."""

    finding: Finding
    meta: TreatyMeta
    obligation: Obligation
    channel: Channel


def template_path(pack_folder: Path, channel_id: str) -> Path:
    """Where a pack keeps the template of a channel."""
    return pack_folder / TEMPLATES / f"{channel_id}{SUFFIX}"


def _hours_text(hours: float) -> str:
    if hours % 24 == 0 and hours >= 48:
        return f"{hours / 24:g} days"
    return f"{hours:g} hour{'' if hours == 1 else 's'}"


def _facts(view: Finding) -> list[str]:
    """Neutral sentences: what each shown record shows, and what each shown step measured."""
    facts = [
        f"A {record.kind} record ({record.id}) dated {format_time(record.time)} shows"
        f" {record.role}."
        for record in view.evidence
    ]
    facts += [
        f"{step.step}: {step.measured} (the obligation requires: {step.required})."
        for step in view.trail
        if WITHHELD not in (step.measured, step.required)
    ]
    return facts


def _question(request: DraftRequest, view: Finding) -> str:
    obligation = request.obligation
    doubt = "may not have been met" if view.status == "potential_violation" else "was not met"
    return (
        f"The information available indicates that the obligation of {obligation.article}"
        f" ({obligation.title}) {doubt}. We ask that the facts be clarified, and that any"
        " information showing the obligation was met be provided."
    )


def channel_view(request: DraftRequest) -> Finding:
    """The finding as the channel's recipients may see it (its releasability)."""
    return finding_for(request.finding, request.channel.releasability)


def draft_context(request: DraftRequest, view: Finding) -> dict[str, Any]:
    """The variables a channel's template sees: the channel's `view` of the finding and the
    pack's own texts, nothing else."""
    meta, channel, obligation = request.meta, request.channel, request.obligation
    party = meta.party(view.party)
    hours = reply_hours(channel, view.severity, meta.escalation)
    shown = next((c for c in view.channels if c.id == channel.id), None)
    deadline = shown.deadline if shown is not None else None
    return {
        "treaty": {
            "id": meta.id,
            "title": meta.title,
            "short_title": meta.short_title or meta.title,
        },
        "obligation": {
            "id": obligation.id,
            "title": obligation.title,
            "article": obligation.article,
        },
        "channel": {
            "id": channel.id,
            "name": channel.name,
            "basis": channel.basis,
            "track": channel.track,
        },
        "finding": {
            "id": view.id,
            "party": view.party,
            "party_name": party.name if party and party.name else view.party,
            "status": view.status,
            "possible": view.status == "potential_violation",
            "severity": view.severity,
            "summary": view.summary,
            "withheld": view.withheld,
        },
        "facts": _facts(view),
        "question": _question(request, view),
        "reply_within": _hours_text(hours) if hours is not None else None,
        "reply_by": format_time(deadline) if deadline is not None else None,
    }


def _environment(fmt: DraftFormat, folder: Path) -> SandboxedEnvironment:
    escape = _ESCAPES[fmt]

    def finalize(value: object) -> str:
        return "" if value is None else escape(str(value))

    return SandboxedEnvironment(
        loader=FileSystemLoader(folder),
        autoescape=False,
        undefined=StrictUndefined,
        finalize=finalize,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_draft(request: DraftRequest, pack_folder: Path, fmt: DraftFormat) -> str:
    """The channel's communication for the finding, from the pack's template, in `fmt`.

    A missing template or one that does not render is a `PackError` naming the template file
    (and its line, where Jinja2 knows it)."""
    path = template_path(pack_folder, request.channel.id)
    if not path.is_file():
        raise PackError(
            f"pack {request.meta.id!r} has no template for channel {request.channel.id!r}",
            Location(str(path)),
        )
    environment = _environment(fmt, path.parent)
    view = channel_view(request)
    try:
        body = environment.get_template(path.name).render(draft_context(request, view))
    except TemplateSyntaxError as error:
        raise PackError(
            f"template does not parse: {error.message}", Location(str(path), error.lineno)
        ) from error
    except TemplateError as error:
        raise PackError(f"template does not render: {error}", Location(str(path))) from error
    return _titled(request, view, body, fmt)


def _titled(request: DraftRequest, view: Finding, body: str, fmt: DraftFormat) -> str:
    """The body under its handling marking and a title naming the channel and the finding."""
    escape = _ESCAPES[fmt]
    banner = handling_banner(handling([view]))
    title = escape(f"{request.channel.name}: {view.id}")
    if fmt == "markdown":
        head = f"**{banner}**\n\n# {title}"
    else:
        head = f"{banner}\n\n{title}\n{'=' * len(title)}"
    return f"{head}\n\n{body.strip()}\n"
