"""Inputs: file types, folders, standard input, line numbers, and files that cannot be read."""

from __future__ import annotations

import hashlib
import io
import sys
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from verify.errors import FeedError
from verify.feeds import read_feeds
from verify.feeds.readers import read_parquet

from .records import SCHEMA, csv_text, good, jsonl, only_reject, parquet_bytes, read_bytes


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Work inside the test's temporary folder, so paths display relative to it."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_csv_row_after_a_quoted_newline_has_its_physical_line(tmp_path: Path) -> None:
    """A CSV row's line is the physical line it starts on, counting newlines inside quotes."""
    text = (
        "id,kind,party,time,source\n"
        'a,exercise,RUS,2026-09-11T08:00:00Z,"two\nlines"\n'
        "b,exercise,RUS,2026-09-11T08:00:00Z,x\n"
        "c,bogus,RUS,2026-09-11T08:00:00Z,x\n"
    )
    result = read_bytes(tmp_path, text.encode(), "feed.csv")
    assert list(result.frame["_line"]) == [2, 4]
    assert list(result.frame["source"]) == ["two\nlines", "x"]
    assert only_reject(result).line == 5


def test_csv_blank_lines_are_skipped_but_counted(tmp_path: Path) -> None:
    """Blank CSV lines hold no record, yet later rows keep their physical line numbers."""
    text = "id,kind,party,time\n\na,exercise,RUS,2026-09-11\n,,,\nb,bogus,RUS,2026-09-11\n"
    result = read_bytes(tmp_path, text.encode(), "feed.csv")
    assert list(result.frame["_line"]) == [3]
    assert only_reject(result).line == 5


def test_csv_quote_free_and_quoted_files_read_alike(tmp_path: Path) -> None:
    """The pyarrow reader (no quotes) and the csv module reader (quotes) give the same frame."""
    records = [good(id=f"r{n}", troops=n, note=f"n{n}") for n in range(3)]
    plain = read_bytes(tmp_path, csv_text(records), "plain.csv").frame
    quoted = csv_text(records).replace(b"\nr0,", b'\n"r0",')
    assert b'"' in quoted
    other = read_bytes(tmp_path, quoted, "quoted.csv").frame
    columns = [name for name in plain.columns if name != "_file"]
    assert plain[columns].equals(other[columns])


def test_csv_row_longer_than_the_header_is_rejected(tmp_path: Path) -> None:
    """A CSV row with more cells than the header is a reject without a field."""
    text = "id,kind,party,time\na,exercise,RUS,2026-09-11,extra\n"
    reject = only_reject(read_bytes(tmp_path, text.encode(), "feed.csv"))
    assert (reject.line, reject.field) == (2, None)
    assert reject.reason == "row has 5 fields but the header has 4"


def test_csv_short_row_is_padded_with_missing_values(tmp_path: Path) -> None:
    """A CSV row with fewer cells than the header lacks the remaining fields."""
    text = "id,kind,party,time,source\na,exercise,RUS,2026-09-11\n"
    result = read_bytes(tmp_path, text.encode(), "feed.csv")
    assert result.frame["source"].isna().all()


def test_csv_numeric_column_is_a_quantity_and_text_column_an_attribute(tmp_path: Path) -> None:
    """A CSV column whose every value is a number is a quantity; another is text."""
    text = (
        "id,kind,party,time,vehicles,callsign\n"
        "a,exercise,RUS,2026-09-11,12,7\n"
        "b,exercise,RUS,2026-09-11,,x\n"
    )
    frame = read_bytes(tmp_path, text.encode(), "feed.csv").frame
    assert frame["vehicles"].dtype == "float64"
    assert list(frame["callsign"]) == ["7", "x"]


def test_csv_with_malformed_quoting_cannot_be_read(tmp_path: Path) -> None:
    """Malformed CSV quoting is a FeedError naming the file and line."""
    text = 'id,kind,party,time\na,exercise,RUS,"2026-09-11"x\n'
    with pytest.raises(FeedError) as caught:
        read_bytes(tmp_path, text.encode(), "feed.csv")
    assert str(caught.value).startswith(f"{tmp_path / 'feed.csv'}:2: malformed CSV")


def test_csv_header_with_a_repeated_name_cannot_be_read(tmp_path: Path) -> None:
    """A CSV header naming a column twice is a FeedError on line 1."""
    with pytest.raises(FeedError, match=r"feed\.csv:1: CSV header: column 'id' appears twice"):
        read_bytes(tmp_path, b"id,kind,id\n", "feed.csv")


def test_parquet_line_is_row_number_plus_one(tmp_path: Path) -> None:
    """A Parquet record's line is its row number plus 1."""
    records = [good(id="a"), good(id="b", kind="bogus"), good(id="c")]
    result = read_bytes(tmp_path, parquet_bytes(records), "feed.parquet")
    assert list(result.frame["_line"]) == [1, 3]
    assert only_reject(result).line == 2


def test_parquet_timestamps_with_zone_are_accepted_and_naive_ones_rejected(tmp_path: Path) -> None:
    """A Parquet timestamp column with a time zone is used; one without has no offset."""
    moment = datetime(2026, 9, 11, 8, tzinfo=UTC)
    table = pa.table(
        {
            "id": ["a", "b"],
            "kind": ["exercise"] * 2,
            "party": ["RUS"] * 2,
            "time": pa.array([moment, moment], pa.timestamp("us", tz="Europe/Paris")),
            "start": pa.array([None, moment.replace(tzinfo=None)], pa.timestamp("us")),
        }
    )
    pq.write_table(table, tmp_path / "feed.parquet")
    result = read_feeds([tmp_path / "feed.parquet"], SCHEMA)
    assert list(result.frame["time"]) == [moment]
    reject = only_reject(result)
    assert (reject.line, reject.field) == (2, "start")
    assert reject.reason.startswith('time "2026-09-11T08:00:00" has no UTC offset')


def test_parquet_row_group_gives_each_text_column_in_one_chunk() -> None:
    """A row group larger than a reading batch still gives one chunk per column (the
    engines take rows of each text column many times: one chunk is not copied again), and
    every row in order."""
    size = 140_000  # above pyarrow's dataset batch of 131,072 rows
    table = pa.table({"id": [f"r{n}" for n in range(size)], "troops": list(range(size))})
    sink = io.BytesIO()
    pq.write_table(table, sink, row_group_size=size)
    values = read_parquet(sink.getvalue(), "feed.parquet").values
    assert values["id"].array.__arrow_array__().num_chunks == 1
    assert values["id"].iloc[[0, size - 1]].tolist() == ["r0", f"r{size - 1}"]
    assert values["troops"].iloc[size - 1] == size - 1


def test_unreadable_parquet_names_the_file(tmp_path: Path) -> None:
    """A file that is not Parquet is a FeedError naming the file."""
    with pytest.raises(FeedError, match=r"feed\.parquet: not a readable Parquet file"):
        read_bytes(tmp_path, b"this is not parquet", "feed.parquet")


def test_missing_file_names_the_file(tmp_path: Path) -> None:
    """A path that does not exist is a FeedError naming it."""
    with pytest.raises(FeedError) as caught:
        read_feeds([tmp_path / "absent.jsonl"], SCHEMA)
    assert str(caught.value) == f"{tmp_path / 'absent.jsonl'}: no such file or folder"
    assert caught.value.location is not None
    assert caught.value.location.path == str(tmp_path / "absent.jsonl")


def test_unknown_file_type_is_an_error(tmp_path: Path) -> None:
    """A file with an extension no reader knows is a FeedError."""
    (tmp_path / "feed.xml").write_text("<feed/>")
    with pytest.raises(FeedError, match=r"unknown observation file type '\.xml'"):
        read_feeds([tmp_path / "feed.xml"], SCHEMA)


def test_folder_without_observation_files_is_an_error(tmp_path: Path) -> None:
    """A folder holding no observation file is a FeedError rather than an empty feed."""
    (tmp_path / "notes.txt").write_text("nothing here")
    with pytest.raises(FeedError, match="folder holds no observation files"):
        read_feeds([tmp_path], SCHEMA)


def test_folder_is_read_recursively_in_relative_path_order(in_tmp: Path) -> None:
    """A folder gives every observation file below it, sorted by relative path, hidden skipped."""
    (in_tmp / "obs" / "b").mkdir(parents=True)
    (in_tmp / "obs" / ".cache").mkdir()
    (in_tmp / "obs" / "b" / "one.csv").write_bytes(csv_text([good(id="csv")]))
    (in_tmp / "obs" / "a.jsonl").write_bytes(jsonl([good(id="jsonl")]))
    (in_tmp / "obs" / "c.pq").write_bytes(parquet_bytes([good(id="pq")]))
    (in_tmp / "obs" / ".cache" / "old.jsonl").write_bytes(jsonl([good(id="hidden")]))
    (in_tmp / "obs" / "readme.md").write_text("not a feed")
    result = read_feeds(["obs"], SCHEMA)
    assert [found.path for found in result.inputs] == ["obs/a.jsonl", "obs/b/one.csv", "obs/c.pq"]
    assert list(result.frame["id"]) == ["jsonl", "csv", "pq"]
    assert list(result.frame["_file"]) == ["obs/a.jsonl", "obs/b/one.csv", "obs/c.pq"]


def test_standard_input_is_read_as_json_lines() -> None:
    """`-` reads JSON Lines from the given stream, shown as `-`."""
    stream = io.BytesIO(jsonl([good(id="a"), good(id="b", kind="bogus")]))
    result = read_feeds(["-"], SCHEMA, stdin=stream)
    assert list(result.frame["id"]) == ["a"]
    assert (only_reject(result).file, only_reject(result).line) == ("-", 2)
    assert result.inputs[0].path == "-"


def test_standard_input_defaults_to_the_process_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without a stream, `-` reads the process's standard input."""
    fake = io.TextIOWrapper(io.BytesIO(jsonl([good(id="from-stdin")])))
    monkeypatch.setattr(sys, "stdin", fake)
    assert list(read_feeds(["-"], SCHEMA).frame["id"]) == ["from-stdin"]


def test_inputs_report_sha256_and_counts(tmp_path: Path) -> None:
    """Each input reports the sha256 of its bytes and its accepted and rejected counts."""
    data = jsonl([good(id="a"), good(id="b"), "oops", good(id="a")])
    result = read_bytes(tmp_path, data)
    (found,) = result.inputs
    assert found.sha256 == hashlib.sha256(data).hexdigest()
    assert (found.records, found.rejected) == (2, 2)


def test_json_lines_blank_lines_and_byte_order_mark(tmp_path: Path) -> None:
    """Blank lines are skipped and a UTF-8 byte order mark is ignored; lines stay physical."""
    data = b"\xef\xbb\xbf" + jsonl([good(id="a"), "", "  ", good(id="b")])
    assert list(read_bytes(tmp_path, data).frame["_line"]) == [1, 4]


def test_json_lines_with_changing_types_read_line_by_line(tmp_path: Path) -> None:
    """A field whose JSON type changes between lines is still read, record by record."""
    data = jsonl([good(id="a", credibility=2), good(id="b", credibility="3", troops="12")])
    frame = read_bytes(tmp_path, data).frame
    assert list(frame["credibility"]) == ["2", "3"]
    assert frame["troops"].isna().iloc[0]
    assert frame["troops"].iloc[1] == 12.0


def test_json_extension_is_json_lines(tmp_path: Path) -> None:
    """A `.json` or `.ndjson` file is read as JSON Lines."""
    assert len(read_bytes(tmp_path, jsonl([good()]), "feed.json").frame) == 1
    assert len(read_bytes(tmp_path, jsonl([good()]), "feed.ndjson").frame) == 1


def test_no_sources_give_an_empty_result() -> None:
    """Reading nothing gives an empty frame, no rejects and no inputs."""
    result = read_feeds([], SCHEMA)
    assert (len(result.frame), result.rejects, result.inputs) == (0, (), ())


def test_text_that_looks_like_a_time_stays_text(tmp_path: Path) -> None:
    """An attribute holding a date is kept as the text written, not parsed into a time."""
    frame = read_bytes(tmp_path, jsonl([good(reported="2026-09-11", seen="08:00")])).frame
    assert list(frame["reported"]) == ["2026-09-11"]
    assert list(frame["seen"]) == ["08:00"]


def test_parquet_integer_columns_in_text_fields_read_as_text(tmp_path: Path) -> None:
    """Parquet numbers in text fields (ids, credibility with gaps) read as integral text."""
    records = [good(id=7, credibility=3), good(id=8, credibility=None)]
    frame = read_bytes(tmp_path, parquet_bytes(records), "feed.parquet").frame
    assert list(frame["id"]) == ["7", "8"]
    assert frame["credibility"].tolist()[0] == "3"
    assert frame["credibility"].isna().tolist() == [False, True]


def test_csv_that_is_not_utf8_names_the_line(tmp_path: Path) -> None:
    """A CSV file with bytes that are not UTF-8 is a FeedError at their line."""
    data = b"id,kind,party,time\na,exercise,RUS,2026-09-11\nb,\xff,RUS,2026-09-11\n"
    with pytest.raises(FeedError, match=r"feed\.csv:3: not UTF-8 text"):
        read_bytes(tmp_path, data, "feed.csv")


def test_json_lines_line_that_is_not_utf8_is_a_reject(tmp_path: Path) -> None:
    """A JSON Lines line with bytes that are not UTF-8 is rejected, the rest read."""
    data = jsonl([good(id="a")]) + b'{"id": "\xff"}\n' + jsonl([good(id="b")])
    result = read_bytes(tmp_path, data)
    assert list(result.frame["id"]) == ["a", "b"]
    reject = only_reject(result)
    assert (reject.line, reject.field) == (2, None)
    assert reject.reason.startswith("not a JSON object: not valid UTF-8")
