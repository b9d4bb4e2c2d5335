"""`verify check`: the batch run over feeds, rendered in the chosen format."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from verify.cli.common import (
    EXIT_FINDINGS,
    EXIT_OK,
    cached_pack,
    check_outputs,
    parse_moment,
    reports_errors,
)
from verify.cli.findings_cache import Remembering
from verify.cli.progress import Stopwatch, both, stage_progress
from verify.errors import Location, UsageError
from verify.escaping import printable
from verify.garbage import CHECK_YOUNGEST, fewer_collections
from verify.model.obligation import SEVERITIES
from verify.model.waiver import Waiver
from verify.report import FORMATS, render_chunks
from verify.views import LEVELS, NATIONAL

if TYPE_CHECKING:
    from verify.model.finding import Finding


@click.command("check")
@click.option(
    "--treaty",
    "treaties",
    multiple=True,
    required=True,
    metavar="PACK",
    help="A pack folder, compiled-pack JSON, or shipped pack id (repeatable).",
)
@click.argument("observations", nargs=-1, required=True)
@click.option(
    "--as-of", "as_of", metavar="TIME", help="Judge as at this time (default: latest record)."
)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@click.option(
    "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write here, not stdout."
)
@click.option(
    "--fail-on",
    type=click.Choice(SEVERITIES),
    default="minor",
    show_default=True,
    help="Exit 1 when a finding of this severity or above exists.",
)
@click.option(
    "--rejects",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write rejected records here (JSON Lines).",
)
@click.option(
    "--for",
    "level",
    type=click.Choice(LEVELS),
    default=NATIONAL,
    show_default=True,
    help="Render as a reader cleared to this releasability may see it: evidence above it"
    " withheld and counted, nothing drawn from it shown.",
)
@click.option(
    "--waivers",
    "waivers_file",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE",
    help="Waivers (YAML): a waived finding is still shown, with its waiver, but does not count"
    " for --fail-on while the waiver holds at --as-of.",
)
@click.option("--include-pending", is_flag=True, help="Also report notices and replies still due.")
@click.option(
    "--record", is_flag=True, help="Store the findings in the ledger; its history shapes channels."
)
@click.option("--ledger", "ledger_url", metavar="URL", help="Ledger URL for --record (implies it).")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but the requested output.")
@click.option(
    "--timings", is_flag=True, help="Print the wall time of each stage on stderr (even with -q)."
)
@click.option(
    "--engine",
    type=click.Choice(("local", "dask")),
    default="local",
    show_default=True,
    help="Run the batch engine here, or on a Dask cluster (pip install 'verify[dask]').",
)
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    help="With --engine dask: the cluster's scheduler, tcp://HOST:PORT (default: a local one).",
)
@click.option(
    "--partitions",
    type=click.IntRange(min=1),
    metavar="N",
    help="With --engine dask: split the parties into N partitions (default: one per worker).",
)
@reports_errors
@fewer_collections(CHECK_YOUNGEST)
def check_command(
    treaties: tuple[str, ...],
    observations: tuple[str, ...],
    as_of: str | None,
    fmt: str,
    output: Path | None,
    fail_on: str,
    rejects: Path | None,
    level: str,
    waivers_file: Path | None,
    include_pending: bool,
    record: bool,
    ledger_url: str | None,
    quiet: bool,
    timings: bool,
    engine: str,
    scheduler: str | None,
    partitions: int | None,
) -> None:
    """Check OBSERVATIONS (files, folders or - for stdin) against treaty packs."""
    # The run's modules (pandas among them) are imported here, not for `verify check --help`.
    from verify import api
    from verify.arrow_memory import prefer_jemalloc
    from verify.feeds import write_rejects
    from verify.waivers.apply import evidence_activities

    prefer_jemalloc()
    check_outputs({"--output": output, "--rejects": rejects}, observations, treaties)
    if waivers_file is not None:
        check_outputs({"--output": output, "--rejects": rejects}, (str(waivers_file),))
    if engine != "dask" and (scheduler is not None or partitions is not None):
        given = "--scheduler" if scheduler is not None else "--partitions"
        raise UsageError(f"{given} needs --engine dask", Location(given))
    moment = parse_moment(as_of) if as_of else None
    waivers = api.waivers_of(waivers_file)
    stopwatch = Stopwatch() if timings else None
    packs = [cached_pack(treaty) for treaty in treaties]
    with stage_progress(enabled=not quiet and sys.stderr.isatty()) as bar:
        progress = both(bar, stopwatch.follow if stopwatch else None)
        result, feed = api.check(
            packs,
            list(observations),
            as_of=moment,
            include_pending=include_pending,
            stdin=sys.stdin.buffer,
            progress=progress,
            waivers=waivers,
            engine="dask" if engine == "dask" else "local",
            scheduler=scheduler,
            partitions=partitions,
        )
    if waivers and not quiet:
        named = any(waiver.activity is not None for waiver in waivers)
        activities = evidence_activities(feed.frame, result.findings) if named else {}
        _tell_waivers(result.findings, waivers, result.as_of, activities)
    if rejects is not None:
        write_rejects(feed.rejects, rejects)
    if feed.skipped and not quiet:
        click.echo(f"verify: {len(feed.skipped)} path(s) in input folders skipped", err=True)
        for skipped in feed.skipped[:20]:
            click.echo(printable(f"  {skipped.path}: {skipped.reason}"), err=True)
        if len(feed.skipped) > 20:
            click.echo(f"  ... and {len(feed.skipped) - 20} more", err=True)
    if feed.rejects and not quiet:
        where = f"; written to {rejects}" if rejects else "; keep them with --rejects FILE"
        click.echo(f"verify: {len(feed.rejects)} record(s) rejected{where}", err=True)
        for reject in feed.rejects[:5]:
            field = f" field {reject.field!r}" if reject.field else ""
            where = f"  {reject.file}:{reject.line}:{field} {reject.reason}"
            click.echo(printable(where), err=True)
        if len(feed.rejects) > 5:
            click.echo(f"  ... and {len(feed.rejects) - 5} more", err=True)
    if record or ledger_url:
        from verify.cli.ledger import record_findings  # the ledger's modules: --record only

        if stopwatch:
            stopwatch.mark("record")
        result = record_findings(result, treaties, ledger_url, feed.frame)
    on_terminal = output is None and sys.stdout.isatty()
    if stopwatch:
        stopwatch.mark("render")
    width = shutil.get_terminal_size().columns if on_terminal else 120
    chunks = render_chunks(result, fmt, level=level, width=width)  # written as they are made
    # `verify explain` keeps every finding in full, whatever the view printed (`--for` there).
    with Remembering(result.findings, copy_output=fmt == "jsonl" and level == NATIONAL) as kept:
        if output is not None:
            with output.open("wb") as stream:
                for chunk in chunks:
                    stream.write(chunk)
                    kept.write(chunk)
        else:
            for chunk in chunks:
                click.echo(chunk, nl=False)  # bytes: to standard output's own buffer, as UTF-8
                kept.write(chunk)
        if stopwatch:
            stopwatch.mark("write")
    if stopwatch:
        click.echo(stopwatch.summary(), err=True)
    threshold = [str(s) for s in SEVERITIES].index(fail_on)
    failing = [
        f
        for f in result.findings
        if f.status != "pending" and f.waiver is None and SEVERITIES.index(f.severity) >= threshold
    ]
    raise SystemExit(EXIT_FINDINGS if failing else EXIT_OK)


def _tell_waivers(
    findings: Sequence[Finding],
    waivers: Sequence[Waiver],
    as_of: datetime,
    activities: Mapping[str, str],
) -> None:
    """On stderr: how many findings the waivers cover, and the waivers that lapsed by `as_of`
    (their findings count again) or hold but name no finding of the run."""
    from verify.waivers import waiver_usage

    usage = waiver_usage(findings, waivers, as_of, activities)
    click.echo(f"verify: {usage.waived} finding(s) waived", err=True)
    for waiver in usage.lapsed:
        click.echo(
            printable(
                f"  {waiver.where}: expired {waiver.expires_text()}; its findings count again"
            ),
            err=True,
        )
    for waiver in usage.unused:
        near = [f.id for f in findings if waiver.finding and f.id.startswith(waiver.finding)]
        hint = f" (did you mean {near[0]}? give the whole id)" if len(near) == 1 else ""
        click.echo(printable(f"  {waiver.where}: covers no finding of this run{hint}"), err=True)
