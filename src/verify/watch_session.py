"""One watch's session: batches through the engine, findings delivered, checkpoints taken.

A `Session` (what `verify.watching.run` sets up and tears down) reads each batch from its
source, hands it to the `Watcher` (checked in worker processes first, if any), delivers each
finding as one JSON line to its sink the moment it is decided, writes rejects as they come,
and checkpoints to the state folder after every so many records, when the input pauses, at
the end and when asked to stop (`Stopper`: at safe points only). A live input's findings that
only the end of input would decide are delivered as they stand (`Session.stand`), and retracted
once they no longer do (`Standing`, kept in the state folder).

However the input behaves, a finding is delivered and checkpointed within a second of being
decided: standard input is polled (a stall is a pause, `Inputs.batches`), a pause hands the
batch still queued for the worker processes to the engine at once, and a finding delivered more
than `CHECKPOINT_WITHIN` ago while records keep coming is checkpointed then (unless the
checkpoints would take more than `CHECKPOINT_SHARE` of the time: a very large state).
"""

from __future__ import annotations

import json
import time
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from verify.engines.stream.checkpoint import Checkpoint, StateDir
from verify.engines.stream.codec import compact
from verify.engines.stream.corrections import Roles
from verify.engines.stream.inputs import Line, Position
from verify.engines.stream.parallel import Checkers, Pending, check_line
from verify.feeds import Reject
from verify.feeds.rejects import reject_line
from verify.model.finding import Finding
from verify.model.obligation import SEVERITIES
from verify.report.serialize import finding_line
from verify.transport import Sink, Source
from verify.watcher import Watcher

#: Seconds after which a delivered finding is checkpointed even while records keep coming.
CHECKPOINT_WITHIN = 0.5
#: The most of its time a watch spends on checkpoints taken for `CHECKPOINT_WITHIN`.
CHECKPOINT_SHARE = 0.2


class Stop(Exception):
    """Raised inside a watch to checkpoint and stop (a signal, or the embedding program)."""


class Stopper:
    """A request to stop, honoured at safe points only.

    While the watch waits for input, a request stops it at once (`Stop`); while it handles a
    batch (delivering findings, journalling them, checkpointing) the request is only noted, and
    the watch stops after the batch: never between delivering a finding and journalling it.
    """

    def __init__(self) -> None:
        self.waiting = False
        self.requested = False

    def request(self) -> None:
        """Ask the watch to stop (safe to call from a signal handler)."""
        self.requested = True
        if self.waiting:
            raise Stop


@dataclass
class WatchSummary:
    """What a watch did: records accepted (`corrected`: of them, behind the watermark) and
    rejected (`too_late`: of them, older than the retention), findings delivered (`failing`:
    ids whose last line is at or above --fail-on)."""

    accepted: int
    rejected: int
    too_late: int
    findings: int
    failing: int
    late_effects: int
    corrected: int = 0
    stopped: bool = False  # by a signal or the embedding program, not by the end of input


#: The file in a state folder holding the standing findings last delivered (live inputs).
STANDING = "standing.jsonl"


def retracted_line(line: str) -> str:
    """A delivered line, retracted: the same fields in the same text (written by orjson, as the
    line was: `codec.compact`), status `retracted`."""
    # json reads it (orjson would make a float of an integer beyond 64 bits; a retraction is rare)
    return compact({**json.loads(line), "status": "retracted"}).decode("utf-8")


class Standing:
    """The standing findings of a live input as last delivered (`Session.stand`), kept in the
    state folder so that a restart still retracts one that no longer stands."""

    def __init__(self, folder: Path | None) -> None:
        self.file = folder / STANDING if folder is not None else None
        self.lines: dict[str, str] = {}
        self._saved: dict[str, str] = {}
        if self.file is not None and self.file.exists():
            for line in self.file.read_text(encoding="utf-8").splitlines():
                try:
                    finding_id = json.loads(line)["id"]
                except (ValueError, KeyError, TypeError):
                    continue  # a torn or foreign line: that finding is delivered again
                if isinstance(finding_id, str):
                    self.lines[finding_id] = line
            self._saved = dict(self.lines)

    def forget(self, finding_id: str) -> None:
        """A finding decided for good: no longer standing."""
        self.lines.pop(finding_id, None)

    def save(self) -> None:
        """Write the lines, if they changed (replacing the file whole)."""
        if self.file is None or self.lines == self._saved:
            return
        temporary = self.file.with_suffix(".tmp")
        temporary.write_text("".join(f"{line}\n" for line in self.lines.values()), "utf-8")
        temporary.replace(self.file)
        self._saved = dict(self.lines)


class Session:
    """One watch over some inputs: delivers findings, writes rejects, checkpoints."""

    def __init__(
        self,
        watcher: Watcher,
        inputs: Source,
        delivery: Sink,
        state: StateDir | None,
        rejects: IO[bytes] | None,
        fail_on: int,
    ) -> None:
        self.watcher = watcher
        self.inputs = inputs
        self.delivery = delivery
        self.state = state
        self.rejects = rejects
        self.fail_on = fail_on
        self.findings = 0
        self.failing: set[str] = set()  # ids whose last line is at or above --fail-on
        self.rejected = 0
        #: Whether rejects are written and counted here (of a group's partitions, by the first).
        self.reports_rejects = True
        self.since_checkpoint = 0
        self.unsaved: float | None = None  # when the first finding since the checkpoint went out
        self.saved = (0.0, 0.0)  # when the last checkpoint ended, and how long it took
        #: Inputs checkpointed before the line after their position was read, and where.
        self.unfollowed: dict[int, Position] = {}
        watcher.on_reject = self.reject
        inputs.rejected = self.entry_reject
        #: A live input's standing findings (`Watcher.standing`), as last delivered, by id.
        self.standing = Standing(state.path if state is not None else None)

    def reject(self, reject: Reject) -> None:
        """Write a reject to the rejects file (if any) and count it."""
        if not self.reports_rejects:
            return
        self.rejected += 1
        if self.rejects is not None:
            self.rejects.write(reject_line(reject).encode("utf-8"))

    def entry_reject(self, reject: Reject) -> None:
        """An input's entry that held no record: written to the rejects, and counted as
        consumed (so that a checkpoint stores it)."""
        self.reject(reject)
        self.since_checkpoint += 1

    def emit(self, findings: list[Finding], *, closing: bool = False) -> None:
        """Deliver each finding as one JSON line, at once (`closing`: decided by the end of
        input); a finding decided so takes the place of its standing version."""
        for finding in findings:
            self.standing.forget(finding.id)
            self._deliver(finding_line(finding), finding, closing=closing)

    def stand(self) -> None:
        """Deliver the standing findings (live inputs) that changed since last delivered, and
        retract those that no longer stand."""
        now = {finding.id: finding for finding in self.watcher.standing()}
        for finding_id, finding in now.items():
            line = finding_line(finding)
            if self.standing.lines.get(finding_id) != line:
                self.standing.lines[finding_id] = line
                self._deliver(line, finding)
        for finding_id in [f for f in self.standing.lines if f not in now]:
            line = retracted_line(self.standing.lines.pop(finding_id))
            self._deliver(line, None, finding_id=finding_id)

    def _deliver(
        self,
        line: str,
        finding: Finding | None,
        *,
        closing: bool = False,
        finding_id: str | None = None,
    ) -> None:
        if not self.delivery.deliver(line, closing=closing):
            return
        if self.unsaved is None:
            self.unsaved = time.monotonic()
        self.findings += 1
        failing = finding is not None and finding.status not in ("pending", "retracted")
        if finding is not None and failing and SEVERITIES.index(finding.severity) >= self.fail_on:
            self.failing.add(finding.id)
        else:
            self.failing.discard(finding.id if finding is not None else finding_id or "")

    def checkpoint(self) -> None:
        """Save the engine and the input position (with a state folder), once the findings
        are written to the sink; then let the input acknowledge what the checkpoint holds."""
        if self.inputs.live:
            self.stand()
        self.delivery.flush()
        self.standing.save()
        if self.state is None:
            self.inputs.stored()
            return
        started = time.monotonic()
        size = 0
        if self.rejects is not None:
            self.rejects.flush()
            size = self.rejects.tell()
        positions = self.inputs.positions()
        self.state.save(
            Checkpoint(
                engine=self.watcher.snapshot(),
                sources=self.inputs.displays(),
                positions=positions,
                output_size=self.delivery.size(),
                rejects_size=size,
            ),
            carry=self.delivery.carried(),
        )
        self.unfollowed = {
            index: position
            for index, position in enumerate(positions)
            if position.chain is not None and position.following is None
        }
        self.since_checkpoint = 0
        self.unsaved = None
        self.inputs.stored()
        ended = time.monotonic()
        self.saved = (ended, ended - started)

    def overdue(self) -> bool:
        """Whether a finding delivered since the last checkpoint has waited long enough for
        one (and checkpoints take no more than their share of the time)."""
        if self.unsaved is None or self.state is None:
            return False
        now = time.monotonic()
        ended, took = self.saved
        return now - self.unsaved >= CHECKPOINT_WITHIN and took <= CHECKPOINT_SHARE * (now - ended)

    def run(self, every: int, stopper: Stopper, checkers: Checkers | None) -> None:
        """Feed every batch as it arrives; checkpoint every `every` records and when idle.

        With `checkers`, the next batch is checked in the workers while this one is handled.
        """
        batches = self.inputs.batches()
        queue: deque[tuple[list[Line], list[Position], Pending | None]] = deque()
        while True:
            stopper.waiting = True
            if stopper.requested:
                raise Stop
            batch = next(batches, None)
            stopper.waiting = False
            if batch is None:
                break
            if not batch:  # a pause: catch up, and checkpoint what was done
                self._drain(queue, every)
                self.inputs.commit(self.inputs.reached())
                if self.since_checkpoint:
                    self.checkpoint()
                if self.rejects is not None:
                    self.rejects.flush()
                continue
            if self.unfollowed:
                self._note_following()
            pending = checkers.submit(batch) if checkers is not None else None
            queue.append((batch, self.inputs.reached(), pending))
            while len(queue) > (1 if checkers is not None else 0):
                self._handle(*queue.popleft(), every)
        self._drain(queue, every)
        self.inputs.commit(self.inputs.reached())

    def _note_following(self) -> None:
        """Journal the line that follows a checkpointed position, once read (before anything
        it decides is delivered)."""
        assert self.state is not None
        for index, position in list(self.unfollowed.items()):
            following = self.inputs.following(index, position)
            if following is not None:
                self.state.note_following(index, following)
                del self.unfollowed[index]

    def summary(self) -> WatchSummary:
        """What the watch has done so far."""
        state = self.watcher.engine.state
        return WatchSummary(
            accepted=state.accepted,
            rejected=self.rejected,
            too_late=state.too_late,
            findings=self.findings,
            failing=len(self.failing),
            late_effects=self.watcher.late_effects,
            corrected=self.watcher.engine.corrections.corrected,
        )

    def _drain(
        self, queue: deque[tuple[list[Line], list[Position], Pending | None]], every: int
    ) -> None:
        while queue:
            self._handle(*queue.popleft(), every)

    def _handle(
        self, batch: list[Line], positions: list[Position], pending: Pending | None, every: int
    ) -> None:
        """One batch through the engine: its rejects written, its findings delivered."""
        schema = self.watcher.engine.schema
        roles: list[Roles] | None = None
        if pending is not None:
            answers = pending.result()
            checked = [one for one, _ in answers]
            roles = [played for _, played in answers]
        else:
            checked = [check_line(text, file, line, schema) for text, file, line in batch]
        items = [
            (c, file, line, text) for c, (text, file, line) in zip(checked, batch, strict=True)
        ]
        self.emit(self.watcher.feed_checked(items, roles))
        self.delivery.flush()
        self.inputs.commit(positions)
        if self.state is None:
            self.inputs.stored()
        self.since_checkpoint += len(batch)
        if self.since_checkpoint >= every or self.overdue():
            self.checkpoint()
