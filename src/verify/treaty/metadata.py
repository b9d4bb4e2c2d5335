"""Loading `treaty.yaml` into `TreatyMeta`, with every validation error located to its line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from verify.errors import Location, PackError, PackErrors, display_path
from verify.model.treaty import TreatyMeta

LinePath = tuple[str | int, ...]


def load_metadata(path: Path) -> TreatyMeta:
    """Read and validate a `treaty.yaml`; all of its errors are raised together as `PackErrors`."""
    shown = display_path(path)
    text = path.read_text(encoding="utf-8")
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise PackError(f"YAML syntax: {error}", Location(shown, line)) from error
    if not isinstance(data, dict) or node is None:
        raise PackError("treaty.yaml must be a mapping of fields", Location(shown, 1))
    lines: dict[LinePath, int] = {}
    _index_lines(node, (), lines)
    try:
        return TreatyMeta.model_validate(data)
    except ValidationError as error:
        raise PackErrors(
            [_located(issue, shown, lines, text) for issue in error.errors()]
        ) from error


def _index_lines(node: yaml.Node, path: LinePath, lines: dict[LinePath, int]) -> None:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            child = (*path, str(key.value))
            lines[child] = key.start_mark.line + 1
            _index_lines(value, child, lines)
            lines[child] = key.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _index_lines(item, (*path, index), lines)


def _located(issue: Any, path: str, lines: dict[LinePath, int], text: str) -> PackError:
    loc: LinePath = tuple(part for part in issue["loc"] if not _is_union_tag(part))
    prefix = loc
    while prefix and prefix not in lines:
        prefix = prefix[:-1]
    line = lines.get(prefix, 1)
    field = ".".join(str(part) for part in loc) or None
    source_lines = text.splitlines()
    line_text = source_lines[line - 1] if 0 < line <= len(source_lines) else None
    return PackError(issue["msg"], Location(path, line, field=field, text=line_text))


def _is_union_tag(part: str | int) -> bool:
    """Pydantic adds the chosen union member (`polygon`, `line`) to error paths; drop it."""
    return part in {"polygon", "line"}
