"""Workers read their own share of an input, and the run is still the local run, byte for byte.

The splitting itself is checked without a cluster (the workers' functions called here): cuts
fall at line starts, a cut inside a quoted CSV field is dropped, Parquet shares are runs of
whole row groups, and the shares of a file read back its rows with the file's line numbers.
Then, on the session's cluster with every input split into shares: the findings, summary and
rejects file are the local ones.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path
from typing import Any
from unittest import mock

import numpy as np
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.distributed.conftest import generate
from tests.profiles import budget
from verify.cli import cli
from verify.engines.distributed import splits
from verify.feeds.read import READERS, FeedInput
from verify.feeds.readers import RawTable, read_csv, read_jsonl, read_parquet

PACKS = [item for pack in generate.PACKS for item in ("--treaty", pack)]


def located(path: Path) -> FeedInput:
    """A file as the engine's client hands it to the workers."""
    return FeedInput(path.name, path.resolve(), READERS[path.suffix])


def planned(path: Path, count: int) -> list[splits.Share]:
    """A text file's shares as the client plans them (the workers' scans run here)."""
    found = located(path)
    cuts, header = splits.text_cuts(found, count, 1)
    csv_file = found.reader is read_csv
    counts = [splits.scan(path, a, b, csv_file) for a, b in pairwise(cuts)]
    return splits.text_shares(0, found, cuts, header, counts)


def rows_of(table: RawTable) -> list[tuple[int, Any, Any]]:
    """Each row of a raw table: its line, record as read, and text in the input."""
    positions = list(range(len(table.lines)))
    return list(
        zip(table.lines.tolist(), table.records(positions), table.raws(positions), strict=True)
    )


@pytest.fixture
def small_shares() -> Iterator[None]:
    """Every input split into as many shares as there are partitions."""
    with mock.patch.object(splits, "SHARE_BYTES", 1):
        yield


def test_a_cut_through_a_multibyte_character_moves_to_the_next_line_start(
    tmp_path: Path,
) -> None:
    """Where an even cut falls inside a character of four bytes, the share starts after
    that line: every share starts at a line start."""
    globe = "\U0001f30d"  # four bytes in UTF-8
    lines = [json.dumps({"id": f"r{n}", "note": globe * 40}, ensure_ascii=False) for n in range(9)]
    data = ("\n".join(lines) + "\n").encode("utf-8")
    path = tmp_path / "feed.jsonl"
    path.write_bytes(data)
    assert data[len(data) // 2] & 0xC0 == 0x80  # the even cut is inside a character
    cuts, _ = splits.text_cuts(located(path), 2, 1)
    assert len(cuts) == 3
    assert data[cuts[1] - 1 : cuts[1]] == b"\n"


def test_a_cut_inside_a_quoted_csv_field_is_dropped(tmp_path: Path) -> None:
    """A CSV field whose quotes span the cut keeps its rows together in one share."""
    path = tmp_path / "feed.csv"
    text = "id,kind,party,time,source\n" + "".join(
        f'r{n},holding,RUS,2024-01-01,"line one\nline two\nline three {n}"\n' for n in range(3)
    )
    path.write_text(text)
    cuts, _ = splits.text_cuts(located(path), 6, 1)
    shares = planned(path, 6)
    assert len(cuts) - 1 > len(shares) > 1
    whole = read_csv(path.read_bytes(), path.name)
    parts = [row for share in shares for row in rows_of(splits.read_share(share))]
    assert parts == rows_of(whole)


def test_parquet_shares_are_runs_of_whole_row_groups(tmp_path: Path) -> None:
    """Seven row groups in three shares: each group once, in order, each share's first line
    the row number of its first row plus one."""
    path = tmp_path / "feed.parquet"
    generate.write(700, "parquet", 3, path)
    pq.write_table(pq.read_table(path), path, row_group_size=100)
    shares = splits.parquet_shares(0, located(path), 3, 1)
    assert [g for share in shares for g in share.groups or ()] == list(range(7))
    assert len(shares) == 3
    assert [share.first_line for share in shares] == [
        1 + 100 * (share.groups or (0,))[0] for share in shares
    ]
    whole = read_parquet(path.read_bytes(), path.name)
    parts = [splits.read_share(share) for share in shares]
    assert np.concatenate([p.lines for p in parts]).tolist() == whole.lines.tolist()
    ids = [i for p in parts for i in p.values["id"].tolist()]
    assert ids == whole.values["id"].tolist()


TEXTS = st.text(alphabet=st.sampled_from('ab ,"\n\r{}é\U0001f30d'), max_size=12)


@st.composite
def records(draw: st.DrawFn) -> list[dict[str, Any]]:
    """Small records with text that is multi-byte, quoted, or broken over lines."""
    return [
        {"id": f"r{number}", "kind": "holding", "party": "RUS", "note": draw(TEXTS)}
        for number in range(draw(st.integers(1, 12)))
    ]


def as_file(rows: list[dict[str, Any]], form: str, blank: int, broken: int) -> bytes:
    """The records as JSON Lines (a line that is no JSON at `broken`) or CSV, a blank line
    after record `blank`."""
    if form == "csv":
        out = io.StringIO(newline="")
        writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        for number, row in enumerate(rows):
            writer.writerow(row)
            if number == blank:
                out.write("\n")
        return out.getvalue().encode("utf-8")
    lines = [json.dumps(row, ensure_ascii=False) for row in rows]
    lines.insert(min(broken, len(lines)), "not json é")
    lines.insert(min(blank, len(lines)), "")
    return ("\n".join(lines) + "\n").encode("utf-8")


@settings(max_examples=budget(40), deadline=None)
@given(
    records(), st.sampled_from(["jsonl", "csv"]), st.integers(2, 6), st.integers(0, 12), st.data()
)
def test_the_shares_of_a_file_read_back_its_rows_with_its_line_numbers(
    tmp_path_factory: pytest.TempPathFactory,
    rows: list[dict[str, Any]],
    form: str,
    count: int,
    blank: int,
    data: st.DataObject,
) -> None:
    """Read share by share, a file gives the rows, lines, row texts and rejects the whole
    file gives, at any number of shares."""
    path = tmp_path_factory.mktemp("shares") / f"feed.{form}"
    path.write_bytes(as_file(rows, form, blank, data.draw(st.integers(0, 12))))
    whole = (read_csv if form == "csv" else read_jsonl)(path.read_bytes(), path.name)
    parts = [splits.read_share(share) for share in planned(path, count)]
    assert [row for part in parts for row in rows_of(part)] == rows_of(whole)
    assert [reject for part in parts for reject in part.rejects] == whole.rejects


def run_check(*args: str) -> tuple[int, bytes, str]:
    """`verify check` in this process: exit code, standard output, standard error."""
    done = CliRunner().invoke(cli, ["check", *PACKS, "--quiet", *args], catch_exceptions=False)
    return done.exit_code, done.stdout_bytes, done.stderr


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory, generated: Path) -> Path:
    """A folder of inputs that each split: JSON Lines ending with a record whose id the
    first share has, one with a time without offset and one with multi-byte text; CSV; and
    Parquet of eight row groups."""
    where = tmp_path_factory.mktemp("split")
    first = json.loads(generated.read_text().splitlines()[0])
    extra = [
        {**first, "source": "a later copy"},
        {**first, "id": "late-bad-time", "time": "2027-06-01T00:00:00"},
        {**first, "id": "late-multibyte", "source": "Ступени \U0001f30d é"},
    ]
    lines = "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in extra)
    (where / "a.jsonl").write_bytes(generated.read_bytes() + lines.encode("utf-8"))
    generate.write(1_500, "csv", 5, where / "b.csv")
    generate.write(800, "parquet", 14, where / "c.parquet")
    pq.write_table(pq.read_table(where / "c.parquet"), where / "c.parquet", row_group_size=100)
    for expected in where.glob("*.expected.json"):
        expected.unlink()
    return where


def test_inputs_read_in_shares_give_the_local_bytes_and_rejects(
    scheduler: str, folder: Path, tmp_path: Path, small_shares: None
) -> None:
    """Every file read in three shares: the same findings, summary and rejects file as
    local, the rejects at their file and line (a duplicate of the first share's id among
    them)."""
    assert all(len(planned(folder / name, 3)) == 3 for name in ("a.jsonl", "b.csv"))
    local_rejects, dask_rejects = tmp_path / "local.jsonl", tmp_path / "dask.jsonl"
    expected = run_check(str(folder), "--format", "json", "--rejects", str(local_rejects))
    found = run_check(
        *(str(folder), "--format", "json", "--rejects", str(dask_rejects)),
        *("--engine", "dask", "--scheduler", scheduler, "--partitions", "3"),
    )
    assert found == expected
    assert dask_rejects.read_bytes() == local_rejects.read_bytes()
    rejects = [json.loads(line) for line in dask_rejects.read_text().splitlines()]
    last = (folder / "a.jsonl").read_text().count("\n")
    mine = [(r["file"].rsplit("/", 1)[-1], r["line"], r["field"]) for r in rejects]
    assert ("a.jsonl", last - 2, "id") in mine
    assert ("a.jsonl", last - 1, "time") in mine


def test_a_cut_inside_a_field_a_stray_quote_hid_reads_the_file_whole(
    scheduler: str, tmp_path: Path, small_shares: None
) -> None:
    """A quote inside an unquoted cell throws the quote count off, so a cut lands inside a
    quoted field; the share before it cannot be read, and the file is read whole, as local."""
    rows = [
        "id,kind,party,time,source",
        'h1,holding,RUS,2024-01-01T00:00:00Z,12" gun',
        *(f"h{n},holding,RUS,2024-01-0{n}T00:00:00Z,plain" for n in range(2, 5)),
        'h5,holding,RUS,2024-01-05T00:00:00Z,"' + "spans\n" * 30 + 'lines"',
        "h6,holding,RUS,2024-01-06T00:00:00Z,plain",
    ]
    path = tmp_path / "feed.csv"
    path.write_text("\n".join(rows) + "\n")
    with pytest.raises(Exception, match="malformed CSV"):
        for share in planned(path, 2):
            splits.read_share(share)
    dask = ("--engine", "dask", "--scheduler", scheduler, "--partitions", "2")
    expected = run_check(str(path), "--format", "json")
    assert run_check(str(path), "--format", "json", *dask) == expected


def test_a_malformed_csv_row_in_a_later_share_is_the_local_error(
    scheduler: str, tmp_path: Path, small_shares: None
) -> None:
    """A row that breaks CSV's quoting near the end: exit 2 with the local message."""
    rows = ["id,kind,party,time"]
    rows += [f"h{n},holding,RUS,2024-01-01T00:00:00Z" for n in range(40)]
    rows.append('h99,holding,"RUS"x,2024-01-01T00:00:00Z')
    path = tmp_path / "feed.csv"
    path.write_text("\n".join(rows) + "\n")
    expected = run_check(str(path))
    assert expected[0] == 2
    dask = ("--engine", "dask", "--scheduler", scheduler, "--partitions", "3")
    assert run_check(str(path), *dask) == expected
