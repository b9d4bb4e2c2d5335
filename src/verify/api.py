"""The Python API that the command line and pipelines share."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

import pandas as pd

from verify.engines.batch import run_batch
from verify.feeds import FeedResult, FeedSchema, read_feeds
from verify.model.observation import BASE_KINDS, BASE_QUANTITIES
from verify.model.pack import Pack
from verify.model.run import PackInfo, RunResult
from verify.treaty import load_pack


def feed_schema(packs: Sequence[Pack]) -> FeedSchema:
    """What a feed may contain given the packs in use: kinds, quantities, parties, zones."""
    return FeedSchema(
        kinds=BASE_KINDS | {kind for pack in packs for kind in pack.meta.kinds},
        quantities=BASE_QUANTITIES | {q.name for pack in packs for q in pack.meta.quantities},
        parties=frozenset(p.code for pack in packs for p in pack.meta.parties),
        zones=frozenset(z.id for pack in packs for z in pack.meta.zones),
    )


def latest_time(frame: pd.DataFrame) -> datetime:
    """The latest event time in a feed (now, for an empty feed): the default `as_of`."""
    if frame.empty:
        return datetime.now(UTC).replace(microsecond=0)
    return pd.Timestamp(frame["time"].max()).to_pydatetime()


def pack_info(pack: Pack) -> PackInfo:
    """What a run reports about a pack it used."""
    return PackInfo(
        id=pack.meta.id,
        title=pack.meta.title,
        path=pack.path,
        obligations=tuple(o.id for o in pack.obligations),
        zones=pack.meta.zones,
    )


def check(
    treaties: Sequence[str | Pack],
    observations: Sequence[str | Path],
    *,
    as_of: datetime | None = None,
    include_pending: bool = False,
    stdin: BinaryIO | None = None,
) -> tuple[RunResult, FeedResult]:
    """Check observation feeds against treaty packs: the run's findings, and the feed as read.

    `as_of` defaults to the latest event time in the feeds; records after it are not yet known.
    """
    packs = [t if isinstance(t, Pack) else load_pack(t) for t in treaties]
    feed = read_feeds(observations, feed_schema(packs), stdin=stdin)
    moment = as_of or latest_time(feed.frame)
    findings = run_batch(packs, feed.frame, moment, include_pending=include_pending)
    result = RunResult(
        findings=tuple(findings),
        packs=tuple(pack_info(p) for p in packs),
        inputs=feed.inputs,
        as_of=moment,
        records=len(feed.frame),
        rejected=len(feed.rejects),
    )
    return result, feed
