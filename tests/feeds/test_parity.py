"""Properties: formats, input order and the one-record path all agree with the batch path."""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any
from unittest import mock

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.profiles import budget
from verify.engines.batch.frame import records as frame_rows
from verify.engines.batch.frame import typed_record, typed_records
from verify.engines.stream.parallel import check_line
from verify.engines.stream.records import Rec, cite
from verify.feeds import (
    TEXT_DTYPE,
    FeedResult,
    FeedSchema,
    Reject,
    SeenIds,
    canonical_record,
    frame_to_observations,
    read_feeds,
    record_digests,
    record_sha256,
    validate_record,
)
from verify.feeds.columns import as_numbers, as_text, as_times, value_kinds
from verify.feeds.schema import LOCAL_TIME_RE
from verify.feeds.values import kind_of, number_of, text_of, time_of
from verify.model.observation import BASE_KINDS, BASE_QUANTITIES, Observation

from .records import csv_text, jsonl, parquet_bytes
from .strategies import TEXT, any_records, valid_records

SCHEMA = FeedSchema(BASE_KINDS, BASE_QUANTITIES, frozenset({"EU"}), frozenset({"baltic", "arctic"}))
PROPERTY = settings(
    max_examples=budget(30),
    deadline=None,
)
WRITERS: dict[str, Callable[[Sequence[dict[str, Any]]], bytes]] = {
    "jsonl": jsonl,
    "csv": csv_text,
    "parquet": parquet_bytes,
}


@st.composite
def record_lists(
    draw: st.DrawFn, make: Callable[[str], st.SearchStrategy[dict[str, Any]]], unique: bool
) -> list[dict[str, Any]]:
    """Records with ids that are unique, or drawn from a small pool so that some repeat."""
    ids = (
        st.lists(TEXT, min_size=1, max_size=12, unique=True)
        if unique
        else st.lists(st.sampled_from(["a", "b", "c", "d"]), min_size=1, max_size=12)
    )
    return [draw(make(record_id)) for record_id in draw(ids)]


def read_files(files: Sequence[tuple[str, bytes]]) -> FeedResult:
    """Write the named files to a fresh folder and read them in the given order."""
    with tempfile.TemporaryDirectory() as folder:
        paths = []
        for name, data in files:
            path = Path(folder) / name
            path.write_bytes(data)
            paths.append(path)
        return read_feeds(paths, SCHEMA)


def read_as(kind: str, records: list[dict[str, Any]]) -> pd.DataFrame:
    """The frame of records written as one file of the given format."""
    return read_files([(f"feed.{kind}", WRITERS[kind](_for_format(records, kind)))]).frame


def without_provenance(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame without the columns saying where each record was read."""
    return frame.drop(columns=["_file", "_line", "_seq"])


@PROPERTY
@given(record_lists(lambda record_id: valid_records(record_id, typed=False), unique=True))
def test_every_format_gives_the_same_frame_and_hashes(records: list[dict[str, Any]]) -> None:
    """Valid records written as JSON Lines, CSV or Parquet read back as the same frame."""
    results = {
        kind: read_files([(f"feed.{kind}", write(records))]) for kind, write in WRITERS.items()
    }
    frames = {kind: result.frame for kind, result in results.items()}
    assert all(not result.rejects for result in results.values())
    for kind in ("csv", "parquet"):
        pd.testing.assert_frame_equal(
            without_provenance(frames[kind]), without_provenance(frames["jsonl"])
        )
        hashes = [record_sha256(canonical_record(frames[kind], i)) for i in frames[kind].index]
        expected = [
            record_sha256(canonical_record(frames["jsonl"], i)) for i in frames["jsonl"].index
        ]
        assert hashes == expected


@PROPERTY
@given(record_lists(valid_records, unique=True), st.sampled_from(sorted(WRITERS)))
def test_digests_of_a_whole_frame_equal_the_digest_of_each_row(
    records: list[dict[str, Any]], kind: str
) -> None:
    """`record_digests` (column-wise) gives each row the sha256 of its `canonical_record`."""
    frame = read_as(kind, records)
    expected = [record_sha256(canonical_record(frame, i)) for i in frame.index]
    assert record_digests(frame) == expected


@PROPERTY
@given(record_lists(valid_records, unique=True), st.sampled_from(sorted(WRITERS)))
def test_a_stream_record_is_cited_with_the_digest_of_its_frame_row(
    records: list[dict[str, Any]], kind: str
) -> None:
    """The stream engine cites a record (from its fields, with no `Observation` built) with
    the sha256 that `record_digests` gives its row in the batch frame."""
    frame = read_as(kind, records)
    observations = frame_to_observations(frame)
    cited = [cite(Rec.of(obs, seq, "feed", seq)).sha256 for seq, obs in enumerate(observations)]
    assert cited == record_digests(frame)


@PROPERTY
@given(record_lists(valid_records, unique=True), st.sampled_from(sorted(WRITERS)))
def test_typed_records_of_a_whole_frame_equal_each_row_typed_alone(
    records: list[dict[str, Any]], kind: str
) -> None:
    """`typed_records` (column-wise) gives each row what `typed_record` gives it alone."""
    frame = read_as(kind, records)
    assert typed_records(frame) == [typed_record(row) for row in frame_rows(frame)]


@PROPERTY
@given(record_lists(valid_records, unique=True), st.sampled_from(sorted(WRITERS)), st.data())
def test_digests_and_typed_records_at_positions_equal_those_of_the_rows_there(
    records: list[dict[str, Any]], kind: str, data: st.DataObject
) -> None:
    """Taken at some positions (any order, repeats allowed), `record_digests` and
    `typed_records` give what the rows there give alone: citing takes rows this way."""
    frame = read_as(kind, records)
    positions = np.array(
        data.draw(st.lists(st.integers(0, len(frame) - 1), max_size=2 * len(frame))),
        dtype=np.intp,
    )
    rows = frame_rows(frame)
    assert record_digests(frame, positions) == [
        record_sha256(canonical_record(frame, int(p))) for p in positions
    ]
    assert typed_records(frame, positions) == [typed_record(rows[p]) for p in positions]


@PROPERTY
@given(
    record_lists(valid_records, unique=True),
    st.randoms(use_true_random=False),
    st.lists(st.sampled_from(sorted(WRITERS)), min_size=1, max_size=4),
)
def test_input_order_and_split_do_not_change_the_validated_set(
    records: list[dict[str, Any]], random: Any, kinds: list[str]
) -> None:
    """Shuffled and split across files of any format, records validate to the same set."""
    whole = read_files([("all.jsonl", jsonl(records))]).frame
    shuffled = list(records)
    random.shuffle(shuffled)
    chunks = [shuffled[n :: len(kinds)] for n in range(len(kinds))]
    files = [
        (f"part{n}.{kind}", WRITERS[kind](_for_format(chunk, kind)))
        for n, (kind, chunk) in enumerate(zip(kinds, chunks, strict=True))
        if chunk
    ]
    split = read_files(files).frame

    def by_id(frame: pd.DataFrame) -> pd.DataFrame:
        return without_provenance(frame).sort_values("id").reset_index(drop=True)

    pd.testing.assert_frame_equal(by_id(split), by_id(whole))


def _for_format(records: list[dict[str, Any]], kind: str) -> list[dict[str, Any]]:
    """Records as a format can hold them: Parquet columns need one type (credibility as text)."""
    if kind != "parquet":
        return records
    return [
        {name: str(v) if name == "credibility" else v for name, v in record.items()}
        for record in records
    ]


def one_by_one(records: list[dict[str, Any]], file: str) -> list[Observation | Reject]:
    """Each record through `validate_record`, tracking ids as the batch path does; a reject
    given the line's text as its `raw`, as a reader knows it."""
    seen: SeenIds = {}
    outcomes: list[Observation | Reject] = []
    for line, record in enumerate(records, start=1):
        text = json.dumps(record)
        outcome = validate_record(json.loads(text), SCHEMA, file, line, seen_ids=seen)
        outcomes.append(replace(outcome, raw=text) if isinstance(outcome, Reject) else outcome)
    return outcomes


@PROPERTY
@given(record_lists(any_records, unique=False))
def test_validate_record_agrees_with_the_batch_path(records: list[dict[str, Any]]) -> None:
    """Random good and bad records: the one-record path accepts and rejects as the batch does."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "feed.jsonl"
        path.write_bytes(jsonl(records))
        batch = read_feeds([path], SCHEMA)
        expected = one_by_one(records, str(path))
    assert frame_to_observations(batch.frame) == [
        outcome for outcome in expected if isinstance(outcome, Observation)
    ]
    assert list(batch.rejects) == [outcome for outcome in expected if isinstance(outcome, Reject)]


@PROPERTY
@given(record_lists(any_records, unique=False))
def test_pyarrow_and_line_by_line_json_lines_agree(records: list[dict[str, Any]]) -> None:
    """The pyarrow JSON Lines reader and the line-by-line fallback give the same result."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "feed.jsonl"
        path.write_bytes(jsonl(records))
        fast = read_feeds([path], SCHEMA)
        with mock.patch("verify.feeds.readers._arrow_values", return_value=None):
            slow = read_feeds([path], SCHEMA)
    pd.testing.assert_frame_equal(fast.frame, slow.frame)
    assert fast.rejects == slow.rejects


TIMEISH = st.from_regex(
    r"\A[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,12})?)?"
    r"(Z|[+-][0-9]{2}:?[0-9]{2})?)?\Z"
)


@st.composite
def near_times(draw: st.DrawFn) -> str:
    """A time in the contract's shape, its parts mostly in range and sometimes just past it
    (day 31 of a short month, hour 24, second 60, an offset of 24 hours or more)."""
    year = draw(st.sampled_from([1, 2, 1000, 1969, 2024, 2026, 9999]))
    day = f"{year:04d}-{draw(st.integers(1, 13)):02d}-{draw(st.integers(1, 31)):02d}"
    if draw(st.booleans()):
        return day
    clock = f"{draw(st.integers(0, 24)):02d}:{draw(st.integers(0, 60)):02d}"
    if draw(st.booleans()):
        clock += f":{draw(st.integers(0, 60)):02d}"
        digits = draw(st.integers(0, 10))
        if digits:
            clock += "." + "".join(
                draw(st.lists(st.sampled_from("0159"), min_size=digits, max_size=digits))
            )
    offset = draw(
        st.just("Z")
        | st.builds(
            lambda sign, hours, minutes, colon: f"{sign}{hours:02d}{colon}{minutes:02d}",
            st.sampled_from("+-"),
            st.integers(0, 25),
            st.sampled_from([0, 30, 45, 59, 60]),
            st.sampled_from([":", ""]),
        )
    )
    return f"{day}{draw(st.sampled_from('T '))}{clock}{offset}"


@settings(max_examples=budget(300), deadline=None)
@given(st.lists(near_times(), min_size=1, max_size=3))
def test_times_arrow_reads_agree_with_the_scalar_parser(texts: list[str]) -> None:
    """A few times at a time, so that Arrow's cast (which refuses a whole column for one text
    it cannot read) reads most of them: each one its instant, or refused, as `time_of` says."""
    column = pd.Series(texts, dtype="string[pyarrow]")
    times, no_offset, unparsable = as_times(column, value_kinds(column))
    for n, text in enumerate(texts):
        moment = time_of(text)
        assert not no_offset[n], text
        assert unparsable[n] == (moment is None), text
        if moment is not None:
            assert times.iloc[n].to_pydatetime() == moment, text


@settings(max_examples=budget(200), deadline=None)
@given(st.lists(TIMEISH | st.text(max_size=12), min_size=1, max_size=20))
def test_time_parsing_agrees_between_paths(texts: list[str]) -> None:
    """pandas and the scalar parser agree on every time: its instant, or why it is refused."""
    column = pd.Series(texts, dtype=object)
    times, no_offset, unparsable = as_times(column, value_kinds(column))
    for n, text in enumerate(texts):
        if kind_of(text).name == "MISSING":
            continue
        local = LOCAL_TIME_RE.fullmatch(text) is not None
        moment = None if local else time_of(text)
        assert no_offset[n] == local, text
        assert unparsable[n] == (not local and moment is None), text
        if moment is not None:
            assert times.iloc[n].to_pydatetime() == moment, text


NUMBERISH = st.from_regex(r"\A[+-]?[0-9]{0,5}(\.[0-9]{0,4})?([eE][+-]?[0-9]{1,3})?\Z")


@settings(max_examples=budget(200), deadline=None)
@given(st.lists(NUMBERISH | st.text(max_size=6) | st.integers() | st.floats(), min_size=1))
def test_number_parsing_agrees_between_paths(values: list[Any]) -> None:
    """pandas and the scalar parser read the same number from every value, or refuse it."""
    column = pd.Series(values, dtype=object)
    numbers, bad = as_numbers(column, value_kinds(column))
    for n, value in enumerate(values):
        if kind_of(value).name == "MISSING":
            continue
        expected = number_of(value)
        assert bad[n] == (expected is None), value
        if expected is not None:
            assert numbers[n] == expected, value


@settings(max_examples=budget(100), deadline=None)
@given(
    st.lists(
        st.integers(-(10**20), 10**20) | st.floats(allow_nan=False) | st.booleans(), min_size=1
    )
)
def test_text_of_numbers_agrees_between_paths(values: list[Any]) -> None:
    """Numbers in a text field read as the same text in a column as one by one."""
    for column in (pd.Series(values, dtype=object), pd.Series(values)):
        texts = as_text(column, value_kinds(column))
        assert list(texts) == [text_of(value) for value in column]


@settings(max_examples=budget(100), deadline=None)
@given(
    st.lists(st.none() | st.floats() | st.integers(-(2**40), 2**40), min_size=1),
    st.lists(st.none() | st.just("") | st.text(max_size=3), min_size=1),
    st.lists(st.none() | st.booleans(), min_size=1),
)
def test_value_kinds_of_typed_columns_are_those_of_each_value(
    numbers: list[float | int | None], texts: list[str | None], flags: list[bool | None]
) -> None:
    """A number, text or boolean column's kinds, found a column at a time, are `kind_of`
    each value, missing ones included."""
    columns = (
        pd.Series(numbers, dtype="float64"),
        pd.Series(texts, dtype=TEXT_DTYPE),
        pd.Series(flags, dtype="boolean"),
        pd.Series(numbers, dtype=object),
    )
    for column in columns:
        expected = [int(kind_of(None if pd.isna(value) else value)) for value in column]
        assert value_kinds(column).tolist() == expected, column.dtype


@settings(max_examples=budget(100), deadline=None)
@given(st.lists(st.none() | st.just("") | st.text(max_size=3), min_size=1))
def test_text_column_reads_empty_and_missing_texts_as_missing(values: list[str | None]) -> None:
    """An Arrow text column (Parquet's, JSON's) keeps its texts; empty and missing ones are NA."""
    column = pd.Series(values, dtype="string[pyarrow]")
    texts = as_text(column, value_kinds(column))
    assert texts.tolist() == [value if value else pd.NA for value in values]


#: Members `json` reads leniently, which the contract refuses (all but the last two, which it
#: accepts: `REFUSED` of them).
LENIENT = (
    '"troops": NaN',
    '"lat": -Infinity',
    '"id": "again"',
    '"range_km": 123456789012345678901234567890',
    '"range_km": 1e999',
    '"x": ' + "[" * 40 + "]" * 40,
    '"note": "\\udc00"',
    '"note": "\\ud83d\\ude00"',
    '"range_km": 9007199254740991',
)
REFUSED = 7


@PROPERTY
@given(
    record_lists(any_records, unique=False),
    st.lists(st.tuples(st.integers(0, 11), st.sampled_from(LENIENT)), max_size=4),
)
def test_check_and_watch_agree_on_lenient_json(
    records: list[dict[str, Any]], lenient: list[tuple[int, str]]
) -> None:
    """Records with members `json` reads leniently: check (pyarrow or line by line) and
    watch's line path keep and reject the same lines, in the same words, raw text and all;
    a line with a refused member is never kept."""
    lines = [json.dumps(record) for record in records]
    refused: set[int] = set()
    for at, member in lenient:
        if at < len(lines):
            lines[at] = lines[at][:-1] + ", " + member + "}"
            if LENIENT.index(member) < REFUSED:
                refused.add(at + 1)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "feed.jsonl"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        batch = read_feeds([path], SCHEMA)
        with mock.patch("verify.feeds.readers._arrow_values", return_value=None):
            slow = read_feeds([path], SCHEMA)
        watched = [
            check_line(line.encode(), str(path), n, SCHEMA) for n, line in enumerate(lines, 1)
        ]
    pd.testing.assert_frame_equal(batch.frame, slow.frame)
    assert batch.rejects == slow.rejects
    duplicates = [r for r in batch.rejects if r.reason.startswith("duplicate id")]
    assert [r for r in batch.rejects if r not in duplicates] == [
        found for found in watched if isinstance(found, Reject)
    ]
    assert not refused & set(batch.frame["_line"])
    accepted = set(batch.frame["_line"]) | {r.line for r in duplicates}
    assert accepted == {n for n, found in enumerate(watched, 1) if not isinstance(found, Reject)}
