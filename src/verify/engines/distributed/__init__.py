"""The batch engine on a Dask cluster: the same findings as the local run, byte for byte.

The run, as futures on the cluster (`shares.py` holds what each task does, `splits.py` how the
inputs are shared out):

1. each worker reads its own share of the inputs (a file of a folder; a Parquet file's row
   groups; a text file's byte range, cut at line starts, its lines counted first so that rows
   and rejects keep the file's line numbers) and checks it: its raw table, then its checked
   table stay there; the client gathers only which fields hold numbers (quantities are
   decided over every input) and each share's counts, extra columns and rejects;
2. the later duplicate ids over the whole feed (in input order, then line order, as
   `read_feeds` keeps the first) are found by a shuffle: each share splits its ids by a hash,
   a task per bucket finds the repeats, and only those come to the client, which has their
   rejects worded where their table lives; each share becomes a frame numbered in read order
   (`_seq`) with the run's columns, and tells its latest time (the default `as_of`);
3. each share is split by party and counterparty (`routing.py`); a partition's task joins its
   pieces of every share, in read order, runs the batch engine on the obligations judged party
   by party and keeps the findings of the parties it owns; one more task runs the obligations
   judged over the whole feed on the records their roles read;
4. the client merges the findings in the single-process order (`finding_order`).

`as_of`, duplicate ids, rejects (with their file and line, in the local order), inputs,
unknown fields and parties, and which obligations had data are decided over the whole feed,
so the run's result equals the local one and every renderer gives the same bytes.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

import numpy as np
import pandas as pd

from verify.engines.distributed import shares, splits
from verify.engines.distributed.cluster import connect, require_dask, worker_count
from verify.engines.distributed.routing import Plan, plan
from verify.engines.distributed.splits import Share
from verify.errors import FeedError, Location, UsageError
from verify.feeds import FeedResult, FeedSchema, Reject
from verify.feeds.folders import Skipped
from verify.feeds.read import FeedInput, expand_source
from verify.feeds.readers import read_csv, read_parquet
from verify.feeds.schema import FRAME_FIELDS, PROVENANCE_COLUMNS
from verify.feeds.validate import QuantityVotes, quantities_of
from verify.findings import finding_order
from verify.model.finding import Finding
from verify.model.pack import Pack
from verify.model.run import InputFile, run_clock

if TYPE_CHECKING:
    from distributed import Client, Future

__all__ = ["DistributedRun", "check_distributed", "plan", "require_dask"]


@dataclass(frozen=True)
class DistributedRun:
    """A run on the cluster: its findings (without channels, in finding order), the feed as
    read (its frame empty: the records stay on the workers), its `as_of`, its latest event time
    (None without records), how many records it kept, and the obligations that had records
    they cover."""

    findings: tuple[Finding, ...]
    feed: FeedResult
    as_of: datetime
    latest: datetime | None
    records: int
    covered: frozenset[str]


def check_distributed(
    packs: Sequence[Pack],
    sources: Sequence[str | Path],
    schema: FeedSchema,
    *,
    as_of: datetime | None = None,
    include_pending: bool = False,
    obligations: Sequence[str] | None = None,
    stdin: BinaryIO | None = None,
    scheduler: str | None = None,
    partitions: int | None = None,
    progress: Callable[[str, int, int], None] | None = None,
    share_bytes: int | None = None,
) -> DistributedRun:
    """Read and check feeds on a Dask cluster (at `scheduler`, or a local one) in `partitions`
    partitions (by default one per worker). `UsageError` for an obligation this engine cannot
    split, a bad or silent scheduler, or Dask not installed. `progress` is told when reading
    starts (the cluster's start included) and when checking does. An input is read in shares
    of `share_bytes` or more (default `splits.SHARE_BYTES`), at most one per partition."""
    tell = progress or (lambda what, done, total: None)
    tell("reading observations", 0, 2)
    if partitions is not None and partitions < 1:
        raise UsageError(f"--partitions {partitions}: give 1 or more", Location("--partitions"))
    run = plan(packs, obligations)
    skipped: list[Skipped] = []
    inputs = [found for source in sources for found in expand_source(source, skipped)]
    with connect(scheduler, partitions) as client:
        count = partitions or worker_count(client)
        return _run(
            client,
            *(packs, inputs, skipped, schema, run, count),
            *(as_of, include_pending, stdin, tell, share_bytes or splits.SHARE_BYTES),
        )


def _submit(client: Client, function: Any, *args: Any) -> Future[Any]:
    """A task on the cluster; impure, so that no argument (packs, frames) is hashed."""
    return client.submit(function, *args, pure=False)


def _gather(client: Client, futures: Any) -> Any:
    """The results of tasks (a worker's exception raised here, `VerifyError`s whole)."""
    return client.gather(futures)  # type: ignore[no-untyped-call]


def _run(
    client: Client,
    packs: Sequence[Pack],
    inputs: Sequence[FeedInput],
    skipped: list[Skipped],
    schema: FeedSchema,
    run: Plan,
    partitions: int,
    as_of: datetime | None,
    include_pending: bool,
    stdin: BinaryIO | None,
    tell: Callable[[str, int, int], None],
    share_bytes: int,
) -> DistributedRun:
    """The run's steps on a connected cluster (the module's docstring lists them)."""
    planned = _plan_shares(client, inputs, partitions, share_bytes)
    tables, found_votes = _read_shares(client, planned, stdin)
    quantities = quantities_of(found_votes, schema)
    shares_of = [share for part in planned for share in part]
    checked = [
        _submit(client, shares.validate_share, table, schema, quantities, share.input)
        for share, table in zip(shares_of, tables, strict=True)
    ]
    summaries: list[shares.Accepted] = _gather(
        client, [_submit(client, shares.accepted, c) for c in checked]
    )
    extras: dict[str, Any] = {}
    for summary in summaries:
        for name, dtype in summary.extras:
            extras.setdefault(name, dtype)
    dropped, firsts = _duplicates(client, checked, summaries, partitions)
    duplicate_rejects: list[list[Reject]] = _gather(
        client,
        [
            _submit(client, shares.duplicates, c, dropped[n], firsts[n])
            for n, c in enumerate(checked)
        ],
    )
    frames: list[Future[Any]] = []
    seq = 0
    for n, c in enumerate(checked):
        frames.append(_submit(client, shares.share_frame, c, extras, dropped[n], seq))
        seq += summaries[n].count - len(dropped[n])
    kept: list[shares.Kept] = _gather(
        client, [_submit(client, shares.kept, f, list(extras)) for f in frames]
    )
    filled = sorted(set().union(*(k.filled for k in kept)) if kept else set())
    columns = [
        *FRAME_FIELDS,
        *PROVENANCE_COLUMNS,
        *(name for name in filled if extras[name] == "float64"),
        *(name for name in filled if extras[name] != "float64"),
    ]
    moments = [k.latest for k in kept if k.latest is not None]
    latest = max(moments) if moments else None
    moment = run_clock(as_of, latest)
    tell("checking on the cluster", 1, 2)
    routed = [
        _submit(client, shares.route, f, columns, partitions, run, packs, schema) for f in frames
    ]
    del tables, checked, frames  # held on the workers only while a task still needs them
    tasks: list[Future[Any]] = []
    if run.by_party:
        for number in range(partitions):
            pieces = [_submit(client, shares.piece, r, number) for r in routed]
            owned = (number, partitions)
            tasks.append(
                _submit(
                    client,
                    shares.evaluate,
                    pieces,
                    packs,
                    moment,
                    include_pending,
                    run.by_party,
                    owned,
                )
            )
    if run.over_feed:
        pieces = [_submit(client, shares.piece, r, -1) for r in routed]
        tasks.append(
            _submit(
                client, shares.evaluate, pieces, packs, moment, include_pending, run.over_feed, None
            )
        )
    found: dict[str, Finding] = {}
    for part in _gather(client, tasks):
        for finding in part:
            found.setdefault(finding.id, finding)
    summaries_routed: list[shares.Routed] = _gather(
        client, [_submit(client, _summary, r) for r in routed]
    )
    empty = summaries_routed[0].feed.reset_index(drop=True) if summaries_routed else None
    digests = _digests(client, planned)
    owner = [share.input for share in shares_of]
    feed = _feed(
        inputs, owner, digests, summaries, duplicate_rejects, kept, summaries_routed, skipped, empty
    )
    return DistributedRun(
        findings=tuple(sorted(found.values(), key=finding_order)),
        feed=feed,
        as_of=moment,
        latest=latest,
        records=sum(k.records for k in kept),
        covered=frozenset().union(*(r.covered for r in summaries_routed)),
    )


def _summary(share: shares.Routed) -> shares.Routed:
    """A routed share without its rows: what the client keeps of it."""
    empty = share.feed.iloc[0:0]
    return shares.Routed((), empty, share.covered, share.unknown_fields, share.unknown_parties)


def _plan_shares(
    client: Client, inputs: Sequence[FeedInput], most: int, share_bytes: int
) -> list[list[Share]]:
    """Each input's shares (`splits.py`): at most `most` per input, of `share_bytes` or more;
    a text file's ranges scanned on the workers for the lines they start at."""
    planned: list[list[Share]] = []
    scans: list[tuple[int, list[int], int, list[Future[Any]]]] = []
    for position, found in enumerate(inputs):
        if found.path is None:  # standard input: only the client has it
            planned.append([Share(position, found)])
            continue
        located = FeedInput(found.display, found.path.resolve(), found.reader)
        if located.reader is read_parquet:
            planned.append(splits.parquet_shares(position, located, most, share_bytes))
            continue
        cuts, header = splits.text_cuts(located, most, share_bytes)
        planned.append([Share(position, located)])
        if len(cuts) > 2:
            csv = located.reader is read_csv
            assert located.path is not None
            ranges = pairwise(cuts)
            futures = [_submit(client, splits.scan, located.path, a, b, csv) for a, b in ranges]
            scans.append((position, cuts, header, futures))
    counted: list[list[splits.Counts]] = _gather(client, [futures for *_, futures in scans])
    for (position, cuts, header, _), counts in zip(scans, counted, strict=True):
        planned[position] = splits.text_shares(
            position, planned[position][0].found, cuts, header, counts
        )
    return planned


def _read_shares(
    client: Client, planned: list[list[Share]], stdin: BinaryIO | None
) -> tuple[list[Future[Any]], list[QuantityVotes]]:
    """Each share read by a worker, which keeps its raw table; the client gets each one's
    votes on quantities, in input order. Where part of a file cannot be read, the file is read
    whole instead (`planned` then says so), so that the error, or the table, is the local
    reader's."""
    data: bytes | None = None
    if any(part[0].found.path is None for part in planned):
        data = (stdin if stdin is not None else sys.stdin.buffer).read()
    reads = [
        [_submit(client, splits.read_share, s, data if s.found.path is None else None) for s in p]
        for p in planned
    ]
    voted = [[_submit(client, shares.votes, table) for table in part] for part in reads]
    found: list[QuantityVotes] = []
    for position, part in enumerate(voted):
        try:
            found.extend([future.result() for future in part])  # all, or none on an error
        except FeedError:
            if len(planned[position]) == 1:
                raise
            share = Share(position, planned[position][0].found)
            planned[position] = [share]
            reads[position] = [_submit(client, splits.read_share, share)]
            found.append(_submit(client, shares.votes, reads[position][0]).result())
    return [table for part in reads for table in part], found


def _digests(client: Client, planned: Sequence[Sequence[Share]]) -> dict[int, str]:
    """The sha256 of each input split into several shares (none of which saw it whole)."""
    split = [part[0] for part in planned if len(part) > 1]
    futures = [_submit(client, splits.digest, share.found.path) for share in split]
    return {
        share.input: digest for share, digest in zip(split, _gather(client, futures), strict=True)
    }


def _duplicates(
    client: Client,
    checked: Sequence[Future[Any]],
    summaries: Sequence[shares.Accepted],
    buckets: int,
) -> tuple[list[list[int]], list[list[tuple[str, int]]]]:
    """For each share, the positions of its accepted rows whose id an earlier accepted record
    has (in input order, then line order), and where that first record is (file, line).

    The ids never come to the client: each share splits its ids by a hash into `buckets`, a
    task per bucket finds the repeats among its ids of every share, and only those repeats
    come back."""
    split = [_submit(client, shares.id_buckets, c, buckets) for c in checked]
    found = _gather(
        client,
        [
            _submit(
                client,
                shares.bucket_duplicates,
                [_submit(client, shares.piece_of, s, number) for s in split],
            )
            for number in range(buckets)
        ],
    )
    dropped: list[list[tuple[int, tuple[str, int]]]] = [[] for _ in summaries]
    for rows in found:
        for share, position, first_share, first_line in rows.tolist():
            dropped[share].append((position, (summaries[first_share].display, first_line)))
    for part in dropped:
        part.sort()
    return (
        [[position for position, _ in part] for part in dropped],
        [[first for _, first in part] for part in dropped],
    )


def _feed(
    inputs: Sequence[FeedInput],
    owner: Sequence[int],
    digests: dict[int, str],
    summaries: Sequence[shares.Accepted],
    duplicate_rejects: Sequence[Sequence[Reject]],
    kept: Sequence[shares.Kept],
    routed: Sequence[shares.Routed],
    skipped: list[Skipped],
    empty: pd.DataFrame | None,
) -> FeedResult:
    """The feed as `read_feeds` reports it: rejects in its order, inputs, unknown names.
    `owner` gives the input of each share."""
    found: list[tuple[int, Reject]] = [
        (owner[n], reject) for n, s in enumerate(summaries) for reject in s.rejects
    ]
    found.extend((owner[n], reject) for n, s in enumerate(summaries) for reject in s.unread)
    found.extend((owner[n], reject) for n, part in enumerate(duplicate_rejects) for reject in part)
    records = np.bincount(
        np.array(owner, dtype=np.int64),
        weights=[k.records for k in kept],
        minlength=len(inputs),
    )
    rejected = np.bincount(
        np.array([position for position, _ in found], dtype=np.int64), minlength=len(inputs)
    )
    sha256 = {owner[n]: s.sha256 for n, s in enumerate(summaries)}
    inputs_read = tuple(
        InputFile(
            path=found_input.display,
            sha256=digests.get(position, sha256[position]),
            records=int(records[position]),
            rejected=int(rejected[position]),
        )
        for position, found_input in enumerate(inputs)
    )
    found.sort(key=lambda pair: (pair[0], pair[1].line))
    fields: Counter[str] = Counter()
    parties: Counter[str] = Counter()
    for share in routed:
        fields.update(dict(share.unknown_fields))
        parties.update(dict(share.unknown_parties))
    return FeedResult(
        frame=empty if empty is not None else pd.DataFrame(),
        rejects=tuple(reject for _, reject in found),
        inputs=inputs_read,
        skipped=tuple(skipped),
        unknown_fields=tuple(sorted(fields.items())),
        unknown_parties=tuple(sorted(parties.items())),
    )
