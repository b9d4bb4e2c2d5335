"""The escapes of `verify.escaping`, one format at a time."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from verify.escaping import escape_fields, printable
from verify.model.finding import TrailStep


def test_printable_leaves_ordinary_text_alone() -> None:
    """Letters, digits, punctuation, non-ASCII letters and signs come through unchanged."""
    text = "ex-1 (±300) Ünterwalden 北 ✔ [bold] <b> C:\\feeds"
    assert printable(text) == text


def test_printable_names_tab_newline_and_carriage_return() -> None:
    """The three common controls are written as `\\t`, `\\n` and `\\r`."""
    assert printable("a\tb\nc\rd") == "a\\tb\\nc\\rd"


def test_printable_writes_other_controls_by_code_point() -> None:
    """C0, DEL and C1 controls as `\\xNN`; format characters and others as `\\uNNNN`."""
    assert printable("\x1b[2J\x07\x7f\x9b\x85") == "\\x1b[2J\\x07\\x7f\\x9b\\x85"
    assert printable("\u202e\u200b\u2028\xa0") == "\\u202e\\u200b\\u2028\\xa0"
    assert printable("\U000e0001") == "\\U000e0001"


@given(st.text())
def test_printable_output_is_printable(text: str) -> None:
    """Whatever goes in, nothing a terminal acts on comes out."""
    assert printable(text).isprintable()


def test_escape_fields_escapes_every_string_and_keeps_the_rest() -> None:
    """Each string field is escaped; booleans and the model's type stay as they were."""
    step = TrailStep(step="a\x1b", measured="b\n", required="c", holds=True)
    escaped = escape_fields(step, printable)
    assert escaped == TrailStep(step="a\\x1b", measured="b\\n", required="c", holds=True)
