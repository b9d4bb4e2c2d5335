"""The garbage-collection settings of a run last only while it runs."""

from __future__ import annotations

import gc

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
