"""Which allocator Arrow uses for a command's run: jemalloc where this pyarrow has it.

Arrow's default pool on Linux is mimalloc, which takes fresh memory from the system in large
spans: on the machines `bench/` runs on, the first hash of a 300k-record feed's ids (the
search for repeated ids) spends 40-145 ms of system time in it, in about 30 page faults,
where jemalloc and the system pool spend 23-43 ms. A check over 300k records and every
shipped pack takes 4.38 s of CPU with jemalloc against 4.78 s with mimalloc (median of 8
each, in turn), and 487 against 542 MiB at its peak; the findings are the same.

The command line chooses it for its own process, before a run allocates (`verify check`).
The Python API leaves the choice to the program it runs in: `pyarrow.set_memory_pool`, or
Arrow's `ARROW_DEFAULT_MEMORY_POOL`, which the command line honours when it is set.
"""

from __future__ import annotations

import os
from contextlib import suppress

#: What Arrow reads for its default pool (`jemalloc`, `mimalloc` or `system`).
POOL_VARIABLE = "ARROW_DEFAULT_MEMORY_POOL"


def prefer_jemalloc() -> str:
    """Make jemalloc Arrow's pool for this process, unless `ARROW_DEFAULT_MEMORY_POOL` names
    one or this build of pyarrow has no jemalloc; the name of the pool in use."""
    import pyarrow as pa

    if not os.environ.get(POOL_VARIABLE):
        with suppress(NotImplementedError):  # a build without jemalloc (Windows, say)
            pa.set_memory_pool(pa.jemalloc_memory_pool())
    return str(pa.default_memory_pool().backend_name)
