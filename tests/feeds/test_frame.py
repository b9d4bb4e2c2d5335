"""The validated frame: its columns, their types, and the values records turn into."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from verify.feeds import TEXT_DTYPE, TIME_DTYPE, frame_to_observations, read_feeds
from verify.model.observation import Observation

from .records import SCHEMA, csv_text, good, jsonl, parquet_bytes, read_bytes

FIXED_COLUMNS = [
    "id",
    "kind",
    "party",
    "time",
    "counterparty",
    "activity",
    "refers_to",
    "zone",
    "source",
    "reliability",
    "credibility",
    "releasability",
    "start",
    "end",
    "lat",
    "lon",
    "flags",
    "_file",
    "_line",
    "_seq",
]


def test_empty_feed_has_every_fixed_column_with_its_type(tmp_path: Path) -> None:
    """An empty feed still gives the fixed columns, typed."""
    frame = read_bytes(tmp_path, b"").frame
    assert list(frame.columns) == FIXED_COLUMNS
    assert frame["id"].dtype == TEXT_DTYPE
    assert frame["time"].dtype == TIME_DTYPE
    assert frame["lat"].dtype == "float64"
    assert frame["_line"].dtype == "int64"
    assert isinstance(frame.index, pd.RangeIndex)


def test_quantities_then_attributes_follow_sorted_by_name(tmp_path: Path) -> None:
    """Quantity columns (float64) then attribute columns (text) come last, each sorted."""
    record = good(troops=9000, vehicles=12, callsign="red", artillery=250, note="n")
    frame = read_bytes(tmp_path, jsonl([record])).frame
    assert list(frame.columns) == [
        *FIXED_COLUMNS,
        "artillery",
        "troops",
        "vehicles",
        "callsign",
        "note",
    ]
    assert frame["vehicles"].dtype == "float64"
    assert frame["note"].dtype == TEXT_DTYPE


def test_quantity_without_any_value_has_no_column(tmp_path: Path) -> None:
    """Only quantities some accepted record holds get a column."""
    frame = read_bytes(tmp_path, jsonl([good()])).frame
    assert "troops" not in frame.columns


def test_known_quantity_given_as_text_is_a_number(tmp_path: Path) -> None:
    """A known quantity written as text is read as its number."""
    frame = read_bytes(tmp_path, jsonl([good(troops="12000")])).frame
    assert frame["troops"].tolist() == [12000.0]


def test_booleans_are_not_numbers(tmp_path: Path) -> None:
    """A boolean in an unknown field is a text attribute, not a quantity."""
    frame = read_bytes(tmp_path, jsonl([good(verified=True)])).frame
    assert list(frame["verified"]) == ["true"]


def test_field_with_numbers_anywhere_is_a_quantity_everywhere(tmp_path: Path) -> None:
    """Once a field holds a number in the run, its text values must be numbers too."""
    data = jsonl([good(id="a", vehicles=3), good(id="b", vehicles="many")])
    result = read_bytes(tmp_path, data)
    assert result.rejects[0].reason == 'unparsable number "many"'


def test_releasability_defaults_to_national(tmp_path: Path) -> None:
    """A record without releasability is national."""
    frame = read_bytes(tmp_path, jsonl([good(), good(id="p", releasability="public")])).frame
    assert list(frame["releasability"]) == ["national", "public"]


def test_flags_are_sorted_unique_lower_case_labels(tmp_path: Path) -> None:
    """Flags from a list or comma-separated text become sorted unique lower-case labels."""
    data = jsonl(
        [
            good(id="a", flags=["Estimate", "alert", "ALERT"]),
            good(id="b", flags=" alert , x"),
            good(id="c"),
        ]
    )
    frame = read_bytes(tmp_path, data).frame
    assert list(frame["flags"]) == ["alert,estimate", "alert,x", ""]


def test_repeated_flag_lists_are_normalised_each_as_its_own(tmp_path: Path) -> None:
    """A list of labels seen before gives the same flags again; one that is not labels is
    rejected each time it comes, and the rows after it keep their own flags."""
    data = jsonl(
        [
            good(id="a", flags=["B", "a"]),
            good(id="b", flags=[1, 2]),
            good(id="c", flags=["B", "a"]),
            good(id="d", flags=[1, 2]),
            good(id="e", flags="z"),
        ]
    )
    result = read_bytes(tmp_path, data)
    assert list(result.frame["id"]) == ["a", "c", "e"]
    assert list(result.frame["flags"]) == ["a,b", "a,b", "z"]
    assert result.frame["flags"].dtype == TEXT_DTYPE
    assert [(reject.line, reject.field) for reject in result.rejects] == [
        (2, "flags"),
        (4, "flags"),
    ]


def test_rows_after_a_reject_keep_their_own_values(tmp_path: Path) -> None:
    """Dropping a rejected row keeps every column of the rows after it in step, indexed from 0."""
    data = jsonl(
        [
            good(id="a", troops=1, lat=10.0, note="first"),
            good(id="b", troops=-5, lat=20.0, note="rejected"),
            good(id="c", troops=3, lat=30.0, note="third", time="2026-09-12T00:00:00Z"),
        ]
    )
    frame = read_bytes(tmp_path, data).frame
    assert isinstance(frame.index, pd.RangeIndex) and list(frame.index) == [0, 1]
    assert frame[["id", "troops", "lat", "note", "_line"]].values.tolist() == [
        ["a", 1.0, 10.0, "first", 1],
        ["c", 3.0, 30.0, "third", 3],
    ]
    assert frame["time"].iloc[1] == pd.Timestamp("2026-09-12T00:00:00Z")


def test_times_are_converted_to_utc(tmp_path: Path) -> None:
    """A time with an offset is held in UTC."""
    frame = read_bytes(tmp_path, jsonl([good(time="2026-09-11T10:30:00+02:00")])).frame
    assert frame["time"].iloc[0] == pd.Timestamp("2026-09-11T08:30:00Z")


def test_bare_date_is_midnight_utc(tmp_path: Path) -> None:
    """A bare date means midnight UTC."""
    frame = read_bytes(tmp_path, jsonl([good(time="2026-09-11", start="2026-09-12")])).frame
    assert frame["time"].iloc[0] == pd.Timestamp("2026-09-11T00:00:00Z")
    assert frame["start"].iloc[0] == pd.Timestamp("2026-09-12T00:00:00Z")


def test_fraction_below_a_microsecond_is_dropped(tmp_path: Path) -> None:
    """Times are held to the microsecond; further digits are dropped, not rounded."""
    frame = read_bytes(tmp_path, jsonl([good(time="2026-09-11T08:00:00.1234569Z")])).frame
    assert frame["time"].iloc[0] == pd.Timestamp("2026-09-11T08:00:00.123456Z")


def test_seq_counts_accepted_records_in_read_order(tmp_path: Path) -> None:
    """`_seq` numbers the accepted records 0..n-1 across inputs in read order."""
    (tmp_path / "a.jsonl").write_bytes(jsonl([good(id="a"), good(id="bad", kind="?")]))
    (tmp_path / "b.csv").write_bytes(csv_text([good(id="b"), good(id="c")]))
    frame = read_feeds([tmp_path / "a.jsonl", tmp_path / "b.csv"], SCHEMA).frame
    assert list(frame["_seq"]) == [0, 1, 2]
    assert list(frame["id"]) == ["a", "b", "c"]
    assert list(frame["_line"]) == [1, 2, 3]


def test_frame_rows_become_observations(tmp_path: Path) -> None:
    """`frame_to_observations` gives each row as an Observation."""
    record = good(troops=12000, flags="alert", lat=54.5, note="n", credibility=2)
    (observation,) = frame_to_observations(read_bytes(tmp_path, jsonl([record])).frame)
    assert observation == Observation(
        id="x1",
        kind="exercise",
        party="RUS",
        time=datetime(2026, 9, 11, 8, tzinfo=UTC),
        lat=54.5,
        flags=("alert",),
        credibility="2",
        quantities={"troops": 12000.0},
        attributes={"note": "n"},
    )


def test_text_columns_of_a_feed_read_in_blocks_are_held_in_one_chunk(tmp_path: Path) -> None:
    """A Parquet file of several row groups gives each text column as one Arrow chunk (the
    engines' takes would join the chunks every time), with the values unchanged."""
    records = [good(id=f"x{n}", activity=f"a{n % 3}") for n in range(7)]
    table = pa.Table.from_pylist(records)
    path = tmp_path / "feed.parquet"
    pq.write_table(table, path, row_group_size=2)
    assert pq.ParquetFile(path).num_row_groups == 4
    frame = read_feeds([path], SCHEMA).frame
    texts = [name for name in frame.columns if frame[name].dtype == TEXT_DTYPE]
    assert texts and all(_chunks(frame[name]) == 1 for name in texts)
    assert frame["id"].tolist() == [f"x{n}" for n in range(7)]
    assert frame["activity"].tolist() == [f"a{n % 3}" for n in range(7)]


def _chunks(column: pd.Series) -> int:
    held = pa.array(column.array)
    return held.num_chunks if isinstance(held, pa.ChunkedArray) else 1


def test_times_of_every_format_carry_the_one_utc_time_zone(tmp_path: Path) -> None:
    """Times read from JSON Lines (Arrow's cast), CSV and Parquet are in `datetime.UTC` itself:
    Arrow's own UTC (a `ZoneInfo`) compares equal, and costs more at every comparison."""
    records = [good(id="x1", time="2026-09-11T10:00:00+02:00", start="2026-09-12")]
    files = (
        ("feed.jsonl", jsonl(records)),
        ("feed.csv", csv_text(records)),
        ("feed.parquet", parquet_bytes(records)),
    )
    for name, data in files:
        frame = read_bytes(tmp_path, data, name).frame
        for column in ("time", "start"):
            assert frame[column].dtype.tz is UTC, (name, column)
            assert frame[column].dt.to_pydatetime()[0].tzinfo is UTC, (name, column)
