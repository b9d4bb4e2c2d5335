"""How long `verify` takes to start, against the floors of a bare import (issues 17 and 20).

    python bench/startup.py [--runs 15]

Runs each command in a fresh interpreter `--runs` times and prints the median wall and CPU
seconds of each, and each one's ratio to its floor: `verify --help` and `verify treaties`
against `python -c "import click"` (target: within 2x), a check of a 10-record feed against
`python -c "import pandas"` (target: within 2x). CPU time (user + system of the child) is the
steadier figure on a shared machine.
"""

from __future__ import annotations

import argparse
import compileall
import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: The ten records of the 10-record check: the first ten of the demo feed.
DEMO = ROOT / "observations" / "example-pact.jsonl"
TEN = ROOT / "bench" / "out" / "ten-records.jsonl"
CLICK = "python -c 'import click' (floor)"
PANDAS = "python -c 'import pandas' (floor)"
CHECK_TEN = "verify check, 10 records"

COMMANDS: dict[str, list[str]] = {
    CLICK: [sys.executable, "-c", "import click"],
    "verify --help": [sys.executable, "-m", "verify", "--help"],
    "verify treaties": [sys.executable, "-m", "verify", "treaties"],
    "verify check --help": [sys.executable, "-m", "verify", "check", "--help"],
    PANDAS: [sys.executable, "-c", "import pandas"],
    CHECK_TEN: [
        sys.executable,
        "-m",
        "verify",
        "check",
        "--treaty",
        "example-non-aggression-pact",
        str(TEN),
        "--format",
        "jsonl",
        "-q",
    ],
}
#: Each command's floor.
FLOORS = {name: CLICK for name in COMMANDS if name.startswith("verify")} | {CHECK_TEN: PANDAS}


def once(argv: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds of one run of `argv`, output discarded (exit 0 or 1)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    if done.returncode not in (0, 1):
        raise RuntimeError(f"{' '.join(argv)} exited {done.returncode}")
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def compile_sources() -> None:
    """Compile verify's own modules to bytecode, as pandas' and click's are when installed from
    wheels: a warm-up run cannot write it where PYTHONDONTWRITEBYTECODE is set (as on the CI
    machines), and an editable install leaves it to the first import, so without this every
    timed run would compile about a hundred modules (0.3 s of CPU) first."""
    compileall.compile_dir(ROOT / "src", quiet=1)


def measure(runs: int) -> dict[str, tuple[float, float]]:
    """The median wall and CPU seconds of each command over `runs` runs (after one to warm)."""
    TEN.parent.mkdir(exist_ok=True)
    lines = DEMO.read_text(encoding="utf-8").splitlines(keepends=True)
    TEN.write_text("".join(lines[:10]), encoding="utf-8")
    compile_sources()
    figures: dict[str, tuple[float, float]] = {}
    for name, command in COMMANDS.items():
        once(command)  # warm the file cache
        timed = [once(command) for _ in range(runs)]
        figures[name] = (
            statistics.median(w for w, _ in timed),
            statistics.median(c for _, c in timed),
        )
    return figures


def table(figures: dict[str, tuple[float, float]]) -> str:
    """A Markdown table of the medians and each command's ratios to its floor."""
    rows = ["| command | wall s | cpu s | floor | wall ratio | cpu ratio |"]
    rows.append("|---|---:|---:|---|---:|---:|")
    for name, (wall, cpu) in figures.items():
        floor = FLOORS.get(name)
        if floor is None:
            rows.append(f"| {name} | {wall:.3f} | {cpu:.3f} | — | — | — |")
            continue
        floor_wall, floor_cpu = figures[floor]
        rows.append(
            f"| {name} | {wall:.3f} | {cpu:.3f} | {floor.split(' (')[0]} |"
            f" {wall / floor_wall:.2f}x | {cpu / floor_cpu:.2f}x |"
        )
    return "\n".join(rows) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    """Time every command and print a table of medians and ratios to the floors."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args(argv)
    env_note = f"nproc {os.cpu_count()}, load {os.getloadavg()[0]:.2f}"
    figures = measure(args.runs)
    print(f"median of {args.runs} runs ({env_note})")
    print(table(figures), end="")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
