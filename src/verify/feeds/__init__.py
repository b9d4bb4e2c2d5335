"""Reading observations: JSON Lines, CSV, Parquet and standard input, validated into one frame.

`read_feeds` reads a run's inputs into a pandas frame (columns described in `read.py`) and the
records it rejected; `validate_record` applies the same rules to one record for the streaming
engine; `canonical_record` and `record_sha256` give the form that evidence hashes (`record_digests`
for many rows at once).
"""

from __future__ import annotations

from verify.feeds.canonical import (
    canonical_observation,
    canonical_record,
    frame_to_observations,
    record_digests,
    record_sha256,
)
from verify.feeds.read import FeedResult, read_feeds
from verify.feeds.record import SeenIds, validate_record
from verify.feeds.rejects import Reject, write_rejects
from verify.feeds.schema import TEXT_DTYPE, TIME_DTYPE, FeedSchema

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
