"""The garbage-collection settings of a run last only while it runs."""

from __future__ import annotations

import gc
import subprocess
import sys

from verify.garbage import GC_THRESHOLDS, WATCH_YOUNGEST, fewer_collections


def test_fewer_collections_restores_the_collector_afterwards() -> None:
    """Thresholds and the frozen generation are as before once the run ends."""
    before = gc.get_threshold()
    with fewer_collections():
        assert gc.get_threshold() == GC_THRESHOLDS
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_a_watch_collects_its_youngest_generation_less_often() -> None:
    """A watch's own threshold for the youngest generation, the older ones as a check's."""
    with fewer_collections(WATCH_YOUNGEST):
        assert gc.get_threshold() == (WATCH_YOUNGEST, *GC_THRESHOLDS[1:])


def test_a_nested_run_leaves_the_settings_to_the_outer_one() -> None:
    """The API inside the CLI: the inner end does not restore the collector early."""
    before = gc.get_threshold()
    with fewer_collections():
        with fewer_collections():
            pass
        assert gc.get_threshold() == GC_THRESHOLDS
    assert gc.get_threshold() == before


def test_the_collector_is_restored_when_the_run_fails() -> None:
    """An error inside the run still restores the collector."""
    before = gc.get_threshold()
    try:
        with fewer_collections():
            raise ValueError("bad input")
    except ValueError:
        pass
    assert gc.get_threshold() == before


EXIT_PROBE = """
import atexit, gc, sys
atexit.register(lambda: print("frozen" if gc.get_freeze_count() else "walked", file=sys.stderr))
from verify.cli import main
sys.argv = ["verify", *sys.argv[1:]]
main()
"""


def test_the_command_line_leaves_its_heap_to_the_end_of_the_process() -> None:
    """When `verify` is done, what is alive is frozen out of the collector's final walks, and
    the command's output and exit code are as they were."""
    done = subprocess.run(
        [sys.executable, "-c", EXIT_PROBE, "nonesuch"], capture_output=True, text=True
    )
    assert done.returncode == 2
    assert "No such command 'nonesuch'" in done.stderr
    assert done.stderr.splitlines()[-1] == "frozen"
