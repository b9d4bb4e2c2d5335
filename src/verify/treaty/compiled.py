"""Compiled packs, the JSON `verify compile` prints, validated as strictly as feature files.

A compiled pack is read in two steps: the model (pydantic, every error reported, not only the
first), then the names its obligations use (`reference_problems`, as the compiler checks a
feature file). All problems are raised at once as `PackErrors`; each is a `PackError` at the
JSON file, the line where the offending value starts (for a name, the line of its
obligation's `"id"`), and the field as a readable path: `obligations[3].zones[0]`.
"""

from __future__ import annotations

import bisect
import contextlib
import difflib
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from verify.errors import Location, PackError, PackErrors, VerifyError, display_path
from verify.model.obligation import Obligation
from verify.model.pack import Pack
from verify.model.treaty import TreatyMeta
from verify.treaty.references import (
    FieldPath,
    ReferenceProblem,
    field_path,
    reference_problems,
)
from verify.treaty.text import read_text

_SPACE = re.compile(r"[ \t\n\r]*")
_SCALAR = re.compile(r"[^,:\[\]{}\s\"]+")
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_AT_LINE = re.compile(r"at line (\d+) column (\d+)")
#: The most of a line an error shows (a pack printed on one line is one line).
_SHOWN = 160


def read_compiled_pack(path: Path) -> Pack:
    """The pack in a compiled-pack JSON file; every problem in it is raised as `PackErrors`."""
    shown = display_path(path)
    text = read_text(path)
    source = _Source(shown, text)
    try:
        pack = Pack.model_validate_json(text)
    except ValidationError as error:
        raise PackErrors(source.validation_errors(error)) from error
    problems = [
        _name_problem(index, problem)
        for index, obligation in enumerate(pack.obligations)
        for problem in reference_problems(obligation, pack.meta)
    ]
    if problems:
        raise PackErrors(source.located(problems))
    return pack


@dataclass(frozen=True)
class _Problem:
    """A problem before it is located: its message, the field it is about (a path from the
    document's root) and the path of the value whose line it is reported at."""

    message: str
    field: FieldPath
    at: FieldPath


def _name_problem(index: int, problem: ReferenceProblem) -> _Problem:
    """A name problem, reported at the line of its obligation's `"id"`."""
    obligation = ("obligations", index)
    return _Problem(problem.message, (*obligation, *problem.path), (*obligation, "id"))


class _Source:
    """The text of one compiled pack, to locate errors in it: line, field and the line's text."""

    def __init__(self, shown: str, text: str) -> None:
        self.shown = shown
        self.text = text
        self.lines = text.split("\n")  # as the scan and pydantic count lines: by "\n" only
        self.newlines = [match.start() for match in re.finditer("\n", text)]

    def located(self, problems: list[_Problem]) -> list[VerifyError]:
        """Each problem as a `PackError` at its line (or its nearest enclosing value's), in the
        order of the file."""
        found = _value_offsets(self.text, [problem.at for problem in problems])
        offsets = [_deepest(found, problem.at) for problem in problems]
        order = sorted(range(len(problems)), key=lambda i: (offsets[i] is None, offsets[i] or 0))
        errors: list[VerifyError] = []
        for i in order:
            line, column = self._line_and_column(offsets[i])
            field = field_path(problems[i].field) or None
            errors.append(self._at(problems[i].message, line, field, excerpt_at=column))
        return errors

    def _line_and_column(self, offset: int | None) -> tuple[int | None, int | None]:
        if offset is None:
            return None, None
        line = bisect.bisect_left(self.newlines, offset)
        start = self.newlines[line - 1] + 1 if line else 0
        return line + 1, offset - start + 1

    def validation_errors(self, error: ValidationError) -> list[VerifyError]:
        """Each of pydantic's errors, located, and the name problems of every obligation that
        is sound where the metadata is: one run shows all there is to fix."""
        issues = error.errors()
        invalid = next((issue for issue in issues if issue["type"] == "json_invalid"), None)
        if invalid is not None:
            at = _AT_LINE.search(invalid["msg"])
            reason = _AT_LINE.sub("", invalid["msg"].removeprefix("Invalid JSON: ")).strip()
            line, column = (int(at[1]), int(at[2]) or None) if at else (None, None)
            return [self._at(f"not JSON: {reason}", line, None, column, excerpt_at=column)]
        data = _loaded(self.text)
        problems = [_model_problem(issue, _json_path(data, issue["loc"])) for issue in issues]
        problems += _problems_of_sound_obligations(data, issues)
        return self.located(problems)

    def _at(
        self,
        message: str,
        line: int | None,
        field: str | None,
        column: int | None = None,
        *,
        excerpt_at: int | None = None,
    ) -> PackError:
        text = self.lines[line - 1] if line is not None and 0 < line <= len(self.lines) else None
        if text is not None and len(text) > _SHOWN:  # a pack on one line: show where, not all
            start = max(0, (excerpt_at or 1) - 1 - _SHOWN // 4)
            text = ("... " if start else "") + text[start : start + _SHOWN] + " ..."
        where = Location(self.shown, line, column, field=field, text=text)
        return PackError(message, where)


def _model_problem(issue: Any, path: FieldPath) -> _Problem:
    """A pydantic error in our words; an unknown tag (`"kind": "zone_prohibiton"`) gets a
    did-you-mean, at the tag's own field."""
    if issue["type"] != "union_tag_invalid":
        message = str(issue["msg"])
        message = message[:1].lower() + message[1:]
        return _Problem(message if path else f"not a compiled pack: {message}", path, path)
    context = issue.get("ctx") or {}
    key = str(context.get("discriminator", "kind")).strip("'\"")
    tag = str(context.get("tag", ""))
    expected = re.findall(r"'([^']*)'", str(context.get("expected_tags", "")))
    noun = "kind of obligation" if len(path) == 2 and path[0] == "obligations" else key
    close = difflib.get_close_matches(tag, expected, n=1)
    hint = f"; did you mean {close[0]!r}?" if close else f"; expected one of {', '.join(expected)}"
    return _Problem(f"unknown {noun} {tag!r}{hint}", (*path, key), (*path, key))


_OBLIGATION: TypeAdapter[Obligation] = TypeAdapter(Obligation)


def _problems_of_sound_obligations(data: Any, issues: list[Any]) -> list[_Problem]:
    """The name problems of the obligations pydantic found nothing wrong with, when the
    metadata they are checked against is sound itself."""
    if not isinstance(data, dict) or not isinstance(data.get("obligations"), list):
        return []
    if any(tuple(issue["loc"][:1]) in {("meta",), ()} for issue in issues):
        return []
    if any(tuple(issue["loc"]) == ("obligations",) for issue in issues):
        return []
    broken = {issue["loc"][1] for issue in issues if len(issue["loc"]) > 1}
    try:
        meta = TreatyMeta.model_validate(data.get("meta"))
    except ValidationError:
        return []
    problems: list[_Problem] = []
    for index, item in enumerate(data["obligations"]):
        if index in broken:
            continue
        try:
            obligation = _OBLIGATION.validate_python(item)
        except ValidationError:
            continue
        problems += [_name_problem(index, p) for p in reference_problems(obligation, meta)]
    return problems


def _loaded(text: str) -> Any:
    """The JSON document, or None where Python's parser refuses what pydantic's accepted."""
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return None


def _json_path(data: Any, loc: Iterable[str | int]) -> FieldPath:
    """A pydantic error location as a path in the JSON document: the union members pydantic
    adds (`zone_prohibition`, `line`, `annual_date`) are not keys of the document, so go."""
    path: list[str | int] = []
    node = data
    for part in loc:
        if isinstance(node, dict) and part not in node and part in _tags(node):
            continue
        inside = (isinstance(node, dict) and part in node) or (
            isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        )
        node = node[part] if inside else None
        path.append(part)
    return tuple(path)


def _tags(node: dict[str, Any]) -> tuple[object, ...]:
    return node.get("kind"), node.get("type")


def _deepest(found: dict[FieldPath, int], path: FieldPath) -> int | None:
    """Where `path` starts, or the nearest enclosing value that the scan found."""
    for end in range(len(path), -1, -1):
        if path[:end] in found:
            return found[path[:end]]
    return None


def _value_offsets(text: str, paths: Iterable[FieldPath]) -> dict[FieldPath, int]:
    """The offset where each of `paths`, or each enclosing value of one, starts in the JSON
    `text` (an object's member at its key). Only those are kept, so a pack with a large zone
    costs one pass and little memory. A text that stops being JSON ends the scan: what was
    found so far is returned, never an exception."""
    wanted = {path[:end] for path in paths for end in range(len(path) + 1)}
    found: dict[FieldPath, int] = {}

    def note(path: FieldPath, position: int) -> None:
        if path in wanted and path not in found:
            found[path] = position

    with contextlib.suppress(IndexError, ValueError):
        _scan(text, note)
    return found


_Open = tuple[FieldPath, bool, int]
"""An open container while scanning: its path, whether it is an object, its item's index."""


def _scan(text: str, note: Callable[[FieldPath, int], None]) -> None:
    """Walk the JSON `text` without recursion, calling `note(path, offset)` at each value."""
    stack: list[_Open] = []
    path: FieldPath = ()
    position = 0
    expecting_value = True
    while True:
        position = _skip(text, position)
        if expecting_value:
            note(path, position)
            opening = text[position]
            if opening in "{[":
                position = _skip(text, position + 1)
                if text[position] == ("}" if opening == "{" else "]"):
                    position += 1
                    expecting_value = False
                    continue
                stack.append((path, opening == "{", 0))
                path, position = _next_item(text, position, stack, note)
            elif opening == '"':
                position = _string_end(text, position)
                expecting_value = False
            else:
                scalar = _SCALAR.match(text, position)
                if scalar is None:
                    return
                position = scalar.end()
                expecting_value = False
            continue
        if not stack:
            return
        container, is_object, index = stack[-1]
        if text[position] == ",":
            stack[-1] = (container, is_object, index + 1)
            path, position = _next_item(text, _skip(text, position + 1), stack, note)
            expecting_value = True
        elif text[position] == ("}" if is_object else "]"):
            position += 1
            stack.pop()
        else:
            return


def _next_item(
    text: str, position: int, stack: list[_Open], note: Callable[[FieldPath, int], None]
) -> tuple[FieldPath, int]:
    """The path of the innermost container's next item and where its value starts; in an
    object, past `"key":`, the item noted at its key."""
    container, is_object, index = stack[-1]
    if not is_object:
        return (*container, index), position
    if text[position] != '"':
        raise ValueError("an object key must be a string")
    key_end = _string_end(text, position)
    path = (*container, json.loads(text[position:key_end]))
    note(path, position)
    position = _skip(text, key_end)
    if text[position] != ":":
        raise ValueError("a key must be followed by ':'")
    return path, position + 1


def _skip(text: str, position: int) -> int:
    space = _SPACE.match(text, position)
    return space.end() if space else position


def _string_end(text: str, position: int) -> int:
    """The offset just past the JSON string that opens at `position`."""
    string = _STRING.match(text, position)
    if string is None:
        raise ValueError("an unterminated string")
    return string.end()
