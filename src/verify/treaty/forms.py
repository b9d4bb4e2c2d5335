"""What lint says about a step that no phrase reads: the nearest phrase forms, and the forms
for what the step seems to be about (a time, a period, a quantity).

A form is a phrase's template with its values turned into placeholders (`<N> days`,
`"<kind>"`), so that a suggestion never carries another pack's numbers or names. Forms and
hints are drawn from the phrases themselves (`kinds.PHRASES`, or the example steps'), never
written per phrase: a phrase added to the registry gets the same help at once.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from verify.kinds.language import MONTHS, Phrase
from verify.model.obligation import OPERATORS

_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
_QUOTED = re.compile(r'"[^"]*"')
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_PLACEHOLDER = re.compile(r"<[^<>]+>")
_GROUP_NAME = re.compile(r"\(\?P<\w+>")
#: Units of time a phrase may count in, shortest first (the order a hint lists them in).
TIME_UNITS = ("minute", "hour", "day", "week")
_TIME_WORDS = re.compile(rf"\b(?:{'|'.join(TIME_UNITS)})s?\b", re.IGNORECASE)
_PERIOD_WORDS = re.compile(
    r"\b(?:years?|yearly|annual(?:ly)?|calendar|period|periods|rolling|months?|monthly)\b",
    re.IGNORECASE,
)
#: How close (0 to 1) a form must be to a step to be offered as the nearest.
CUTOFF = 0.5


@dataclass(frozen=True)
class Form:
    """A phrase as a template with placeholders, and the pattern source it was drawn from."""

    name: str
    text: str
    source: str


def _singular(name: str) -> str:
    if name.endswith("ies"):
        return name[:-3] + "y"
    return name.removesuffix("s")


def _placeholder(name: str, value: str) -> str | None:
    """What a group's value becomes in a form: quoted names `"<name>"`, numbers `<N>`, dates
    `<YYYY-MM-DD>`, months `<Month>`; None for words the phrase itself fixes (keep them)."""
    if '"' in value:
        return _QUOTED.sub(f'"<{_singular(name)}>"', value)
    if _DATE.fullmatch(value):
        return "<YYYY-MM-DD>"
    if _NUMBER.fullmatch(value):
        return "<N>"
    if value in MONTHS:
        return "<Month>"
    return None


def form_text(template: str, pattern: re.Pattern[str]) -> str:
    """`template` with the values its `pattern`'s named groups match made placeholders, and
    any number left over too (`<N>`)."""
    found = pattern.match(template)
    edits: list[tuple[int, int, str]] = []
    if found is not None:
        spans = sorted(
            (found.start(name), found.end(name), name)
            for name in pattern.groupindex
            if found.start(name) >= 0
        )
        for start, end, name in sorted(spans, key=lambda span: (span[0], -span[1])):
            if any(start < e and s < end for s, e, _ in edits):
                continue
            quoted_value = template[start - 1 : start] == '"' == template[end : end + 1]
            value = template[start - 1 : end + 1] if quoted_value else template[start:end]
            replaced = _placeholder(name, value)
            if replaced is not None and quoted_value:
                start, end = start - 1, end + 1
            if replaced is not None:
                edits.append((start, end, replaced))
    text = template
    for start, end, replaced in sorted(edits, reverse=True):
        text = text[:start] + replaced + text[end:]
    pieces = re.split(f"({_PLACEHOLDER.pattern}|{_QUOTED.pattern})", text)
    return "".join(
        piece if index % 2 else _NUMBER.sub("<N>", piece) for index, piece in enumerate(pieces)
    )


def forms_of(phrases: Iterable[Phrase]) -> tuple[Form, ...]:
    """The form of each phrase, in the registry's order."""
    return tuple(Form(p.name, form_text(p.template, p.pattern), p.pattern.pattern) for p in phrases)


def _shape(text: str) -> str:
    """A step or form with its values folded alike, for likeness: `"x"` and `"<kind>"` read
    `""`, `42` and `<N>` read `#`."""
    text = _QUOTED.sub('""', " ".join(text.split()).lower())
    return _NUMBER.sub("#", _PLACEHOLDER.sub("#", text))


def likeness(step: str, form: Form) -> float:
    """How alike a step's text and a form read, from 0 to 1."""
    return difflib.SequenceMatcher(None, _shape(step), _shape(form.text)).ratio()


def nearest(step: str, forms: Sequence[Form], n: int = 2) -> list[Form]:
    """The `n` forms most like the step, best first, those at least `CUTOFF` alike."""
    ranked = sorted(forms, key=lambda form: -likeness(step, form))
    return [form for form in ranked[:n] if likeness(step, form) >= CUTOFF]


def time_units(forms: Iterable[Form]) -> list[str]:
    """The units of time the forms count in, shortest first (plural: `days`)."""
    said = {
        word.lower().removesuffix("s")
        for form in forms
        for word in _TIME_WORDS.findall(_GROUP_NAME.sub("", form.source))
    }
    return [f"{unit}s" for unit in TIME_UNITS if unit in said]


def _takes_time(form: Form) -> bool:
    return bool(_TIME_WORDS.search(_GROUP_NAME.sub("", form.source)))


def _takes_period(form: Form) -> bool:
    return bool(_PERIOD_WORDS.search(_GROUP_NAME.sub("", form.source)))


def _takes_quantity(form: Form) -> bool:
    return (
        '"<quantity>"' in form.text
        or form.text.endswith(":")
        or any(op in form.text for op in OPERATORS)
        or "figure" in form.text
    )


def _or(words: Sequence[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


def _listed(step: str, forms: Sequence[Form], shown: set[str], limit: int = 4) -> str:
    ranked = sorted(forms, key=lambda form: -likeness(step, form))
    fresh = [form for form in ranked if form.text not in shown][:limit]
    shown.update(form.text for form in fresh)
    return "; ".join(f"`{form.text}`" for form in fresh)


def hints(step: str, forms: Sequence[Form], quantities: Iterable[str] = ()) -> list[str]:
    """What the forms allow for what the step seems to say: a time (`72 hours`), a period (a
    year, a calendar), a quantity (one of `quantities`, or a comparison); one sentence each."""
    said: list[str] = []
    shown: set[str] = set()
    folded = " ".join(step.split())
    timed = [form for form in forms if _takes_time(form)]
    if _TIME_WORDS.search(folded) and timed:
        units = _or(time_units(timed))
        said.append(f"times are written in {units}, in these forms: {_listed(step, timed, shown)}")
    periodic = [form for form in forms if _takes_period(form)]
    if _PERIOD_WORDS.search(folded) and periodic:
        said.append(f"periods are written in these forms: {_listed(step, periodic, shown)}")
    names = {name for name in quantities if name}
    counted = [form for form in forms if _takes_quantity(form)]
    mentions = any(re.search(rf"\b{re.escape(name)}\b", folded) for name in names)
    if counted and (mentions or any(op in folded for op in OPERATORS)):
        tables = " | ".join(("quantity", *OPERATORS))
        said.append(
            f"quantities are named in quotes or in a table (| {tables} |), in these forms:"
            f" {_listed(step, counted, shown)}"
        )
    return said


def unknown_step(
    step: str, forms: Sequence[Form], quantities: Iterable[str] = ()
) -> tuple[str, list[str]]:
    """The message for a step no form reads (naming the nearest forms), and its hints."""
    close = nearest(step, forms)
    message = "unknown step"
    if close:
        message += "; did you mean " + " or ".join(f"`{form.text}`" for form in close) + "?"
    return message, hints(step, forms, quantities)
