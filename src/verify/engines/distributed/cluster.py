"""Reaching a Dask cluster: the one given by `--scheduler`, or a local one for the run.

Dask is an optional extra (`pip install 'verify[dask]'`), imported only here and only when
the Dask engine runs, so that `verify --help` and the local engine never load it.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from verify.errors import Location, UsageError

if TYPE_CHECKING:
    from distributed import Client

#: How long to wait for a scheduler given by address before saying none answers.
CONNECT_TIMEOUT = "5s"
_ADDRESS = re.compile(r"^(tcp|tls|ws|wss|ucx|inproc)://\S+$")
INSTALL_HINT = "pip install 'verify[dask]'"


def _missing() -> UsageError:
    return UsageError(
        "--engine dask needs Dask and distributed, which are not installed",
        Location("--engine"),
        hints=(INSTALL_HINT,),
    )


def require_dask() -> None:
    """`UsageError` (exit 2, with the install command) unless Dask can be imported."""
    try:
        import dask  # noqa: F401

        import distributed  # noqa: F401
    except ImportError as error:
        raise _missing() from error


def workers_for(partitions: int | None) -> int:
    """How many workers a local cluster starts: one per partition, at most one per core."""
    cores = os.cpu_count() or 1
    return max(1, min(partitions or cores, cores))


@contextmanager
def connect(scheduler: str | None, partitions: int | None) -> Iterator[Client]:
    """A client of the cluster at `scheduler` (`tcp://HOST:PORT`), or of a local cluster of
    worker processes started for the run and stopped after it. An address that is malformed or
    where no scheduler answers within `CONNECT_TIMEOUT` is a `UsageError` naming it."""
    require_dask()
    from distributed import Client, LocalCluster

    if scheduler is None:
        with (
            LocalCluster(  # type: ignore[no-untyped-call]
                n_workers=workers_for(partitions),
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
            ) as cluster,
            Client(cluster) as client,  # type: ignore[no-untyped-call]
        ):
            yield client
        return
    if not _ADDRESS.match(scheduler):
        raise UsageError(
            f"{scheduler!r} is no scheduler address (expected tcp://HOST:PORT)",
            Location("--scheduler"),
        )
    try:
        client = Client(scheduler, timeout=CONNECT_TIMEOUT)  # type: ignore[no-untyped-call]
    except (OSError, TimeoutError) as error:
        raise UsageError(
            f"no Dask scheduler answers at {scheduler} (waited {CONNECT_TIMEOUT})",
            Location("--scheduler"),
            hints=("start one with `dask scheduler`, or leave --scheduler out for a local one",),
        ) from error
    with client:
        yield client


def worker_count(client: Client) -> int:
    """How many workers the cluster has now (at least one)."""
    return max(1, len(client.scheduler_info().get("workers", {})))
