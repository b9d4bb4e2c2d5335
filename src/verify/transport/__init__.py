"""Where `verify watch` reads records from and delivers findings to, behind one small interface.

A `Source` hands out batches of lines (one JSON record each, with where it came from) and is
told how far they were dealt with (`commit`), and once that is stored (`stored`: the findings
written to the sink and the checkpoint saved), so that a broker may acknowledge them then and
not before. A `Sink` takes each finding as one JSON line (`deliver`) and writes what it holds
before each checkpoint (`flush`). Files and standard input (`engines/stream/inputs.Inputs`)
and the file, pipe or standard output delivery (`engines/stream/checkpoint.Delivery`) are the
first implementations; `redis.py` is the Redis Streams one (`--from redis://HOST:PORT/STREAM`,
`--to redis://HOST:PORT/KEY`). `docs/transports.md` says what a Kafka adapter would need.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol
from urllib.parse import urlsplit

from verify.engines.stream.inputs import Line, Position
from verify.errors import UsageError
from verify.feeds import Reject

if TYPE_CHECKING:
    from verify.transport.groups import Membership

#: The schemes `--from` and `--to` know.
SCHEMES = ("redis",)


class Source(Protocol):
    """Records as they arrive, and how far they were dealt with."""

    #: Whether the input has no end (a broker's stream): what only the end of input would
    #: decide is then reported as it stands (`Watcher.standing`).
    live: bool
    #: Told of each entry that holds no record at all (the watch writes it to its rejects).
    rejected: Callable[[Reject], None]

    def batches(self) -> Iterator[list[Line]]:
        """Batches of lines as they arrive; an empty batch is a pause (nothing new yet)."""
        ...

    def reached(self) -> list[Position]:
        """How far each input was read and handed out."""
        ...

    def commit(self, positions: Sequence[Position]) -> None:
        """The lines up to these positions (from `reached`) have been dealt with."""
        ...

    def positions(self) -> list[Position]:
        """How far each input was consumed (up to the last `commit`), for a checkpoint."""
        ...

    def stored(self) -> None:
        """What was committed is stored (findings delivered, checkpoint saved): acknowledge."""
        ...

    def following(self, index: int, position: Position) -> str | None:
        """The chained digest of the line after `position` of input `index`, once read
        (standard input's identity; None elsewhere)."""
        ...

    def displays(self) -> list[str]:
        """The inputs as a checkpoint names them."""
        ...

    def close(self) -> None:
        """Let go of the inputs."""
        ...


class Sink(Protocol):
    """Where findings go, one JSON line each."""

    def deliver(self, line: str, *, closing: bool = False) -> bool:
        """Deliver one finding's line (unless known to be delivered already); whether it was."""
        ...

    def flush(self) -> None:
        """Write whatever is held (called before each checkpoint)."""
        ...

    def size(self) -> int:
        """How long the output file is, for a checkpoint (0 where it is no file)."""
        ...

    def carried(self) -> set[str]:
        """What a new checkpoint's journal must still hold (see `Delivery.carried`)."""
        ...

    def close(self) -> None:
        """Let go of the output."""
        ...


def scheme(url: str, option: str) -> str:
    """The scheme of a `--from` or `--to` URL, one of `SCHEMES` (else a `UsageError`)."""
    found = urlsplit(url).scheme.lower()
    if found not in SCHEMES:
        known = ", ".join(f"{s}://" for s in SCHEMES)
        raise UsageError(f"{option} {url!r}: give a URL verify can read ({known})")
    return found


def join_group(
    url: str, *, group: str, state_dir: Path | None, partitions: int | None
) -> Membership | None:
    """The partition of `group` this watch takes (`transport/groups.py`), or None where the
    group has one partition (the watch reads the group itself)."""
    scheme(url, "--from")
    from verify.transport.groups import join
    from verify.transport.redis import connect, consumer_name, failing, parse_url

    if partitions is not None and partitions < 1:
        raise UsageError(f"--partitions {partitions}: give 1 or more")
    located = parse_url(url, "--from")
    client = connect(located, "--from")
    try:
        with failing(located, "--from", f"joining group {group!r}"):
            return join(located, client, group, consumer_name(state_dir), state_dir, partitions)
    finally:
        client.close()


def leave_group(url: str, membership: Membership) -> None:
    """Let a partition go that this watch took but will not read (its packs were refused)."""
    from verify.transport.redis import connect, failing, parse_url

    located = parse_url(url, "--from")
    client = connect(located, "--from")
    try:
        with failing(located, "--from", f"letting {membership.describe()} go"):
            membership.release(client)
    finally:
        client.close()


def open_source(
    url: str,
    *,
    group: str,
    state_dir: Path | None,
    position: Position | None,
    membership: Membership | None = None,
) -> Source:
    """The source a `--from` URL names, resumed from `position` (a checkpoint's); with
    `membership`, one partition of the group (`join_group`)."""
    scheme(url, "--from")
    from verify.transport.redis import RedisSource

    return RedisSource(
        url, group=group, state_dir=state_dir, position=position, membership=membership
    )


def open_sink(url: str) -> Sink:
    """The sink a `--to` URL names."""
    scheme(url, "--to")
    from verify.transport.redis import RedisSink

    return RedisSink(url)


def source_display(url: str, group: str, membership: Membership | None = None) -> str:
    """How a `--from` URL read through `group` is named in checkpoints (without any password):
    a state folder is only resumed on the same stream through the same group (and partition)."""
    scheme(url, "--from")
    from verify.transport.redis import parse_url

    shown = parse_url(url, "--from").display
    if membership is not None:
        return f"{shown} (group {group}, {membership.describe()})"
    return f"{shown} (group {group})"


__all__ = [
    "Sink",
    "Source",
    "join_group",
    "leave_group",
    "open_sink",
    "open_source",
    "source_display",
]
