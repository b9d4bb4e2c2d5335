"""What the workers do, one input (a share of the feed) or one partition at a time.

Each function runs in a Dask worker on data that stays there between steps (the raw table,
the checked table, the share's frame); only the small summaries the client needs to decide
what is global (quantities, duplicate ids, columns, `as_of`) travel back to it. The steps
repeat `feeds/read.py`'s, split where the local reader looks at every input at once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from verify.engines.batch import run_batch
from verify.engines.coverage import covered
from verify.engines.distributed.routing import Plan, feed_rows, routed
from verify.engines.partitions import partition_of
from verify.feeds.read import base_columns, unknown_names, with_columns
from verify.feeds.readers import RawTable
from verify.feeds.rejects import Reject, duplicate_id
from verify.feeds.schema import FRAME_FIELDS, FeedSchema
from verify.feeds.validate import CheckedTable, QuantityVotes, quantity_votes, validate_table
from verify.findings import batch_findings
from verify.model.finding import Finding
from verify.model.pack import Pack
from verify.predicates.pandas import mask


def votes(table: RawTable) -> QuantityVotes:
    """The share's votes on which fields are quantities."""
    return quantity_votes(table)


def validate_share(
    table: RawTable, schema: FeedSchema, quantities: frozenset[str], position: int
) -> CheckedTable:
    """The share after the feed rules, as `read_feeds` checks each input."""
    return validate_table(table, schema, quantities, position)


@dataclass(frozen=True)
class Accepted:
    """What the client needs of a checked share: how many records it accepted, the extra
    columns (with their dtypes) in order, its rejects, and the input's path and digest (of
    the whole input; empty for part of a file)."""

    count: int
    extras: tuple[tuple[str, Any], ...]
    rejects: tuple[Reject, ...]
    unread: tuple[Reject, ...]
    display: str
    sha256: str


def accepted(checked: CheckedTable) -> Accepted:
    """The share's summary."""
    frame = checked.accepted
    extras = tuple(
        (name, frame[name].dtype)
        for name in frame.columns
        if name not in FRAME_FIELDS and not name.startswith("_")
    )
    return Accepted(
        count=len(frame),
        extras=extras,
        rejects=tuple(checked.rejects),
        unread=tuple(checked.table.rejects),
        display=checked.table.display,
        sha256=checked.table.sha256,
    )


def id_buckets(checked: CheckedTable, buckets: int) -> tuple[pd.DataFrame, ...]:
    """The share's accepted ids with their positions and lines, split into `buckets` by a
    stable hash of the id (pandas' `hash_array`, the same on every run and machine), so that
    every record of an id meets in one bucket's task."""
    frame = checked.accepted
    ids = frame["id"].astype(object).to_numpy(dtype=object)
    table = pd.DataFrame(
        {
            "id": ids,
            "position": np.arange(len(frame), dtype=np.int64),
            "line": frame["_line"].to_numpy(dtype=np.int64),
        }
    )
    bucket = pd.util.hash_array(ids) % np.uint64(buckets) if len(ids) else np.zeros(0, np.uint64)
    return tuple(table[bucket == number] for number in range(buckets))


def piece_of(buckets: tuple[pd.DataFrame, ...], number: int) -> pd.DataFrame:
    """One bucket of a share's ids."""
    return buckets[number]


def bucket_duplicates(pieces: Sequence[pd.DataFrame]) -> npt.NDArray[np.int64]:
    """One bucket's later duplicates over every share's piece (in share order, then position:
    the read order): rows of (share, position, share of the first record, its line)."""
    frame = pd.concat(
        [piece.assign(share=number) for number, piece in enumerate(pieces)], ignore_index=True
    )
    later = frame["id"].duplicated(keep="first").to_numpy(dtype=bool)
    if not later.any():
        return np.zeros((0, 4), dtype=np.int64)
    firsts = frame[~later].drop_duplicates("id").set_index("id")
    repeated = frame[later]
    return np.column_stack(
        [
            repeated["share"].to_numpy(dtype=np.int64),
            repeated["position"].to_numpy(dtype=np.int64),
            repeated["id"].map(firsts["share"]).to_numpy(dtype=np.int64),
            repeated["id"].map(firsts["line"]).to_numpy(dtype=np.int64),
        ]
    )


def duplicates(
    checked: CheckedTable, positions: Sequence[int], firsts: Sequence[tuple[str, int]]
) -> list[Reject]:
    """Rejects for the accepted rows at `positions` whose id an earlier record has (at
    `firsts`, file and line), as `read_feeds` words them."""
    rows = checked.accepted.iloc[list(positions)]
    table = checked.table
    raw_rows = rows["_row"].tolist()
    return [
        Reject(table.display, int(line), "id", duplicate_id(str(record_id), *first), record, raw)
        for record_id, line, first, record, raw in zip(
            rows["id"],
            rows["_line"],
            firsts,
            table.records(raw_rows),
            table.raws(raw_rows),
            strict=True,
        )
    ]


@dataclass(frozen=True)
class Kept:
    """What the client needs of a share's frame: which extra columns have a value, its latest
    time, and how many records it keeps."""

    filled: frozenset[str]
    latest: datetime | None
    records: int


def share_frame(
    checked: CheckedTable,
    extras: dict[str, Any],
    dropped: Sequence[int],
    first_seq: int,
) -> pd.DataFrame:
    """The share's accepted rows with every column of the run (`extras` besides the base ones),
    the later duplicates (`dropped`, positions) left out, numbered in read order from
    `first_seq`."""
    frame = with_columns(checked.accepted, {**base_columns(), **extras})
    if len(dropped):
        keep = np.ones(len(frame), dtype=bool)
        keep[list(dropped)] = False
        frame = frame[keep]
    frame = frame.reset_index(drop=True)
    frame["_seq"] = np.arange(first_seq, first_seq + len(frame), dtype=np.int64)
    return frame


def kept(frame: pd.DataFrame, extras: Sequence[str]) -> Kept:
    """The share frame's summary."""
    latest = None if frame.empty else pd.Timestamp(frame["time"].max()).to_pydatetime()
    filled = frozenset(name for name in extras if frame[name].notna().any())
    return Kept(filled, latest, len(frame))


@dataclass(frozen=True)
class Routed:
    """A share split for the partitions (and the feed task), with what it adds to the run's
    summary: the obligations it holds data for, unknown fields and parties with their counts."""

    pieces: tuple[pd.DataFrame, ...]
    feed: pd.DataFrame
    covered: frozenset[str]
    unknown_fields: tuple[tuple[str, int], ...]
    unknown_parties: tuple[tuple[str, int], ...]


def route(
    frame: pd.DataFrame,
    columns: Sequence[str],
    partitions: int,
    run: Plan,
    packs: Sequence[Pack],
    schema: FeedSchema,
) -> Routed:
    """The share in the run's columns, indexed by read order (`_seq`, as the local frame's
    RangeIndex is), split by party and counterparty; and the rows the feed task reads."""
    frame = frame[list(columns)]
    frame.index = pd.Index(frame["_seq"].to_numpy(dtype=np.int64))
    found = frozenset(
        obligation.id
        for pack in packs
        for obligation in pack.obligations
        if not frame.empty and bool(mask(covered(pack, obligation), frame).any())
    )
    fields, parties = unknown_names(frame, schema)
    pieces = tuple(frame[rows] for rows in routed(frame, partitions))
    return Routed(pieces, frame[feed_rows(frame, run)], found, fields, parties)


def piece(share: Routed, number: int) -> pd.DataFrame:
    """One partition's piece of a share (`-1`: the feed task's)."""
    return share.feed if number < 0 else share.pieces[number]


def evaluate(
    pieces: Sequence[pd.DataFrame],
    packs: Sequence[Pack],
    as_of: datetime,
    include_pending: bool,
    obligations: Sequence[str],
    owned: tuple[int, int] | None,
) -> list[Finding]:
    """The findings (without channels) of some obligations over the pieces of every share, in
    read order; with `owned` (partition, partitions), only those of the parties it owns."""
    frame = pieces[0] if len(pieces) == 1 else pd.concat(list(pieces))
    breaches = run_batch(
        packs, frame, as_of, include_pending=include_pending, obligations=obligations
    )
    return batch_findings(
        (breach, pack.meta)
        for breach, pack in breaches
        if owned is None or partition_of(breach.party, owned[1]) == owned[0]
    )
