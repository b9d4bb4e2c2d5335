"""The Redis stream source and sink on a real server: consumer group, pending entries, acks."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from verify.engines.stream.inputs import Position
from verify.errors import UsageError
from verify.transport.redis import RedisSink, RedisSource, TransportError, parse_url

RECORD = {"id": "t1", "kind": "missile_test", "party": "ARV", "time": "2025-08-01T00:00:00Z"}


def add(client: Any, count: int) -> list[str]:
    """Add `count` records (ids t0, t1, ...) to stream obs; their entry ids."""
    return [
        client.xadd("obs", {"record": json.dumps({**RECORD, "id": f"t{n}"})}).decode()
        for n in range(count)
    ]


def source(redis_server: str, state: Path, position: Position | None = None) -> RedisSource:
    """A source of stream obs through group g."""
    url = f"redis://{redis_server}/obs"
    return RedisSource(url, group="g", state_dir=state, position=position)


def pending(client: Any) -> int:
    """How many entries of group g are delivered and not acknowledged."""
    return int(client.xpending("obs", "g")["pending"])


def test_a_url_names_host_port_and_stream() -> None:
    """redis://HOST:PORT/STREAM taken apart; the password is never shown."""
    url = parse_url("redis://me:secret@10.0.0.5:6380/feeds/obs", "--from")
    assert (url.host, url.port, url.key, url.password) == ("10.0.0.5", 6380, "feeds/obs", "secret")
    assert url.display == "redis://10.0.0.5:6380/feeds/obs"


@pytest.mark.parametrize(
    "url", ["redis://127.0.0.1:6379", "redis://127.0.0.1:6379/", "http://h/obs", "redis://h:x/s"]
)
def test_a_url_without_a_stream_or_of_another_scheme_is_refused(url: str) -> None:
    """A usage error naming the option and the shape to give."""
    with pytest.raises(UsageError, match="--from"):
        parse_url(url, "--from")


def test_an_unreachable_server_is_a_transport_error(tmp_path: Path) -> None:
    """Nothing listens on port 1: the error names the URL."""
    with pytest.raises(TransportError, match=r"redis://127\.0\.0\.1:1/obs: cannot reach"):
        RedisSource("redis://127.0.0.1:1/obs", group="g", state_dir=tmp_path, position=None)


def test_entries_committed_but_not_stored_are_read_again_by_the_restarted_consumer(
    client: Any, redis_server: str, tmp_path: Path
) -> None:
    """No ack before `stored`: the same consumer (from the state folder) gets them again."""
    entries = add(client, 3)
    first = source(redis_server, tmp_path)
    batch = next(first.batches())
    first.commit(first.reached())
    first.close()
    assert [where for _, where, _ in batch] == [f"redis://{redis_server}/obs#{e}" for e in entries]
    assert pending(client) == 3
    again = source(redis_server, tmp_path)
    assert [text for text, _, _ in next(again.batches())] == [text for text, _, _ in batch]
    again.close()


def test_stored_entries_are_acknowledged(client: Any, redis_server: str, tmp_path: Path) -> None:
    """After `stored`, nothing of the committed batch is pending."""
    add(client, 3)
    reader = source(redis_server, tmp_path)
    next(reader.batches())
    reader.commit(reader.reached())
    reader.stored()
    reader.close()
    assert pending(client) == 0


def test_pending_entries_the_checkpoint_holds_are_acknowledged_not_replayed(
    client: Any, redis_server: str, tmp_path: Path
) -> None:
    """A crash between checkpoint and ack: the entries up to the saved one are only acked."""
    entries = add(client, 4)
    first = source(redis_server, tmp_path)
    next(first.batches())
    first.close()
    resumed = source(redis_server, tmp_path, Position(lines=2, entry=entries[1]))
    batch = next(resumed.batches())
    assert [json.loads(text)["id"] for text, _, _ in batch] == ["t2", "t3"]
    assert pending(client) == 2
    resumed.close()


def test_an_entry_without_a_record_is_rejected_at_its_entry_id(
    client: Any, redis_server: str, tmp_path: Path
) -> None:
    """The reject names the stream and the entry; the entry still counts as consumed."""
    entry = client.xadd("obs", {"other": "x"}).decode()
    reader = source(redis_server, tmp_path)
    rejects: list[Any] = []
    reader.rejected = rejects.append
    assert next(reader.batches()) == []
    where = f"redis://{redis_server}/obs#{entry}"
    assert [(r.file, r.field) for r in rejects] == [(where, "record")]
    assert reader.reached() == [Position(lines=1, entry=entry)]
    reader.close()


def test_a_second_running_consumer_of_the_group_is_refused(
    client: Any, redis_server: str, tmp_path: Path
) -> None:
    """Two watches on one group would split the records: the second is told to use its own."""
    add(client, 1)
    first = source(redis_server, tmp_path / "a")
    next(first.batches())
    with pytest.raises(UsageError, match="its own --group"):
        source(redis_server, tmp_path / "b")
    first.close()


def test_the_sink_adds_to_the_stream_and_keeps_the_latest_version(
    client: Any, redis_server: str
) -> None:
    """Two versions of one finding: both in the stream, the second in KEY:latest."""
    sink = RedisSink(f"redis://{redis_server}/found")
    for status in ("violation", "retracted"):
        sink.deliver(json.dumps({"id": "F-1", "status": status}))
    sink.flush()
    sink.close()
    assert client.xlen("found") == 2
    assert json.loads(client.hget("found:latest", "F-1"))["status"] == "retracted"
