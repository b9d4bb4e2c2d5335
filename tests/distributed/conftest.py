"""A Dask cluster shared by the Dask engine's tests, and generated feeds to run it on.

The cluster is a real `LocalCluster` of two workers; in-process threads (`processes=False`)
keep it quick to start, and one test (`test_identical.py`) lets `verify check` start its own
cluster of worker processes, so that every task and its data cross a process boundary too.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.bench_scripts import generator

distributed = pytest.importorskip("distributed", reason="the Dask extra is not installed")


@pytest.fixture(scope="session")
def scheduler() -> Iterator[str]:
    """The address of a two-worker LocalCluster, for the whole session."""
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
    ) as cluster:
        yield str(cluster.scheduler_address)


generate = generator()


@pytest.fixture(scope="session")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 3,000-record JSON Lines feed from the bench generator (seed 2: every generated
    obligation has findings in it or in its sibling feeds)."""
    out = tmp_path_factory.mktemp("generated") / "feed.jsonl"
    generate.write(3_000, "jsonl", 2, out)
    return out
