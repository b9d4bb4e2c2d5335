"""Which partition owns a party: the one hash both scale-outs share (the batch engine on Dask,
`engines/distributed/routing.py`; the stream engine's shares, `engines/stream/share.py`)."""

from __future__ import annotations

import zlib


def partition_of(party: str, partitions: int) -> int:
    """The partition that owns a party: CRC-32 of its code (UTF-8) modulo the partitions."""
    return zlib.crc32(party.encode("utf-8")) % partitions
