"""A typed mirror of the gherkin-official tree: only what packs use, each node with its line.

This is the first of two parsing layers; `compile.py` turns this tree into the obligation model.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gherkin.errors import CompositeParserException, ParserException
from gherkin.parser import Parser
from gherkin.token_scanner import TokenScanner

from verify.errors import Location, PackError, PackErrors, display_path
from verify.treaty.text import read_text


@dataclass(frozen=True)
class DataTable:
    """A step's table: the header row, the body rows, the line of each body row, and the
    header's line."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    lines: tuple[int, ...]
    header_line: int

    def records(self) -> list[dict[str, str]]:
        """The body rows as dicts keyed by the header, empty cells left out."""
        return [
            {key: value for key, value in zip(self.header, row, strict=True) if value != ""}
            for row in self.rows
        ]


@dataclass(frozen=True)
class Step:
    """One step: its keyword, its text, its optional table, and where it stands."""

    keyword: str
    text: str
    path: str
    line: int
    table: DataTable | None = None

    @property
    def location(self) -> Location:
        """The step's location, with its text for error messages."""
        return Location(self.path, self.line, text=f"{self.keyword.strip()} {self.text}")


@dataclass(frozen=True)
class Example:
    """A worked example (`Example:` or `Scenario:`) with its steps."""

    name: str
    line: int
    steps: tuple[Step, ...]


@dataclass(frozen=True)
class Rule:
    """A `Rule:` block: its name line, its background steps, its examples, and its tags with
    the line of each (`@not-waivable`)."""

    name: str
    line: int
    description: str
    background: tuple[Step, ...]
    examples: tuple[Example, ...]
    tags: tuple[tuple[str, int], ...] = ()


def split_rule_name(name: str) -> tuple[str, str]:
    """A `Rule:`'s name: its obligation id (the first word) and the sentence after it."""
    obligation_id, _, sentence = name.strip().partition(" ")
    return obligation_id, sentence.strip()


@dataclass(frozen=True)
class FeatureFile:
    """One parsed feature file."""

    path: str
    name: str
    line: int
    tags: tuple[str, ...]
    rules: tuple[Rule, ...]
    stray_examples: tuple[Example, ...]


def parse_feature(path: Path) -> FeatureFile:
    """Parse a feature file into the typed tree; a syntax error, or a file that is not UTF-8
    text, raises `PackError` with its line (`PackErrors` for several syntax errors)."""
    shown = display_path(path)
    text = read_text(path)
    try:
        document: dict[str, Any] = dict(Parser().parse(TokenScanner(text)))
    except CompositeParserException as error:
        found = [_parser_error(each, shown, text) for each in error.errors]
        raise (found[0] if len(found) == 1 else PackErrors(list(found))) from error
    except ParserException as error:
        raise _parser_error(error, shown, text) from error
    feature = document.get("feature")
    if feature is None:
        raise PackError("no `Feature:` in this file", Location(shown, 1))
    rules: list[Rule] = []
    stray: list[Example] = []
    for child in feature["children"]:
        if "rule" in child:
            rules.append(_rule(child["rule"], shown))
        elif "scenario" in child:
            stray.append(_example(child["scenario"], shown))
    return FeatureFile(
        path=shown,
        name=feature["name"],
        line=feature["location"]["line"],
        tags=tuple(tag["name"] for tag in feature["tags"]),
        rules=tuple(rules),
        stray_examples=tuple(stray),
    )


def _parser_error(error: Any, path: str, text: str) -> PackError:
    location = getattr(error, "location", None) or {}
    line = location.get("line")
    lines = text.removesuffix("\n").split("\n")  # as gherkin's scanner counts lines
    if line is not None:  # the end of the file is reported on the line after the last
        line = max(1, min(line, len(lines)))
    line_text = lines[line - 1] if line and 0 < line <= len(lines) else None
    message = str(error).split("): ", 1)[-1]
    return PackError(f"Gherkin syntax: {message}", Location(path, line, text=line_text))


def _rule(node: dict[str, Any], path: str) -> Rule:
    background: tuple[Step, ...] = ()
    examples: list[Example] = []
    for child in node["children"]:
        if "background" in child:
            background = tuple(_step(step, path) for step in child["background"]["steps"])
        elif "scenario" in child:
            examples.append(_example(child["scenario"], path))
    return Rule(
        name=node["name"],
        line=node["location"]["line"],
        description=node.get("description", ""),
        background=background,
        examples=tuple(examples),
        tags=tuple((tag["name"], tag["location"]["line"]) for tag in node.get("tags", ())),
    )


def _example(node: dict[str, Any], path: str) -> Example:
    return Example(
        name=node["name"],
        line=node["location"]["line"],
        steps=tuple(_step(step, path) for step in node["steps"]),
    )


def _step(node: dict[str, Any], path: str) -> Step:
    table = None
    if "dataTable" in node:
        rows = node["dataTable"]["rows"]
        table = DataTable(
            header=tuple(cell["value"] for cell in rows[0]["cells"]),
            rows=tuple(tuple(cell["value"] for cell in row["cells"]) for row in rows[1:]),
            lines=tuple(row["location"]["line"] for row in rows[1:]),
            header_line=rows[0]["location"]["line"],
        )
    return Step(
        keyword=node["keyword"],
        text=node["text"],
        path=path,
        line=node["location"]["line"],
        table=table,
    )
