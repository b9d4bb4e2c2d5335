"""The Python API that the command line and pipelines share."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime, timedelta
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
from verify.engines.stream.settings import DEFAULT_LATENESS, Settings
from verify.errors import Location, UsageError
from verify.escalation.suggest import Escalation
from verify.feeds import FeedResult, FeedSchema, Reject, read_feeds
from verify.feeds.memory import frame_table, records_table
from verify.feeds.read import read_tables
from verify.findings import batch_findings, finalize
from verify.garbage import fewer_collections
from verify.model.breach import Breach
from verify.model.finding import Finding
from verify.model.obligation import Obligation
from verify.model.observation import BASE_KINDS, BASE_QUANTITIES
from verify.model.pack import Pack
from verify.model.run import PackInfo, RuleInfo, RunResult, run_clock
from verify.model.treaty import TreatyMeta
from verify.model.waiver import Waiver
from verify.predicates.pandas import mask
from verify.treaty import load_pack
from verify.waivers import apply_waivers, refuse_not_waivable
from verify.waivers.apply import evidence_activities

if TYPE_CHECKING:
    from verify.engines.stream.engine import Checked, Raw, Step
    from verify.watching import WatchSummary


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


def feed_schema(packs: Sequence[Pack]) -> FeedSchema:
    """What a feed may contain given the packs in use: kinds, quantities, parties, zones."""
    return FeedSchema(
        kinds=BASE_KINDS | {kind for pack in packs for kind in pack.meta.kinds},
        quantities=BASE_QUANTITIES | {q.name for pack in packs for q in pack.meta.quantities},
        parties=frozenset(p.code for pack in packs for p in pack.meta.parties),
        zones=frozenset(z.id for pack in packs for z in pack.meta.zones),
        fields=frozenset(f.name for pack in packs for f in pack.meta.fields),
    )


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


@fewer_collections()
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


class Watcher:
    """The stream engine for callers that embed it: records in, findings out as decided.

    `feed` takes one raw record (a dict as `json.loads` gives it) and returns the findings it
    decided; `close` ends the input and returns what the end decides. A record that breaks a
    feed rule is rejected: passed to `on_reject`, or kept in `rejects`. The engine waits
    `lateness` (in event time) for records out of order before it decides; a record that comes
    later still is kept, and where it changes a finding already returned, the finding comes
    again under the same id: in its new form, or with status `retracted` where it no longer
    holds. (Only a record older than the retention behind the latest event time is rejected.)
    A missing notice or answer is reported when its deadline passes and reported again, under
    the same id, if it turns up late. The last finding per id is what `check` finds at the
    latest event time, whatever the order of arrival. `snapshot()` gives the state to resume from
    (`Watcher(..., state=...)`): data, not code, refused (`StateError`) unless it is a snapshot
    of the same packs and settings.
    """

    def __init__(
        self,
        treaties: Sequence[str | Pack],
        *,
        lateness: timedelta = DEFAULT_LATENESS,
        retention: timedelta | None = None,
        state: bytes | None = None,
        on_reject: Callable[[Reject], None] | None = None,
    ) -> None:
        from verify.engines.stream import StreamEngine  # not loaded by `check`

        packs = [t if isinstance(t, Pack) else load_pack(t) for t in treaties]
        settings = Settings(lateness=lateness, retention=retention)
        self.engine = StreamEngine(packs, feed_schema(packs), settings, state)
        self.escalation = Escalation(packs)
        self.rejects: list[Reject] = []
        self.on_reject = on_reject or self.rejects.append
        self._count = 0

    def feed(
        self, record: Mapping[str, Any], *, file: str = "-", line: int | None = None
    ) -> list[Finding]:
        """Take one record; the findings it decided (line: its number in `file`)."""
        return self.feed_many([(record, file, line)])

    def feed_many(
        self, records: Iterable[tuple[Mapping[str, Any] | Reject, str, int | None]]
    ) -> list[Finding]:
        """Take records in arrival order, with their file and line; the findings decided."""
        items: list[tuple[Mapping[str, Any] | Reject, str, int]] = []
        for taken, file, line in records:
            self._count += 1
            items.append((taken, file, line if line is not None else self._count))
        return self._findings(self.engine.process(items))

    def feed_checked(self, items: Sequence[tuple[Checked, str, int, Raw]]) -> list[Finding]:
        """Take records already checked against the feed rules (`check_record`, perhaps in
        worker processes), each with its file, line and raw form; the findings decided."""
        return self._findings(self.engine.process_checked(items))

    def close(self, *, as_of: datetime | None = None) -> list[Finding]:
        """End of input: the findings still to decide, as `check` would at `as_of` (by default
        the latest event time; never before it: `UsageError`). The matchers' rulesets are
        freed (durable_rules holds megabytes for each); `snapshot()` still works."""
        found = self._finished(self.engine.close(as_of))
        self.engine.shutdown()
        return found

    def standing(self) -> list[Finding]:
        """For a stream with no end of input: the findings only `close` would otherwise give
        (episodes above a ceiling still open, latest holdings above one), as they stand at the
        latest event time; the engine goes on."""
        return self._finished(self.engine.standing())

    def watch(self, sources: Sequence[str], **options: Any) -> WatchSummary:
        """Watch inputs as `verify watch` does, findings delivered exactly once across
        restarts with a state folder (`verify.watching.run` lists the options)."""
        from verify.watching import run  # the watch loop builds on this class

        return run(self, sources, **options)

    def snapshot(self) -> bytes:
        """The state to resume from, with `Watcher(..., state=...)` and the same packs."""
        return self.engine.snapshot()

    @property
    def open_entries(self) -> int:
        """How many entries the engine holds in state, the log of records kept for corrections
        included (bounded by the retention)."""
        return self.engine.size() + self.engine.corrections.size()

    @property
    def late_effects(self) -> int:
        """Records that could not change a decision they would have changed (see
        `engines/stream/machines/base.py`)."""
        return self.engine.late_effects

    def _findings(self, step: Step) -> list[Finding]:
        for reject in step.rejects:
            self.on_reject(reject)
        if not step.corrections:
            return self._finished(step.breaches)
        found: list[Finding] = []
        done = 0
        for before, was, now, meta in step.corrections:  # in the order decided
            found += self._finished(step.breaches[done:before])
            done = before
            finding = finalize(now, meta) if now is not None else None
            if finding is None and was is not None:
                printed = finalize(was, meta)  # None: never printed, nothing to take back
                finding = printed.model_copy(update={"status": "retracted"}) if printed else None
            if finding is not None:
                found.append(self.escalation(finding))
        return found + self._finished(step.breaches[done:])

    def _finished(self, breaches: Iterable[tuple[Breach, TreatyMeta]]) -> list[Finding]:
        """Breaches as findings with their channels, in the order decided."""
        findings = (finalize(breach, meta) for breach, meta in breaches)
        return [self.escalation(finding) for finding in findings if finding is not None]


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
