"""The benchmark behind `bench/run`: `verify check` against two baselines on the same feeds.

For each size it generates one feed (`bench/generate.py`, the same seed in Parquet and JSON
Lines), then times, each as a child process whose wall time, CPU and peak resident memory
(`os.wait4`, through `bench/launch.py`) are measured:

- `verify check` (the batch engine) over the Parquet file and over the JSON Lines file, with
  every shipped pack, findings written as JSON Lines;
- baseline (a), `bench/baseline_python.py`: the same obligations evaluated record by record in
  plain Python, over the JSON Lines file;
- baseline (b), `verify watch` (the stream engine on durable_rules) over the JSON Lines file.

Every run's finding counts are compared per obligation with the generator's expected counts
(for the obligations it covers). It prints one table with the ratios to the batch engine and
writes it, with the raw figures, to `bench/out/`. Nothing is written outside `bench/out/`.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

sys.dont_write_bytecode = True
BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
OUT = BENCH / "out"
sys.path.insert(0, str(BENCH))

# bench/ is not a package: its modules import this one as `harness`, also when it runs as a script.
sys.modules.setdefault("harness", sys.modules[__name__])
import generate  # noqa: E402
from verify.treaty.packs import shipped_packs  # noqa: E402

#: `verify check` runs of each feed; the median is reported (`--repeat`).
CHECK_REPEATS = 3


@dataclass
class Run:
    """One timed child process and what it found."""

    engine: str
    input: str
    records: int
    seconds: float | None = None
    peak_mib: float | None = None
    findings: int | None = None
    counts_match: bool | None = None
    mismatches: dict[str, tuple[int, int]] = field(default_factory=dict)
    note: str = ""
    #: Seconds spent evaluating obligations and building findings, as the engine reports it
    #: (`verify check --timings`: its check stage; baseline (a): its evaluate_seconds).
    evaluate_seconds: float | None = None
    #: User and system CPU seconds of the process (the steadier figure on a shared machine).
    cpu_seconds: float | None = None

    @property
    def rate(self) -> float | None:
        """Records per second."""
        return self.records / self.seconds if self.seconds else None


def child_env() -> dict[str, str]:
    """The environment of the timed commands: caches and bytecode kept inside bench/out."""
    env = dict(os.environ)
    env["VERIFY_HOME"] = str(OUT / ".verify")
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env["MPLCONFIGDIR"] = str(OUT / ".matplotlib")
    return env


@dataclass
class Timing:
    """One child process: wall seconds, peak RSS (MiB), exit status, the end of its stderr and
    its CPU seconds (user and system)."""

    seconds: float
    peak_mib: float
    code: int
    tail: str
    cpu: float


def timed(command: list[str], stdout: Path, timeout: float) -> Timing:
    """Run a command, its output to `stdout`, and time it: through `bench/launch.py`, so that
    its peak memory is its own and not this process's (see there)."""
    errors = stdout.with_suffix(".stderr")
    report = stdout.with_suffix(".timing.json")
    report.unlink(missing_ok=True)
    launcher = [sys.executable, "-S", str(BENCH / "launch.py"), str(report), *command]
    with stdout.open("wb") as out, errors.open("wb") as err:
        began = time.perf_counter()
        child = subprocess.Popen(
            launcher, stdout=out, stderr=err, env=child_env(), cwd=ROOT, start_new_session=True
        )
        try:
            child.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(child.pid, signal.SIGKILL)  # the launcher and the command it started
            child.wait()
            seconds = time.perf_counter() - began
            return Timing(seconds, 0.0, -1, f"timed out after {timeout:.0f} s", 0.0)
    tail = errors.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-3:]
    figures = json.loads(report.read_text(encoding="utf-8"))
    return Timing(
        figures["seconds"],
        figures["peak_kib"] / 1024,
        figures["code"],
        " | ".join(tail),
        figures["cpu"],
    )


def generated(
    records: int, fmt: str, seed: int, out: Path, violations: float = 1.0
) -> dict[str, Any]:
    """`bench/generate.py` in a child process, and the expected counts it wrote. Not in this
    process: a child's peak memory (`ru_maxrss`) counts what its parent held when it forked,
    and generating a feed holds it all in memory."""
    command = [sys.executable, str(BENCH / "generate.py"), "--records", str(records)]
    command += ["--format", fmt, "--seed", str(seed), "--out", str(out)]
    command += ["--violations", str(violations)]
    subprocess.run(command, check=True, capture_output=True)
    expected = generate.expected_path(out).read_text(encoding="utf-8")
    return json.loads(expected)  # type: ignore[no-any-return]


def compare(run: Run, found: Counter[str], expected: dict[str, int]) -> None:
    """Record the total and whether the counts equal the expected ones (covered obligations)."""
    run.findings = sum(found.values())
    run.mismatches = {
        obligation: (found.get(obligation, 0), count)
        for obligation, count in expected.items()
        if found.get(obligation, 0) != count
    }
    run.counts_match = not run.mismatches


def findings_of(path: Path) -> Counter[str]:
    """Findings per obligation in a JSON Lines output; a finding printed again (same id, as
    `verify watch` does when a late answer turns up) counts once, in its latest version;
    pending ones are not counted."""
    latest: dict[str, dict[str, Any]] = {}
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                finding = json.loads(line)
                latest[finding["id"]] = finding
    return Counter(f["obligation"] for f in latest.values() if f.get("status") != "pending")


def verify_command(name: str, packs: list[str], feed: Path, extra: list[str]) -> list[str]:
    """`verify NAME --treaty P ... FEED EXTRA` with the project's console script."""
    treaties = [item for pack in packs for item in ("--treaty", pack)]
    return [str(ROOT / ".venv" / "bin" / "verify"), name, *treaties, str(feed), *extra]


def run_check(
    packs: list[str],
    feed: Path,
    expected: dict[str, int],
    timeout: float,
    repeats: int = CHECK_REPEATS,
) -> Run:
    """`verify check --format jsonl` over a feed, `repeats` times: the median wall time (all of
    them in the note) and the largest peak memory."""
    fmt = feed.suffix.lstrip(".")
    run = Run("verify check (batch, pandas)", fmt, _records(feed))
    output = OUT / f"findings-check-{feed.stem}-{fmt}.jsonl"
    extra = ["--format", "jsonl", "--output", str(output), "--timings"]
    log = OUT / f"check-{feed.stem}-{fmt}.log"
    timings: list[tuple[float, float, dict[str, float]]] = []
    peaks: list[float] = []
    for _ in range(repeats):
        timing = timed(verify_command("check", packs, feed, extra), log, timeout)
        peaks.append(timing.peak_mib)
        if timing.code not in (0, 1):
            run.peak_mib = max(peaks)
            run.note = f"exit {timing.code}: {timing.tail}"
            return run
        stages = stage_seconds(log.with_suffix(".stderr").read_text("utf-8"))
        timings.append((timing.seconds, timing.cpu, stages))
    run.peak_mib = max(peaks)
    run.seconds, run.cpu_seconds, stages = sorted(timings, key=lambda t: t[0])[len(timings) // 2]
    run.evaluate_seconds = stages.get("check")
    walls = ", ".join(f"{seconds:.1f}" for seconds, _, _ in timings)
    run.note = f"median of {walls} s; " + ", ".join(
        f"{name} {value:.1f} s" for name, value in stages.items()
    )
    compare(run, findings_of(output), expected)
    return run


def stage_seconds(stderr: str) -> dict[str, float]:
    """The stages of a `verify check --timings` run: `timings: read 2.91 s, ...` as a dict."""
    line = next((line for line in stderr.splitlines() if line.startswith("timings: ")), "")
    stages = {}
    for part in line.removeprefix("timings: ").split(", "):
        name, _, value = part.partition(" ")
        if value.endswith(" s"):
            stages[name] = float(value.removesuffix(" s"))
    return stages


def run_baseline(packs: list[str], feed: Path, expected: dict[str, int], timeout: float) -> Run:
    """Baseline (a): the plain-Python evaluation."""
    run = Run("baseline (a): plain Python", feed.suffix.lstrip("."), _records(feed))
    command = [sys.executable, str(BENCH / "baseline_python.py")]
    command += [item for pack in packs for item in ("--treaty", pack)] + [str(feed)]
    output = OUT / f"baseline-{feed.stem}.json"
    timing = timed(command, output, timeout)
    run.peak_mib, run.cpu_seconds = timing.peak_mib, timing.cpu
    if timing.code != 0:
        run.note = f"exit {timing.code}: {timing.tail}"
        return run
    run.seconds = timing.seconds
    report = json.loads(output.read_text(encoding="utf-8"))
    compare(run, Counter(report["findings"]), expected)
    run.evaluate_seconds = report["evaluate_seconds"]
    run.note = f"read {report['read_seconds']:.1f} s, evaluate {report['evaluate_seconds']:.1f} s"
    if report.get("skipped"):
        run.note += f"; not evaluated: {', '.join(sorted(report['skipped']))}"
    return run


def watch_ready() -> str | None:
    """None when `verify watch` runs; otherwise why not."""
    if not (ROOT / "src" / "verify" / "cli" / "watch.py").is_file():
        return "verify watch is not written yet (no src/verify/cli/watch.py)"
    probe = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "verify"), "watch", "--help"],
        capture_output=True,
        env=child_env(),
        check=False,
    )
    if probe.returncode != 0:
        return "verify watch --help fails: " + probe.stderr.decode(errors="replace")[-200:]
    return None


def run_watch(packs: list[str], feed: Path, expected: dict[str, int], timeout: float) -> Run:
    """Baseline (b): `verify watch` over the JSON Lines feed (stream engine, durable_rules)."""
    run = Run("baseline (b): verify watch (durable_rules)", "jsonl", _records(feed))
    missing = watch_ready()
    if missing:
        run.note = missing
        return run
    output = OUT / f"findings-watch-{feed.stem}.jsonl"
    timing = timed(verify_command("watch", packs, feed, []), output, timeout)
    run.peak_mib, run.cpu_seconds = timing.peak_mib, timing.cpu
    if timing.code not in (0, 1):
        run.note = f"exit {timing.code}: {timing.tail}"
        return run
    run.seconds = timing.seconds
    compare(run, findings_of(output), expected)
    return run


def alternated(makers: list[Callable[[], Run]], repeats: int) -> list[Run]:
    """Each maker's run `repeats` times, the makers taking turns (a round of each, then the
    next), so that a ratio between them sees the same moments of a shared machine; per maker
    the run of the median wall time, with the largest peak and every wall time in its note.
    A run that failed is reported as it failed."""
    rounds = [[make() for make in makers] for _ in range(max(1, repeats))]
    chosen = []
    for runs in zip(*rounds, strict=True):
        failed = next((run for run in runs if run.seconds is None), None)
        if failed is not None or len(runs) == 1:
            chosen.append(failed or runs[0])
            continue
        median = sorted(runs, key=lambda run: run.seconds or 0.0)[len(runs) // 2]
        median.peak_mib = max(run.peak_mib or 0.0 for run in runs)
        walls = ", ".join(f"{run.seconds:.1f}" for run in runs)
        median.note = f"median of {walls} s" + (f"; {median.note}" if median.note else "")
        chosen.append(median)
    return chosen


_RECORDS: dict[Path, int] = {}


def _records(feed: Path) -> int:
    return _RECORDS[feed]


def machine() -> dict[str, str]:
    """What the figures were measured on."""
    cpu = ""
    with Path("/proc/cpuinfo").open(encoding="utf-8") as info:
        cpu = next((line.split(":", 1)[1].strip() for line in info if "model name" in line), "")
    return {
        "nproc": str(os.cpu_count()),
        "cpu": cpu,
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


def _fmt(value: float | None, spec: str) -> str:
    return "—" if value is None else format(value, spec)


def table(runs: list[Run]) -> str:
    """One Markdown table: a row per engine and size, ratios to `verify check` on JSONL."""
    header = (
        "| records | engine | input | wall s | records/s | peak MiB | findings | counts |"
        " batch speed-up | evaluating s |\n|---:|---|---|---:|---:|---:|---:|---|---:|---:|\n"
    )
    rows = []
    for run in runs:
        batch = next(
            (
                r
                for r in runs
                if r.records == run.records
                and r.engine.startswith("verify check")
                and r.input == "jsonl"
            ),
            None,
        )
        ratio = (
            run.seconds / batch.seconds
            if run.seconds and batch is not None and batch.seconds and run is not batch
            else None
        )
        counts = (
            "—"
            if run.counts_match is None
            else "exact"
            if run.counts_match
            else "DIFFER " + ", ".join(f"{k} {a}≠{b}" for k, (a, b) in run.mismatches.items())
        )
        rate, speedup = run.rate, _fmt(ratio, ".2f") + "x" if ratio else "—"
        seconds = _fmt(run.seconds, ".1f") if run.seconds else run.note or "—"
        rows.append(
            f"| {run.records:,} | {run.engine} | {run.input} | {seconds} |"
            f" {_fmt(rate, ',.0f')} | {_fmt(run.peak_mib, ',.0f')} |"
            f" {_fmt(run.findings, ',d')} | {counts} | {speedup} |"
            f" {_fmt(run.evaluate_seconds, '.1f')} |"
        )
    return header + "\n".join(rows) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Command line of `bench/run`."""
    import peers
    import startup
    import targets

    parser = argparse.ArgumentParser(description="Time verify check against its peers and floors.")
    parser.add_argument("--quick", action="store_true", help="10k and 100k records only")
    parser.add_argument("--sizes", type=int, nargs="+", help="record counts (default 100k, 1M)")
    parser.add_argument("--seed", type=int, default=8, help="generator seed")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds per command")
    parser.add_argument(
        "--skip",
        nargs="*",
        default=[],
        choices=["peer", "floors", "watch", "jsonl", "per-finding", "startup"],
    )
    parser.add_argument(
        "--baseline", action="store_true", help="also the plain-Python baseline (slow)"
    )
    parser.add_argument(
        "--per-finding-records",
        type=int,
        default=100_000,
        help="feed size of the per-finding measure (1x and 6x the breaching outcomes)",
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=CHECK_REPEATS,
        help="verify check runs per feed, and watch and the bare loop runs in turn (median)",
    )
    args = parser.parse_args(argv)
    startup.compile_sources()  # every timed verify run starts from bytecode, as installed
    check = partial(run_check, repeats=max(1, args.repeat))
    sizes = args.sizes or ([10_000, 100_000] if args.quick else [100_000, 1_000_000])
    OUT.mkdir(exist_ok=True)
    packs = list(generate.PACKS)
    extra = [p for p in shipped_packs() if p not in packs]
    if extra:
        print(f"note: shipped packs the generator does not cover, checked too: {extra}")
    every = packs + extra
    info = machine()
    print(f"machine: {info['nproc']} CPUs ({info['cpu']}), Python {info['python']}")
    runs: list[Run] = []
    for size in sizes:
        began = time.perf_counter()
        parquet = OUT / f"feed-{size}.parquet"
        jsonl = OUT / f"feed-{size}.jsonl"
        document = generated(size, "parquet", args.seed, parquet)
        generated(size, "jsonl", args.seed, jsonl)
        _RECORDS[parquet] = _RECORDS[jsonl] = size
        expected = document["findings"]
        print(
            f"\n{size:,} records: generated in {time.perf_counter() - began:.1f} s,"
            f" {document['total']:,} findings expected"
        )
        steps: list[tuple[str | tuple[str, ...], Any]] = [
            ("check parquet", partial(check, every, parquet, expected, args.timeout))
        ]
        if "jsonl" not in args.skip:
            steps.append(("check jsonl", partial(check, every, jsonl, expected, args.timeout)))
        if "floors" not in args.skip:
            steps.append(("arrow parquet", partial(peers.run_floor, parquet, args.timeout)))
            steps.append(("arrow jsonl", partial(peers.run_floor, jsonl, args.timeout)))
        if "peer" not in args.skip:
            steps.append(("peer", partial(peers.run_peer, parquet, args.timeout)))
        if args.baseline:
            steps.append(
                ("baseline (a)", partial(run_baseline, every, jsonl, expected, args.timeout))
            )
        if "watch" not in args.skip:
            stream = [
                partial(run_watch, every, jsonl, expected, args.timeout),
                partial(peers.run_bare_rules, every, jsonl, args.timeout),
            ]
            steps.append((("watch", "bare rules"), partial(alternated, stream, args.repeat)))
        for label, step in steps:
            made = step()
            made_runs = (
                [made.verify, made.scan, made.load]
                if isinstance(made, peers.PeerRuns)
                else made
                if isinstance(made, list)
                else [made]
            )
            labels = label if isinstance(label, tuple) else (label,) * len(made_runs)
            for run, shown_as in zip(made_runs, labels, strict=True):
                runs.append(run)
                shown = (
                    f"{run.seconds:.1f} s ({run.note})"
                    if run.seconds and run.note
                    else (f"{run.seconds:.1f} s" if run.seconds else run.note)
                )
                print(
                    f"  {shown_as:14s} {shown}"
                    + ("" if run.counts_match in (None, True) else " (counts differ)")
                )
    per_finding = None
    if "per-finding" not in args.skip:
        print(
            f"\nper finding: {args.per_finding_records:,} records at 1x and 6x the breaches"
            f" (median of {args.repeat} each, in turn)"
        )
        per_finding = peers.run_per_finding(
            every, args.per_finding_records, args.seed, args.timeout, args.repeat
        )
    figures = None
    if "startup" not in args.skip:
        figures = startup.measure(runs=9)
    text = table(runs) + "\n" + "\n".join(targets.verdicts(runs, per_finding, figures)) + "\n"
    if figures:
        text += "\nStart-up (median of 9 runs):\n\n" + startup.table(figures)
    print("\n" + text)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    command = "bench/run " + " ".join(argv if argv is not None else sys.argv[1:])
    (OUT / "latest.md").write_text(
        f"`{command.strip()}` at {stamp} on {info['nproc']} CPUs ({info['cpu']}),"
        f" Python {info['python']}\n\n" + text,
        encoding="utf-8",
    )
    raw = {"machine": info, "packs": every, "runs": [asdict(r) for r in runs]}
    if isinstance(per_finding, peers.PerFinding):
        raw["per_finding"] = asdict(per_finding)
    (OUT / f"results-{stamp}.json").write_text(json.dumps(raw, indent=2), encoding="utf-8")
    return 0 if all(run.counts_match is not False for run in runs) else 1


if __name__ == "__main__":
    sys.exit(main())
