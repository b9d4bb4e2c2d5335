"""Finding a JSON Lines file's lines with array operations (`lines._scanned`) gives what
splitting it and looking at each line in Python gives (`lines._split`), and `contains_any`
what `in` gives."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from tests.profiles import budget
from verify.feeds import lines
from verify.feeds.jsonline import MAX_DEPTH
from verify.feeds.readers import _LENIENT

#: Bytes a line is made of: brackets, quotes, whitespace, carriage returns, and the first
#: bytes of what `contains_any` looks for.
PIECES = st.sampled_from(['{"a":1}', "{", "}", "[", "]", '"', " ", "\t", "\r", "x", "NaN", "Na"])
LINE = st.lists(PIECES, max_size=8).map("".join)
BODY = st.lists(LINE, max_size=6).map(lambda parts: "\n".join(parts).encode("utf-8"))
DEEP = b'{"a":' + b"[" * MAX_DEPTH + b"]" * MAX_DEPTH + b"}"


def _described(found: lines.Lines) -> tuple[list[int], list[bytes], bool]:
    return found.numbers.tolist(), [found.text(row) for row in range(len(found))], found.objects


@given(BODY)
@settings(max_examples=budget(300))
@example(b"")
@example(b"\n\n")
@example(b'{"a":1}\r\n{"b":2}\n')
@example(b'{"a":1}\n\r\n{"b":2}')
@example(b'{"a":1}\n {"b":2}')
@example(b"{}\n{\n}")
@example(DEEP)
@example(b'{"a":"' + b"[" * (MAX_DEPTH + 1) + b'"}')
@example(b'{"a":' + b"[" * (MAX_DEPTH + 1) + b"]" * (MAX_DEPTH + 1) + b"}")
def test_the_lines_scanned_are_the_lines_split(body: bytes) -> None:
    assert _described(lines.object_lines(body)) == _described(lines._split(body))


def test_a_file_of_objects_one_a_line_is_scanned_not_split() -> None:
    scanned = lines._scanned(b'{"a":1}\n\n{"b":[2]}\r\n')
    assert scanned is not None
    assert _described(scanned) == ([1, 3], [b'{"a":1}', b'{"b":[2]}\r'], True)


def test_a_line_nested_too_deep_is_no_object_for_arrow() -> None:
    too_deep = b'{"a":' + b"[" * MAX_DEPTH + b"]" * MAX_DEPTH + b"}"
    scanned = lines._scanned(b'{"a":1}\n' + too_deep)
    assert scanned is not None and not scanned.objects


def test_brackets_in_text_do_not_make_a_line_too_deep() -> None:
    scanned = lines._scanned(b'{"a":"' + b"[" * (MAX_DEPTH + 5) + b'"}')
    assert scanned is not None and scanned.objects


def test_an_indented_line_is_split_and_still_an_object() -> None:
    assert lines._scanned(b' {"a":1}') is None
    assert lines.object_lines(b' {"a":1}').objects


@given(st.lists(st.sampled_from(["N", "a", "NaN", "Infinity", "Inf", "\\u", "\\ud", "\\uD", "x"])))
@settings(max_examples=budget(300))
@example(["Na"])
@example(["\\u", "D"])
@example(["Infinit"])
def test_contains_any_is_in(parts: list[str]) -> None:
    body = "".join(parts).encode("utf-8")
    assert lines.contains_any(body, _LENIENT) == any(needle in body for needle in _LENIENT)
