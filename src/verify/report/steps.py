"""The escalation policy's steps for a suggested channel, as every renderer words them.

One wording for every format: `step: what it saw (rung before → rung after)`; a step that
places the first rung says `start → rung`, and one that records what it saw without moving says
`stays at rung`. Renderers escape the text their own way first.
"""

from __future__ import annotations

from typing import Any

from verify.model.finding import ChannelSuggestion, ReasonStep


def step_text(step: ReasonStep) -> str:
    """One policy step as a line of text."""
    if step.before == step.after:
        moved = f"stays at {step.after}"
    else:
        moved = f"{step.before or 'start'} → {step.after}"
    return f"{step.step}: {step.saw} ({moved})"


def reasons(channel: ChannelSuggestion) -> tuple[str, ...]:
    """A channel's reasons to show: its steps, or its `reason` alone where it has no steps
    (a suggestion recorded before reasons were steps)."""
    if channel.steps:
        return tuple(step_text(step) for step in channel.steps)
    return (channel.reason,) if channel.reason else ()


def steps_line(channel: ChannelSuggestion) -> str:
    """A channel's reasons on one line, for formats with one cell or line per channel."""
    return " | ".join(reasons(channel))


def steps_data(channel: ChannelSuggestion) -> list[dict[str, Any]]:
    """A channel's steps as plain data, for the JSON-shaped formats that list fields by hand."""
    return [
        {"step": s.step, "saw": s.saw, "before": s.before, "after": s.after} for s in channel.steps
    ]
