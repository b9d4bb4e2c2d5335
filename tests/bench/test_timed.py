"""`bench/run` times each command as a child of `bench/launch.py`: its peak memory is its own,
not that of the (large) process running the benchmark."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from tests.bench_scripts import bench_script


def allocating(mib: int) -> list[str]:
    """A Python child that touches `mib` MiB."""
    touch = f"b = bytearray({mib} * 2**20); b[::4096] = b'x' * len(b[::4096])"
    return [sys.executable, "-c", touch]


def test_a_childs_peak_is_its_own_not_its_parents(tmp_path: Path) -> None:
    """A child touching 160 MiB more than another peaks about 160 MiB higher, whatever the
    harness holds (run inside pytest, it holds far more than the small child)."""
    timed = bench_script("harness").timed
    ballast = bytearray(300 * 2**20)  # the parent holds more than either child
    ballast[::4096] = b"x" * len(ballast[::4096])
    small = timed(allocating(8), tmp_path / "small.out", timeout=60)
    large = timed(allocating(168), tmp_path / "large.out", timeout=60)
    assert small.code == large.code == 0
    assert 140 < large.peak_mib - small.peak_mib < 180
    assert small.peak_mib < 100
    del ballast


def test_a_command_past_its_timeout_is_killed_and_said_so(tmp_path: Path) -> None:
    """The launcher and the command go together: exit -1, the timeout in the tail."""
    timed = bench_script("harness").timed
    timing = timed([sys.executable, "-c", "import time; time.sleep(60)"], tmp_path / "t", 1.0)
    assert timing.code == -1
    assert "timed out" in timing.tail
    assert timing.seconds < 30


def test_runs_in_turn_give_each_its_median_run() -> None:
    """Two commands run in turn, three rounds: each reports its own median wall time (all of
    them noted) and its largest peak; they took turns, round by round."""
    harness = bench_script("harness")
    order: list[str] = []

    def maker(name: str, walls: list[float], peaks: list[float]) -> Any:
        def make() -> Any:
            order.append(name)
            at = order.count(name) - 1
            return harness.Run(name, "jsonl", 10, seconds=walls[at], peak_mib=peaks[at])

        return make

    watch = maker("watch", [30.0, 34.0, 31.0], [250.0, 260.0, 255.0])
    bare = maker("bare", [24.0, 19.0, 22.0], [70.0, 72.0, 71.0])
    made = harness.alternated([watch, bare], 3)
    assert order == ["watch", "bare"] * 3
    assert [run.seconds for run in made] == [31.0, 22.0]
    assert [run.peak_mib for run in made] == [260.0, 72.0]
    assert made[0].note == "median of 30.0, 34.0, 31.0 s"


def test_a_failed_run_in_turn_is_reported_as_it_failed() -> None:
    """A run without a wall time (it failed) is the one reported, with its reason."""
    harness = bench_script("harness")
    results = iter([None, 20.0])

    def make() -> Any:
        seconds = next(results)
        note = "exit 2: bad" if seconds is None else ""
        return harness.Run("watch", "jsonl", 10, seconds=seconds, note=note)

    (made,) = harness.alternated([make], 2)
    assert made.seconds is None
    assert made.note == "exit 2: bad"
