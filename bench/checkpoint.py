"""How large a `verify watch --state` checkpoint is, and how long saving and loading one take.

    python bench/checkpoint.py [--feed FILE | --records 100000] [--treaty PACK ...] [--repeat 5]

Runs `verify watch --state` over the feed (generated with `bench/generate.py --seed 8` unless
`--feed` names one), which leaves the checkpoint of its last batch, as of the end of input,
in the state folder. Then, in this process, `--repeat` times: loads it (`StateDir.load`, then
the `Watcher` resumed from it, less the time a fresh `Watcher` of the same packs takes) and
saves it again (`Watcher.snapshot` and `StateDir.save`, which syncs the file to disk). Prints
the file's size, the medians of the processor time (which other processes on the machine
change less than the wall time, also shown), and the watch's wall time.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PACKS = (
    "vienna-document-2011",
    "example-non-aggression-pact",
    "new-start",
    "inf-treaty",
    "korea-cma-2018",
)


def main() -> None:
    """Measure one feed's checkpoint."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feed", type=Path)
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--treaty", action="append", dest="treaties")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    treaties = args.treaties or list(PACKS)
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        feed = args.feed
        if feed is None:
            feed = work / "feed.jsonl"
            generator = [sys.executable, str(HERE / "generate.py"), "--records"]
            generator += [str(args.records), "--format", "jsonl", "--seed", "8", "--out", str(feed)]
            subprocess.run(generator, check=True, stdout=subprocess.DEVNULL)
        state = work / "state"
        command = [sys.executable, "-m", "verify", "watch", *(f"--treaty={t}" for t in treaties)]
        command += [str(feed), "--state", str(state), "--output", str(work / "out.jsonl")]
        started = time.perf_counter()
        subprocess.run(command, check=False, stderr=subprocess.DEVNULL)
        wall = time.perf_counter() - started
        measure(treaties, str(feed), state, work / "copy", args.repeat, wall)


def measure(
    treaties: list[str], feed: str, state: Path, copy: Path, repeat: int, wall: float
) -> None:
    """Load and save the checkpoint in `state` `repeat` times (in a copy of the folder)."""
    from verify import api
    from verify.engines.stream.checkpoint import CHECKPOINT, Checkpoint, StateDir
    from verify.errors import display_path

    shutil.copytree(state, copy)
    size = (copy / CHECKPOINT).stat().st_size
    api.Watcher(treaties).engine.shutdown()  # packs loaded and cached before timing
    fresh: list[tuple[float, float]] = []
    loads: list[tuple[float, float]] = []
    saves: list[tuple[float, float]] = []
    entries = 0
    for _ in range(repeat):
        started = clocks()
        api.Watcher(treaties).engine.shutdown()
        fresh.append(since(started))
        folder = StateDir(copy)
        started = clocks()
        saved = folder.load([display_path(feed)])
        assert saved is not None
        watcher = api.Watcher(treaties, state=saved.engine)
        loads.append(since(started))
        entries = watcher.open_entries
        started = clocks()
        copied = Checkpoint(
            engine=watcher.snapshot(),
            sources=saved.sources,
            positions=saved.positions,
            output_size=saved.output_size,
            rejects_size=saved.rejects_size,
        )
        folder.save(copied)
        saves.append(since(started))
        folder.close()
        watcher.engine.shutdown()
    load = [median(loads, at) - median(fresh, at) for at in (0, 1)]
    save = [median(saves, at) for at in (0, 1)]
    print(
        f"{CHECKPOINT}: {size:,} bytes for {entries:,} entries in state; processor time:"
        f" load {load[0]:.0f} ms, save {save[0]:.0f} ms (wall: {load[1]:.0f} and {save[1]:.0f}"
        f" ms; medians of {repeat}); the watch took {wall:.1f} s"
    )


def clocks() -> tuple[float, float]:
    """Processor and wall time now."""
    return time.process_time(), time.perf_counter()


def since(started: tuple[float, float]) -> tuple[float, float]:
    """Processor and wall time since `started`, in ms."""
    now = clocks()
    return (now[0] - started[0]) * 1000, (now[1] - started[1]) * 1000


def median(figures: list[tuple[float, float]], at: int) -> float:
    """The median of one of the two figures."""
    return statistics.median(figure[at] for figure in figures)


if __name__ == "__main__":
    main()
