"""The garbage-collection settings of a run last only while it runs."""

from __future__ import annotations

import gc
import subprocess
import sys
from pathlib import Path

from tests.bench_scripts import generator
from verify import api
from verify.garbage import CHECK_YOUNGEST, GC_THRESHOLDS, WATCH_YOUNGEST, fewer_collections


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


def test_a_check_holds_the_collector_off_until_it_is_done() -> None:
    """No collection during a check; the collector as it was afterwards, and what the check
    made counted as old, so that the collector does not walk it all the moment it is back."""
    before = gc.get_threshold()
    with fewer_collections(CHECK_YOUNGEST):
        assert not gc.isenabled()
        made = [[n] for n in range(100_000)]
    assert gc.isenabled()
    assert gc.get_count()[0] < 1_000
    assert len(made) == 100_000
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def _cycles_of_a_check(feed: Path) -> int:
    """Objects in reference cycles that a check of `feed` leaves behind, its findings kept."""
    gc.collect()
    gc.disable()
    try:
        result, _ = api.check(["example-non-aggression-pact", "vienna-document-2011"], [feed])
        assert result.findings
        return gc.collect()
    finally:
        gc.enable()


def test_a_check_makes_no_reference_cycles_however_many_findings(tmp_path: Path) -> None:
    """What holding the collector off rests on: a check ten times as large, with ten times the
    findings, leaves no more objects in cycles than a small one (a few, made once; one cycle a
    finding would be about 400 more)."""
    feeds = []
    for records in (400, 4_000):
        feed = tmp_path / f"feed-{records}.jsonl"
        generator().write(records, "jsonl", 3, feed)
        feeds.append(feed)
    for feed in feeds:  # whatever a first check of each makes once (imports, caches)
        _cycles_of_a_check(feed)
    small, large = _cycles_of_a_check(feeds[0]), _cycles_of_a_check(feeds[1])
    assert large <= small + 100, (small, large)


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
