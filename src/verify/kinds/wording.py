"""How breaches are worded: moments, spans, amounts, conditions. Every kind's summary and
trail are written with these, so both engines say the same thing the same way."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import lru_cache

from verify.memo import ByIdentity
from verify.model.breach import CitedRecord
from verify.model.finding import TrailStep
from verify.model.obligation import Condition, Scope


@lru_cache(maxsize=1 << 16)
def when(moment: datetime) -> str:
    """A moment as `2027-05-03 05:00Z` (minutes only; seconds where they are not zero)."""
    moment = moment.astimezone(UTC)
    text = moment.strftime("%Y-%m-%d %H:%M")
    if moment.second or moment.microsecond:
        text = moment.strftime("%Y-%m-%d %H:%M:%S")
    return text + "Z"


def day(moment: datetime) -> str:
    """A moment's day, `2027-05-03`."""
    return when(moment)[:10]


@lru_cache(maxsize=1 << 14)
def span(delta: timedelta) -> str:
    """A duration in days (one decimal) when a day or more, in hours when an hour or more,
    otherwise in whole minutes: `17.8 days`, `6 hours`, `1 minute`."""
    hours = delta.total_seconds() / 3600
    if abs(hours) >= 24:
        return count(hours / 24, "day")
    if abs(hours) >= 1:
        return count(hours, "hour")
    return count(round(hours * 60), "minute")


def relative(delta: timedelta, moment: str, *, lead: str | None = None) -> str:
    """How far before or after `moment` something came, never a negative span: `6 hours
    before the start`, `1 minute after the start`, `at the start` (`lead` words the length,
    `span` by default)."""
    if not delta:
        return f"at {moment}"
    length = lead if lead is not None else span(abs(delta))
    return f"{length.removeprefix('-')} {'before' if delta > timedelta(0) else 'after'} {moment}"


def clock(hours: float) -> str:
    """A deadline stated in hours, as stated: `72 hours`, `1 hour 30 minutes`, `45 minutes`."""
    if hours < 0:
        return "-" + clock(-hours)
    minutes = round(hours * 60, 6)
    whole, rest = divmod(minutes, 60)
    parts = [count(whole, "hour")] if whole else []
    if rest or not parts:
        parts.append(count(rest, "minute"))
    return " ".join(parts)


@lru_cache(maxsize=1 << 14)
def count(value: float, unit: str) -> str:
    """A number of units, rounded to one decimal, the unit plural but after exactly 1:
    `1 day`, `1.5 days`, `0.96` as `1 day`, `12,000 troops`."""
    rounded = round(float(value), 1)
    text = amount(rounded) if rounded.is_integer() else f"{rounded:,.1f}"
    return f"{text} {unit}" + ("" if text in ("1", "-1") else "s")


def are(number: int) -> str:
    """The verb after a count: `1 is`, `3 are`."""
    return f"{number} {'is' if number == 1 else 'are'}"


#: Words that begin with a vowel letter but not a vowel sound, and the reverse.
_A_BEFORE = ("one", "uni", "use", "usa", "uav", "ufo", "eu")
_AN_BEFORE = ("hour", "honest", "honour", "heir")


def a(noun: str) -> str:
    """The noun after its indefinite article: `an exercise`, `a flight`, `a unit`,
    `an hour`."""
    word = noun.lower()
    vowel = word[:1] in ("a", "e", "i", "o", "u")
    if word.startswith(_A_BEFORE):
        vowel = False
    elif word.startswith(_AN_BEFORE):
        vowel = True
    return f"{'an' if vowel else 'a'} {noun}"


def amount(value: float) -> str:
    """A quantity as a treaty writes it: 12,000 or 2.5."""
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,.2f}"


def ordinal(number: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 21st."""
    suffix = (
        "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    )
    return f"{number}{suffix}"


#: `condition_text` of the conditions asked about, by identity (each obligation's own object):
#: hashing a condition by value (a pydantic model of models) cost more than wording it.
_CONDITION_TEXTS: ByIdentity[Condition, str] = ByIdentity(1024)


def condition_text(condition: Condition) -> str:
    """`any of: troops at least 9,000, battle_tanks at least 250`, or `always`."""
    known = _CONDITION_TEXTS.get(condition)
    if known is not None:
        return known
    return _CONDITION_TEXTS.keep(condition, _condition_text(condition))


@lru_cache(maxsize=1024)
def _condition_text(condition: Condition) -> str:
    if not condition.comparisons:
        return "always"
    parts = [f"{c.quantity} {c.op} {amount(c.value)}" for c in condition.comparisons]
    if len(parts) == 1:
        return parts[0]
    return f"{condition.mode} of: " + ", ".join(parts)


def scope_text(scope: Scope) -> str:
    """The records an obligation covers: `exercise or movement`."""
    return " or ".join(scope.kinds)


def measured(cited: CitedRecord, condition: Condition) -> str:
    """What a record measured on the condition's quantities: `troops 12,000, battle_tanks 140`."""
    parts = []
    for quantity in condition.quantities():
        value = cited.quantity(quantity)
        if value is not None and value == value:  # NaN is no measurement
            parts.append(f"{quantity} {amount(value)}")
    return ", ".join(parts) or "no quantity reported"


def covered_step(noun: str, opening: str, cited: CitedRecord, condition: Condition) -> TrailStep:
    """The trail step that a record is covered: `opening` (what it is and when), then what it
    measured on the condition's quantities, against the condition."""
    return TrailStep.made(
        step=f"covered {noun}",
        measured=f"{opening}; " + measured(cited, condition),
        required=condition_text(condition),
        holds=True,
    )


def flags_text(cited: CitedRecord) -> str:
    """A record's flags as the batch frame holds them: sorted, comma-joined ("" when none)."""
    return ",".join(cited.record.get("flags", ()))
