"""`check(engine="dask")`: the batch engine on a Dask cluster, then the same stages after it
(waivers, escalation, the run's result) as the local engine."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import BinaryIO, cast

import pandas as pd

from verify.api import Observations, Progress, feed_schema, pack_info, silent_obligations
from verify.errors import Location, UsageError
from verify.escalation.suggest import Escalation
from verify.feeds import FeedResult
from verify.model.pack import Pack
from verify.model.run import RunResult
from verify.model.waiver import Waiver
from verify.waivers.apply import apply_waivers, refuse_not_waivable


def paths_only(observations: Observations) -> list[str | Path]:
    """The observations as paths, for an engine that reads them on its workers."""
    if isinstance(observations, str | Path):
        return [observations]
    if isinstance(observations, pd.DataFrame):
        raise UsageError("--engine dask reads files; a DataFrame is checked with engine='local'")
    items = list(observations)
    if not all(isinstance(item, str | Path) for item in items):
        raise UsageError("--engine dask reads files; records in memory use engine='local'")
    return cast(list[str | Path], items)


def check_on_dask(
    packs: Sequence[Pack],
    observations: Sequence[str | Path],
    as_of: datetime | None,
    include_pending: bool,
    obligations: Sequence[str] | None,
    stdin: BinaryIO | None,
    cluster: tuple[str | None, int | None],
    progress: Progress | None,
    waivers: Sequence[Waiver] = (),
) -> tuple[RunResult, FeedResult]:
    """`check` with `engine="dask"` (`verify.engines.distributed`) on `cluster` (scheduler
    address, partitions)."""
    from verify.engines.distributed import check_distributed

    by_activity = [waiver for waiver in waivers if waiver.activity is not None]
    if by_activity:
        raise UsageError(
            f"a waiver naming an activity ({by_activity[0].activity!r}) needs the records,"
            " which stay on the Dask workers: use --engine local, or name the finding's id",
            Location("--waivers"),
        )

    run = check_distributed(
        packs,
        observations,
        feed_schema(packs),
        as_of=as_of,
        include_pending=include_pending,
        obligations=obligations,
        stdin=stdin,
        scheduler=cluster[0],
        partitions=cluster[1],
        progress=progress,
    )
    findings = list(run.findings)
    if waivers:
        refuse_not_waivable(waivers, packs, findings)
        findings = list(apply_waivers(findings, waivers, run.as_of, {}))
    findings = Escalation(packs).all(findings)
    result = RunResult(
        findings=tuple(findings),
        packs=tuple(pack_info(p) for p in packs),
        inputs=run.feed.inputs,
        as_of=run.as_of,
        records=run.records,
        rejected=len(run.feed.rejects),
        no_data=silent_obligations(
            packs, findings, obligations, lambda pack, o: o.id in run.covered
        ),
        unknown_fields=run.feed.unknown_fields,
        unknown_parties=run.feed.unknown_parties,
    )
    return result, run.feed
