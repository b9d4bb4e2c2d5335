"""Fuzzing the readers: whatever a line or a file holds, nothing raises and nothing is lost.

Every non-blank JSON Lines line, and every CSV row with a non-blank cell, ends as a record or
as a reject; `verify watch`'s line path (`check_line`) rejects a line exactly as `verify check`
does; and every reject is written as strict JSON. The lines drawn are mostly JSON, the kind
`json` reads leniently included (NaN, keys given twice, long integers, deep nesting, escaped
surrogates), garbled at times, or plain bytes.
"""

from __future__ import annotations

import csv
import io
import json
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from unittest import mock

import pandas as pd
from hypothesis import example, given, settings
from hypothesis import strategies as st

from tests.profiles import budget
from verify.engines.stream.parallel import check_line
from verify.errors import FeedError
from verify.feeds import FeedResult, Reject, read_feeds
from verify.feeds.jsonline import raw_text
from verify.feeds.rejects import reject_line
from verify.model.observation import BASE_KINDS

from .records import SCHEMA, good

FUZZ = settings(max_examples=budget(100), deadline=None)
FILES = settings(max_examples=budget(40), deadline=None)
KEYS = ("id", "kind", "party", "time", "troops", "lat", "flags", "note", "Troops", "start")
LITERALS = (
    "null",
    "true",
    "false",
    "NaN",
    "-Infinity",
    "Infinity",
    "1e999",
    "-0",
    "2.5e-400",
    "9007199254740991",
    "9007199254740992",
    "123456789012345678901234567890",
    "1" * 4400,
    '"\\ud800"',
    '"\\ud83d\\ude00"',
    '"2026-09-11T08:00:00Z"',
    '"exercise"',
    '"RUS"',
)

leaves = st.one_of(
    st.sampled_from(LITERALS),
    st.integers(-(10**20), 10**20).map(str),
    st.floats(allow_nan=False, allow_infinity=False).map(repr),
    st.text(max_size=8).map(json.dumps),
    st.text(max_size=8).map(lambda text: json.dumps(text, ensure_ascii=False)),
)


def _array(items: list[str]) -> str:
    return "[" + ", ".join(items) + "]"


def _object(members: list[tuple[str, str]]) -> str:
    return "{" + ", ".join(f"{json.dumps(key)}: {value}" for key, value in members) + "}"


keys = st.sampled_from(KEYS) | st.text(max_size=4)
values = st.recursive(
    leaves,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3).map(_array),
        st.lists(st.tuples(keys, inner), max_size=3).map(_object),
        st.tuples(st.integers(28, 40), inner).map(lambda n_v: "[" * n_v[0] + n_v[1] + "]" * n_v[0]),
    ),
    max_leaves=8,
)


@st.composite
def records(draw: st.DrawFn) -> str:
    """A JSON object: a good record's members (some dropped), and others drawn."""
    members = [
        (key, json.dumps(value))
        for key, value in good(id=draw(st.sampled_from(["a", "b", "c"]))).items()
        if draw(st.integers(0, 9))
    ]
    members += draw(st.lists(st.tuples(keys, values), max_size=4))
    return _object(draw(st.permutations(members)))


@st.composite
def garbled(draw: st.DrawFn, texts: st.SearchStrategy[str]) -> bytes:
    """A text as UTF-8, now and then cut short or with a byte replaced."""
    data = bytearray(draw(texts).encode("utf-8"))
    if data and draw(st.integers(0, 4)) == 0:
        at = draw(st.integers(0, len(data) - 1))
        if draw(st.booleans()):
            del data[at:]
        else:
            data[at] = draw(st.integers(0, 255))
    return bytes(data)


lines = st.one_of(
    garbled(records()),
    garbled(values),
    st.binary(max_size=40),
).map(lambda line: line.replace(b"\n", b" "))


def strict(text: str) -> Any:
    """The JSON of a rejects-file line, read by a parser that takes no NaN or infinity."""

    def refuse(literal: str) -> Any:
        raise AssertionError(f"not strict JSON: {literal}")

    assert text.endswith("\n") and "\n" not in text[:-1]
    text.encode("utf-8")  # no lone surrogate in what is written
    return json.loads(text, parse_constant=refuse)


def written_alike(reject: Reject) -> None:
    """The reject's line in the rejects file is strict JSON holding its raw text."""
    entry = strict(reject_line(reject))
    assert (entry["file"], entry["line"], entry["reason"]) == (
        reject.file,
        reject.line,
        reject.reason,
    )


@FUZZ
@given(lines)
@example(b'{"id": "a", "id": "a"}')
@example(b"[" * 100_000)
@example(b'{"x": ' + b"{" * 40 + b'"\\')
@example(b'{"a": ' + b"1" * 5000 + b"}")
def test_any_line_is_a_record_or_a_reject(line: bytes) -> None:
    """A line through watch's path: accepted fields or a reject at its line, never a raise."""
    checked = check_line(line, "feed.jsonl", 7, SCHEMA)
    if isinstance(checked, Reject):
        assert (checked.file, checked.line) == ("feed.jsonl", 7)
        assert checked.raw == raw_text(line)
        written_alike(checked)
    else:
        assert isinstance(checked, tuple)
        assert checked[1] in BASE_KINDS
        quantities: dict[str, float] = checked[17]
        assert all(abs(number) <= 2**53 for number in quantities.values())


def read_both_ways(data: bytes) -> tuple[FeedResult, FeedResult]:
    """The file's result in `verify check`, read by pyarrow where it can, and line by line."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "feed.jsonl"
        path.write_bytes(data)
        fast = read_feeds([path], SCHEMA)
        with mock.patch("verify.feeds.readers._arrow_values", return_value=None):
            return fast, read_feeds([path], SCHEMA)


@FILES
@given(st.lists(lines | records().map(str.encode), min_size=1, max_size=8))
def test_every_line_of_a_file_is_a_record_or_a_reject_in_check_and_watch(
    drawn: Sequence[bytes],
) -> None:
    """check keeps or rejects each non-blank line once, as watch does line by line."""
    texts = [json.dumps(good(id="first")).encode(), *drawn]
    result, slow = read_both_ways(b"\n".join(texts) + b"\n")
    pd.testing.assert_frame_equal(result.frame, slow.frame)
    assert result.rejects == slow.rejects
    numbers = [number for number, text in enumerate(texts, start=1) if text.strip()]
    rejected = {reject.line: reject for reject in result.rejects}
    assert sorted([*result.frame["_line"], *rejected]) == numbers
    for reject in result.rejects:
        written_alike(reject)
    display = result.inputs[0].path
    for number in numbers:
        watched = check_line(texts[number - 1], display, number, SCHEMA)
        if isinstance(watched, Reject):
            assert rejected[number] == watched
        elif number in rejected:
            assert rejected[number].reason.startswith("duplicate id")


CSV_HEADER = ["id", "kind", "party", "time", "troops", "lat", "flags", "note"]
cells = st.one_of(
    st.sampled_from(["a", "exercise", "RUS", "2026-09-11", "12", "-1", "NaN", "1e999", ""]),
    st.text(max_size=6),
    st.text(st.sampled_from(',"\r\n \t'), max_size=4),
)


def csv_bytes(rows: Sequence[Sequence[str]]) -> bytes:
    """CSV as the csv module writes it (CRLF line breaks, so any line break is quoted)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def read_csv_bytes(data: bytes) -> FeedResult:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "feed.csv"
        path.write_bytes(data)
        return read_feeds([path], SCHEMA)


@FILES
@given(st.lists(st.lists(cells, max_size=10), max_size=8))
def test_every_csv_row_is_a_record_or_a_reject(rows: list[list[str]]) -> None:
    """Rows of any cells: each with a non-blank cell is kept or rejected, never a raise; a
    reject's raw text reads back as its row."""
    result = read_csv_bytes(csv_bytes(rows))
    expected = sum(1 for row in rows if any(cell.strip() for cell in row))
    assert len(result.frame) + len(result.rejects) == expected
    for reject in result.rejects:
        written_alike(reject)
        assert isinstance(reject.raw, str) and isinstance(reject.record, dict)
        (row,) = list(csv.reader(io.StringIO(reject.raw, newline="")))
        cells_read = [reject.record[name] for name in CSV_HEADER] + reject.record.get("_extra", [])
        assert row + [""] * (len(CSV_HEADER) - len(row)) == cells_read


csv_lines = st.lists(st.text(st.sampled_from('ab,"\r \x00é1-:Z'), max_size=20), max_size=6).map(
    lambda found: "\n".join([",".join(CSV_HEADER), *found]).encode("utf-8")
)


@FILES
@given(csv_lines | st.binary(max_size=60))
def test_any_csv_bytes_give_records_and_rejects_or_a_located_error(data: bytes) -> None:
    """A CSV file of any bytes is read, or refused as a whole (bad quoting, not UTF-8, a bad
    header) with a FeedError naming the file; nothing else is raised."""
    try:
        result = read_csv_bytes(data)
    except FeedError as error:
        assert "feed.csv" in str(error)
        return
    for reject in result.rejects:
        written_alike(reject)
