"""The pandas types of the validated frame's columns (`read.py` describes the frame)."""

from __future__ import annotations

import pandas as pd
import pyarrow as pa

#: Text columns of the validated frame use pyarrow-backed strings with `pd.NA` for missing.
TEXT_DTYPE = pd.StringDtype("pyarrow")
#: Time columns of the validated frame: UTC, microseconds (what Python's `datetime` holds).
TIME_DTYPE = pd.DatetimeTZDtype(unit="us", tz="UTC")


def one_chunk(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with each text column held in one Arrow chunk.

    A file read in blocks (JSON Lines, CSV, Parquet row groups) gives text columns of many
    chunks, and Arrow's take over a chunked column joins its chunks every time: 150 us to
    fetch ten values of a three-chunk column against 11 us from one chunk. The evaluators
    and the citations take rows of these columns many times, so they are joined once here.
    """
    joined = {}
    for name in frame.columns:
        values = frame[name].array
        if isinstance(values, pd.arrays.ArrowStringArray):
            chunked = pa.array(values)
            if isinstance(chunked, pa.ChunkedArray) and chunked.num_chunks > 1:
                joined[name] = pd.Series(
                    pd.arrays.ArrowStringArray(chunked.combine_chunks()), index=frame.index
                )
    return frame.assign(**joined) if joined else frame
