"""Bytes of one input to a table of raw values: JSON Lines, CSV and Parquet readers.

A reader keeps every value as it was read (CSV cells as text, JSON and Parquet values typed) and
the line each record came from; the rules are applied later, to the table as a whole. Lines:
JSON Lines and CSV count physical lines from 1 (a CSV row is at the line where it starts, the
header being line 1); a Parquet row's line is its row number plus 1.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pa_compute
import pyarrow.csv as pa_csv
import pyarrow.json as pa_json

from verify.errors import FeedError, Location
from verify.feeds.dtypes import TEXT_DTYPE
from verify.feeds.jsonline import (
    EXACT_INTEGER,
    SURROGATE_ESCAPES,
    line_reject,
    parse_record,
    raw_text,
)
from verify.feeds.lines import contains_any, object_lines
from verify.feeds.rejects import Reject
from verify.feeds.values import plain
from verify.model.observation import TIME_FIELDS

RawRecords = Callable[[Sequence[int]], list[dict[str, Any]]]
RawTexts = Callable[[Sequence[int]], list[str | bytes | None]]
_BOM = b"\xef\xbb\xbf"
#: What pyarrow's JSON reader takes that the contract refuses, or may: `NaN`, `Infinity`, and
#: escapes of lone surrogates.
_LENIENT = (b"NaN", b"Infinity", *SURROGATE_ESCAPES)


@dataclass
class RawTable:
    """One input's records as read: a column per field, each row's line, and the bytes' sha256.

    `typed` says whether numbers are told apart from text (JSON Lines, Parquet) or every value is
    text (CSV). `records` gives back the records at some row positions as read, as plain
    JSON-ready Python, for rejects, and `raws` their text in the input (`Reject.raw`);
    `rejects` holds lines that never became rows (not JSON objects, CSV rows too long).
    """

    display: str
    sha256: str
    values: pd.DataFrame
    lines: npt.NDArray[np.int64]
    typed: bool
    records: RawRecords
    rejects: list[Reject] = field(default_factory=list)
    raws: RawTexts = lambda rows: [None] * len(rows)
    #: Each column's value kinds once worked out (`verify.feeds.validate.column_kinds`): the
    #: quantity votes and the rules both read them.
    kinds: dict[str, npt.NDArray[np.int8]] = field(default_factory=dict, repr=False, compare=False)


def _text_columns(dtype: pa.DataType) -> pd.api.extensions.ExtensionDtype | None:
    if pa.types.is_string(dtype) or pa.types.is_large_string(dtype):
        return TEXT_DTYPE
    return None


def read_jsonl(data: bytes, display: str, *, use_arrow: bool = True) -> RawTable:
    """Read JSON Lines: one JSON object per line; blank lines are skipped.

    pyarrow's reader parses a well-formed file in one go; a file it cannot read (a line that is
    not an object, a field whose type changes between lines) is parsed line by line with `json`
    instead, and each line that is not a JSON object becomes a reject.
    """
    digest = hashlib.sha256(data).hexdigest()
    body = data.removeprefix(_BOM)
    lines = object_lines(body)
    text = lines.text

    def records(rows: Sequence[int]) -> list[dict[str, Any]]:
        return [json.loads(text(row)) for row in rows]

    def raws(rows: Sequence[int]) -> list[str | bytes | None]:
        return [raw_text(text(row)) for row in rows]

    arrow_ready = use_arrow and lines.objects and len(lines) > 0 and _is_utf8(body)
    values = _arrow_values(body, len(lines)) if arrow_ready else None
    if values is not None:
        return RawTable(display, digest, values, lines.numbers, True, records, raws=raws)
    parsed: list[dict[str, Any]] = []
    kept: list[int] = []
    kept_texts: list[bytes] = []
    rejects: list[Reject] = []
    for row, number in enumerate(lines.numbers.tolist()):
        line = text(row)
        value = parse_record(line)
        if isinstance(value, dict):
            parsed.append(value)
            kept.append(number)
            kept_texts.append(line)
        else:
            rejects.append(line_reject(value, line, display, number))
    frame = pd.DataFrame.from_records(parsed) if parsed else pd.DataFrame()
    return RawTable(
        display,
        digest,
        frame,
        np.array(kept, dtype=np.int64),
        True,
        lambda rows: [parsed[r] for r in rows],
        rejects,
        lambda rows: [raw_text(kept_texts[r]) for r in rows],
    )


def _is_utf8(data: bytes) -> bool:
    """Whether the bytes are UTF-8 (pyarrow's reader would pass other bytes on unchecked)."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _arrow_values(body: bytes, count: int) -> pd.DataFrame | None:
    """The file of `count` lines, each one object alone (`Lines.objects`), through pyarrow's
    JSON reader, or None when it needs the line-by-line parser.

    The reader must give one row per line: with every line one object, row i is then line i
    (an object cannot span lines). What pyarrow reads leniently is left to the strict parser:
    `NaN` and `Infinity` (which pyarrow takes for numbers), escaped lone surrogates, lines
    nested too deep (on which it would crash: `object_lines` has looked), and numbers beyond
    `EXACT_INTEGER` (pyarrow makes a float of a large integer).
    """
    if contains_any(body, _LENIENT):
        return None
    as_text = dict.fromkeys(TIME_FIELDS, pa.string())
    for _attempt in range(2):
        options = pa_json.ParseOptions(
            explicit_schema=pa.schema(list(as_text.items())), unexpected_field_behavior="infer"
        )
        try:
            table = pa_json.read_json(io.BytesIO(body), parse_options=options)
        except (pa.ArrowException, UnicodeDecodeError):
            return None
        inferred_times = [
            column.name
            for column in table.schema
            if pa.types.is_timestamp(column.type) or pa.types.is_date(column.type)
        ]
        if not inferred_times:
            if table.num_rows != count or len(set(table.column_names)) != table.num_columns:
                return None
            if not all(_plainly_read(column) for column in table.columns):
                return None
            values: pd.DataFrame = table.to_pandas(types_mapper=_text_columns)
            return values
        as_text.update(dict.fromkeys(inferred_times, pa.string()))
    return None


def _plainly_read(column: pa.ChunkedArray) -> bool:
    """Whether pyarrow read a column as the strict parser would: numbers within
    `EXACT_INTEGER` either side of zero, and nothing nested but lists of text (flags)."""
    kind = column.type
    if pa.types.is_integer(kind) or pa.types.is_floating(kind):
        if column.null_count == len(column):
            return True
        extremes = pa_compute.min_max(column).as_py()
        return bool(extremes["min"] >= -EXACT_INTEGER and extremes["max"] <= EXACT_INTEGER)
    if pa.types.is_list(kind):
        return bool(pa.types.is_string(kind.value_type) or pa.types.is_null(kind.value_type))
    return not pa.types.is_nested(kind)


def read_csv(data: bytes, display: str) -> RawTable:
    """Read CSV with a header row; every cell is text and an empty cell is a missing value.

    Blank rows are skipped, short rows are padded with empty cells, and a row longer than the
    header is a reject. Malformed quoting, a header with empty or repeated names, or bytes that
    are not UTF-8 make the file unreadable (`FeedError`). A file without quotes or blank lines
    is parsed by pyarrow; any other by the `csv` module, which tracks each row's first line.
    """
    digest = hashlib.sha256(data).hexdigest()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        message = f"not UTF-8 text ({error.reason})"
        raise FeedError(message, Location(display, line)) from error
    header_line, _, body = text.partition("\n")
    if not header_line.strip():
        if body.strip():
            raise FeedError("CSV header: the first line is blank", Location(display, 1))
        empty = np.zeros(0, np.int64)
        return RawTable(display, digest, pd.DataFrame(), empty, False, lambda rows: [])
    rejects: list[Reject] = []
    row_text = _RowText(text)
    table = _arrow_csv(text, body) if '"' not in text and "\x00" not in text else None
    if table is not None:
        _check_header(table.column_names, display)
        table, lines = _drop_blank_rows(table)
        ends = lines
    else:
        header, rows, lines, ends, rejects = _csv_module_rows(text, display, row_text)
        columns = list(zip(*rows, strict=True)) if rows else [()] * len(header)
        table = pa.Table.from_arrays([pa.array(c, type=pa.string()) for c in columns], header)
    values = table.to_pandas(types_mapper=_text_columns)

    def records(rows: Sequence[int]) -> list[dict[str, Any]]:
        return list(table.take(pa.array(rows, type=pa.int64())).to_pylist())

    def raws(rows: Sequence[int]) -> list[str | bytes | None]:
        return [row_text(int(lines[row]), int(ends[row])) for row in rows]

    return RawTable(display, digest, values, lines, False, records, rejects, raws)


class _RowText:
    """The text of a CSV row from its first to its last line, as the `csv` module counts lines
    (a line break is LF, CRLF or CR), without the line break that ends it."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lines: list[str] | None = None

    def __call__(self, first: int, last: int) -> str:
        if self.lines is None:  # split only once a row needs its text: rejects are few
            self.lines = io.StringIO(self.text, newline="").readlines()
        row = "".join(self.lines[first - 1 : last])
        if row.endswith("\r\n"):
            return row[:-2]
        return row[:-1] if row.endswith(("\n", "\r")) else row


def _arrow_csv(text: str, body: str) -> pa.Table | None:
    """A quote-free CSV through pyarrow, or None when it has blank lines or uneven rows."""
    content = body.rstrip("\r\n")
    if "\r" in content.replace("\r\n", "") or "\n\n" in content or "\n\r\n" in content:
        return None
    header = text.partition("\n")[0].rstrip("\r").split(",")
    try:
        table = pa_csv.read_csv(
            io.BytesIO(text.encode("utf-8")),
            convert_options=pa_csv.ConvertOptions(
                column_types=dict.fromkeys(header, pa.string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except pa.ArrowException:
        return None
    expected = content.count("\n") + 1 if content else 0
    if table.num_rows != expected or table.column_names != header:
        return None
    return table


def _drop_blank_rows(table: pa.Table) -> tuple[pa.Table, npt.NDArray[np.int64]]:
    """Skip rows whose cells are all blank, as the csv module path does; lines from 2."""
    lines = np.arange(2, table.num_rows + 2, dtype=np.int64)
    blank = np.ones(table.num_rows, dtype=bool)
    for column in table.columns:
        trimmed = pa_compute.utf8_trim_whitespace(column)
        blank &= pa_compute.equal(trimmed, "").to_numpy(zero_copy_only=False)
    if not blank.any():
        return table, lines
    return table.filter(pa.array(~blank)), lines[~blank]


def _csv_module_rows(
    text: str, display: str, row_text: _RowText
) -> tuple[list[str], list[list[str]], npt.NDArray[np.int64], npt.NDArray[np.int64], list[Reject]]:
    """Header, rows (padded to the header's width), each row's first and last line, and
    long-row rejects."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[list[str]] = []
    ends: list[int] = []
    try:
        header = next(reader)
        _check_header(header, display)
        header_end = reader.line_num
        for row in reader:
            rows.append(row)
            ends.append(reader.line_num)
    except csv.Error as error:
        raise FeedError(f"malformed CSV: {error}", Location(display, reader.line_num)) from error
    starts = (
        np.array([header_end, *ends[:-1]], dtype=np.int64) + 1 if rows else np.zeros(0, np.int64)
    )
    width = len(header)
    kept: list[list[str]] = []
    kept_lines: list[int] = []
    kept_ends: list[int] = []
    rejects: list[Reject] = []
    for row, start, end in zip(rows, starts.tolist(), ends, strict=True):
        if len(row) == width and row[0].strip():
            kept.append(row)
        elif not any(cell.strip() for cell in row):
            continue
        elif len(row) > width:
            record: dict[str, Any] = dict(zip(header, row, strict=False))
            record["_extra"] = row[width:]
            reason = f"row has {len(row)} fields but the header has {width}"
            rejects.append(Reject(display, start, None, reason, record, row_text(start, end)))
            continue
        else:
            kept.append(row + [""] * (width - len(row)))
        kept_lines.append(start)
        kept_ends.append(end)
    lines, last_lines = np.array(kept_lines, np.int64), np.array(kept_ends, np.int64)
    return header, kept, lines, last_lines, rejects


def _check_header(header: list[str], display: str) -> None:
    seen: set[str] = set()
    for position, name in enumerate(header, start=1):
        if not name.strip():
            raise FeedError(f"CSV header: column {position} has no name", Location(display, 1))
        if name in seen:
            raise FeedError(f"CSV header: column {name!r} appears twice", Location(display, 1))
        seen.add(name)


def read_parquet(data: bytes, display: str) -> RawTable:
    """Read Parquet: one record per row, line = row number + 1.

    Dictionary columns are decoded, decimals become floats, dates become midnight UTC and binary
    columns UTF-8 text; timestamps keep their type (one without a time zone is then rejected
    for its missing offset).
    """
    import pyarrow.parquet as pq  # with pyarrow.fs and ssl: loaded for a Parquet input only

    digest = hashlib.sha256(data).hexdigest()
    try:
        # Read as a file, not a dataset: a column comes in one chunk per row group rather
        # than one per batch of rows, so that `one_chunk` seldom has to copy its texts.
        table = pq.ParquetFile(pa.BufferReader(data)).read()
    except (pa.ArrowException, OSError, ValueError) as error:
        raise FeedError(f"not a readable Parquet file: {error}", Location(display)) from error
    return parquet_rows(table, display, digest)


def parquet_rows(table: pa.Table, display: str, digest: str, first_line: int = 1) -> RawTable:
    """Rows read from a Parquet file (all, or some row groups whose first row is at
    `first_line`) as `read_parquet` makes them a raw table."""
    try:
        table = _plain_types(table)
    except (pa.ArrowException, ValueError) as error:
        raise FeedError(f"not a readable Parquet file: {error}", Location(display)) from error
    if len(set(table.column_names)) != table.num_columns:
        raise FeedError("Parquet file has repeated column names", Location(display))
    values = table.to_pandas(types_mapper=_text_columns)
    lines = np.arange(first_line, first_line + table.num_rows, dtype=np.int64)

    def records(rows: Sequence[int]) -> list[dict[str, Any]]:
        picked = table.take(pa.array(rows, type=pa.int64())).to_pylist()
        return [{name: _json_ready(value) for name, value in row.items()} for row in picked]

    return RawTable(display, digest, values, lines, True, records)


def _plain_types(table: pa.Table) -> pa.Table:
    """Cast the column types the rules do not know to ones they do."""
    for position, column_field in enumerate(table.schema):
        kind = column_field.type
        if pa.types.is_dictionary(kind):
            kind = kind.value_type
        if pa.types.is_decimal(kind):
            kind = pa.float64()
        elif pa.types.is_date(kind):
            kind = pa.timestamp("s", tz="UTC")
        elif pa.types.is_binary(kind) or pa.types.is_large_binary(kind):
            kind = pa.string()
        if kind != column_field.type:
            column = table.column(position).cast(kind)
            table = table.set_column(position, column_field.with_type(kind), column)
    return table


def _json_ready(value: Any) -> Any:
    """A Parquet cell as plain JSON-ready Python."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if isinstance(value, list):
        return [_json_ready(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _json_ready(item) for key, item in value.items()}
    return plain(value)
