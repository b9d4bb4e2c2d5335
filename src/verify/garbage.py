"""How often Python's cyclic garbage collector runs while a check or a watch is under way.

A run keeps hundreds of thousands of objects alive (records, breaches, findings, their
evidence and channels) and allocates many more, and each collection of the older generations
walks every one of them: at CPython's default thresholds that is a sixth of a long watch and a
third of the CPU of a check that produces many findings (`bench/README.md`). Nothing in a run
makes reference cycles worth collecting early: a check holds the collector off until it is
done, a watch collects its youngest generation after many more new objects, and what was
loaded before the run (packs, imports) is frozen out of the collector's walks. Steps of a watch
that make many objects and no cycles at all (decoding a saved state, recording a run in the
ledger) hold the collector off entirely (`no_collections`).
When the command line is done, what is alive is left to the process's end (`at_exit`).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

#: The youngest generation is collected after this many new objects rather than CPython's 700,
#: the older ones as usual.
GC_THRESHOLDS = (50_000, 20, 10)
#: The youngest generation's threshold for a watch (`verify.watching`). The threshold counts
#: new objects less freed ones, and a watch's state turns over (each record's objects replace
#: older ones that reference counting frees), so the count climbs slowly while every young
#: object still alive is walked: at 200,000 a collection every ten seconds or so, each walking
#: the state made since the last, 0.3-0.4 s. At a million, 300k records see one. A watch makes
#: almost no cycles (a few objects collected in a whole run, all from start-up).
WATCH_YOUNGEST = 1_000_000
#: A check's: none at all. It keeps what it makes until the end (breaches, findings) and makes
#: no reference cycles (the collector finds the same few hundred objects after a check of any
#: size: `tests/test_garbage.py`), so each collection was a walk over its findings for
#: nothing, about 20 us a finding at 80,000 findings.
CHECK_YOUNGEST: int | None = None


_depth = 0


@contextmanager
def fewer_collections(youngest: int | None = GC_THRESHOLDS[0]) -> Iterator[None]:
    """Collect garbage less often for the duration (what is alive at the start frozen out):
    the youngest generation after `youngest` new objects (None: no collections at all), the
    older ones as `GC_THRESHOLDS`.

    Also a decorator; nested uses (the CLI around the API) leave it to the outermost one."""
    global _depth
    _depth += 1
    if _depth > 1:
        try:
            yield
        finally:
            _depth -= 1
        return
    previous, enabled = gc.get_threshold(), gc.isenabled()
    gc.freeze()
    if youngest is None:
        gc.disable()
    else:
        gc.set_threshold(youngest, *GC_THRESHOLDS[1:])
    try:
        yield
    finally:
        _depth -= 1
        gc.set_threshold(*previous)
        # What the run made joins what was alive before it, as old objects (freezing counts
        # nothing as new): else the collector, back on, would walk all of it at once.
        gc.freeze()
        gc.unfreeze()
        if enabled:
            gc.enable()


@contextmanager
def no_collections() -> Iterator[None]:
    """No cyclic garbage collection for the duration (then as it was): for steps that make many
    objects and no cycles, where each collection would walk every object of the process for
    nothing. Reference counting still frees as usual."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def at_exit() -> None:
    """For a process about to end: freeze what is alive out of the collector.

    As it tears down its modules, CPython collects the whole heap more than once (pandas,
    pydantic's schemas, the run): about 0.3 s of CPU after a 10-record check had printed its
    findings, more than the run itself. Frozen objects are still freed by reference counting,
    and `atexit` and `weakref.finalize` callbacks still run; only garbage in reference cycles
    is left to the operating system, and nothing verify writes waits on one (files are closed
    by their `with` blocks, the ledger commits, watch flushes what it delivers)."""
    gc.freeze()
