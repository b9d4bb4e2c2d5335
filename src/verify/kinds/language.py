"""The machinery of the step vocabulary: phrases, the draft they fill, and step errors.

A Rule's Background is read step by step; each step must match exactly one `Phrase`. A phrase
is a pattern over the whole step text and a handler that records what the step says in the
rule's `Draft`. Phrases that every kind shares live in `kinds/common.py`; each kind's own
phrases live in its module, and `kinds.PHRASES` lists them all (what lint suggests from, what
`docs/writing-rules.md` documents). No user text is ever evaluated: values are parsed as
numbers, names and dates, nothing more.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from verify.errors import VerifyError
from verify.model.obligation import (
    OPERATORS,
    Comparison,
    Condition,
    Exemption,
    Operator,
)

if TYPE_CHECKING:
    from verify.treaty.gherkin import Step

T = TypeVar("T")


class StepError(VerifyError):
    """A step that matched a phrase but says something impossible (a bad number, say)."""


#: A place in an obligation's model, as a path of field names and positions:
#: `("requirements", 0, "counterpart_kind")`.
FieldPath = tuple[str | int, ...]


@dataclass
class Draft:
    """What the Background of one Rule has said so far; the rule's kind builds the model.

    What every kind has (scope, severity, citation, ...) is kept in fields; what only one kind
    says is kept in `parts`, under the kind's name, in a dataclass of the kind's own.
    `places` remembers which step said what, so that an error about a field of the model can
    point at the step (or table row) that wrote it.
    """

    kinds: tuple[str, ...] = ()
    parties: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()
    flags_mode: Literal["all", "any"] = "all"
    noun: str = "activity"
    condition: Condition = field(default_factory=Condition)
    exclude: Condition | None = None
    within_zone: str | None = None
    exemptions: list[Exemption] = field(default_factory=list)
    severity: str | None = None
    escalation_start: str | None = None
    article: str | None = None
    confidence_bar: float | None = None
    applies_from: date | None = None
    steps: dict[str, Step] = field(default_factory=dict)
    parts: dict[str, Any] = field(default_factory=dict)
    places: dict[FieldPath, Step] = field(default_factory=dict)

    def part(self, name: str, factory: Callable[[], T]) -> T:
        """The part of the draft kept under `name`, made by `factory` when first asked for."""
        if name not in self.parts:
            self.parts[name] = factory()
        found: T = self.parts[name]
        return found

    def says(self, name: str) -> bool:
        """Whether a step has filled the part `name`."""
        return name in self.parts

    def remember(self, name: str, step: Step) -> None:
        """Note that `step` said `name`; a phrase that may be said once per rule raises when
        said again."""
        if name in self.steps:
            raise StepError(f"said twice in this rule (first on line {self.steps[name].line})")
        self.steps[name] = step

    def place(self, path: FieldPath, step: Step) -> None:
        """Note that `step` wrote the model's field at `path`."""
        self.places[path] = step

    def step_for(self, path: FieldPath) -> Step | None:
        """The step that wrote the field at `path`, or the closest enclosing field."""
        for length in range(len(path), 0, -1):
            step = self.places.get(path[:length])
            if step is not None:
                return step
        return None


Handler = Callable[[Draft, re.Match[str], "Step"], None]


@dataclass(frozen=True)
class Phrase:
    """A step phrase: its pattern (`source`, which must match the whole step), a readable
    template for suggestions and docs, what it does, and the kinds of obligation it may stand
    in (None: any)."""

    name: str
    template: str
    source: str
    handler: Handler
    fits: frozenset[str] | None = None

    @cached_property
    def pattern(self) -> re.Pattern[str]:
        """The pattern compiled, on first use: a run that reads its packs back from the cache
        matches no step, and compiling every phrase took 15 ms of its start."""
        return re.compile(f"^{self.source}$")


class Phrases:
    """The phrases of one module, registered with `@phrases.phrase(...)` in reading order."""

    def __init__(self, fits: frozenset[str] | None = None) -> None:
        self.fits = fits
        self.items: list[Phrase] = []

    def phrase(
        self, name: str, template: str, pattern: str, *, fits: frozenset[str] | None = None
    ) -> Callable[[Handler], Handler]:
        """Register a handler for a step phrase (the pattern must match the whole step)."""

        def register(handler: Handler) -> Handler:
            self.items.append(Phrase(name, template, pattern, handler, fits or self.fits))
            return handler

        return register


QUOTED_LIST = r'"[^"]+"(?:(?:, | and | or |, and |, or )"[^"]+")*'
NUMBER = r"\d[\d,]*(?:\.\d+)?"
#: A length of time in hours or minutes, or hours and minutes: `72 hours`, `90 minutes`,
#: `23 hours and 59 minutes` (read with `hours_of`).
CLOCK_LENGTH = (
    rf"(?P<length>{NUMBER}) (?P<unit>hours?|minutes?)(?: and (?P<minutes>{NUMBER}) minutes?)?"
)
MONTHS = [
    *("January", "February", "March", "April", "May", "June"),
    *("July", "August", "September", "October", "November", "December"),
]


def quoted(text: str) -> tuple[str, ...]:
    """The quoted names in `"a", "b" and "c"`, in order."""
    return tuple(re.findall(r'"([^"]+)"', text))


def number(text: str) -> float:
    """A number as a treaty writes it: `9,000` or `42` or `2.5`."""
    return float(text.replace(",", ""))


def hours_of(found: re.Match[str]) -> float:
    """The hours a `CLOCK_LENGTH` says (minutes as a fraction of an hour)."""
    length = number(found["length"])
    if found["unit"].startswith("minute"):
        if found["minutes"] is not None:
            raise StepError("minutes and minutes: say `N hours and M minutes`")
        return length / 60
    return length + (number(found["minutes"]) / 60 if found["minutes"] is not None else 0.0)


def table_condition(mode: str, step: Step) -> Condition:
    """The comparisons of a `| quantity | at least | ... |` table, combined any-of or all-of."""
    if step.table is None:
        raise StepError("needs a table: | quantity | at least | (or more than, at most, less than)")
    header = tuple(cell.strip().lower() for cell in step.table.header)
    if not header or header[0] != "quantity":
        raise StepError("the table's first column must be headed `quantity`")
    unknown = [op for op in header[1:] if op not in OPERATORS]
    if unknown:
        raise StepError(f"unknown comparison {unknown[0]!r}; use one of {', '.join(OPERATORS)}")
    comparisons: list[Comparison] = []
    for row in step.table.rows:
        quantity = row[0].strip()
        for op, cell in zip(header[1:], row[1:], strict=True):
            if cell.strip():
                comparisons.append(Comparison(quantity=quantity, op=_op(op), value=_num(cell)))
    if not comparisons:
        raise StepError("the table holds no comparison")
    return Condition(mode="any" if mode == "any" else "all", comparisons=tuple(comparisons))


def _op(text: str) -> Operator:
    for op in OPERATORS:
        if op == text:
            return op
    raise StepError(f"unknown comparison {text!r}")


def _num(text: str) -> float:
    try:
        return number(text.strip())
    except ValueError:
        raise StepError(f"{text.strip()!r} is not a number") from None


def month_day(day_text: str, month_text: str) -> tuple[int, int]:
    """`15`, `November` as (month, day), refusing days no year has (31 April)."""
    month = MONTHS.index(month_text) + 1
    day = int(day_text)
    if day > (29 if month == 2 else 30 if month in (4, 6, 9, 11) else 31):
        raise StepError(f"{day} {month_text} is not a date")
    return month, day
