"""`verify watch`: the stream engine over JSON Lines as they arrive, findings as JSON Lines."""

from __future__ import annotations

import re
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from types import FrameType
from typing import cast

import click

from verify import watching
from verify.cli.common import EXIT_FINDINGS, EXIT_OK, cached_pack, check_outputs, reports_errors
from verify.engines.stream import DEFAULT_LATENESS
from verify.errors import UsageError
from verify.model.calendar import MAX_DAYS
from verify.model.obligation import SEVERITIES, Severity
from verify.watching import Stopper

DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|m|h|d|w)\s*$")
UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def parse_duration(text: str, option: str) -> timedelta:
    """`90m`, `1h`, `2.5d`, `1w`: a number and one of s, m, h, d, w; at most the calendar's
    span (`MAX_DAYS` days, years 1 to 9999), beyond which every length means the same."""
    match = DURATION.match(text)
    if match is None:
        raise UsageError(f"{option} {text!r}: give a number and a unit, such as 90m, 1h or 2d")
    seconds = float(match[1]) * timedelta(**{UNITS[match[2]]: 1}).total_seconds()
    if not seconds <= MAX_DAYS * 86_400:
        raise UsageError(
            f"{option} {text!r}: give a length from 0s to {MAX_DAYS}d (the calendar's span,"
            " years 1 to 9999)"
        )
    return timedelta(seconds=seconds)


@contextmanager
def signals_stop(stopper: Stopper) -> Iterator[None]:
    """SIGTERM and SIGINT ask the watch to stop (at its next safe point) for the duration."""

    def handle(signum: int, frame: FrameType | None) -> None:
        stopper.request()

    previous = {s: signal.signal(s, handle) for s in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


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
    "--from",
    "source",
    metavar="URL",
    help="Read records from a stream instead: redis://HOST:PORT/STREAM (field 'record' of each"
    " entry: one JSON record), through consumer group --group; it has no end.",
)
@click.option(
    "--to",
    "sink",
    metavar="URL",
    help="Add each finding to stream KEY and its latest version to hash KEY:latest, instead of"
    " printing it: redis://HOST:PORT/KEY.",
)
@click.option(
    "--group",
    default="verify",
    show_default=True,
    metavar="NAME",
    help="The consumer group --from reads through (created when missing).",
)
@click.option(
    "--partitions",
    metavar="N",
    type=click.IntRange(min=1, max=1024),
    help="Split --group between N watches by party (each started alike; each takes a free"
    " partition, kept in its --state). Fixed when the group's first watch starts; later ones"
    " may leave it out. [default: the group's, else 1: one watch]",
)
@click.option(
    "--lateness",
    default="1h",
    show_default=True,
    metavar="DURATION",
    help="How long to wait for records out of event-time order before deciding (90m, 1h,"
    " 2d); a record later still is kept, and what it changes is printed again.",
)
@click.option(
    "--retention",
    metavar="DURATION",
    help="How long state is kept (default: a year beyond the longest deadline, plus lateness);"
    " records this far behind the watermark are still taken into account.",
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
    help="Parse and check records, and find the roles they play, in N worker processes while"
    " the engine works [default: 1"
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
    source: str | None,
    sink: str | None,
    group: str,
    partitions: int | None,
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
    A record that arrives behind the watermark is kept all the same: a finding it changes is
    printed again under the same id, in its new form, or with status "retracted" where it no
    longer holds; the last line per id is what `verify check` finds. At the end of input
    (not with --follow), what is still open is decided as `verify check` would at the latest
    event time. Ctrl-C or SIGTERM stops after the batch at hand,
    checkpointing with --state; a restart with the same --state resumes where it stopped.
    Standard input may then be given again whole (what was consumed is skipped) or only from
    the line after the consumed ones; anything else is refused.

    With --from redis://HOST:PORT/STREAM, records come from a Redis stream and are acknowledged
    once their findings and the checkpoint are stored; a restart with the same --state reads
    what was not acknowledged again. SIGTERM then stops with exit 0. With --partitions N,
    N watches of one group each judge the parties of one partition (routed as --engine dask
    routes them), reading the whole stream so that each one's watermark is the group's.
    """
    if source is not None and observations:
        raise UsageError("give OBSERVATIONS or --from URL, not both")
    if source is not None and follow:
        raise UsageError("--follow is for files; a --from stream is followed anyway")
    if sink is not None and output is not None:
        raise UsageError("give --output or --to URL, not both")
    if partitions is not None and source is None:
        raise UsageError("--partitions splits a --from group between watches: give --from URL")
    sources = [] if source is not None else list(observations) or ["-"]
    check_outputs({"--output": output, "--rejects": rejects}, sources, treaties)
    late = parse_duration(lateness, "--lateness") if lateness else DEFAULT_LATENESS
    keep = parse_duration(retention, "--retention") if retention else None
    packs = [cached_pack(treaty) for treaty in treaties]
    stopper = Stopper()
    with signals_stop(stopper):
        summary = watching.watch(
            packs,
            sources,
            output=output,
            rejects=rejects,
            state_dir=state_dir,
            follow=follow,
            lateness=late,
            retention=keep,
            checkpoint_every=checkpoint_every,
            workers=workers,
            fail_on=cast(Severity, fail_on),
            stopper=stopper,
            source=source,
            sink=sink,
            group=group,
            partitions=partitions,
        )
    _summary(summary, rejects)
    if source is not None and summary.stopped:
        raise SystemExit(EXIT_OK)  # a stream has no end: stopping it is how a watch ends well
    raise SystemExit(EXIT_FINDINGS if summary.failing else EXIT_OK)


def _summary(summary: watching.WatchSummary, rejects: Path | None) -> None:
    where = f" (written to {rejects})" if rejects else ""
    behind = f" ({summary.corrected} behind the watermark)" if summary.corrected else ""
    late = f", {summary.too_late} of them older than --retention" if summary.too_late else ""
    click.echo(
        f"verify watch: {summary.accepted} record(s) accepted{behind}, {summary.rejected}"
        f" rejected{late}{where}, {summary.findings} finding(s) printed",
        err=True,
    )
    if summary.late_effects:
        click.echo(
            f"verify watch: {summary.late_effects} record(s) could not change a decision"
            " already printed (see --retention)",
            err=True,
        )
