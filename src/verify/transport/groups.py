"""Several watches of one consumer group: each takes one partition of the group's parties.

A group read by several watches has a number of partitions, fixed when the first watch of the
group is started with `--partitions N` and kept in Redis (hash `STREAM:verify:GROUP`, field
`partitions`); a later watch of the group may leave the option out, and one that gives another
number is refused. Each watch holds one partition by a lease (key `STREAM:verify:GROUP:P`,
the consumer's name, expiring `LEASE_MS` after it was last renewed: a thread of the watch
renews it a few times a lease, and so does every read) and reads
the whole stream through that partition's own consumer group (`GROUP/P`), judging only the
parties the partition owns (`engines/stream/share.py`). The partition is kept in the `--state`
folder (`partition`), so a restarted watch takes its own partition back at once; a watch
without one takes the first partition whose lease is free: that of a watch that stopped, or was
killed and whose lease ran out. A group of one partition is the single-consumer group of
`redis.py` (the group itself, and a second running watch refused).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from verify.errors import UsageError

if TYPE_CHECKING:
    import redis

    from verify.transport.redis import RedisURL

#: How long a partition stays held after its watch's last read (ms); each read renews it.
LEASE_MS = 3_000
#: The file in the state folder that holds the partition (`P/N`).
PARTITION = "partition"
#: The most partitions a group may have.
MAX_PARTITIONS = 1024

#: Take the lease if it is free or ours already, and (re)start its expiry: 1 if taken.
_CLAIM = """
local holder = redis.call('GET', KEYS[1])
if holder and holder ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1
"""
#: Let the lease go if it is ours.
_RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""


@dataclass(frozen=True)
class Membership:
    """This watch's partition `number` of `count` in a group, under its consumer name; the
    Redis consumer group it reads through and the key of its lease."""

    number: int
    count: int
    consumer: str
    group: str
    lease: str

    def describe(self) -> str:
        """`partition 1 of 3`."""
        return f"partition {self.number} of {self.count}"

    def renew(self, client: redis.Redis) -> bool:
        """Hold the partition for another `LEASE_MS`; False when another watch holds it."""
        return bool(client.eval(_CLAIM, 1, self.lease, self.consumer, LEASE_MS))

    def release(self, client: redis.Redis) -> None:
        """Let the partition go (a clean stop), for a restart or another watch to take."""
        client.eval(_RELEASE, 1, self.lease, self.consumer)


def meta_key(stream: str, group: str) -> str:
    """The hash holding a group's number of partitions."""
    return f"{stream}:verify:{group}"


def join(
    url: RedisURL,
    client: redis.Redis,
    group: str,
    consumer: str,
    state_dir: Path | None,
    partitions: int | None,
) -> Membership | None:
    """Take a partition of `group` (None for a group of one partition: the watch reads the
    group itself); `UsageError` when every partition is held or the numbers disagree."""
    count = _count(url, client, group, partitions)
    if count == 1:
        return None
    remembered = _remembered(state_dir, count)
    candidates = [remembered] if remembered is not None else list(range(count))
    for number in candidates:
        member = Membership(
            number, count, consumer, f"{group}/{number}", f"{meta_key(url.key, group)}:{number}"
        )
        if member.renew(client):
            if remembered is None and state_dir is not None:
                _remember(state_dir, number, count)
            return member
    holder = client.get(f"{meta_key(url.key, group)}:{candidates[0]}")
    if remembered is not None:
        shown = _text(holder) if holder else "another watch"
        raise UsageError(
            f"--from {url.display}: partition {remembered} of group {group!r} is held by"
            f" consumer {shown!r}, which took this state folder's share over; use a new --state"
            " folder"
        )
    raise UsageError(
        f"--from {url.display}: each of the {count} partitions of group {group!r} has a running"
        " watch; stop one, or give this one its own --group"
    )


def _count(url: RedisURL, client: redis.Redis, group: str, partitions: int | None) -> int:
    """The group's number of partitions: as stored in Redis, else `partitions` (stored now)."""
    key = meta_key(url.key, group)
    stored = client.hget(key, "partitions")
    if stored is None and partitions is not None and partitions > 1:
        if _plain_group(client, url.key, group):
            raise UsageError(
                f"--from {url.display}: group {group!r} is read by one watch (it was started"
                f" without --partitions); give the {partitions} partitions another --group"
            )
        client.hsetnx(key, "partitions", partitions)
        stored = client.hget(key, "partitions")
    if stored is None:
        return 1
    count = int(stored)
    if partitions is not None and partitions != count:
        raise UsageError(
            f"--partitions {partitions}: group {group!r} of {url.display} has {count} partitions"
            f" (fixed when its first watch started); give --partitions {count} or leave it out"
        )
    return count


def _plain_group(client: redis.Redis, stream: str, group: str) -> bool:
    """Whether the stream has a consumer group of that name already."""
    import redis

    try:
        groups = client.xinfo_groups(stream)
    except redis.ResponseError:
        return False  # no such stream yet
    return any(_text(g["name"]) == group for g in groups)


def _text(value: object) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


def _remembered(state_dir: Path | None, count: int) -> int | None:
    """The partition the state folder's watch held, if any (of `count`)."""
    if state_dir is None or not (state_dir / PARTITION).exists():
        return None
    file = state_dir / PARTITION
    number, _, of = file.read_text(encoding="utf-8").strip().partition("/")
    if not (number.isdigit() and of.isdigit()) or int(number) >= int(of):
        raise UsageError(f"{file}: holds no partition (P/N); use a new --state folder")
    if int(of) != count:
        raise UsageError(
            f"{file}: the state is of partition {number} of {of}, and the group has {count}"
            " partitions; use a new --state folder"
        )
    return int(number)


def _remember(state_dir: Path, number: int, count: int) -> None:
    state_dir.mkdir(parents=True, exist_ok=True)
    file = state_dir / PARTITION
    temporary = file.with_suffix(".tmp")
    temporary.write_text(f"{number}/{count}\n", encoding="utf-8")
    temporary.replace(file)
