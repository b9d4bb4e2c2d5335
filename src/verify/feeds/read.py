"""A run's observation inputs (files, folders, standard input) to one validated frame.

The frame holds, in this order: the contract's fields (`FRAME_FIELDS`: text in pyarrow-backed
`string` columns with `pd.NA` for missing, times as `datetime64[us, UTC]` with NaT, lat and lon
as float64 with NaN, releasability defaulting to "national", flags "" when none), then `_file`
(the input's display path), `_line` and `_seq` (read order over the accepted records, from 0),
then the quantities by name (float64), then the text attributes by name (text); a quantity or
attribute has a column only when some accepted record has a value for it. Its index is a
RangeIndex.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np
import numpy.typing as npt
import pandas as pd

from verify.errors import FeedError, Location, display_path
from verify.feeds.dtypes import TEXT_DTYPE, TIME_DTYPE, one_chunk
from verify.feeds.folders import Skipped, observation_files
from verify.feeds.readers import RawTable, read_csv, read_jsonl, read_parquet
from verify.feeds.rejects import Reject, duplicate_id
from verify.feeds.schema import FRAME_FIELDS, PROVENANCE_COLUMNS, FeedSchema
from verify.feeds.validate import CheckedTable, quantity_fields, validate_table
from verify.model.observation import POSITION_FIELDS, TIME_FIELDS
from verify.model.run import InputFile

Reader = Callable[[bytes, str], RawTable]

#: The reader for each file name ending (compared in lower case).
READERS: dict[str, Reader] = {
    ".jsonl": read_jsonl,
    ".ndjson": read_jsonl,
    ".json": read_jsonl,
    ".csv": read_csv,
    ".parquet": read_parquet,
    ".pq": read_parquet,
}
STDIN = "-"
_WORK_COLUMNS = ("_input", "_row")


@dataclass(frozen=True)
class FeedResult:
    """The validated records, the rejected ones in read order, what each input gave, and the
    paths below input folders that were not read."""

    frame: pd.DataFrame
    rejects: tuple[Reject, ...]
    inputs: tuple[InputFile, ...]
    skipped: tuple[Skipped, ...] = ()
    #: Fields no rule reads (contract section 3: kept, ignored), with how many records have each.
    unknown_fields: tuple[tuple[str, int], ...] = ()
    #: Party codes no loaded pack declares, with how many records each party gave.
    unknown_parties: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True)
class FeedInput:
    """One input of a run: its display path, its path (None for standard input), its reader."""

    display: str
    path: Path | None  # None for standard input
    reader: Reader


def read_feeds(
    sources: Sequence[str | Path], schema: FeedSchema, stdin: BinaryIO | None = None
) -> FeedResult:
    """Read and validate observation files, folders and `-` (standard input, JSON Lines).

    A folder contributes every `.jsonl`, `.ndjson`, `.json`, `.csv`, `.parquet` and `.pq` file
    below it, by relative path; every other path below it (hidden files and folders, other
    file types, links to nothing or to folders, FIFOs) is skipped and listed in the result's
    `skipped` (`feeds/folders.py`). A path that does not exist, an unknown file type, a folder
    without such files or a file that cannot be read at all raises `FeedError`; a record that
    breaks a rule becomes a `Reject`. Where records share an id, the first accepted (in the
    order of the inputs, then of lines) is kept.
    """
    skipped: list[Skipped] = []
    inputs = [found for source in sources for found in expand_source(source, skipped)]
    return read_tables([load_input(found, stdin) for found in inputs], schema, tuple(skipped))


def read_tables(
    tables: Sequence[RawTable], schema: FeedSchema, skipped: tuple[Skipped, ...] = ()
) -> FeedResult:
    """Validate inputs already read (`verify.feeds.readers`, or records a caller holds), as
    `read_feeds` does its files'."""
    quantities = quantity_fields(tables, schema)
    checked = [
        validate_table(table, schema, quantities, position) for position, table in enumerate(tables)
    ]
    result = _combine(checked)
    fields, parties = unknown_names(result.frame, schema)
    return FeedResult(result.frame, result.rejects, result.inputs, skipped, fields, parties)


def unknown_names(
    frame: pd.DataFrame, schema: FeedSchema
) -> tuple[tuple[tuple[str, int], ...], tuple[tuple[str, int], ...]]:
    """The fields of accepted records that no rule reads, and the party codes no loaded pack
    declares (none when no pack declares parties), each sorted with its record count."""
    fields = tuple(
        (name, int(frame[name].notna().sum()))
        for name in sorted(frame.columns)
        if not name.startswith("_") and name not in FRAME_FIELDS and schema.is_unknown(name)
    )
    if not schema.parties or frame.empty:
        return fields, ()
    outside = frame.loc[~frame["party"].isin(list(schema.parties)), "party"]
    counts = outside.astype(str).value_counts()
    parties = tuple((str(code), int(counts[code])) for code in sorted(counts.index))
    return fields, parties


def expand_source(source: str | Path, skipped: list[Skipped]) -> list[FeedInput]:
    """The inputs a source gives (a folder's files), noting in `skipped` what it leaves."""
    if str(source) == STDIN:
        return [FeedInput(STDIN, None, read_jsonl)]
    path = Path(source)
    if path.is_dir():
        files, left = observation_files(path, READERS)
        if not files:
            kinds = ", ".join(READERS)
            also = f"; {len(left)} path(s) skipped: " + ", ".join(
                f"{each.path} ({each.reason})" for each in left[:5]
            )
            raise FeedError(
                f"folder holds no observation files ({kinds}){also if left else ''}",
                Location(display_path(path)),
            )
        skipped.extend(left)
        return [
            FeedInput(display_path(found), found, READERS[found.suffix.lower()]) for found in files
        ]
    if not path.exists():
        raise FeedError("no such file or folder", Location(display_path(path)))
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        kinds = ", ".join(READERS)
        message = f"unknown observation file type {path.suffix!r} (expected {kinds})"
        raise FeedError(message, Location(display_path(path)))
    return [FeedInput(display_path(path), path, reader)]


def load_input(found: FeedInput, stdin: BinaryIO | None) -> RawTable:
    """One input's bytes (a file, or standard input), read into a raw table."""
    if found.path is None:
        data = (stdin if stdin is not None else sys.stdin.buffer).read()
    else:
        try:
            data = found.path.read_bytes()
        except OSError as error:
            raise FeedError(f"cannot read: {error.strerror}", Location(found.display)) from error
    return found.reader(data, found.display)


def _combine(checked: Sequence[CheckedTable]) -> FeedResult:
    """Join the inputs' accepted rows, reject later duplicates, and order the columns."""
    extras: dict[str, Any] = {}
    for part in checked:
        for name in part.accepted.columns:
            if name not in FRAME_FIELDS and not name.startswith("_"):
                extras.setdefault(name, part.accepted[name].dtype)
    base = base_columns()
    parts = [with_columns(part.accepted, {**base, **extras}) for part in checked]
    if len(parts) == 1:  # one input: nothing to join, and no copy of a million rows
        frame = parts[0].reset_index(drop=True)
    else:
        frame = pd.concat(parts, ignore_index=True) if parts else _empty({**base, **extras})
    frame = one_chunk(frame)  # before the id's duplicates are looked for: 3x faster in one
    found = [(position, reject) for position, part in enumerate(checked) for reject in part.rejects]
    found.extend(
        (position, reject) for position, part in enumerate(checked) for reject in part.table.rejects
    )
    duplicated = frame["id"].duplicated(keep="first").to_numpy(dtype=bool)
    if duplicated.any():
        found.extend(_duplicates(frame, duplicated, checked))
        frame = frame[~duplicated].reset_index(drop=True)
    frame["_seq"] = np.arange(len(frame), dtype=np.int64)
    kept_extras = sorted(name for name in extras if frame[name].notna().any())
    quantity_names = [name for name in kept_extras if extras[name] == "float64"]
    attribute_names = [name for name in kept_extras if extras[name] != "float64"]
    inputs = _input_files(checked, frame["_input"].to_numpy(), found)
    columns = [*FRAME_FIELDS, *PROVENANCE_COLUMNS, *quantity_names, *attribute_names]
    found.sort(key=lambda pair: (pair[0], pair[1].line))
    return FeedResult(frame[columns], tuple(reject for _, reject in found), inputs)


def _duplicates(
    frame: pd.DataFrame, duplicated: npt.NDArray[np.bool_], checked: Sequence[CheckedTable]
) -> list[tuple[int, Reject]]:
    """Rejects for the records whose id an earlier accepted record has."""
    firsts = frame.loc[~duplicated, ["id", "_file", "_line"]].drop_duplicates("id")
    first_at = {
        str(record_id): (str(file), int(line))
        for record_id, file, line in zip(
            firsts["id"], firsts["_file"], firsts["_line"], strict=True
        )
    }
    later = frame.loc[duplicated, ["id", "_input", "_row", "_line"]]
    inputs = later["_input"].to_numpy(dtype=np.int64)
    found: list[tuple[int, Reject]] = []
    for position in np.unique(inputs).tolist():
        group = later[inputs == position]
        table = checked[position].table
        rows = group["_row"].tolist()
        for record_id, line, record, raw in zip(
            group["id"], group["_line"], table.records(rows), table.raws(rows), strict=True
        ):
            reason = duplicate_id(str(record_id), *first_at[str(record_id)])
            found.append((position, Reject(table.display, int(line), "id", reason, record, raw)))
    return found


def _input_files(
    checked: Sequence[CheckedTable],
    accepted_inputs: npt.NDArray[np.int64],
    found: list[tuple[int, Reject]],
) -> tuple[InputFile, ...]:
    accepted = np.bincount(accepted_inputs.astype(np.int64), minlength=len(checked))
    rejected = np.bincount(
        np.array([position for position, _ in found], dtype=np.int64), minlength=len(checked)
    )
    return tuple(
        InputFile(
            path=part.table.display,
            sha256=part.table.sha256,
            records=int(accepted[position]),
            rejected=int(rejected[position]),
        )
        for position, part in enumerate(checked)
    )


def base_columns() -> dict[str, Any]:
    """The dtype of every column the frame always has, plus the two used while combining."""
    dtypes: dict[str, Any] = dict.fromkeys(FRAME_FIELDS, TEXT_DTYPE)
    dtypes.update(dict.fromkeys(TIME_FIELDS, TIME_DTYPE))
    dtypes.update(dict.fromkeys(POSITION_FIELDS, "float64"))
    dtypes.update({"_file": TEXT_DTYPE, "_line": "int64", "_seq": "int64"})
    dtypes.update(dict.fromkeys(_WORK_COLUMNS, "int64"))
    return dtypes


def _empty(dtypes: dict[str, Any]) -> pd.DataFrame:
    return pd.DataFrame({name: pd.Series(dtype=dtype) for name, dtype in dtypes.items()})


def with_columns(frame: pd.DataFrame, dtypes: dict[str, Any]) -> pd.DataFrame:
    """The frame with every column of `dtypes` it lacks added, empty (`_seq` comes later)."""
    missing = {
        name: pd.Series(pd.NA if dtype != "float64" else np.nan, index=frame.index, dtype=dtype)
        for name, dtype in dtypes.items()
        if name not in frame.columns and name != "_seq"
    }
    return (
        pd.concat([frame, pd.DataFrame(missing, index=frame.index)], axis=1) if missing else frame
    )
