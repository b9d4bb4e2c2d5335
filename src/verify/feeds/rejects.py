"""Records that break the rules: the `Reject` itself, its reasons in words, and the rejects file.

Both validation paths build their reasons with these functions, so a record is rejected in the
same words whichever path saw it.
"""

from __future__ import annotations

import base64
import difflib
import json
import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from verify.feeds.values import iso_time, number_text, quoted, shown

#: Kinds of value a reason may call a nested value.
_NESTED_NAMES = {"list": "a list", "object": "an object"}


@dataclass(frozen=True)
class Reject:
    """One record that was not accepted: where it was, which field broke which rule, and the record.

    `record` is the record as read (CSV cells as text), or the line's text when the line was not
    a record (not a JSON object, or JSON the contract refuses). `field` is None when the problem
    is not one field's. `raw` is the record's text in its input, exactly: a JSON Lines line, or
    the lines of a CSV row, without the line break that ends it (bytes when a line is not
    UTF-8); None where there is no such text (Parquet, records given to the Python API).
    """

    file: str
    line: int
    field: str | None
    reason: str
    record: dict[str, Any] | str
    raw: str | bytes | None = None

    def to_json(self) -> dict[str, Any]:
        """The reject as one JSON object: file, line, field, reason, record and raw; a raw line
        that is not UTF-8 is null in `raw` and given in `raw_base64` instead.

        Everything in it is strict JSON: a number in `record` that JSON cannot write (NaN or
        an infinity, as a Parquet file or a Python caller may give) is written as the text
        "NaN", "Infinity" or "-Infinity".
        """
        found: dict[str, Any] = {
            "file": self.file,
            "line": self.line,
            "field": self.field,
            "reason": self.reason,
            "record": _strict(self.record),
            "raw": self.raw if isinstance(self.raw, str) else None,
        }
        if isinstance(self.raw, bytes):
            found["raw_base64"] = base64.b64encode(self.raw).decode("ascii")
        return found

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}"
        if self.field is not None:
            where += f" (field {self.field!r})"
        return f"{where}: {self.reason}"


def _strict(value: Any) -> Any:
    """A value with the floats JSON cannot write as text (see `Reject.to_json`)."""
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
    if isinstance(value, dict):
        return {key: _strict(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_strict(item) for item in value]
    return value


def reject_line(reject: Reject) -> str:
    """One reject as a line of the rejects file: strict JSON, with its newline."""
    return json.dumps(reject.to_json(), ensure_ascii=False, allow_nan=False, default=str) + "\n"


def write_rejects(rejects: Iterable[Reject], path: str | Path) -> None:
    """Write rejects as JSON Lines, one reject per line, in the order given (UTF-8)."""
    with Path(path).open("w", encoding="utf-8") as out:
        for reject in rejects:
            out.write(reject_line(reject))


def _suggestion(value: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(value, sorted(known), n=1, cutoff=0.75)
    return f" (did you mean {quoted(close[0])}?)" if close else ""


def not_snake_case(field: str) -> str:
    """Reason: a field name that is not snake_case."""
    return f"field name {quoted(field)} is not snake_case"


def misspelt_field(field: str, known: str) -> str:
    """Reason: a field that is no known one but within two edits of one (contract section 3)."""
    return (
        f"unknown field {quoted(field)} (did you mean {quoted(known)}?): a field this close to a"
        " known one is taken for a typo, not ignored"
    )


def not_single_value(nested: str) -> str:
    """Reason: a list or object where one value belongs (`nested` is "list" or "object")."""
    return f"expected a single value, got {_NESTED_NAMES[nested]}"


def bad_flags(value: object) -> str:
    """Reason: flags that are neither comma-separated text nor a list of text labels."""
    return (
        f"flags must be text labels (comma-separated text or a list of strings), got {shown(value)}"
    )


def missing_field(field: str) -> str:
    """Reason: a required field that is absent, null or empty."""
    return f"missing required field {quoted(field)}"


def unknown_kind(kind: str, kinds: Iterable[str]) -> str:
    """Reason: a kind neither the contract nor the pack declares, with a close match if any."""
    return f"unknown kind {quoted(kind)}{_suggestion(kind, kinds)}"


def bad_party(code: str) -> str:
    """Reason: a party code neither shaped like ISO 3166-1 alpha-3 nor declared by the pack."""
    return (
        f"bad party code {quoted(code)} "
        '(expected ISO 3166-1 alpha-3 such as "RUS", or a code the pack declares)'
    )


def time_without_offset(text: str) -> str:
    """Reason: a time of day without a UTC offset."""
    return (
        f'time {quoted(text)} has no UTC offset; add "Z" or "+HH:MM" (local time is never assumed)'
    )


def unparsable_time(value: object) -> str:
    """Reason: a time that is not ISO 8601 (or lies outside the years 1 to 9999 in UTC)."""
    return (
        f"unparsable time {shown(value)} "
        "(expected ISO 8601 such as 2026-09-01T10:00:00Z, or a date such as 2026-09-01)"
    )


def unparsable_number(value: object) -> str:
    """Reason: a number field or quantity whose value is not a finite decimal number."""
    return f"unparsable number {shown(value)}"


def negative_quantity(number: float) -> str:
    """Reason: a quantity below zero."""
    return f"negative quantity {number_text(number)}"


def out_of_range(field: str, number: float, low: float, high: float) -> str:
    """Reason: a latitude or longitude outside its range."""
    return f"{field} {number_text(number)} outside [{number_text(low)}, {number_text(high)}]"


def bad_reliability(text: str) -> str:
    """Reason: a source reliability that is not an Admiralty grade."""
    return f"reliability {quoted(text)} is not an Admiralty grade A-F"


def bad_credibility(text: str) -> str:
    """Reason: an information credibility that is not an Admiralty grade."""
    return f"credibility {quoted(text)} is not an Admiralty grade 1-6"


def bad_releasability(text: str) -> str:
    """Reason: a releasability other than public, parties or national."""
    return f"releasability {quoted(text)} is not one of public, parties, national"


def end_before_start(end: datetime, start: datetime) -> str:
    """Reason: an interval that ends before it starts."""
    return f"end {iso_time(end)} is before start {iso_time(start)}"


def unknown_zone(zone: str, zones: Iterable[str]) -> str:
    """Reason: a zone the pack does not declare, with a close match if any."""
    return f"unknown zone {quoted(zone)}{_suggestion(zone, zones)}"


def duplicate_id(record_id: str, first_file: str, first_line: int) -> str:
    """Reason: a record whose id an earlier accepted record already has."""
    return f"duplicate id {quoted(record_id)} (first at {first_file}:{first_line})"


def not_json_object(detail: str) -> str:
    """Reason: a JSON Lines line that does not hold a JSON object."""
    return f"not a JSON object: {detail}"


def nested_too_deep(limit: int) -> str:
    """Reason: a JSON line whose arrays and objects nest deeper than the contract allows."""
    return (
        f"nested deeper than {limit} levels of arrays and objects (the record's own is the first)"
    )


def non_json_number(literal: str) -> str:
    """Reason: `NaN`, `Infinity` or `-Infinity` in a JSON line (Python reads them; JSON not)."""
    return (
        f"{literal} is not a JSON number (numbers are finite; for no value, leave the field out"
        " or write null)"
    )


def duplicate_key(key: str) -> str:
    """Reason: a key given twice in one JSON object (Python would keep the last value)."""
    return f"duplicate key {quoted(key)} (given twice in one object; neither value is taken)"


def _long_literal(literal: str) -> str:
    """A number as written, cut short when it is very long."""
    return literal if len(literal) <= 40 else f"{literal[:20]}... ({len(literal)} characters)"


def inexact_integer(literal: str) -> str:
    """Reason: a JSON integer beyond what a float holds exactly."""
    return (
        f"integer {_long_literal(literal)} is too large to hold exactly"
        " (at most 9007199254740991, 2^53 - 1, either side of zero)"
    )


def number_out_of_range(literal: str) -> str:
    """Reason: a JSON number beyond the range of a float (which would read it as infinite)."""
    return f"number {_long_literal(literal)} is too large to hold (beyond ±1.8e308)"


def lone_surrogate(escape: str) -> str:
    """Reason: a JSON string escaping half of a UTF-16 surrogate pair, which is no character."""
    return f"text holds {escape}, a lone surrogate (half of a UTF-16 pair, no Unicode character)"
