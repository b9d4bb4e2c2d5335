"""`verify check --engine dask` against `--engine local` on one generated feed.

    python bench/dask_engine.py                       # 1M records, 1, 2 and 4 partitions
    python bench/dask_engine.py --records 300000 --partitions 2 --format parquet --own-cluster

Generates the feed (`bench/generate.py`, seed 8) into `bench/out/`, then times, each as a child
process (wall time, Python start-up included): `verify check --engine local`, and `verify check
--engine dask --partitions N` on a LocalCluster of one worker process per core that this script
starts once beforehand (`--scheduler`), so that the figures leave out the cluster's start-up,
which `--own-cluster` times once on its own (a run without `--scheduler`, at the largest
partition count).
Every Dask run's output must equal the local one byte for byte. Prints the table with the
machine's core count (`nproc`): wall seconds and CPU seconds (user + sys) of the run's child,
plus, for a run on the cluster started beforehand, what its workers and its scheduler spent
meanwhile (on a shared machine the CPU figure is the one to compare; wall time grows with
the other jobs' load), and the peak memory of the `verify` process (with a running
cluster, the client's: the records stay on the workers).
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.dont_write_bytecode = True
BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
OUT = BENCH / "out"
sys.path.insert(0, str(BENCH))
# The cluster's workers import `verify` from this checkout too, as the timed runs do.
sys.path.insert(0, str(ROOT / "src"))
os.environ["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])

import generate  # noqa: E402  (bench/ is not a package)


def check(feed: Path, output: Path, extra: list[str]) -> tuple[float, float, float]:
    """`verify check` over the feed with every pack the generator covers: wall seconds, the
    CPU seconds (user + sys) of the child and every process it waited for, and the child's
    peak resident memory in MB (for a run on a running cluster: the client's)."""
    treaties = [item for pack in generate.PACKS for item in ("--treaty", pack)]
    command = [sys.executable, "-m", "verify", "check", *treaties, str(feed), "--quiet"]
    command += ["--format", "jsonl", "--output", str(output), *extra]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), *sys.path])}
    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        child = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=errors)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode not in (0, 1):
            errors.seek(0)
            text = errors.read().decode(errors="replace")[-2000:]
            raise SystemExit(f"{' '.join(command)}: exit {child.returncode}\n{text}")
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def _cpu(who: int) -> float:
    """User + sys CPU seconds of this process (`RUSAGE_SELF`) or its reaped children."""
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def _cluster_cpu(client: Any) -> float:
    """CPU seconds the cluster's worker processes and this process (scheduler, nannies) have
    spent so far."""
    workers = client.run(_cpu, resource.RUSAGE_SELF)
    return float(sum(workers.values())) + _cpu(resource.RUSAGE_SELF)


def main() -> None:
    """Generate, time each engine, compare the outputs, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--partitions", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--format", choices=("jsonl", "parquet"), default="jsonl")
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument(
        "--own-cluster", action="store_true", help="also time a run that starts its own cluster"
    )
    args = parser.parse_args()
    from distributed import Client, LocalCluster

    OUT.mkdir(exist_ok=True)
    feed = OUT / f"dask-{args.records}.{args.format}"
    if not feed.exists():
        generate.write(args.records, args.format, args.seed, feed)
    cores = os.cpu_count() or 1
    rows: list[tuple[str, float, float, float]] = []
    local_out = OUT / f"dask-{args.records}-local.jsonl"
    seconds, cpu, memory = check(feed, local_out, [])
    rows.append(("--engine local", seconds, cpu, memory))
    expected = local_out.read_bytes()
    with (
        LocalCluster(
            n_workers=cores, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        for partitions in args.partitions:
            out = OUT / f"dask-{args.records}-{partitions}.jsonl"
            extra = ["--engine", "dask", "--partitions", str(partitions)]
            spent = _cluster_cpu(client)
            address = ["--scheduler", cluster.scheduler_address]
            seconds, cpu, memory = check(feed, out, [*extra, *address])
            cpu += _cluster_cpu(client) - spent
            assert out.read_bytes() == expected, f"{partitions} partitions: output differs"
            name = f"--engine dask --partitions {partitions} (cluster running)"
            rows.append((name, seconds, cpu, memory))
    if args.own_cluster:
        largest = max(args.partitions)
        out = OUT / f"dask-{args.records}-own-cluster.jsonl"
        own = ["--engine", "dask", "--partitions", str(largest)]
        seconds, cpu, memory = check(feed, out, own)
        assert out.read_bytes() == expected, "own cluster: output differs"
        name = f"--engine dask --partitions {largest} (starts its own cluster)"
        rows.append((name, seconds, cpu, memory))
    load = os.getloadavg()
    print(f"{args.records:,} records ({args.format}), nproc = {cores}; outputs identical")
    print(f"load average at the end: {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}")
    print("| run | wall s | CPU s (user + sys) | peak RSS of the `verify` process, MB |")
    print("|---|---:|---:|---:|")
    for name, wall, cpu, memory in rows:
        print(f"| `verify check {name}` | {wall:.1f} | {cpu:.1f} | {memory:.0f} |")


if __name__ == "__main__":
    main()
