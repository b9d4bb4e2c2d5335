"""The orjson path for plain lines (`jsonline._plain_record`) gives what the strict decoder
gives: the same object, or no object where the strict decoder refuses the line."""

from __future__ import annotations

import json
from typing import Any
from unittest import mock

from hypothesis import example, given, settings
from hypothesis import strategies as st

from tests.profiles import budget
from verify.feeds import jsonline
from verify.feeds.jsonline import parse_record

#: Values as a line may hold them: numbers near every limit, texts with quotes and colons.
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.sampled_from([2**53 - 1, 2**53, -(2**53), 2**63, 2**64, -(2**63) - 1])
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(st.sampled_from('ab":{}[] \\\t'), max_size=6)
)
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=3), max_leaves=6)
KEYS = st.text(st.sampled_from('ab": '), max_size=3)
SEPARATORS = st.sampled_from([":", " :", ": ", "\t:"])


def strict(text: bytes) -> Any:
    """What `parse_record` gives a line without the orjson path."""
    with mock.patch.object(jsonline, "_plain_record", return_value=None):
        return parse_record(text)


@st.composite
def lines(draw: st.DrawFn) -> bytes:
    """A line of one object, its keys perhaps given twice, numbers written as Python does."""
    pairs = draw(st.lists(st.tuples(KEYS, VALUES), max_size=6))
    separator = draw(SEPARATORS)
    parts = [f"{json.dumps(key)}{separator}{json.dumps(value)}" for key, value in pairs]
    return ("{" + ",".join(parts) + "}").encode("utf-8")


@settings(max_examples=budget(150), deadline=None)
@given(lines())
@example(b'{"a":1,"a":2}')
@example(b'{"a":1,"b":"x","a":2}')
@example(b'{"a" :1,"a":2}')
@example(b'{"a":18446744073709551616}')
@example(b'{"a":9007199254740992}')
@example(b'{"a":1e19}')
@example(b'{"a":1e999}')
@example(b'{"a":NaN}')
@example(b'{"a":"\\ud800"}')
@example(b'{"a":["x","y"],"a":["x"]}')
def test_a_plain_line_reads_as_the_strict_decoder_reads_it(line: bytes) -> None:
    assert parse_record(line) == strict(line)
