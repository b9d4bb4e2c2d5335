"""Text drawn from records, escaped for the format it is written in (forgery and injection).

A record's id, source, activity key or role is text that someone else wrote, and it reaches
every output: in summaries, trails, evidence lists and figures. Each renderer writes it as data
of its format, never as markup, control sequence or formula:

- a terminal (`verify check`'s table, `verify explain`, the ledger's views): `printable`, which
  shows control and other invisible characters as Python-style escapes (`\\x1b`, `\\u202e`);
- CSV: `csv_text`, which neutralises a cell that a spreadsheet would take for a formula;
- Markdown: `markdown_text`, which HTML-escapes `<>&` and backslash-escapes what could form a
  link, image, emphasis, code, strikethrough, math, a table cell or a block;
- XML (JUnit): `xml_text`, which writes as escapes the characters that XML 1.0 allows nowhere,
  not even as character references; the XML writer escapes the rest.

The HTML briefing relies on Jinja2's autoescaping, with `printable` as the environment's
`finalize`, and draws figure labels `printable` (`verify.report.html`, `.figures`). JSON and
JSON Lines need nothing beyond the JSON encoder.

This module belongs to no stage: the report renderers and the ledger's views both use it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, TypeVar

from pydantic import BaseModel

M = TypeVar("M", bound=BaseModel)

#: How a cell that a spreadsheet evaluates begins (OWASP, "CSV Injection").
FORMULA_STARTS: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")

#: Escapes with a name of their own; every other control is shown by its code point.
_NAMED_ESCAPES = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _escape(character: str) -> str:
    if character in _NAMED_ESCAPES:
        return _NAMED_ESCAPES[character]
    point = ord(character)
    if point < 0x100:
        return f"\\x{point:02x}"
    if point < 0x10000:
        return f"\\u{point:04x}"
    return f"\\U{point:08x}"


def printable(text: str) -> str:
    """`text` with every character that `str.isprintable` refuses written as an escape.

    That is C0 and C1 controls, DEL, line and paragraph separators, format characters (bidi
    overrides, zero-width joiners), spaces other than ` `, and unassigned or private-use code
    points: whatever a terminal would act on, or show as nothing. `ESC[2J` becomes `\\x1b[2J`
    and a newline `\\n`. A backslash is left as it is: the escapes are for reading, not for
    decoding (the JSON formats carry the exact text).
    """
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else _escape(c) for c in text)


def csv_text(text: str) -> str:
    """A text cell that no spreadsheet evaluates: one that begins as a formula gets a leading `'`.

    As OWASP advises; the CSV writer then always quotes the cell (`verify.report.csv`). This is
    for text: `-2+3` from a record is prefixed, though it looks like a number, since Excel would
    compute it (and turn `-2` into a number). A number that we write is never passed here.
    """
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_HTML_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_HTML_SPECIAL = re.compile("[&<>]")
#: Escaped wherever they stand: a backslash, code, emphasis, links and images (`[`, `]`), table
#: cells, strikethrough, math (GitHub's `$`) and headings. An `_` between two letters or digits
#: is left alone, since it cannot open or close emphasis (`inspection_request`).
_MARKDOWN_SPECIAL = re.compile(r"[\\`*\[\]|~$#]|(?<![^\W_])_|_(?![^\W_])")
#: What begins a block at the start of a line: a list item (`-`, `+`, `1.`, `2)`), a setext
#: underline or thematic break (`===`, `---`); `>` and `#` are escaped already.
_BLOCK_START = re.compile(r"^(?:([-+=])|(\d{1,9})([.)])(?=[ \t]|$))")


def markdown_text(text: str) -> str:
    """Text that Markdown shows as written, in a table cell or anywhere in a line of prose.

    Line breaks become spaces (a record cannot end a table row or start a block) and surrounding
    blanks are dropped (four of them would start a code block); other invisible characters are
    `printable`. `<`, `>` and `&` become entities, which every Markdown dialect passes through
    (Python-Markdown, for one, takes no backslash before `<`); what CommonMark and GitHub would
    read as markup is backslash-escaped. URLs stay as they are: GitHub links a bare
    `https://...` itself, and no escape stops that.
    """
    text = printable(_LINE_BREAK.sub(" ", text).strip())
    text = _HTML_SPECIAL.sub(lambda match: _HTML_ESCAPES[match.group()], text)
    text = _MARKDOWN_SPECIAL.sub(lambda match: "\\" + match.group(), text)
    return _BLOCK_START.sub(lambda m: f"\\{m[1]}" if m[1] else f"{m[2]}\\{m[3]}", text, count=1)


#: The characters outside XML 1.0's `Char` production: C0 controls but tab, line feed and
#: carriage return; surrogates; U+FFFE and U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    """`text` with each character that XML 1.0 forbids written as its escape (`\\x07`).

    No character reference can stand for them (`&#7;` is as ill-formed as a raw BEL), so a
    record's BEL would make a whole JUnit file unreadable. Markup characters are the XML
    writer's to escape; since our own markup holds no forbidden character, this may be applied
    to a whole serialised document.
    """
    return _NOT_XML.sub(lambda match: _escape(match.group()), text)


def escape_fields(model: M, escape: Callable[[str], str]) -> M:
    """A copy of a frozen model with `escape` applied to each string in it, nested ones too."""
    fields = type(model).model_fields
    return model.model_copy(
        update={name: _escape_value(getattr(model, name), escape) for name in fields}
    )


def _escape_value(value: Any, escape: Callable[[str], str]) -> Any:
    if isinstance(value, str):
        return escape(value)
    if isinstance(value, BaseModel):
        return escape_fields(value, escape)
    if isinstance(value, tuple):
        return tuple(_escape_value(item, escape) for item in value)
    return value
