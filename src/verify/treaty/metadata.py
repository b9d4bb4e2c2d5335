"""Loading `treaty.yaml` into `TreatyMeta`, with every validation error located to its line.

The YAML is read with PyYAML's safe loader, narrowed further: anchors and aliases are refused
(a kilobyte of nested aliases expands to hundreds of millions of values, and metadata written
out in full has a line for every value), and so is nesting deeper than `MAX_DEPTH` (the
composer recurses once per level).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from verify.errors import Location, PackError, PackErrors, display_path
from verify.model.treaty import TreatyMeta
from verify.treaty.text import read_text

LinePath = tuple[str | int, ...]

#: Line breaks as YAML counts them (the lines of its marks).
LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
#: How deeply `treaty.yaml` may nest (a MultiPolygon zone needs ten levels).
MAX_DEPTH = 32
#: The GeoJSON objects a context layer may be.
GEOJSON_TYPES = frozenset(
    {
        "FeatureCollection",
        "Feature",
        "GeometryCollection",
        "Polygon",
        "MultiPolygon",
        "LineString",
        "MultiLineString",
    }
)


class StrictLoader(yaml.SafeLoader):
    """The safe loader, refusing anchors, aliases and nesting deeper than `MAX_DEPTH` (`what`
    names the file's kind in the refusal: pack metadata, a waivers file)."""

    def __init__(self, text: str, shown: str, what: str = "pack metadata") -> None:
        super().__init__(text)
        self.shown = shown
        self.what = what
        self.lines = LINE_BREAK.split(text)
        self.depth = 0

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        event = self.peek_event()  # type: ignore[no-untyped-call]
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            sign = "*" if isinstance(event, yaml.AliasEvent) else "&"
            raise self._refused(
                f"YAML anchors and aliases ({sign}{event.anchor}) are not allowed in"
                f" {self.what}; write the value out",
                event.start_mark,
            )
        if self.depth >= MAX_DEPTH:
            raise self._refused(f"nested too deep (more than {MAX_DEPTH} levels)", event.start_mark)
        self.depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1

    def _refused(self, message: str, mark: yaml.Mark) -> PackError:
        text = self.lines[mark.line] if mark.line < len(self.lines) else None
        return PackError(message, Location(self.shown, mark.line + 1, mark.column + 1, text=text))


def load_metadata(path: Path) -> TreatyMeta:
    """Read and validate a `treaty.yaml`; all of its errors are raised together as `PackErrors`."""
    shown = display_path(path)
    text = read_text(path)
    try:
        loader = StrictLoader(text, shown)  # reading checks the characters at once
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.YAMLError as error:
        raise yaml_syntax_error(error, shown, text) from error
    if not isinstance(data, dict) or node is None:
        raise PackError("treaty.yaml must be a mapping of fields", Location(shown, 1))
    lines: dict[LinePath, int] = {}
    _index_lines(node, (), lines)
    _read_context(data, path, lines, text)
    try:
        return TreatyMeta.model_validate(data)
    except ValidationError as error:
        raise PackErrors(
            [_located(issue, shown, lines, text) for issue in error.errors()]
        ) from error


def _read_context(data: dict[str, Any], path: Path, lines: dict[LinePath, int], text: str) -> None:
    """Read the GeoJSON file that `context: {file: ...}` names (beside `treaty.yaml`) into
    `context.geojson`; a file that is missing, outside the pack or not GeoJSON is a
    `PackError` at the `file:` line."""
    context = data.get("context")
    if not isinstance(context, dict) or not isinstance(context.get("file"), str):
        return  # absent, or malformed: the model's validation says so
    name = context["file"]
    line = lines.get(("context", "file"))
    where = Location(display_path(path), line, text=_line_text(text, line))
    folder = path.parent.resolve()
    target = (folder / name).resolve()
    if not target.is_relative_to(folder) or not target.is_file():
        raise PackError(f"context.file: no file {name!r} in the pack's folder", where)
    try:
        layer = json.loads(target.read_text("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise PackError(f"context.file: {name!r} is not GeoJSON: {error}", where) from error
    if not isinstance(layer, dict) or layer.get("type") not in GEOJSON_TYPES:
        raise PackError(f"context.file: {name!r} is not a GeoJSON object", where)
    context["geojson"] = layer


def _line_text(text: str, line: int | None) -> str | None:
    lines = text.splitlines()
    return lines[line - 1] if line and 0 < line <= len(lines) else None


def yaml_syntax_error(error: yaml.YAMLError, shown: str, text: str) -> PackError:
    """A YAML error located at its mark (a `ReaderError` has a character position instead)."""
    line: int | None = None
    column: int | None = None
    if isinstance(error, yaml.reader.ReaderError):
        line = len(LINE_BREAK.split(text[: error.position]))
        detail = f"character U+{error.character:04X} is not allowed in YAML"
    else:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        if mark is not None:
            line, column = mark.line + 1, mark.column + 1
        parts = (getattr(error, "context", None), getattr(error, "problem", None))
        detail = ", ".join(str(part) for part in parts if part) or str(error)
    lines = LINE_BREAK.split(text)
    line_text = lines[line - 1] if line is not None and line <= len(lines) else None
    return PackError(f"YAML syntax: {detail}", Location(shown, line, column, text=line_text))


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
    source_lines = LINE_BREAK.split(text)
    line_text = source_lines[line - 1] if 0 < line <= len(source_lines) else None
    message = str(issue["msg"]).removeprefix("Value error, ")  # pydantic's, for our own checks
    return PackError(message, Location(path, line, field=field, text=line_text))


def _is_union_tag(part: str | int) -> bool:
    """Pydantic adds the chosen union member (`polygon`, `line`) to error paths; drop it."""
    return part in {"polygon", "line"}
