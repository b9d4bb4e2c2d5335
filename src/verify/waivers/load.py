"""Reading a waivers file: a YAML list of entries, every problem located to its line and field.

The YAML is read with the safe loader as `treaty.yaml` is (`verify.treaty.metadata.StrictLoader`:
no anchors or aliases, bounded nesting), composed to nodes first so that each entry and each of
its fields keeps the line it was written on. Every problem of the file is collected: a syntax
error, an entry that is no mapping, an unknown or repeated field, a missing one, a value of the
wrong type, an entry naming both or neither of `finding` and `obligation`, a self-approval,
a duplicate of an earlier entry.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from verify.errors import Location, PackError, WaiverError, WaiverErrors, display_path
from verify.model.waiver import ENTRY_FIELDS, REQUIRED_FIELDS, Waiver, entry_problems, expiry_of
from verify.treaty.metadata import LINE_BREAK, StrictLoader, yaml_syntax_error
from verify.treaty.text import read_text

WAIVERS_FILE = "a waivers file"


def load_waivers(path: str | Path) -> tuple[Waiver, ...]:
    """The waivers of a file, in the order written; every problem raised at once as
    `WaiverErrors`, each naming the file, the line and the field."""
    waivers, errors = read_waivers(path)
    if errors:
        raise WaiverErrors(list(errors))
    return waivers


def read_waivers(path: str | Path) -> tuple[tuple[Waiver, ...], tuple[WaiverError, ...]]:
    """The waivers a file holds that are well formed, and the problems of the others (lint
    reports both: it goes on to check the good entries against a pack)."""
    shown = display_path(path)
    try:
        text = read_text(Path(path))
    except PackError as error:
        return (), (WaiverError(error.message, error.location),)
    lines = LINE_BREAK.split(text)
    try:
        loader = StrictLoader(text, shown, what=WAIVERS_FILE)  # reading checks the characters
    except yaml.YAMLError as error:
        return (), (_from_pack(yaml_syntax_error(error, shown, text)),)
    try:
        try:
            node = loader.get_single_node()
        except yaml.YAMLError as error:
            return (), (_from_pack(yaml_syntax_error(error, shown, text)),)
        except PackError as error:  # an anchor, an alias, nesting too deep
            return (), (WaiverError(error.message, error.location),)
        except RecursionError:
            return (), (WaiverError("nested too deep", Location(shown)),)
        if node is None:
            return (), ()
        reader = _Reader(loader, shown, lines)
        return reader.entries(node)
    finally:
        loader.dispose()


def _from_pack(error: PackError) -> WaiverError:
    return WaiverError(error.message, error.location)


class _Reader:
    """Entries from the composed nodes of one file, with the problems found on the way."""

    def __init__(self, loader: yaml.SafeLoader, shown: str, lines: Sequence[str]) -> None:
        self.loader = loader
        self.shown = shown
        self.lines = lines
        self.errors: list[WaiverError] = []

    def error(self, line: int, field: str | None, message: str) -> None:
        """Keep a problem at `line` (from 1) of the file, about `field` if one."""
        text = self.lines[line - 1] if 0 < line <= len(self.lines) else None
        said = f"{field}: {message}" if field else message
        self.errors.append(WaiverError(said, Location(self.shown, line, text=text)))

    def entries(self, node: yaml.Node) -> tuple[tuple[Waiver, ...], tuple[WaiverError, ...]]:
        """The file's entries (its top node must be a list), duplicates refused."""
        if not isinstance(node, yaml.SequenceNode):
            self.error(
                node.start_mark.line + 1,
                None,
                "a waivers file is a YAML list of entries (`- finding: F-...`), not " + _noun(node),
            )
            return (), tuple(self.errors)
        waivers: list[Waiver] = []
        first: dict[tuple[str, ...], Waiver] = {}
        for item in node.value:
            waiver = self.entry(item)
            if waiver is None:
                continue
            earlier = first.get(waiver.target)
            if earlier is not None:
                field = "finding" if waiver.finding is not None else "obligation"
                self.error(
                    waiver.line or 0,
                    field,
                    f"a duplicate of the waiver at line {earlier.line}, which covers the same"
                    " findings; keep one",
                )
                continue
            first[waiver.target] = waiver
            waivers.append(waiver)
        return tuple(waivers), tuple(sorted(self.errors, key=_line_of))

    def entry(self, node: yaml.Node) -> Waiver | None:
        """One entry as a `Waiver`, or None with its problems kept."""
        line = node.start_mark.line + 1
        if not isinstance(node, yaml.MappingNode):
            self.error(line, None, f"each entry is a mapping of fields, not {_noun(node)}")
            return None
        before = len(self.errors)
        values: dict[str, Any] = {}
        field_lines: dict[str, int] = {}
        unread: set[str] = set()  # given, but not as a usable value (already reported)
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if not isinstance(key, str) or key not in ENTRY_FIELDS:
                self.error(key_line, str(key), _unknown_field(key))
                continue
            if key in field_lines:
                self.error(
                    key_line, key, f"given twice in one entry (first at line {field_lines[key]})"
                )
                continue
            field_lines[key] = key_line
            value = self.value(key, value_node)
            if value is not None:
                values[key] = value
            else:
                unread.add(key)
        for field in REQUIRED_FIELDS:
            if field not in field_lines:
                self.error(line, field, f"missing; every waiver states its {_WORDS[field]}")
        placeholders = dict.fromkeys(unread, "?")  # present, though not usable
        for field, message in entry_problems({**placeholders, **values}):
            if field not in unread:
                self.error(field_lines.get(field, line), field, message)
        if len(self.errors) > before:
            return None
        try:
            return Waiver(**values, file=self.shown, line=line)
        except ValidationError as error:  # a rule of the model the checks above do not know
            for issue in error.errors():
                message = str(issue["msg"]).removeprefix("Value error, ")
                self.error(line, None, message)
            return None

    def value(self, field: str, node: yaml.Node) -> object:
        """The value of one field, checked for its type; None with a problem kept."""
        line = node.start_mark.line + 1
        try:
            value = self.loader.construct_object(node, deep=True)
        except ValueError:  # a timestamp that is no day (2030-02-30)
            self.error(line, field, f"{_scalar(node)!r} is no day of the calendar")
            return None
        except (yaml.YAMLError, OverflowError, RecursionError) as error:
            self.error(line, field, f"cannot be read: {error}")
            return None
        written = node.value if isinstance(node, yaml.ScalarNode) else value
        if field == "expires":
            try:
                return expiry_of(value)
            except ValueError as error:
                self.error(line, field, str(error))
                return None
        if value is None:
            self.error(line, field, "has no value")
            return None
        if isinstance(value, date | datetime) or not isinstance(value, str):
            self.error(
                line,
                field,
                f'must be text, not {_type_noun(value)}; quote it (`{field}: "{written}"`)',
            )
            return None
        if not value.strip():
            self.error(line, field, "must not be empty")
            return None
        return value.strip()


_WORDS = {
    "reason": "reason",
    "author": "author",
    "approved_by": "approver (`approved_by`, someone other than the author)",
    "expires": "expiry (`expires`: a date, or a date-time with an offset)",
}


def _unknown_field(key: object) -> str:
    close = difflib.get_close_matches(str(key), ENTRY_FIELDS, n=1)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    return f"unknown field{hint} (a waiver has {', '.join(ENTRY_FIELDS)})"


def _line_of(error: WaiverError) -> int:
    return error.location.line or 0 if error.location is not None else 0


def _scalar(node: yaml.Node) -> str:
    """A node's text as written, for a scalar; its kind otherwise."""
    return str(node.value) if isinstance(node, yaml.ScalarNode) else _noun(node)


def _noun(node: yaml.Node) -> str:
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    return f"the value {node.value!r}"


def _type_noun(value: object) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return f"true/false ({value})"  # `party: NO` is false to YAML 1.1
    if isinstance(value, int | float):
        return f"a number ({value})"
    if isinstance(value, datetime | date):
        return f"a date ({value.isoformat()})"
    return (
        "a list"
        if isinstance(value, list)
        else "a mapping"
        if isinstance(value, dict)
        else str(type(value).__name__)
    )
