"""How engines word measurements, requirements and summaries, so both engines say the same."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from verify.model.obligation import Condition, Scope


def when(moment: datetime) -> str:
    """A moment as `2027-05-03 05:00Z` (minutes only; seconds where they are not zero)."""
    moment = moment.astimezone(UTC)
    text = moment.strftime("%Y-%m-%d %H:%M")
    if moment.second or moment.microsecond:
        text = moment.strftime("%Y-%m-%d %H:%M:%S")
    return text + "Z"


def span(delta: timedelta) -> str:
    """A duration in days (one decimal) when a day or more, otherwise in hours."""
    hours = delta.total_seconds() / 3600
    if abs(hours) >= 24:
        return _count(hours / 24, "day")
    return _count(hours, "hour")


def _count(value: float, unit: str) -> str:
    text = f"{value:.1f}" if value != int(value) else str(int(value))
    return f"{text} {unit}" + ("" if text == "1" else "s")


def amount(value: float) -> str:
    """A quantity as a treaty writes it: 12,000 or 2.5."""
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,.2f}"


def condition_text(condition: Condition) -> str:
    """`any of: troops at least 9,000, battle_tanks at least 250`, or `always`."""
    if not condition.comparisons:
        return "always"
    parts = [f"{c.quantity} {c.op} {amount(c.value)}" for c in condition.comparisons]
    if len(parts) == 1:
        return parts[0]
    return f"{condition.mode} of: " + ", ".join(parts)


def scope_text(scope: Scope) -> str:
    """The records an obligation covers: `exercise or movement`."""
    return " or ".join(scope.kinds)
