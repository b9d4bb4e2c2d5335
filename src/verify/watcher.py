"""The stream engine for callers that embed it (`Watcher`), and the loop `verify watch` runs
on it (`verify.watching`). Nothing here needs pandas: records are validated and findings made
one at a time (`verify.api` gives the same class, beside the batch run)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from verify.engines.stream.settings import DEFAULT_LATENESS, Settings
from verify.escalation.suggest import Escalation
from verify.feeds import Reject
from verify.feeds.schema import feed_schema
from verify.findings import finalize
from verify.model.breach import Breach
from verify.model.finding import Finding
from verify.model.pack import Pack
from verify.model.treaty import TreatyMeta
from verify.treaty import load_pack

if TYPE_CHECKING:
    from verify.engines.stream.corrections import Roles
    from verify.engines.stream.engine import Checked, Raw, Step
    from verify.watching import WatchSummary


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

    def feed_checked(
        self,
        items: Sequence[tuple[Checked, str, int, Raw]],
        roles: Sequence[Roles] | None = None,
    ) -> list[Finding]:
        """Take records already checked against the feed rules (`check_record`, perhaps in
        worker processes), each with its file, line and raw form, and perhaps the roles each
        plays (`RoleFinder.roles`, worked out there too); the findings decided."""
        return self._findings(self.engine.process_checked(items, roles))

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
