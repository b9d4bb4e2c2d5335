"""The Python API that the command line and pipelines share."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

import pandas as pd

from verify.engines.batch import run_batch
from verify.engines.stream import DEFAULT_LATENESS, Settings, StreamEngine
from verify.engines.stream.engine import Checked, Raw, Step
from verify.escalation.suggest import Escalation
from verify.feeds import FeedResult, FeedSchema, Reject, read_feeds
from verify.findings import batch_findings, finalize
from verify.model.breach import Breach
from verify.model.finding import Finding
from verify.model.observation import BASE_KINDS, BASE_QUANTITIES
from verify.model.pack import Pack
from verify.model.run import PackInfo, RuleInfo, RunResult
from verify.model.treaty import TreatyMeta
from verify.predicates import AllOf, KindIs, PartyIs, Predicate
from verify.predicates.pandas import mask

if TYPE_CHECKING:
    from verify.watching import WatchSummary
from verify.treaty import load_pack

#: Told as each stage of a run starts: what it does, steps done so far, steps in all.
Progress = Callable[[str, int, int], None]


def feed_schema(packs: Sequence[Pack]) -> FeedSchema:
    """What a feed may contain given the packs in use: kinds, quantities, parties, zones."""
    return FeedSchema(
        kinds=BASE_KINDS | {kind for pack in packs for kind in pack.meta.kinds},
        quantities=BASE_QUANTITIES | {q.name for pack in packs for q in pack.meta.quantities},
        parties=frozenset(p.code for pack in packs for p in pack.meta.parties),
        zones=frozenset(z.id for pack in packs for z in pack.meta.zones),
        fields=frozenset(f.name for pack in packs for f in pack.meta.fields),
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
    found = {finding.obligation for finding in findings}
    silent: list[str] = []
    for pack in packs:
        for obligation in pack.obligations:
            if obligation.id in found or (
                obligations is not None and obligation.id not in obligations
            ):
                continue
            covered: Predicate = KindIs(obligation.scope.kinds)
            parties = obligation.scope.parties or tuple(p.code for p in pack.meta.parties)
            if parties:
                covered = AllOf((covered, PartyIs(parties)))
            if frame.empty or not bool(mask(covered, frame).any()):
                silent.append(obligation.id)
    return tuple(silent)


def check_frame(
    packs: Sequence[Pack],
    frame: pd.DataFrame,
    as_of: datetime,
    *,
    include_pending: bool = False,
    obligations: Sequence[str] | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> list[Finding]:
    """The findings of some packs over a frame of records (`read_feeds`), as known at `as_of`:
    the batch engine's breaches, made findings, with their channels, in finding order.

    `obligations` restricts the run to those ids; `progress` is told as each one starts.
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
    return Escalation(packs).all(findings)


def check(
    treaties: Sequence[str | Pack],
    observations: Sequence[str | Path],
    *,
    as_of: datetime | None = None,
    include_pending: bool = False,
    obligations: Sequence[str] | None = None,
    stdin: BinaryIO | None = None,
    progress: Progress | None = None,
) -> tuple[RunResult, FeedResult]:
    """Check observation feeds against treaty packs: the run's findings, and the feed as read.

    `as_of` defaults to the latest event time in the feeds; records after it are not yet known.
    `obligations`, if given, restricts the check to those obligation ids (a pack's `Example:`
    exercises one). `progress`, if given, is told each stage as it starts: (what, steps done,
    steps in all).
    """
    packs = [t if isinstance(t, Pack) else load_pack(t) for t in treaties]
    steps = 1 + sum(
        1 for pack in packs for o in pack.obligations if obligations is None or o.id in obligations
    )
    if progress is not None:
        progress("reading observations", 0, steps)
    feed = read_feeds(observations, feed_schema(packs), stdin=stdin)
    moment = as_of or latest_time(feed.frame)

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
        for record, file, line in records:
            self._count += 1
            items.append((record, file, line if line is not None else self._count))
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
