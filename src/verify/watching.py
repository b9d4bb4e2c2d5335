"""Watching inputs as they arrive, with findings delivered exactly once across restarts.

What `verify watch` runs, and what a pipeline embedding `verify` runs the same way: a
`Watcher` (the stream engine, findings and channels) fed from `Inputs`, each finding delivered
as one JSON line (`Delivery`: to a file, a pipe or standard output), rejects written as they
come, and with a state folder, checkpoints (`StateDir`) after every so many records, when the
input pauses, at the end and when asked to stop, so that a restart resumes where it stopped
without losing a record or delivering a finding twice.

The inputs and the delivery are a `verify.transport` source and sink: files and standard input
and a file or standard output, or a broker's stream (`--from`, `--to redis://...`), whose
entries are acknowledged only once a checkpoint holds them (`Source.stored`). A stream has no
end of input, so what the end would decide is delivered as it stands instead (`Session.stand`).

The loop itself (batches in, findings out, checkpoints, standing findings) is a `Session`
(`watch_session.py`); this module opens what it reads, delivers to and saves in, and closes it
all again, however the watch ends.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import IO, Any

from verify.engines.stream import DEFAULT_LATENESS
from verify.engines.stream.checkpoint import Checkpoint, Delivery, StateDir
from verify.engines.stream.inputs import STDIN, Inputs, parse_line
from verify.engines.stream.parallel import Checkers, default_workers
from verify.engines.stream.share import Share
from verify.errors import UsageError, display_path
from verify.garbage import WATCH_YOUNGEST, fewer_collections
from verify.model.obligation import SEVERITIES, Severity
from verify.model.pack import Pack
from verify.report.serialize import finding_line
from verify.transport import (
    Sink,
    Source,
    join_group,
    leave_group,
    open_sink,
    open_source,
    source_display,
)
from verify.watch_session import (
    CHECKPOINT_SHARE,
    CHECKPOINT_WITHIN,
    STANDING,
    Session,
    Standing,
    Stop,
    Stopper,
    WatchSummary,
    retracted_line,
)
from verify.watcher import Watcher

__all__ = [
    "CHECKPOINT_SHARE",
    "CHECKPOINT_WITHIN",
    "STANDING",
    "Consumed",
    "Session",
    "Standing",
    "Stop",
    "Stopper",
    "WatchSummary",
    "finding_line",
    "open_rejects",
    "retracted_line",
    "run",
    "watch",
]


class Consumed:
    """Whether a line is a record the resumed engine has seen already: its id, or None."""

    def __init__(self) -> None:
        self.watcher: Watcher | None = None

    def __call__(self, line: bytes) -> str | None:
        parsed = parse_line(line, STDIN, 0)
        record_id = parsed.get("id") if isinstance(parsed, dict) else None
        if self.watcher is None or not isinstance(record_id, str):
            return None
        return record_id if self.watcher.engine.state.seen.get(record_id) else None


def open_rejects(path: Path | None, checkpoint: Checkpoint | None) -> IO[bytes] | None:
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


def watch(
    treaties: Sequence[str | Pack],
    sources: Sequence[str],
    *,
    lateness: timedelta = DEFAULT_LATENESS,
    retention: timedelta | None = None,
    **options: Any,
) -> WatchSummary:
    """`Watcher(treaties, lateness=..., retention=...).watch(sources, **options)`: see
    `run` for the options."""
    return run(Watcher(treaties, lateness=lateness, retention=retention), sources, **options)


def run(
    watcher: Watcher,
    sources: Sequence[str],
    *,
    output: Path | None = None,
    rejects: Path | None = None,
    state_dir: Path | None = None,
    follow: bool = False,
    checkpoint_every: int = 10_000,
    workers: int | None = None,
    fail_on: Severity = "minor",
    stopper: Stopper | None = None,
    source: str | None = None,
    sink: str | None = None,
    group: str = "verify",
    partitions: int | None = None,
) -> WatchSummary:
    """Watch `sources` (JSON Lines files, or `-` for standard input) through a new `watcher`.

    Each finding is delivered as one JSON line to `output` (standard output when None) the
    moment it is decided; what is left is decided at the end of input (not with `follow`).
    With `state_dir`, the watch checkpoints there and a later call with the same folder and
    sources resumes (the watcher's state restored from it): no record lost, no finding
    delivered twice. `stopper.request()` stops it at the next safe point, with a checkpoint.

    `source`, a URL (`redis://HOST:PORT/STREAM`), is read instead of `sources`, through
    consumer group `group`; it has no end, so what only the end of input would decide is
    delivered as it stands (`Session.stand`). `sink`, a URL (`redis://HOST:PORT/KEY`), takes
    the findings instead of `output` (`verify.transport`). `partitions` (more than 1) splits
    the group between that many watches by party, each of them one call (`transport/groups.py`,
    `engines/stream/share.py`); fixed when the group's first watch starts, then left out.
    """
    if source is not None and sources:
        raise UsageError("read observations from files, standard input or --from, not both")
    if sink is not None and output is not None:
        raise UsageError("deliver findings to --output or --to, not both")
    stopper = stopper or Stopper()
    state = StateDir(state_dir) if state_dir is not None else None
    membership = None
    if source is not None:
        membership = join_group(source, group=group, state_dir=state_dir, partitions=partitions)
        displays = [source_display(source, group, membership)]
    else:
        displays = [STDIN if s == STDIN else display_path(s) for s in sources]
    try:
        if membership is not None:
            packs = watcher.engine.packs
            watcher.engine.assign(Share.of(packs, membership.number, membership.count))
        checkpoint = state.load(displays) if state is not None else None
    except BaseException:
        if membership is not None and source is not None:
            leave_group(source, membership)
        raise
    consumed = Consumed()
    inputs: Source | None = None
    delivery: Sink | None = None
    out: IO[bytes] | None = None
    checkers: Checkers | None = None
    try:
        if checkpoint is not None:
            watcher.engine.restore(checkpoint.engine)
        positions = checkpoint.positions if checkpoint else None
        if source is not None:
            at = positions[0] if positions else None
            inputs = open_source(
                source, group=group, state_dir=state_dir, position=at, membership=membership
            )
        else:
            inputs = Inputs(list(sources), follow=follow, positions=positions, consumed=consumed)
        delivery = open_sink(sink) if sink is not None else Delivery(output, state, checkpoint)
        out = open_rejects(rejects, checkpoint)
        consumed.watcher = watcher
        workers = default_workers() if workers is None else workers
        if workers:
            checkers = Checkers(watcher.engine.schema, watcher.engine.packs, workers)
        session = Session(watcher, inputs, delivery, state, out, SEVERITIES.index(fail_on))
        session.reports_rejects = membership is None or membership.number == 0
        with fewer_collections(WATCH_YOUNGEST):
            try:
                session.run(checkpoint_every, stopper, checkers)
                if session.since_checkpoint or checkpoint is None:
                    session.checkpoint()
                session.emit(watcher.close(), closing=True)
                delivery.flush()
            except Stop:
                stopper.waiting = False
                session.checkpoint()
                return replace(session.summary(), stopped=True)
        return session.summary()
    finally:
        if checkers is not None:
            checkers.close()
        if inputs is not None:
            inputs.close()
        if delivery is not None:
            delivery.close()
        if out is not None:
            out.close()
        if state is not None:
            state.close()
