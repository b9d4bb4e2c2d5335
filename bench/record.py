"""What `verify check --record` costs against rendering the same findings (issue 15).

    python bench/record.py [--sizes 20000 100000] [--feed-records 1000000] [--seed 8]
                           [--timeout SECONDS] [--ledger-dir DIR]
                           [--ledgers sqlite postgresql]

Generates a feed (`bench/generate.py`, kept in `bench/out/`), checks it once with every
shipped pack, and grows its findings to each size by repeating them under fresh ids (the
same treaties, obligations, parties and windows, so every group of earlier breaches that the
policy weighs grows with the size). For each size it times, in this process:

- render: the findings rendered as JSON Lines (`verify check --format jsonl`'s renderer);
- record, first: `record_run` into a new SQLite ledger (opening and migrating it included);
- record, again: the same run recorded a second time (every finding already there);
- audit: `Ledger.audit` over the ledger, which must say the chain is intact.

`--ledgers postgresql` (or `sqlite postgresql`: both, one after the other) records into a
fresh database of a throw-away PostgreSQL server instead, the one the ledger tests start
(`tests/escalation/postgres.py`).

Each figure is wall seconds with CPU seconds beside it (the machine may be shared; on
PostgreSQL the CPU seconds are this process's, the server's own are not counted). A step
still running after `--timeout` seconds is stopped and reported as `> T`; the sizes after it
are skipped. Nothing is written outside `bench/out/` and `--ledger-dir` (a temporary folder
by default).
"""

from __future__ import annotations

import argparse
import hashlib
import signal
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import TypeVar

sys.dont_write_bytecode = True
BENCH = Path(__file__).resolve().parent
OUT = BENCH / "out"
sys.path.insert(0, str(BENCH))
sys.path.insert(1, str(BENCH.parent))  # tests.escalation.postgres, for --ledgers postgresql

import generate  # noqa: E402  (bench/ is not a package)
from verify import api  # noqa: E402
from verify.escalation.ledger import Ledger  # noqa: E402
from verify.escalation.record import record_run  # noqa: E402
from verify.model.finding import Finding  # noqa: E402
from verify.model.pack import Pack  # noqa: E402
from verify.model.run import RunResult  # noqa: E402
from verify.report import render  # noqa: E402
from verify.treaty import load_pack  # noqa: E402
from verify.treaty.packs import shipped_packs  # noqa: E402

T = TypeVar("T")


class StepTimeout(Exception):
    """A step ran past `--timeout`."""


@dataclass
class Timing:
    """One step: wall and CPU seconds, or None when it ran past the timeout."""

    wall: float | None
    cpu: float | None

    def shown(self, timeout: float) -> str:
        """`12.3 (11.9 cpu)`, or `> T` for a step stopped at the timeout."""
        if self.wall is None or self.cpu is None:
            return f"> {timeout:.0f}"
        return f"{self.wall:.2f} ({self.cpu:.2f} cpu)"


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Raise StepTimeout in this (main) thread once `seconds` have passed."""

    def expire(_signum: int, _frame: FrameType | None) -> None:
        raise StepTimeout

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def timed(step: Callable[[], T], timeout: float) -> tuple[Timing, T | None]:
    """Run `step`; its timing and result (None, with no timing, past the timeout)."""
    wall, cpu = time.perf_counter(), time.process_time()
    try:
        with deadline(timeout):
            value = step()
    except StepTimeout:
        return Timing(None, None), None
    return Timing(time.perf_counter() - wall, time.process_time() - cpu), value


def grown(findings: Sequence[Finding], size: int) -> tuple[Finding, ...]:
    """`size` findings: the given ones, then copies of them under fresh deterministic ids."""
    out: list[Finding] = []
    copy = 0
    while len(out) < size:
        for finding in findings[: size - len(out)]:
            if copy == 0:
                out.append(finding)
                continue
            digest = hashlib.sha256(f"{finding.id}/{copy}".encode()).hexdigest()[:16]
            out.append(finding.model_copy(update={"id": f"F-{digest}"}))
        copy += 1
    return tuple(out)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark and print one table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[20_000, 100_000])
    parser.add_argument("--feed-records", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds per step")
    parser.add_argument("--ledger-dir", type=Path, help="where the ledgers go (default: a tmp)")
    parser.add_argument(
        "--ledgers", nargs="+", choices=["sqlite", "postgresql"], default=["sqlite"]
    )
    args = parser.parse_args(argv)

    OUT.mkdir(parents=True, exist_ok=True)
    feed = OUT / f"feed-{args.feed_records}-seed{args.seed}.jsonl"
    if not feed.is_file():
        generate.write(args.feed_records, "jsonl", args.seed, feed)
    packs = [load_pack(pack_id) for pack_id in shipped_packs()]
    began = time.perf_counter()
    result, _feed = api.check(packs, [feed])
    found = [f for f in result.findings if f.status != "pending"]
    if not found:
        print("no finding to grow (no shipped pack found?)", file=sys.stderr)
        return 2
    print(
        f"{feed.name}: {len(result.findings):,} findings from {len(packs)} packs"
        f" in {time.perf_counter() - began:.1f} s"
    )
    backends: list[tuple[str, Callable[[int], str]]] = []
    server = None
    with tempfile.TemporaryDirectory(prefix="verify-bench-record-") as scratch:
        folder = args.ledger_dir or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)

        def sqlite_url(size: int) -> str:
            (folder / f"ledger-{size}.sqlite").unlink(missing_ok=True)
            return f"sqlite:///{folder / f'ledger-{size}.sqlite'}"

        if "sqlite" in args.ledgers:
            backends.append(("sqlite", sqlite_url))
        if "postgresql" in args.ledgers:
            from tests.escalation.postgres import start_server

            server = start_server()
            backends.append(("postgresql", lambda _size: server.fresh_database()))
        rows: list[tuple[str, int, Timing, Timing, Timing, Timing, str]] = []
        try:
            for backend, url_for in backends:
                for size in args.sizes:
                    row = measure(result, found, packs, size, url_for(size), args.timeout)
                    rows.append((backend, *row))
                    _size, render_time, first, again, audit_time, report = row
                    print(
                        f"{backend}, {size:,} findings: render {render_time.shown(args.timeout)} s,"
                        f" record first {first.shown(args.timeout)} s,"
                        f" again {again.shown(args.timeout)} s,"
                        f" audit {audit_time.shown(args.timeout)} s: {report}",
                        flush=True,
                    )
                    if first.wall is None or again.wall is None:
                        break
        finally:
            if server is not None:
                server.stop()
    print()
    print("| ledger | findings | render s | record, first s | record, again s | audit s | audit |")
    print("|---|---:|---:|---:|---:|---:|---|")
    for backend, size, *steps, report in rows:
        cells = " | ".join(step.shown(args.timeout) for step in steps)
        print(f"| {backend} | {size:,} | {cells} | {report} |")
    return 0


def measure(
    result: RunResult,
    found: Sequence[Finding],
    packs: Sequence[Pack],
    size: int,
    url: str,
    timeout: float,
) -> tuple[int, Timing, Timing, Timing, Timing, str]:
    """One size into the empty ledger at `url`: render, record first and again, audit."""
    run = result.model_copy(update={"findings": grown(found, size)})

    def record() -> RunResult:
        with Ledger.open(url) as ledger:
            recorded, _outcome = record_run(run, packs, ledger)
        return recorded

    def audit() -> str:
        with Ledger.open(url) as ledger:
            return ledger.audit().message()

    render_time, _text = timed(lambda: render(run, "jsonl"), timeout)
    first, _ = timed(record, timeout)
    again = audit_time = Timing(None, None)
    report = "not run"
    if first.wall is not None:
        again, _ = timed(record, timeout)
        audit_time, message = timed(audit, timeout)
        report = message or "not finished"
    return size, render_time, first, again, audit_time, report


if __name__ == "__main__":
    raise SystemExit(main())
