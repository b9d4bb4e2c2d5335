"""How long `verify` takes to start, against the floor of a bare `import click` (issue 20).

    python bench/startup.py [--runs 15]

Runs each command in a fresh interpreter `--runs` times and prints the median wall and CPU
seconds of each, and each one's ratio to `python -c "import click"` (the target: `verify
--help` within 2x). CPU time (user + system of the child) is the steadier figure on a shared
machine.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence

COMMANDS: dict[str, list[str]] = {
    "python -c 'import click' (floor)": [sys.executable, "-c", "import click"],
    "verify --help": [sys.executable, "-m", "verify", "--help"],
    "verify treaties": [sys.executable, "-m", "verify", "treaties"],
    "verify check --help": [sys.executable, "-m", "verify", "check", "--help"],
}


def once(argv: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds of one run of `argv`, output discarded."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main(argv: Sequence[str] | None = None) -> int:
    """Time every command and print a table of medians and ratios to the floor."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args(argv)
    env_note = f"nproc {os.cpu_count()}, load {os.getloadavg()[0]:.2f}"
    figures: dict[str, tuple[float, float]] = {}
    for name, command in COMMANDS.items():
        once(command)  # warm the file cache and the bytecode
        runs = [once(command) for _ in range(args.runs)]
        figures[name] = (
            statistics.median(w for w, _ in runs),
            statistics.median(c for _, c in runs),
        )
    floor_wall, floor_cpu = next(iter(figures.values()))
    print(f"median of {args.runs} runs ({env_note})")
    print("| command | wall s | cpu s | wall ratio | cpu ratio |\n|---|---:|---:|---:|---:|")
    for name, (wall, cpu) in figures.items():
        ratios = f"{wall / floor_wall:.2f}x | {cpu / floor_cpu:.2f}x"
        print(f"| {name} | {wall:.3f} | {cpu:.3f} | {ratios} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
