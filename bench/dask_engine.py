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
machine's core count (`nproc`).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

sys.dont_write_bytecode = True
BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
OUT = BENCH / "out"
sys.path.insert(0, str(BENCH))

import generate  # noqa: E402  (bench/ is not a package)


def check(feed: Path, output: Path, extra: list[str]) -> tuple[float, int]:
    """`verify check` over the feed with every pack the generator covers: wall seconds, exit."""
    treaties = [item for pack in generate.PACKS for item in ("--treaty", pack)]
    command = [sys.executable, "-m", "verify", "check", *treaties, str(feed), "--quiet"]
    command += ["--format", "jsonl", "--output", str(output), *extra]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), *sys.path])}
    started = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)}: exit {done.returncode}\n{done.stderr[-2000:]}")
    return seconds, done.returncode


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
    from distributed import LocalCluster

    OUT.mkdir(exist_ok=True)
    feed = OUT / f"dask-{args.records}.{args.format}"
    if not feed.exists():
        generate.write(args.records, args.format, args.seed, feed)
    cores = os.cpu_count() or 1
    rows: list[tuple[str, float]] = []
    local_out = OUT / f"dask-{args.records}-local.jsonl"
    seconds, _ = check(feed, local_out, [])
    rows.append(("--engine local", seconds))
    expected = local_out.read_bytes()
    with LocalCluster(
        n_workers=cores, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        for partitions in args.partitions:
            out = OUT / f"dask-{args.records}-{partitions}.jsonl"
            extra = ["--engine", "dask", "--partitions", str(partitions)]
            seconds, _ = check(feed, out, [*extra, "--scheduler", cluster.scheduler_address])
            assert out.read_bytes() == expected, f"{partitions} partitions: output differs"
            rows.append((f"--engine dask --partitions {partitions} (cluster running)", seconds))
    if args.own_cluster:
        largest = max(args.partitions)
        out = OUT / f"dask-{args.records}-own-cluster.jsonl"
        seconds, _ = check(feed, out, ["--engine", "dask", "--partitions", str(largest)])
        assert out.read_bytes() == expected, "own cluster: output differs"
        rows.append((f"--engine dask --partitions {largest} (starts its own cluster)", seconds))
    print(f"{args.records:,} records ({args.format}), nproc = {cores}; outputs identical")
    print("| run | wall s |\n|---|---:|")
    for name, wall in rows:
        print(f"| `verify check {name}` | {wall:.1f} |")


if __name__ == "__main__":
    main()
