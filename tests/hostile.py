"""Hostile text for property tests: what a record's id, source or activity key may hold to forge
a line or inject markup, a formula or a control sequence into an output."""

from __future__ import annotations

from hypothesis import strategies as st

#: Pieces of text that some output format would act on.
FRAGMENTS: tuple[str, ...] = (
    # spreadsheet formulas (OWASP CSV injection)
    "=cmd|' /C calc'!A0",
    "=",
    "+",
    "-",
    "@",
    "\t",
    "\r",
    "-2+3",
    ";=1+1",
    # HTML and XML
    "<script>alert(1)</script>",
    "</td></tr></table><script>",
    '" onmouseover="alert(1)',
    "'",
    "&lt;",
    "&",
    "]]>",
    "<!--",
    # terminals: CSI, OSC title, BEL, C1 CSI, NEL, DEL, NUL, bidi override, zero width
    "\x1b[2J",
    "\x1b]0;owned\x07",
    "\x07",
    "\x9b31m",
    "\x85",
    "\x7f",
    "\x00",
    "\u202e",
    "\u200b",
    "\u2028",
    "\n",
    # rich markup and emoji codes
    "[bold red]",
    "[/]",
    ":warning:",
    # Markdown
    "[link](javascript:alert(1))",
    "![img](http://evil.example/x.png)",
    "`",
    "*",
    "_",
    "__",
    "~~",
    "|",
    "# ",
    "- ",
    "1. ",
    "> ",
    "\\",
    "$x$",
    "$\\frac$",
)

#: A short text made of hostile fragments and arbitrary characters, never blank.
hostile_text: st.SearchStrategy[str] = (
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=3)), min_size=1, max_size=4)
    .map("".join)
    .filter(str.strip)
)
