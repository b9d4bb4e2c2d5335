"""`verify watch`: the stream engine over JSON Lines as they arrive, findings as JSON Lines."""

from __future__ import annotations

import gc
import json
import re
import signal
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from types import FrameType
from typing import IO, cast

import click

from verify import api
from verify.cli.common import EXIT_FINDINGS, EXIT_OK, reports_errors
from verify.engines.stream import DEFAULT_LATENESS
from verify.engines.stream.checkpoint import Checkpoint, Delivery, StateDir
from verify.engines.stream.inputs import STDIN, Inputs, Line, Position
from verify.engines.stream.parallel import Checkers, Pending, check_line, default_workers
from verify.errors import UsageError, display_path
from verify.feeds import Reject
from verify.model.finding import Finding
from verify.model.obligation import SEVERITIES, Severity
from verify.report import finding_to_json

DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|m|h|d|w)\s*$")
UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


class Stop(Exception):
    """SIGTERM or SIGINT asks the watch to checkpoint and stop."""


def parse_duration(text: str, option: str) -> timedelta:
    """`90m`, `1h`, `2.5d`, `1w`: a number and one of s, m, h, d, w."""
    match = DURATION.match(text)
    if match is None:
        raise UsageError(f"{option} {text!r}: give a number and a unit, such as 90m, 1h or 2d")
    return timedelta(**{UNITS[match[2]]: float(match[1])})


class Stopper:
    """SIGTERM and SIGINT, handled at safe points only.

    While the watch waits for input, a signal stops it at once (`Stop`); while it handles a
    batch (printing findings, journalling them, checkpointing) the signal is only noted, and
    the watch stops after the batch: never between printing a finding and journalling it.
    """

    def __init__(self) -> None:
        self.waiting = False
        self.requested = False

    def handle(self, signum: int, frame: FrameType | None) -> None:
        """The signal handler."""
        self.requested = True
        if self.waiting:
            raise Stop

    @contextmanager
    def installed(self) -> Iterator[None]:
        """Handle SIGTERM and SIGINT for the duration."""
        previous = {s: signal.signal(s, self.handle) for s in (signal.SIGTERM, signal.SIGINT)}
        try:
            yield
        finally:
            for number, handler in previous.items():
                signal.signal(number, handler)


#: Cyclic garbage collection while watching: the youngest generation is collected after this
#: many new objects rather than CPython's 700, the older ones as usual. The engine keeps
#: hundreds of thousands of records and their state alive, which every collection of the
#: older generations walks through: at the default, a sixth of the time of a long feed.
GC_THRESHOLDS = (50_000, 20, 10)


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Collect garbage less often for the duration (the loaded packs frozen out of it)."""
    previous = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*previous)
        gc.unfreeze()


class Session:
    """One run of `verify watch`: delivers findings, writes rejects, checkpoints."""

    def __init__(
        self,
        watcher: api.Watcher,
        inputs: Inputs,
        delivery: Delivery,
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
        self.failing = 0
        self.rejected = 0
        self.since_checkpoint = 0

    def reject(self, reject: Reject) -> None:
        """Write a reject to the rejects file (if any) and count it."""
        self.rejected += 1
        if self.rejects is not None:
            text = json.dumps(reject.to_json(), ensure_ascii=False, default=str) + "\n"
            self.rejects.write(text.encode("utf-8"))

    def emit(self, findings: list[Finding], *, closing: bool = False) -> None:
        """Deliver each finding as one JSON line, at once (`closing`: decided by the end of
        input)."""
        for finding in findings:
            line = json.dumps(finding_to_json(finding), ensure_ascii=False, separators=(",", ":"))
            if not self.delivery.deliver(line, closing=closing):
                continue
            self.findings += 1
            if finding.status != "pending" and SEVERITIES.index(finding.severity) >= self.fail_on:
                self.failing += 1

    def checkpoint(self) -> None:
        """Save the engine and the input position (with --state)."""
        if self.state is None:
            return
        size = 0
        if self.rejects is not None:
            self.rejects.flush()
            size = self.rejects.tell()
        self.state.save(
            Checkpoint(
                engine=self.watcher.snapshot(),
                sources=self.inputs.displays(),
                positions=self.inputs.positions(),
                output_size=self.delivery.size(),
                rejects_size=size,
            ),
            carry=self.delivery.carried(),
        )
        self.since_checkpoint = 0

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
            pending = checkers.submit(batch) if checkers is not None else None
            queue.append((batch, self.inputs.reached(), pending))
            while len(queue) > (1 if checkers is not None else 0):
                self._handle(*queue.popleft(), every)
        self._drain(queue, every)
        self.inputs.commit(self.inputs.reached())

    def _drain(
        self, queue: deque[tuple[list[Line], list[Position], Pending | None]], every: int
    ) -> None:
        while queue:
            self._handle(*queue.popleft(), every)

    def _handle(
        self, batch: list[Line], positions: list[Position], pending: Pending | None, every: int
    ) -> None:
        """One batch through the engine: its rejects written, its findings delivered."""
        engine = self.watcher.engine
        if pending is not None:
            checked = pending.result()
        else:
            checked = [check_line(text, file, line, engine.schema) for text, file, line in batch]
        items = [
            (c, file, line, text) for c, (text, file, line) in zip(checked, batch, strict=True)
        ]
        self.emit(self.watcher.feed_checked(items))
        self.inputs.commit(positions)
        self.since_checkpoint += len(batch)
        if self.since_checkpoint >= every:
            self.checkpoint()


def _open_rejects(path: Path | None, checkpoint: Checkpoint | None) -> IO[bytes] | None:
    """The rejects file: new, or (resuming) cut back to where the checkpoint left it."""
    if path is None:
        return None
    if not path.exists() or not path.is_file():
        return path.open("wb")  # a new file, or a device such as /dev/null
    if checkpoint is None:
        return path.open("wb")
    out = path.open("r+b")
    out.truncate(checkpoint.rejects_size)
    out.seek(checkpoint.rejects_size)
    return out


@click.command("watch")
@click.option(
    "--treaty",
    "treaties",
    multiple=True,
    required=True,
    metavar="PACK",
    help="A pack folder, compiled-pack JSON, or shipped pack id (repeatable).",
)
@click.argument("observations", nargs=-1)
@click.option("--follow", is_flag=True, help="Keep reading the files as they grow.")
@click.option(
    "--lateness",
    default="1h",
    show_default=True,
    metavar="DURATION",
    help="How far out of event-time order records may arrive (90m, 1h, 2d).",
)
@click.option(
    "--retention",
    metavar="DURATION",
    help="How long state is kept (default: a year beyond the longest deadline, plus lateness).",
)
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Append findings here, not to stdout (exactly once across --state restarts).",
)
@click.option(
    "--rejects",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write rejected records here (JSON Lines).",
)
@click.option(
    "--state",
    "state_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Checkpoint here, and resume from here after a restart.",
)
@click.option(
    "--checkpoint-every",
    default=10_000,
    show_default=True,
    metavar="N",
    type=click.IntRange(min=1),
    help="Checkpoint after this many records (also when the input pauses, and at the end).",
)
@click.option(
    "--workers",
    metavar="N",
    type=click.IntRange(min=0),
    help="Parse and check records in N worker processes while the engine works [default: 1"
    " with two CPUs or more, else 0].",
)
@click.option(
    "--fail-on",
    type=click.Choice(SEVERITIES),
    default="minor",
    show_default=True,
    help="Exit 1 when a finding of this severity or above was printed.",
)
@reports_errors
def watch_command(
    treaties: tuple[str, ...],
    observations: tuple[str, ...],
    follow: bool,
    lateness: str,
    retention: str | None,
    output: Path | None,
    rejects: Path | None,
    state_dir: Path | None,
    checkpoint_every: int,
    workers: int | None,
    fail_on: str,
) -> None:
    """Check OBSERVATIONS (JSON Lines files, or - for stdin, the default) as records arrive.

    Prints each finding as one JSON line the moment it is decided: once the watermark (the
    latest event time less --lateness) has passed what decides it. A missing notice or reply
    is printed when its deadline passes, and printed again with the same id if it arrives late.
    At the end of input (not with --follow), what is still open is decided as `verify check`
    would at the latest event time. Ctrl-C or SIGTERM stops after the batch at hand,
    checkpointing with --state; a restart with the same --state resumes where it stopped.
    """
    sources = list(observations) or ["-"]
    late = parse_duration(lateness, "--lateness") if lateness else DEFAULT_LATENESS
    keep = parse_duration(retention, "--retention") if retention else None
    state = StateDir(state_dir) if state_dir is not None else None
    displays = [STDIN if s == STDIN else display_path(s) for s in sources]
    checkpoint = state.load(displays) if state is not None else None
    inputs = Inputs(sources, follow=follow, positions=checkpoint.positions if checkpoint else None)
    out = _open_rejects(rejects, checkpoint)
    delivery = Delivery(output, state, checkpoint)
    checkers: Checkers | None = None
    try:
        watcher = api.Watcher(
            list(treaties),
            lateness=late,
            retention=keep,
            state=checkpoint.engine if checkpoint else None,
        )
        workers = default_workers() if workers is None else workers
        if workers:
            checkers = Checkers(watcher.engine.schema, workers)
        threshold = SEVERITIES.index(cast(Severity, fail_on))
        session = Session(watcher, inputs, delivery, state, out, threshold)
        watcher.on_reject = session.reject
        stopper = Stopper()
        with stopper.installed(), fewer_collections():
            try:
                session.run(checkpoint_every, stopper, checkers)
                if session.since_checkpoint or checkpoint is None:
                    session.checkpoint()
                session.emit(watcher.close(), closing=True)
            except Stop:
                stopper.waiting = False
                session.checkpoint()
        _summary(session, rejects)
    finally:
        if checkers is not None:
            checkers.close()
        inputs.close()
        delivery.close()
        if out is not None:
            out.close()
        if state is not None:
            state.close()
    raise SystemExit(EXIT_FINDINGS if session.failing else EXIT_OK)


def _summary(session: Session, rejects: Path | None) -> None:
    engine = session.watcher.engine
    where = f" (written to {rejects})" if rejects else ""
    late = f", {engine.state.too_late} of them too late" if engine.state.too_late else ""
    click.echo(
        f"verify watch: {engine.state.accepted} record(s) accepted, {session.rejected} rejected"
        f"{late}{where}, {session.findings} finding(s) printed",
        err=True,
    )
    if engine.late_effects:
        click.echo(
            f"verify watch: {engine.late_effects} record(s) came too late to change a decision"
            " already printed (see --lateness and --retention)",
            err=True,
        )
