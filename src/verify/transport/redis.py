"""Redis Streams: `--from redis://HOST:PORT/STREAM` and `--to redis://HOST:PORT/KEY`.

Reading goes through a consumer group (`--group`, created with MKSTREAM from the stream's
start when missing) under a consumer name kept in the `--state` folder (`consumer`), so that a
restarted watch is the same consumer: it reads its own pending entries first (those delivered
to it and never acknowledged: the ones a crash interrupted), then new ones (`>`). Each entry's
field `record` holds one JSON record; its location, in findings and rejects, is the stream and
the entry id (`redis://HOST:PORT/STREAM#1718000000000-0`, line 1). An entry without it is
rejected. The checkpoint records the last entry consumed (`Position.entry`): a pending entry at
or before it is in the checkpointed state already, and is only acknowledged. Entries are
acknowledged (XACK) once stored: their findings written to the sink and the checkpoint saved.

Writing adds each finding to stream KEY (field `finding`, its JSON line) and sets its latest
version in hash `KEY:latest` under its id, in one MULTI/EXEC per batch. A replay after a crash
may add a line to the stream again; the hash converges on the latest versions all the same.
"""

from __future__ import annotations

import json
import socket
import threading
import uuid
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from verify.engines.stream.inputs import Line, Position
from verify.errors import UsageError, VerifyError
from verify.feeds import Reject
from verify.transport.groups import LEASE_MS, Membership

if TYPE_CHECKING:
    import redis

DEFAULT_PORT = 6379
#: How long one read waits for new entries before the watch takes it as a pause (ms).
BLOCK_MS = 200
#: The most entries one read takes.
COUNT = 1024
#: How often a command is tried again after a dropped connection (with a short backoff).
RETRIES = 2
#: A consumer of the group that read from it this recently (ms) is taken to be running.
ACTIVE_MS = 5_000
#: The file in the state folder that holds the consumer's name.
CONSUMER = "consumer"
#: The stream entry field a record is in, and the one a finding is written to.
RECORD, FINDING = b"record", "finding"


class TransportError(VerifyError):
    """A broker that cannot be reached or refuses what the watch asks of it."""


@dataclass(frozen=True)
class RedisURL:
    """`redis://[USER[:PASSWORD]@]HOST[:PORT]/KEY`, taken apart."""

    host: str
    port: int
    key: str
    username: str | None = None
    password: str | None = None

    @property
    def display(self) -> str:
        """The URL without user or password."""
        return f"redis://{self.host}:{self.port}/{self.key}"


def parse_url(url: str, option: str) -> RedisURL:
    """A `redis://` URL of `--from` (a stream) or `--to` (a key); a `UsageError` otherwise."""
    parts = urlsplit(url)
    what = "STREAM" if option == "--from" else "KEY"
    shape = f"redis://HOST:PORT/{what}"
    if parts.scheme.lower() != "redis" or not parts.hostname:
        raise UsageError(f"{option} {url!r}: give {shape}")
    try:
        port = parts.port or DEFAULT_PORT
    except ValueError:
        raise UsageError(f"{option} {url!r}: the port is no number from 1 to 65535") from None
    key = unquote(parts.path.removeprefix("/"))
    if not key:
        raise UsageError(f"{option} {url!r}: name the {what.lower()}: {shape}")
    if parts.query or parts.fragment:
        raise UsageError(f"{option} {url!r}: give {shape}, without ? or #")
    user = unquote(parts.username) if parts.username else None
    password = unquote(parts.password) if parts.password else None
    return RedisURL(parts.hostname, port, key, user, password)


def connect(url: RedisURL, option: str) -> redis.Redis:
    """A client of the server, which answered a PING (else a `TransportError`)."""
    try:
        import redis
        from redis.backoff import ExponentialBackoff
        from redis.retry import Retry
    except ImportError:
        raise UsageError(
            f"{option} {url.display}: Redis needs the redis package: pip install 'verify[redis]'"
        ) from None
    client = redis.Redis(
        host=url.host,
        port=url.port,
        username=url.username,
        password=url.password,
        socket_connect_timeout=5,
        socket_timeout=30,
        retry=Retry(ExponentialBackoff(cap=0.5, base=0.05), RETRIES),
    )
    with failing(url, option, "cannot reach the Redis server"):
        client.ping()
    return client


@contextmanager
def failing(url: RedisURL, option: str, doing: str) -> Iterator[None]:
    """Turn a Redis error inside the block into a `TransportError` naming the URL."""
    import redis

    try:
        yield
    except redis.RedisError as error:
        raise TransportError(f"{option} {url.display}: {doing}: {error}") from None


def consumer_name(state_dir: Path | None) -> str:
    """This watch's consumer name: kept in the state folder, so that a restart is the same
    consumer and reads its pending entries (a new name each run without one)."""
    fresh = f"verify-{socket.gethostname()}-{uuid.uuid4().hex[:12]}"
    if state_dir is None:
        return fresh
    state_dir.mkdir(parents=True, exist_ok=True)
    file = state_dir / CONSUMER
    if file.exists():
        name = file.read_text(encoding="utf-8").strip()
        if not name or len(name) > 200:
            raise UsageError(f"{file}: holds no consumer name; use a new --state folder")
        return name
    temporary = file.with_suffix(".tmp")
    temporary.write_text(fresh + "\n", encoding="utf-8")
    temporary.replace(file)
    return fresh


def entry_order(entry: str) -> tuple[int, int]:
    """A stream entry id as numbers, to compare."""
    ms, _, seq = entry.partition("-")
    return int(ms), int(seq or 0)


class RedisSource:
    """Records from a Redis stream through a consumer group (see the module's text)."""

    live = True

    def __init__(
        self,
        url: str,
        *,
        group: str,
        state_dir: Path | None,
        position: Position | None,
        membership: Membership | None = None,
    ) -> None:
        self.url = parse_url(url, "--from")
        if not group:
            raise UsageError("--group: give a consumer group name")
        self.named = group
        #: One partition of a group of several (`groups.py`): read through its own group.
        self.membership = membership
        self.group = membership.group if membership is not None else group
        self.consumer = membership.consumer if membership is not None else consumer_name(state_dir)
        self.client = connect(self.url, "--from")
        start = position or Position()
        self.saved = start.entry  # consumed and checkpointed already
        self._reached = Position(lines=start.lines, entry=start.entry)
        self._committed = Position(lines=start.lines, entry=start.entry)
        self._handed: deque[str] = deque()  # handed out, not yet committed
        self._done: list[str] = []  # committed, not yet acknowledged
        self._known: list[str] = []  # pending, but in the checkpoint already
        self.rejected: Callable[[Reject], None] = lambda reject: None
        self._create_group()
        self._beating: threading.Event | None = None
        self._lost = False
        if membership is None:
            self._alone()
        else:
            self._hold()  # still ours after the engine was restored? (else another took it)
            self._settle()
            self._heartbeat(membership)

    def _heartbeat(self, membership: Membership) -> None:
        """Renew the partition's lease a few times a lease, from a thread, however long a
        batch or a checkpoint takes; a lease found lost stops the watch at its next read."""
        import redis

        beating = self._beating = threading.Event()

        def beat() -> None:
            while not beating.wait(LEASE_MS / 4000):
                try:
                    if not membership.renew(self.client):
                        self._lost = True
                        return
                except redis.RedisError:
                    continue  # the next read reports an unreachable server

        threading.Thread(target=beat, name="verify-lease", daemon=True).start()

    def _create_group(self) -> None:
        import redis

        try:
            self.client.xgroup_create(self.url.key, self.group, id="0", mkstream=True)
        except redis.ResponseError as error:
            if "BUSYGROUP" not in str(error):
                raise TransportError(
                    f"--from {self.url.display}: cannot create group {self.group!r}: {error}"
                ) from None
        except redis.RedisError as error:
            raise TransportError(f"--from {self.url.display}: {error}") from None

    def _alone(self) -> None:
        """Refuse to join a group another consumer is reading from: entries would be split
        between them as Redis hands them out, not by the parties they concern, and each
        engine would judge a part of the feed (see docs/transports.md)."""
        with failing(self.url, "--from", f"listing the consumers of group {self.group!r}"):
            consumers = self.client.xinfo_consumers(self.url.key, self.group)
        for consumer in consumers:
            name = consumer["name"]
            name = name.decode("utf-8", "replace") if isinstance(name, bytes) else str(name)
            if name != self.consumer and int(consumer["idle"]) < ACTIVE_MS:
                raise UsageError(
                    f"--from {self.url.display}: consumer {name!r} of group {self.group!r} read"
                    f" from it {int(consumer['idle']) / 1000:.1f} s ago; one watch reads a group"
                    " started without --partitions (several would split the records without"
                    " routing them by party): give this one its own --group, or start the"
                    " watches of a new group with --partitions N"
                )

    def _settle(self) -> None:
        """A partition's group resumes at the checkpoint (from the stream's start without
        one): whatever its consumers held pending is dropped with them (those at or before the
        checkpoint are stored, the rest are delivered again), and so is any earlier holder."""
        with failing(self.url, "--from", f"resuming group {self.group!r}"):
            for consumer in self.client.xinfo_consumers(self.url.key, self.group):
                self.client.xgroup_delconsumer(self.url.key, self.group, consumer["name"])
            self.client.xgroup_setid(self.url.key, self.group, self.saved or "0")

    def _hold(self) -> None:
        """Renew the partition's lease; `TransportError` once another watch holds it."""
        assert self.membership is not None
        if not self._lost:
            with failing(self.url, "--from", f"holding {self.membership.describe()}"):
                self._lost = not self.membership.renew(self.client)
        if self._lost:
            raise TransportError(
                f"--from {self.url.display}: lost {self.membership.describe()} of group"
                f" {self.named!r} to another watch (this one could not renew its lease"
                " in time: paused, or cut off from the server); restart it with a new"
                " --state folder"
            )

    def _read(self, after: str, block: int | None) -> list[tuple[bytes, Any]]:
        if self.membership is not None:
            self._hold()
        with failing(self.url, "--from", f"reading group {self.group!r}"):
            reply = self.client.xreadgroup(
                self.group, self.consumer, {self.url.key: after}, count=COUNT, block=block
            )
        if not reply:
            return []
        answer: Any = reply  # RESP2: [[stream, [(id, fields), ...]]]
        _, entries = answer[0]
        return list(entries)

    def batches(self) -> Iterator[list[Line]]:
        """This consumer's pending entries first, then new ones; a read that waited
        `BLOCK_MS` for none is a pause (an empty batch). There is no end."""
        after = "0-0"
        while self.membership is None:
            entries = self._read(after, None)
            if not entries:
                break
            after = entries[-1][0].decode("ascii")
            lines = self._lines(entries)
            self._acknowledge_known()
            if lines:
                yield lines
        while True:
            yield self._lines(self._read(">", BLOCK_MS))

    def _lines(self, entries: list[tuple[bytes, Any]]) -> list[Line]:
        """Entries as lines (the record's text, the entry as the file, line 1); entries in the
        checkpoint already only to acknowledge, entries with no record rejected."""
        lines: list[Line] = []
        saved = entry_order(self.saved) if self.saved is not None else None
        for raw_id, fields in entries:
            entry = raw_id.decode("ascii")
            if saved is not None and entry_order(entry) <= saved:
                self._known.append(entry)
                continue
            self._handed.append(entry)
            self._reached = Position(lines=self._reached.lines + 1, entry=entry)
            where = f"{self.url.display}#{entry}"
            record = (fields or {}).get(RECORD)
            if record is None:
                self.rejected(self._no_record(where, fields))
                continue
            lines.append((bytes(record), where, 1))
        return lines

    def _acknowledge_known(self) -> None:
        """Acknowledge the pending entries the checkpoint holds (a crash came between the
        checkpoint and their XACK): they are stored already."""
        if self._known:
            with failing(self.url, "--from", "acknowledging entries"):
                self.client.xack(self.url.key, self.group, *self._known)
            self._known = []

    def _no_record(self, where: str, fields: Any) -> Reject:
        shown = {
            k.decode("utf-8", "replace"): v.decode("utf-8", "replace")
            for k, v in (fields or {}).items()
        }
        reason = (
            "the stream entry has no field 'record' (one JSON record)"
            if fields
            else "the stream entry was deleted before it was read"
        )
        return Reject(where, 1, "record", reason, shown, None)

    def reached(self) -> list[Position]:
        """The last entry handed out."""
        return [self._reached]

    def commit(self, positions: Sequence[Position]) -> None:
        """The entries up to the position have been dealt with."""
        (position,) = positions
        if position.entry is None:
            return
        last = entry_order(position.entry)
        while self._handed and entry_order(self._handed[0]) <= last:
            self._done.append(self._handed.popleft())
        self._committed = position

    def positions(self) -> list[Position]:
        """The last entry dealt with."""
        return [self._committed]

    def stored(self) -> None:
        """Acknowledge the entries dealt with (their findings and the checkpoint stored)."""
        if not self._done:
            return
        with failing(self.url, "--from", "acknowledging entries"):
            self.client.xack(self.url.key, self.group, *self._done)
        self._done = []

    def following(self, index: int, position: Position) -> str | None:
        """None: a stream entry is known by its id."""
        return None

    def displays(self) -> list[str]:
        """The stream and the group, as checkpoints name them."""
        if self.membership is not None:
            return [f"{self.url.display} (group {self.named}, {self.membership.describe()})"]
        return [f"{self.url.display} (group {self.group})"]

    def close(self) -> None:
        """Let the partition go (if one is held) and close the connection."""
        if self._beating is not None:
            self._beating.set()
        try:
            if self.membership is not None and not self._lost:
                with failing(self.url, "--from", f"letting {self.membership.describe()} go"):
                    self.membership.release(self.client)
        finally:
            self.client.close()


class RedisSink:
    """Findings to stream KEY and their latest versions to hash `KEY:latest`."""

    def __init__(self, url: str) -> None:
        self.url = parse_url(url, "--to")
        self.client = connect(self.url, "--to")
        self.latest = f"{self.url.key}:latest"
        self._held: list[tuple[str, str]] = []

    def deliver(self, line: str, *, closing: bool = False) -> bool:
        """Hold the line until the batch's `flush`."""
        self._held.append((json.loads(line)["id"], line))
        return True

    def flush(self) -> None:
        """XADD and HSET each held finding, in one MULTI/EXEC."""
        if not self._held:
            return
        with failing(self.url, "--to", "writing findings"):
            pipe = self.client.pipeline(transaction=True)
            for finding_id, line in self._held:
                pipe.xadd(self.url.key, {FINDING: line})
                pipe.hset(self.latest, finding_id, line)
            pipe.execute()
        self._held = []

    def size(self) -> int:
        """0: no file."""
        return 0

    def carried(self) -> set[str]:
        """Nothing: the hash converges by itself."""
        return set()

    def close(self) -> None:
        """Close the connection (what is held and not flushed is dropped, as a crash would)."""
        self.client.close()
