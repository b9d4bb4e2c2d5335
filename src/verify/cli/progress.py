"""A progress bar on standard error for long runs, shown only on a terminal."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # verify.api imports pandas: `check --help` needs none of it
    from verify.api import Progress as ProgressCallback


@contextmanager
def stage_progress(*, enabled: bool) -> Iterator[ProgressCallback | None]:
    """A callback that moves a transient bar on stderr, or None when the bar is not wanted."""
    if not enabled:
        yield None
        return
    # rich is imported only for a bar that shows: most runs (-q, pipes, CI) have none.
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    bar = Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    )
    task = bar.add_task("starting", total=None)

    def advance(what: str, done: int, total: int) -> None:
        bar.update(task, description=what, completed=done, total=total)

    with bar:
        yield advance


class Stopwatch:
    """Wall time per stage of `verify check` (`--timings`): loading packs, reading, checking,
    recording (with `--record`), rendering and writing, told apart by the progress callback
    and the command's own marks."""

    def __init__(self) -> None:
        self.started = time.perf_counter()
        self.stages: dict[str, float] = {}
        self._stage = "packs"  # loading the packs comes before the first progress report
        self._since = self.started

    def mark(self, stage: str) -> None:
        """The stage running from now on (time so far goes to the previous one)."""
        now = time.perf_counter()
        if self._stage:
            self.stages[self._stage] = self.stages.get(self._stage, 0.0) + now - self._since
        self._stage, self._since = stage, now

    def follow(self, what: str, done: int, total: int) -> None:
        """A progress callback: reading until the first obligation starts, then checking."""
        self.mark("read" if what.startswith("reading") else "check")

    def summary(self) -> str:
        """`timings: read 2.91 s, check 5.10 s, ..., total 9.02 s` (the current stage closed)."""
        self.mark("")
        total = time.perf_counter() - self.started
        parts = [f"{stage} {seconds:.2f} s" for stage, seconds in self.stages.items()]
        return "timings: " + ", ".join([*parts, f"total {total:.2f} s"])


def both(
    first: ProgressCallback | None, second: ProgressCallback | None
) -> ProgressCallback | None:
    """One progress callback that tells two (either may be None)."""
    if first is None or second is None:
        return first or second

    def tell(what: str, done: int, total: int) -> None:
        first(what, done, total)
        second(what, done, total)

    return tell
