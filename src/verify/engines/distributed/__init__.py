"""The batch engine on a Dask cluster: the same findings as the local run, byte for byte.

The run, as futures on the cluster (`shares.py` holds what each task does):

1. each input (a file, or the file of a folder) is read and checked by a worker: its raw
   table, then its checked table stay there; the client gathers only which fields hold numbers
   (quantities are decided over every input) and then the accepted ids and lines;
2. the client finds the later duplicates over the whole feed, in input order, as
   `read_feeds` does, and has their rejects worded where their table lives; each share
   becomes a frame numbered in read order (`_seq`) with the run's columns;
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
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

import numpy as np
import pandas as pd

from verify.engines.distributed import shares
from verify.engines.distributed.cluster import connect, require_dask, worker_count
from verify.engines.distributed.routing import Plan, plan
from verify.errors import Location, UsageError
from verify.feeds import FeedResult, FeedSchema, Reject
from verify.feeds.folders import Skipped
from verify.feeds.read import FeedInput, expand_source
from verify.feeds.schema import FRAME_FIELDS, PROVENANCE_COLUMNS
from verify.feeds.validate import quantities_of
from verify.findings import finding_order
from verify.model.finding import Finding
from verify.model.pack import Pack
from verify.model.run import InputFile

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
) -> DistributedRun:
    """Read and check feeds on a Dask cluster (at `scheduler`, or a local one) in `partitions`
    partitions (by default one per worker). `UsageError` for an obligation this engine cannot
    split, a bad or silent scheduler, or Dask not installed. `progress` is told when reading
    starts (the cluster's start included) and when checking does."""
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
            client, packs, inputs, skipped, schema, run, count, as_of, include_pending, stdin, tell
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
) -> DistributedRun:
    """The run's steps on a connected cluster (the module's docstring lists them)."""
    tables = [_read(client, found, stdin) for found in inputs]
    quantities = quantities_of(
        _gather(client, [_submit(client, shares.votes, t) for t in tables]), schema
    )
    checked = [
        _submit(client, shares.validate_share, table, schema, quantities, position)
        for position, table in enumerate(tables)
    ]
    summaries: list[shares.Accepted] = _gather(
        client, [_submit(client, shares.accepted, c) for c in checked]
    )
    extras: dict[str, Any] = {}
    for summary in summaries:
        for name, dtype in summary.extras:
            extras.setdefault(name, dtype)
    dropped, firsts = _duplicates(summaries)
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
        seq += len(summaries[n].ids) - len(dropped[n])
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
    moment = as_of or (max(moments) if moments else datetime.now(UTC).replace(microsecond=0))
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
    feed = _feed(summaries, duplicate_rejects, kept, summaries_routed, skipped, empty)
    return DistributedRun(
        findings=tuple(sorted(found.values(), key=finding_order)),
        feed=feed,
        as_of=moment,
        latest=max(moments) if moments else None,
        records=sum(k.records for k in kept),
        covered=frozenset().union(*(r.covered for r in summaries_routed)),
    )


def _summary(share: shares.Routed) -> shares.Routed:
    """A routed share without its rows: what the client keeps of it."""
    empty = share.feed.iloc[0:0]
    return shares.Routed((), empty, share.covered, share.unknown_fields, share.unknown_parties)


def _read(client: Client, found: FeedInput, stdin: BinaryIO | None) -> Future[Any]:
    """A worker reads its own input; standard input, which only the client has, is sent."""
    if found.path is None:
        data = (stdin if stdin is not None else sys.stdin.buffer).read()
        return _submit(client, shares.read_share, found, data)
    located = FeedInput(found.display, found.path.resolve(), found.reader)
    return _submit(client, shares.read_share, located)


def _duplicates(
    summaries: Sequence[shares.Accepted],
) -> tuple[list[list[int]], list[list[tuple[str, int]]]]:
    """For each share, the positions of its accepted rows whose id an earlier accepted record
    has (in input order, then line order), and where that first record is (file, line)."""
    ids = np.concatenate([s.ids for s in summaries]) if summaries else np.array([], dtype=object)
    share_of = (
        np.concatenate([np.full(len(s.ids), n, dtype=np.int64) for n, s in enumerate(summaries)])
        if summaries
        else np.array([], dtype=np.int64)
    )
    position = (
        np.concatenate([np.arange(len(s.ids), dtype=np.int64) for s in summaries])
        if summaries
        else np.array([], dtype=np.int64)
    )
    series = pd.Series(ids, dtype=object)
    later = series.duplicated(keep="first").to_numpy(dtype=bool)
    dropped: list[list[int]] = [[] for _ in summaries]
    firsts: list[list[tuple[str, int]]] = [[] for _ in summaries]
    if not later.any():
        return dropped, firsts
    first_rows = series[~later].drop_duplicates()
    first_at = {
        str(record_id): (
            summaries[share_of[row]].display,
            int(summaries[share_of[row]].lines[position[row]]),
        )
        for row, record_id in zip(first_rows.index, first_rows, strict=True)
    }
    for row in np.flatnonzero(later).tolist():
        dropped[share_of[row]].append(int(position[row]))
        firsts[share_of[row]].append(first_at[str(ids[row])])
    return dropped, firsts


def _feed(
    summaries: Sequence[shares.Accepted],
    duplicate_rejects: Sequence[Sequence[Reject]],
    kept: Sequence[shares.Kept],
    routed: Sequence[shares.Routed],
    skipped: list[Skipped],
    empty: pd.DataFrame | None,
) -> FeedResult:
    """The feed as `read_feeds` reports it: rejects in its order, inputs, unknown names."""
    found: list[tuple[int, Reject]] = [
        (n, reject) for n, s in enumerate(summaries) for reject in s.rejects
    ]
    found.extend((n, reject) for n, s in enumerate(summaries) for reject in s.unread)
    found.extend((n, reject) for n, part in enumerate(duplicate_rejects) for reject in part)
    inputs = tuple(
        InputFile(
            path=s.display,
            sha256=s.sha256,
            records=kept[n].records,
            rejected=sum(1 for position, _ in found if position == n),
        )
        for n, s in enumerate(summaries)
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
        inputs=inputs,
        skipped=tuple(skipped),
        unknown_fields=tuple(sorted(fields.items())),
        unknown_parties=tuple(sorted(parties.items())),
    )
