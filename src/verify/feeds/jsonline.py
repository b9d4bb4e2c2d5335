"""One JSON Lines line to one record, strictly: the parser `verify check` and `verify watch` share.

Python's `json` module recurses once per level of nesting: a line nested a thousand deep raises
RecursionError, and pyarrow's reader crashes the process on one nested some ten thousand deep.
So before a line is decoded its nesting is measured without recursion (`nesting_problem`), and
a line nested deeper than `MAX_DEPTH` is refused (the record's own object is the first level).

`parse_record` gives the line's object, or a `LineProblem`: the field it lies in (when it
lies in one) and the reason, in the words of `rejects.py`.
"""

from __future__ import annotations

import json
import re
from typing import Any, NamedTuple

from verify.feeds import rejects as reasons
from verify.feeds.rejects import Reject

#: The deepest nesting of arrays and objects a line may have, the record's own object included.
MAX_DEPTH = 32

#: What the nesting scan looks at: strings (an unterminated one runs to the end of the line),
#: brackets and colons; escapes inside strings are skipped whole.
_TOKENS = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"?|[\[\]{}:]', re.DOTALL)
_OPENING = frozenset(b"[{")
_CLOSING = frozenset(b"]}")
_QUOTE, _COLON = ord('"'), ord(":")


class LineProblem(NamedTuple):
    """Why a line is no record: the field the problem lies in (None when not one field's)."""

    field: str | None
    reason: str


def parse_record(text: bytes) -> dict[str, Any] | LineProblem:
    """A line's JSON object, or what is wrong with the line."""
    try:
        decoded = text.decode("utf-8")
    except UnicodeDecodeError as error:
        detail = f"not valid UTF-8 ({error.reason} at byte {error.start})"
        return LineProblem(None, reasons.not_json_object(detail))
    if may_nest_too_deep(text):
        problem = nesting_problem(text)
        if problem is not None:
            return problem
    try:
        value = json.loads(decoded)
    except json.JSONDecodeError as error:
        return LineProblem(None, reasons.not_json_object(f"{error.msg} at column {error.colno}"))
    if not isinstance(value, dict):
        return LineProblem(None, reasons.not_json_object(f"found a JSON {_json_type(value)}"))
    return value


def line_reject(problem: LineProblem, text: bytes, display: str, number: int) -> Reject:
    """The reject of a line that is no record: its problem, and the line's text as its record."""
    line_text = text.decode("utf-8", "replace").rstrip("\r")
    return Reject(display, number, problem.field, problem.reason, line_text)


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
