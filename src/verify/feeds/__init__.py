"""Reading observations: JSON Lines, CSV, Parquet and standard input, validated into one frame.

`read_feeds` reads a run's inputs into a pandas frame (columns described in `read.py`) and the
records it rejected; `validate_record` applies the same rules to one record for the streaming
engine; `canonical_observation` and `record_sha256` give the form that evidence hashes
(`canonical_record` for a frame's row, `record_digests` for many rows at once).

What works on frames is imported when first asked for: the stream engine (`verify watch`, the
`Watcher` API) validates and hashes one record at a time and never loads pandas or pyarrow.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from verify.feeds.canonical import canonical_observation, record_sha256
from verify.feeds.record import SeenIds, validate_record
from verify.feeds.rejects import Reject, write_rejects
from verify.feeds.schema import FeedSchema

if TYPE_CHECKING:
    from verify.feeds.canonical_frame import (
        canonical_record,
        frame_to_observations,
        record_digests,
    )
    from verify.feeds.dtypes import TEXT_DTYPE, TIME_DTYPE
    from verify.feeds.read import FeedResult, read_feeds

#: The names that need pandas, by the module that defines them.
_ON_FRAMES = {
    "TEXT_DTYPE": "verify.feeds.dtypes",
    "TIME_DTYPE": "verify.feeds.dtypes",
    "FeedResult": "verify.feeds.read",
    "read_feeds": "verify.feeds.read",
    "canonical_record": "verify.feeds.canonical_frame",
    "frame_to_observations": "verify.feeds.canonical_frame",
    "record_digests": "verify.feeds.canonical_frame",
}

__all__ = [
    "TEXT_DTYPE",
    "TIME_DTYPE",
    "FeedResult",
    "FeedSchema",
    "Reject",
    "SeenIds",
    "canonical_observation",
    "canonical_record",
    "frame_to_observations",
    "read_feeds",
    "record_digests",
    "record_sha256",
    "validate_record",
    "write_rejects",
]


def __getattr__(name: str) -> object:
    """The names that work on frames (`_ON_FRAMES`), imported on first use."""
    module = _ON_FRAMES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
