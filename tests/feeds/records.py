"""Helpers shared by the feed tests: sample records and writers for each file format."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from verify.feeds import FeedResult, FeedSchema, Reject, read_feeds

SCHEMA = FeedSchema()


def good(**fields: Any) -> dict[str, Any]:
    """A valid record; keyword arguments override or add fields."""
    record: dict[str, Any] = {
        "id": "x1",
        "kind": "exercise",
        "party": "RUS",
        "time": "2026-09-11T08:00:00Z",
    }
    record.update(fields)
    return record


def jsonl(lines: Iterable[dict[str, Any] | str]) -> bytes:
    """JSON Lines text: dicts dumped as JSON, strings written as they are."""
    return "".join(
        (line if isinstance(line, str) else json.dumps(line)) + "\n" for line in lines
    ).encode("utf-8")


def csv_cell(value: Any) -> str:
    """A record's value as a CSV cell: lists comma-joined, None empty."""
    if value is None:
        return ""
    if isinstance(value, list):
        return ",".join(value)
    if isinstance(value, float):
        return repr(value)
    return str(value)


def csv_text(records: Sequence[dict[str, Any]], columns: Sequence[str] | None = None) -> bytes:
    """CSV text with a header holding every field of the records."""
    names = list(columns or dict.fromkeys(name for record in records for name in record))
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(names)
    for record in records:
        writer.writerow([csv_cell(record.get(name)) for name in names])
    return out.getvalue().encode("utf-8")


def parquet_bytes(records: Sequence[dict[str, Any]]) -> bytes:
    """Parquet bytes of the records (lists of flags comma-joined, as in CSV)."""
    rows = [
        {name: ",".join(value) if isinstance(value, list) else value for name, value in r.items()}
        for r in records
    ]
    names = list(dict.fromkeys(name for row in rows for name in row))
    table = pa.Table.from_pylist([{name: row.get(name) for name in names} for row in rows])
    sink = io.BytesIO()
    pq.write_table(table, sink)
    return sink.getvalue()


def read_bytes(
    folder: Path, data: bytes, name: str = "feed.jsonl", schema: FeedSchema = SCHEMA
) -> FeedResult:
    """Write the bytes to a file in the folder and read it back."""
    path = folder / name
    path.write_bytes(data)
    return read_feeds([path], schema)


def only_reject(result: FeedResult) -> Reject:
    """The one reject of a result (failing when there is not exactly one)."""
    assert len(result.rejects) == 1, result.rejects
    return result.rejects[0]
