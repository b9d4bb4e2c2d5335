"""One JSON Lines line to one record, strictly: the parser `verify check` and `verify watch` share.

Python's `json` module recurses once per level of nesting: a line nested a thousand deep raises
RecursionError, and pyarrow's reader crashes the process on one nested some ten thousand deep.
So before a line is decoded its nesting is measured without recursion (`nesting_problem`), and
a line nested deeper than `MAX_DEPTH` is refused (the record's own object is the first level).

`json` is lenient too where the contract is strict. It reads `NaN`, `Infinity` and
`-Infinity`, which are no JSON; keeps the last value of a key given twice; reads integers of
any size, which the frame's floats then round (30 digits become 17), and fails outright
(ValueError) beyond 4,300 digits; and overflows `1e999` to an infinity. So integers must lie
within ±(2^53 - 1) (`EXACT_INTEGER`, as RFC 8259 advises) and numbers be finite. The line is
decoded by a decoder whose hooks refuse all this (`_STRICT`: a good line costs some 3 us more
than with `json.loads`); only a refused line is decoded again, marking each refused value where it
stands (`_MARKING`), to say which field holds the first. And `json` decodes an escaped lone
surrogate (`"\\ud800"`) into text that no UTF-8 holds, which then failed the run wherever the
text was written out; such text is refused as well.

Most lines are plain records, and those `orjson` decodes to the very same object several times
faster (`_plain_record`): a line with one object and no backslash (so no escape, and the line's
quotes are two per text, keys included: as many keys as the object has unless one was given
twice), and in it no integer beyond `EXACT_INTEGER` and no float of 2^63 or more (`orjson`
makes a float of an integer beyond 64 bits, where the strict decoder refuses it). `orjson`
refuses `NaN`, infinities, numbers that overflow and bad UTF-8 itself; whatever it refuses, and
every other line, goes to the decoders above, which word the reject.

`parse_record` gives the line's object, or a `LineProblem`: the field it lies in (when it
lies in one) and the reason, in the words of `rejects.py`.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable
from typing import Any, NamedTuple

import orjson

from verify.feeds import rejects as reasons
from verify.feeds.rejects import Reject

#: The deepest nesting of arrays and objects a line may have, the record's own object included.
MAX_DEPTH = 32

#: The largest integer a record may hold: every integer up to it is exact as a float.
EXACT_INTEGER = 2**53 - 1
_INTEGER_DIGITS = len(str(EXACT_INTEGER))

#: What the nesting scan looks at: strings (an unterminated one runs to the end of the line),
#: brackets and colons; escapes inside strings are skipped whole.
_TOKENS = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"?|[\[\]{}:]', re.DOTALL)
#: A lone surrogate, which `json` decodes from an escape such as `\\ud800` and no UTF-8 holds.
_SURROGATE = re.compile("[\ud800-\udfff]")
#: Floats from this size on may have been integers beyond 64 bits (`_plain_record`).
_INTEGER_AS_FLOAT = float(2**63)
_OPENING = frozenset(b"[{")
_CLOSING = frozenset(b"]}")
_QUOTE, _COLON = ord('"'), ord(":")


class _Refused(Exception):
    """Raised by the strict decoder's hooks at what the contract refuses."""


def _refuse(_literal: str) -> Any:
    raise _Refused


def _unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    record = dict(pairs)
    if len(record) != len(pairs):
        raise _Refused
    return record


def _exact(literal: str) -> int | None:
    """An integer literal's value when a float holds it exactly, else None (never calling
    `int` on a long literal, which Python refuses beyond 4,300 digits)."""
    if len(literal.lstrip("-")) > _INTEGER_DIGITS:
        return None
    number = int(literal)
    return number if -EXACT_INTEGER <= number <= EXACT_INTEGER else None


def _exact_int(literal: str) -> int:
    if len(literal) < _INTEGER_DIGITS:  # the common case, exact whatever its digits
        return int(literal)
    number = _exact(literal)
    if number is None:
        raise _Refused
    return number


def _finite_float(literal: str) -> float:
    number = float(literal)
    if not math.isfinite(number):
        raise _Refused
    return number


_STRICT = json.JSONDecoder(
    object_pairs_hook=_unique,
    parse_constant=_refuse,
    parse_int=_exact_int,
    parse_float=_finite_float,
)


class _Flaw:
    """A refused value, as the marking decoder leaves it where it stood."""

    __slots__ = ("reason",)

    def __init__(self, reason: str) -> None:
        self.reason = reason


class _Pairs(list[tuple[str, Any]]):
    """An object as the marking decoder leaves it: its key-value pairs in order."""


def _marked_int(literal: str) -> int | _Flaw:
    number = _exact(literal)
    return _Flaw(reasons.inexact_integer(literal)) if number is None else number


def _marked_float(literal: str) -> float | _Flaw:
    number = float(literal)
    return number if math.isfinite(number) else _Flaw(reasons.number_out_of_range(literal))


_MARKING = json.JSONDecoder(
    object_pairs_hook=_Pairs,
    parse_constant=lambda literal: _Flaw(reasons.non_json_number(literal)),
    parse_int=_marked_int,
    parse_float=_marked_float,
)


def _plain_record(text: bytes) -> dict[str, Any] | None:
    """The object of a plain line (one `{`, checked by the caller) as the strict decoder gives
    it, or None to leave the line to it (see the module's docstring for what makes it plain)."""
    if b"\\" in text:
        return None
    try:
        value = orjson.loads(text)
    except orjson.JSONDecodeError:
        return None
    if type(value) is not dict:
        return None
    texts = _plain_texts(value.values())
    # Without a backslash, each text (key or value) is two of the line's quotes, and no other
    # quote is there: so the line's keys number as many as the object's unless one came twice.
    if texts < 0 or 2 * (len(value) + texts) != text.count(b'"'):
        return None
    return value


def _plain_texts(values: Iterable[Any]) -> int:
    """How many texts the values hold (in lists too); -1 at an integer beyond `EXACT_INTEGER`
    or a float of 2^63 or more, which are left to the strict decoder."""
    texts = 0
    for value in values:
        kind = type(value)
        if kind is str:
            texts += 1
        elif kind is int:
            if not -EXACT_INTEGER <= value <= EXACT_INTEGER:
                return -1
        elif kind is float:
            if not -_INTEGER_AS_FLOAT < value < _INTEGER_AS_FLOAT:
                return -1
        elif kind is list:
            inner = _plain_texts(value)
            if inner < 0:
                return -1
            texts += inner
    return texts


class LineProblem(NamedTuple):
    """Why a line is no record: the field the problem lies in (None when not one field's)."""

    field: str | None
    reason: str


def parse_record(text: bytes) -> dict[str, Any] | LineProblem:
    """A line's JSON object, or what is wrong with the line."""
    if text.count(b"{") == 1 and text.count(b"[") < MAX_DEPTH:  # nested no deeper than allowed
        plain_value = _plain_record(text)
        if plain_value is not None:
            return plain_value
    try:
        decoded = text.decode("utf-8")
    except UnicodeDecodeError as error:
        detail = f"not valid UTF-8 ({error.reason} at byte {error.start})"
        return LineProblem(None, reasons.not_json_object(detail))
    if text.count(b"{") + text.count(b"[") > MAX_DEPTH:  # may_nest_too_deep, inline
        problem = nesting_problem(text)
        if problem is not None:
            return problem
    try:
        value = _STRICT.decode(decoded)
    except json.JSONDecodeError as error:
        return _syntax_problem(error)
    except _Refused:
        return _refused_problem(decoded, texts=may_escape_surrogates(text))
    if not isinstance(value, dict):
        return LineProblem(None, reasons.not_json_object(f"found a JSON {_json_type(value)}"))
    if b"\\u" in text and may_escape_surrogates(text) and _first_flaw(value.items(), texts=True):
        return _refused_problem(decoded, texts=True)
    return value


#: How an escape of a surrogate begins (`\\ud800`), in either case.
SURROGATE_ESCAPES = (b"\\ud", b"\\uD")


def may_escape_surrogates(text: bytes) -> bool:
    """Whether the line may escape a surrogate (`\\ud800`: cheap, and rare in a feed)."""
    return any(escape in text for escape in SURROGATE_ESCAPES)


def _syntax_problem(error: json.JSONDecodeError) -> LineProblem:
    return LineProblem(None, reasons.not_json_object(f"{error.msg} at column {error.colno}"))


def _refused_problem(decoded: str, *, texts: bool) -> LineProblem:
    """The first refused value of a line the strict decoder refused, and the field it is in
    (`texts`: lone surrogates in text are refused too; the key itself may be one)."""
    try:
        value = _MARKING.decode(decoded)
    except json.JSONDecodeError as error:  # a refused value before a syntax error
        return _syntax_problem(error)
    if not isinstance(value, _Pairs):
        return LineProblem(None, reasons.not_json_object(f"found a JSON {_json_type(value)}"))
    found = _first_flaw(value, texts=texts)
    if found is None:
        raise AssertionError(f"the strict decoder refused a line with nothing to refuse: {decoded}")
    key, key_flawed, reason = found
    return LineProblem(None if key_flawed else key, reason)


def _first_flaw(pairs: Iterable[tuple[str, Any]], *, texts: bool) -> tuple[str, bool, str] | None:
    """The first refused key or value of an object, in the line's order: its key, whether the
    key itself is refused, and the reason; or None. `texts`: refuse lone surrogates too."""
    seen: set[str] = set()
    for key, item in pairs:
        in_key = _surrogate_in(key) if texts else None
        if in_key is not None:
            return key, True, in_key
        reason = reasons.duplicate_key(key) if key in seen else _flaw_in(item, texts=texts)
        if reason is not None:
            return key, False, reason
        seen.add(key)
    return None


def _flaw_in(value: Any, *, texts: bool) -> str | None:
    """The reason of the first refused value in a marked (or plain) value, or None; the
    recursion is as deep as the nesting, which `MAX_DEPTH` bounds."""
    if isinstance(value, _Flaw):
        return value.reason
    if isinstance(value, str):
        return _surrogate_in(value) if texts else None
    if isinstance(value, _Pairs | dict):
        found = _first_flaw(value if isinstance(value, _Pairs) else value.items(), texts=texts)
        return None if found is None else found[2]
    if isinstance(value, list):
        for item in value:
            reason = _flaw_in(item, texts=texts)
            if reason is not None:
                return reason
    return None


def _surrogate_in(text: str) -> str | None:
    """The reason for a lone surrogate in text (`"\\ud800"` decodes to one), or None."""
    found = _SURROGATE.search(text)
    return None if found is None else reasons.lone_surrogate(f"\\u{ord(found[0]):04x}")


def line_reject(problem: LineProblem, text: bytes, display: str, number: int) -> Reject:
    """The reject of a line that is no record: its problem, and the line's text as its record."""
    line_text = text.decode("utf-8", "replace").rstrip("\r")
    return Reject(display, number, problem.field, problem.reason, line_text, raw_text(text))


def raw_text(text: bytes) -> str | bytes:
    """A line as `Reject.raw` holds it: without the carriage return of a CRLF line break, as
    text when it is UTF-8, else as bytes."""
    line = text[:-1] if text.endswith(b"\r") else text
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError:
        return line


def _json_type(value: Any) -> str:
    if isinstance(value, list):
        return "array"
    if isinstance(value, str):
        return "string"
    if isinstance(value, bool):
        return "boolean"
    return "null" if value is None else "number"


def may_nest_too_deep(text: bytes) -> bool:
    """Whether the line has brackets enough to nest deeper than `MAX_DEPTH` (cheap; most
    lines have one or two)."""
    return text.count(b"{") + text.count(b"[") > MAX_DEPTH


def nesting_problem(text: bytes) -> LineProblem | None:
    """The problem of a line nested deeper than `MAX_DEPTH`, or None; without recursion.

    Brackets inside strings do not count. The field is the record's key under which the
    nesting goes too deep, when the line gets that far as an object.
    """
    depth = 0
    last_text: bytes | None = None  # the latest string at the first level: a key if a colon follows
    key: bytes | None = None
    for match in _TOKENS.finditer(text):
        token = match[0]
        first = token[0]
        if first == _QUOTE:
            last_text = token if depth == 1 else None
        elif first == _COLON:
            if depth == 1:
                key = last_text
        elif first in _OPENING:
            depth += 1
            if depth > MAX_DEPTH:
                return LineProblem(_key_name(key), reasons.nested_too_deep(MAX_DEPTH))
        elif first in _CLOSING:
            depth -= 1
            if depth == 1:
                key = None
    return None


def _key_name(token: bytes | None) -> str | None:
    """The key a string token spells, or None when it spells none."""
    if token is None:
        return None
    try:
        name = json.loads(token)
    except (ValueError, UnicodeDecodeError):
        return None
    return name if isinstance(name, str) else None
