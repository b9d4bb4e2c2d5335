"""The Python API that the command line and pipelines share."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, Literal, cast

import pandas as pd

import verify.waivers
from verify.casework import audit as audit
from verify.casework import cases as cases
from verify.casework import escalate as escalate
from verify.casework import record as record
from verify.casework import resolve as resolve
from verify.engines.batch import run_batch
from verify.engines.coverage import covered
from verify.errors import Location, UsageError
from verify.escalation.suggest import Escalation
from verify.feeds import FeedResult, FeedSchema, read_feeds
from verify.feeds.memory import frame_table, records_table
from verify.feeds.read import read_tables
from verify.feeds.schema import feed_schema as feed_schema
from verify.findings import batch_findings
from verify.garbage import CHECK_YOUNGEST, fewer_collections
from verify.model.finding import Finding
from verify.model.obligation import Obligation
from verify.model.pack import Pack
from verify.model.run import PackInfo, RuleInfo, RunResult, run_clock
from verify.model.waiver import Waiver
from verify.predicates.pandas import mask
from verify.treaty import load_pack
from verify.waivers import apply_waivers, refuse_not_waivable
from verify.waivers.apply import evidence_activities
from verify.watcher import Watcher as Watcher

if TYPE_CHECKING:
    pass


#: Where `check` runs the batch engine: in this process, or on a Dask cluster.
Engine = Literal["local", "dask"]
ENGINES: tuple[Engine, ...] = ("local", "dask")

#: Told as each stage of a run starts: what it does, steps done so far, steps in all.
Progress = Callable[[str, int, int], None]
#: Waivers as `check` takes them: a waivers file's path, or waivers already loaded.
Waivers = str | Path | Sequence[Waiver]


def waivers_of(waivers: Waivers | None) -> tuple[Waiver, ...]:
    """Waivers from a file (`load_waivers`: `WaiverErrors` for any problem) or as given."""
    if waivers is None:
        return ()
    if isinstance(waivers, str | Path):
        return verify.waivers.load_waivers(waivers)  # PyYAML: imported for a waivers file only
    return tuple(waivers)


def latest_event(frame: pd.DataFrame) -> datetime | None:
    """The latest event time in a feed, None for an empty one."""
    if frame.empty:
        return None
    return pd.Timestamp(frame["time"].max()).to_pydatetime()


def latest_time(frame: pd.DataFrame) -> datetime:
    """The latest event time in a feed (now, for an empty feed): the default `as_of`."""
    return run_clock(None, latest_event(frame))


def detected_at(as_of: datetime | None, latest: datetime | None) -> datetime | None:
    """When a run detected its findings, for their channels' deadlines: its stated clock when
    that is past every record it has (an analyst checking old data today detects it all
    today); else None, each finding detected when its data decided it, at its window's end,
    as `verify watch` detects it (so `check` at the latest event time and `watch` agree)."""
    if as_of is None or (latest is not None and as_of <= latest):
        return None
    return as_of


def pack_info(pack: Pack) -> PackInfo:
    """What a run reports about a pack it used."""
    return PackInfo(
        id=pack.meta.id,
        title=pack.meta.title,
        path=pack.path,
        obligations=tuple(o.id for o in pack.obligations),
        zones=pack.meta.zones,
        context=pack.meta.context,
        rules=tuple(
            RuleInfo(id=o.id, title=o.title, article=o.article, severity=o.severity)
            for o in pack.obligations
        ),
    )


def no_data(
    packs: Sequence[Pack],
    frame: pd.DataFrame,
    findings: Sequence[Finding],
    obligations: Sequence[str] | None = None,
) -> tuple[str, ...]:
    """The obligations (of those run) with no finding and no record in the frame of a kind and
    by a party they cover (the pack's parties, when the rule names none): their thresholds
    and flags aside, so a feed of small exercises is
    data for a notification rule, and a feed with no exercise at all is not."""

    def has_data(pack: Pack, obligation: Obligation) -> bool:
        return not frame.empty and bool(mask(covered(pack, obligation), frame).any())

    return silent_obligations(packs, findings, obligations, has_data)


def silent_obligations(
    packs: Sequence[Pack],
    findings: Sequence[Finding],
    obligations: Sequence[str] | None,
    has_data: Callable[[Pack, Obligation], bool],
) -> tuple[str, ...]:
    """The obligations (of those run, in pack order) with no finding and, by `has_data`, no
    record they cover (`no_data`)."""
    found = {finding.obligation for finding in findings}
    return tuple(
        obligation.id
        for pack in packs
        for obligation in pack.obligations
        if obligation.id not in found
        and (obligations is None or obligation.id in obligations)
        and not has_data(pack, obligation)
    )


def check_frame(
    packs: Sequence[Pack],
    frame: pd.DataFrame,
    as_of: datetime,
    *,
    include_pending: bool = False,
    obligations: Sequence[str] | None = None,
    progress: Callable[[str, int, int], None] | None = None,
    waivers: Sequence[Waiver] = (),
    detected: datetime | None = None,
) -> list[Finding]:
    """The findings of some packs over a frame of records (`read_feeds`), as known at `as_of`:
    the batch engine's breaches, made findings, each with the waiver that covers it at `as_of`
    (`verify.waivers`), then their channels, in finding order.

    `obligations` restricts the run to those ids; `progress` is told as each one starts. A
    waiver for an obligation a pack marks not waivable raises `WaiverErrors`. `detected`, if
    given, is when every finding was detected (`detected_at`): the channels' deadlines run
    from it (`verify.escalation.suggest`), else from each window's end.
    """
    breaches = run_batch(
        packs,
        frame,
        as_of,
        include_pending=include_pending,
        obligations=obligations,
        progress=progress,
    )
    findings = batch_findings((breach, pack.meta) for breach, pack in breaches)
    if waivers:
        refuse_not_waivable(waivers, packs, findings)
        named = any(waiver.activity is not None for waiver in waivers)
        activities = evidence_activities(frame, findings) if named else {}
        findings = list(apply_waivers(findings, waivers, as_of, activities))
    return Escalation(packs, since=detected).all(findings)


#: What `check` reads: paths (files, folders, `-`), a DataFrame, or record dicts.
Observations = Sequence[str | Path] | pd.DataFrame | Iterable[Mapping[str, Any]]


def _read(observations: Observations, schema: FeedSchema, stdin: BinaryIO | None) -> FeedResult:
    """Read paths as files, a DataFrame and record dicts as inputs held in memory."""
    if isinstance(observations, pd.DataFrame):
        return read_tables([frame_table(observations)], schema)
    if isinstance(observations, str | Path):
        return read_feeds([observations], schema, stdin=stdin)
    items = list(observations)
    if all(isinstance(item, str | Path) for item in items):
        return read_feeds(cast(list[str | Path], items), schema, stdin=stdin)
    if all(isinstance(item, Mapping) for item in items):
        return read_tables([records_table(cast(list[Mapping[str, Any]], items))], schema)
    raise UsageError("observations are paths, a pandas DataFrame, or record dicts, not a mix")


@fewer_collections(CHECK_YOUNGEST)
def check(
    treaties: Sequence[str | Pack],
    observations: Observations,
    *,
    as_of: datetime | None = None,
    include_pending: bool = False,
    obligations: Sequence[str] | None = None,
    stdin: BinaryIO | None = None,
    progress: Progress | None = None,
    waivers: Waivers | None = None,
    engine: Engine = "local",
    scheduler: str | None = None,
    partitions: int | None = None,
) -> tuple[RunResult, FeedResult]:
    """Check observation feeds against treaty packs: the run's findings, and the feed as read.

    `observations` are paths (files, folders, `-` for `stdin`), a pandas DataFrame (one record
    per row, columns as the contract's fields) or an iterable of record dicts; rejects are then
    located as `<dataframe>` or `<records>` with the row's position from 0
    (`verify.feeds.memory`). `as_of` defaults to the latest event time in the feeds; records
    after it are not yet known. A given `as_of` past every record is also when the run
    detected its findings: their channels' deadlines run from it; otherwise from the end of
    each finding's window, as `verify watch` counts them (`detected_at`).
    `obligations`, if given, restricts the check to those obligation ids (a pack's `Example:`
    exercises one). `progress`, if given, is told each stage as it starts: (what, steps done,
    steps in all). `waivers` (a waivers file's path, or `Waiver`s) cover the findings they name
    while they hold at `as_of`; a malformed file, or a waiver for an obligation a pack marks not
    waivable, raises `WaiverErrors` before any observation is read.

    `engine="dask"` runs the batch engine on a Dask cluster (`scheduler`, `tcp://HOST:PORT`, or
    a local cluster when None) in `partitions` partitions (default: one per worker), with the
    same result as the local engine; its `FeedResult.frame` is empty (the run's columns only),
    the records having stayed on the workers. It reads paths only, and takes waivers by finding
    id or by obligation and party (one naming an activity needs the records, which stay on the
    workers: refused).
    """
    packs = [t if isinstance(t, Pack) else load_pack(t) for t in treaties]
    waiver_list = waivers_of(waivers)
    refuse_not_waivable(waiver_list, packs)
    if engine == "dask":
        return _check_on_dask(
            packs,
            _paths_only(observations),
            as_of,
            include_pending,
            obligations,
            stdin,
            (scheduler, partitions),
            progress,
            waiver_list,
        )
    if engine != "local":
        raise UsageError(f"unknown engine {engine!r} (local or dask)", Location("--engine"))
    steps = 1 + sum(
        1 for pack in packs for o in pack.obligations if obligations is None or o.id in obligations
    )
    if progress is not None:
        progress("reading observations", 0, steps)
    feed = _read(observations, feed_schema(packs), stdin)
    latest = latest_event(feed.frame)
    moment = run_clock(as_of, latest)

    def obligation_started(obligation_id: str, done: int, total: int) -> None:
        if progress is not None:
            progress(f"checking {obligation_id}", 1 + done, 1 + total)

    findings = check_frame(
        packs,
        feed.frame,
        moment,
        include_pending=include_pending,
        obligations=obligations,
        progress=obligation_started,
        waivers=waiver_list,
        detected=detected_at(as_of, latest),
    )
    result = RunResult(
        findings=tuple(findings),
        packs=tuple(pack_info(p) for p in packs),
        inputs=feed.inputs,
        as_of=moment,
        records=len(feed.frame),
        rejected=len(feed.rejects),
        no_data=no_data(packs, feed.frame, findings, obligations),
        unknown_fields=feed.unknown_fields,
        unknown_parties=feed.unknown_parties,
    )
    return result, feed


def _paths_only(observations: Observations) -> list[str | Path]:
    """The observations as paths, for an engine that reads them on its workers."""
    if isinstance(observations, str | Path):
        return [observations]
    if isinstance(observations, pd.DataFrame):
        raise UsageError("--engine dask reads files; a DataFrame is checked with engine='local'")
    items = list(observations)
    if not all(isinstance(item, str | Path) for item in items):
        raise UsageError("--engine dask reads files; records in memory use engine='local'")
    return cast(list[str | Path], items)


def _check_on_dask(
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
    findings = Escalation(packs, since=detected_at(as_of, run.latest)).all(findings)
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


def render(
    result: RunResult, format: str = "table", *, for_: str = "national", width: int = 120
) -> str:
    """A run rendered in one of the formats of `verify check --format` (`verify.report.FORMATS`),
    as a reader cleared to `for_` may see it: the text `verify check` prints, byte for byte."""
    from verify.report import FORMATS
    from verify.report import render as render_run

    if format not in FORMATS:
        raise UsageError(f"unknown format {format!r}; one of {', '.join(FORMATS)}")
    from verify.views import LEVELS

    if for_ not in LEVELS:
        raise UsageError(f"unknown releasability {for_!r}; one of {', '.join(LEVELS)}")
    return render_run(result, format, level=for_, width=width)
