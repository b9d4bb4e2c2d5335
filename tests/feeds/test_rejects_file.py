"""The rejects file: strict JSON on every line, and each record's text exactly as it was read."""

from __future__ import annotations

import base64
import json
import math
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from verify.engines.stream.parallel import check_line
from verify.feeds import Reject, read_feeds, write_rejects
from verify.feeds.rejects import reject_line

from .records import SCHEMA, good, jsonl


def _refuse(literal: str) -> Any:
    raise ValueError(f"not JSON: {literal}")


def strict_lines(path: Path) -> list[dict[str, Any]]:
    """The rejects file's lines, read by a parser that refuses NaN and the infinities."""
    text = path.read_bytes().decode("utf-8")
    return [json.loads(line, parse_constant=_refuse) for line in text.splitlines()]


def rejects_of(folder: Path, name: str, data: bytes) -> list[dict[str, Any]]:
    """Read a file and write its rejects; the rejects file as read back strictly."""
    (folder / name).write_bytes(data)
    write_rejects(read_feeds([folder / name], SCHEMA).rejects, folder / "rejects.jsonl")
    return strict_lines(folder / "rejects.jsonl")


def test_a_json_lines_reject_keeps_its_line_exactly(tmp_path: Path) -> None:
    """`raw` is the line as written: spacing, key order and number spelling kept."""
    lines = [
        '{ "kind":"bogus", "id":"a",  "party":"RUS", "time":"2026-09-11", "troops": 1.50e3 }',
        '{"id": "b", "kind": "exercise", "party": "RUS", "time": "2026-09-11", "lat": NaN}',
        '{"id": "c", "party": "A", "party": "B"}',
        "not json at all",
        json.dumps(good(id="d")),
        json.dumps(good(id="d", party="USA")),
    ]
    written = rejects_of(tmp_path, "feed.jsonl", "\n".join(lines).encode() + b"\n")
    assert [(entry["line"], entry["raw"]) for entry in written] == [
        (1, lines[0]),
        (2, lines[1]),
        (3, lines[2]),
        (4, lines[3]),
        (6, lines[5]),
    ]
    assert written[0]["record"]["troops"] == 1500


def test_raw_leaves_out_the_line_break_of_a_crlf_line(tmp_path: Path) -> None:
    """A line ended by CRLF is kept without its line break, as one ended by LF."""
    written = rejects_of(tmp_path, "feed.jsonl", b'{"id": "x"}\r\n{"id": "y"}\r\n')
    assert [entry["raw"] for entry in written] == ['{"id": "x"}', '{"id": "y"}']


def test_a_line_that_is_not_utf8_is_kept_in_base64(tmp_path: Path) -> None:
    """Bytes that are no UTF-8 cannot be JSON text: `raw` is null and `raw_base64` has them."""
    line = b'{"id": "caf\xe9", "kind": "exercise"}'
    written = rejects_of(tmp_path, "feed.jsonl", line + b"\n")
    assert written[0]["raw"] is None
    assert base64.b64decode(written[0]["raw_base64"]) == line


@pytest.mark.parametrize("quoted", [False, True])
def test_a_csv_reject_keeps_its_row_exactly(tmp_path: Path, quoted: bool) -> None:
    """`raw` is the row's text, over several lines where a quoted cell spans them."""
    source = '"two\nlines"' if quoted else "x"
    rows = [
        "id,kind,party,time,source,troops",
        f"a,bogus,RUS,2026-09-11,{source},5",
        "b,exercise,RUS,2026-09-11,x,many",
        "c,exercise,RUS,2026-09-11,x,5,extra",
    ]
    written = rejects_of(tmp_path, "feed.csv", "\r\n".join(rows).encode() + b"\r\n")
    assert [entry["raw"] for entry in written] == rows[1:]
    assert written[0]["record"]["source"] == ("two\nlines" if quoted else "x")


def test_a_parquet_reject_has_no_raw_text_and_strict_numbers(tmp_path: Path) -> None:
    """Parquet rows have no text; their NaN and infinities are written as text, not as
    the `NaN` and `Infinity` no JSON reader takes."""
    rows = [good(id="p1", kind="bogus", troops=math.inf, lat=math.nan, lon=-math.inf)]
    pq.write_table(pa.Table.from_pylist(rows), tmp_path / "feed.parquet")
    write_rejects(read_feeds([tmp_path / "feed.parquet"], SCHEMA).rejects, tmp_path / "r.jsonl")
    (entry,) = strict_lines(tmp_path / "r.jsonl")
    assert entry["raw"] is None
    assert (entry["record"]["troops"], entry["record"]["lon"]) == ("Infinity", "-Infinity")
    assert entry["record"]["lat"] in ("NaN", None)


def test_reject_line_writes_strict_json_whatever_the_record_holds() -> None:
    """A record given through the Python API may hold any float: the line is strict JSON."""
    reject = Reject("-", 1, "troops", "r", {"troops": math.nan, "n": [math.inf, 1.5]})
    entry = json.loads(reject_line(reject), parse_constant=_refuse)
    assert entry["record"] == {"troops": "NaN", "n": ["Infinity", 1.5]}


def test_watch_and_check_give_a_line_the_same_reject(tmp_path: Path) -> None:
    """The line's reject in watch (`check_line`) is check's, raw text included."""
    lines = [
        json.dumps(good(kind="bogus")),
        '{"id": "x", "kind": "exercise", "party": "RUS", "time": "2026-09-11", "troops": NaN}',
    ]
    data = "\n".join(lines).encode() + b"\n"
    (tmp_path / "feed.jsonl").write_bytes(data)
    display = str(tmp_path / "feed.jsonl")
    checked = read_feeds([tmp_path / "feed.jsonl"], SCHEMA).rejects
    watched = [check_line(line.encode(), display, n, SCHEMA) for n, line in enumerate(lines, 1)]
    assert list(checked) == watched
    assert [reject.raw for reject in checked] == lines


def test_records_around_the_rejects_are_unaffected(tmp_path: Path) -> None:
    """A rejects file is written with the good records still read."""
    data = jsonl([good(id="a"), '{"id": "b", "lat": Infinity}', good(id="c")])
    (tmp_path / "feed.jsonl").write_bytes(data)
    assert list(read_feeds([tmp_path / "feed.jsonl"], SCHEMA).frame["id"]) == ["a", "c"]
