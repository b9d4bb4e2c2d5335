"""Records a caller already holds, read as a file would be: a pandas DataFrame, or an iterable of
record dicts (as `json.loads` gives them, or with `datetime` values).

They go through the same readers and validation as files: a DataFrame as the Parquet table it
converts to, records as the JSON Lines they serialise to. A reject is located in them by
position, from 0: `<dataframe>` line N is `frame.iloc[N]`, `<records>` line N the iterable's
N-th record (0-based, as Python counts).
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import date, datetime
from typing import Any

import pandas as pd
import pyarrow as pa

from verify.errors import FeedError, Location
from verify.feeds.readers import RawTable, read_jsonl, read_parquet

DATAFRAME = "<dataframe>"
RECORDS = "<records>"


def frame_table(frame: pd.DataFrame) -> RawTable:
    """A DataFrame as an input: one record per row (its index ignored)."""
    import pyarrow.parquet as pq  # as in `read_parquet`: loaded for a DataFrame input only

    try:
        table = pa.Table.from_pandas(frame, preserve_index=False)
    except (pa.ArrowException, TypeError, ValueError) as error:
        raise FeedError(f"cannot read the DataFrame: {error}", Location(DATAFRAME)) from error
    sink = io.BytesIO()
    pq.write_table(table, sink)
    raw = read_parquet(sink.getvalue(), DATAFRAME)
    raw.lines = raw.lines - 1
    return raw


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not a JSON value")


def records_table(records: Iterable[Mapping[str, Any]]) -> RawTable:
    """Record dicts as an input, one per line of the JSON Lines they serialise to."""
    lines: list[str] = []
    for number, record in enumerate(records):
        try:
            lines.append(json.dumps(dict(record), default=_json_value, allow_nan=True))
        except (TypeError, ValueError) as error:
            raise FeedError(f"record {number} is not JSON: {error}", Location(RECORDS)) from error
    raw = read_jsonl("".join(line + "\n" for line in lines).encode("utf-8"), RECORDS)
    raw.lines = raw.lines - 1
    raw.rejects = [replace(reject, line=reject.line - 1) for reject in raw.rejects]
    return raw
