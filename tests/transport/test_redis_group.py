"""Several `verify watch --from redis://... --partitions N` of one group, on a real redis-server:
together they write what one watch writes, a killed one's share is taken over without loss,
and a partition whose parties are quiet still decides on the group's clock."""

from __future__ import annotations

import json
import signal
import subprocess
import threading
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from tests.bench_scripts import generator
from tests.transport.test_redis_watch import located, push, verify, wait_until
from verify import watching
from verify.cli import cli
from verify.engines.partitions import partition_of

GROUP = ("verify/0", "verify/1")


@pytest.fixture(autouse=True)
def scratch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run every command in an empty working directory."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[str], list[dict[str, Any]]]:
    """The generator's feed over every pack it covers (parties of both partitions; obligations
    judged over the whole feed too), and 30 days after its end a record no rule covers (so
    that the watermark passes everything else)."""
    out = tmp_path_factory.mktemp("feed") / "feed.jsonl"
    document = generator().write(600, "jsonl", 2, out)
    records = [json.loads(line) for line in out.read_text().splitlines()]
    last = max(datetime.fromisoformat(r["time"].replace("Z", "+00:00")) for r in records)
    clock = (last + timedelta(days=30)).strftime("%Y-%m-%dT%H:%M:%SZ")
    records.append({"id": "clock", "kind": "incident", "party": "ARV", "time": clock})
    return list(document["packs"]), records


def treaties(packs: list[str]) -> list[str]:
    """`--treaty PACK` for each pack."""
    return [arg for pack in packs for arg in ("--treaty", pack)]


def member(server: str, packs: list[str], state: str, *options: str) -> subprocess.Popen[bytes]:
    """A watch of stream obs into KEY found, one of a group of 2 partitions."""
    return verify(
        "watch", *treaties(packs), "--from", f"redis://{server}/obs",
        "--to", f"redis://{server}/found", "--state", state, "--partitions", "2",
        "--workers", "0", *options,
    )  # fmt: skip


class Member(threading.Thread):
    """A watch of stream obs, one of a group of 2 partitions, run in this process (no
    start-up of its own), stopped by `stop`."""

    def __init__(self, server: str, packs: list[str], state: str, **options: Any) -> None:
        super().__init__()
        self.stopper = watching.Stopper()
        self.options = {
            "source": f"redis://{server}/obs", "state_dir": Path(state), "partitions": 2,
            "workers": 0, "stopper": self.stopper, **options,
        }  # fmt: skip
        self.packs = packs
        self.summary: watching.WatchSummary | None = None
        self.error: BaseException | None = None
        self.start()

    def run(self) -> None:
        try:
            self.summary = watching.watch(self.packs, [], **self.options)
        except BaseException as error:
            self.error = error

    def stop(self) -> watching.WatchSummary:
        """Ask it to stop at its next read; what it did (its error raised)."""
        self.stopper.requested = True
        self.join(timeout=60)
        if self.error is not None:
            raise self.error
        assert self.summary is not None and self.summary.stopped
        return self.summary


def drained(client: Any) -> bool:
    """Whether both partitions' groups have read the whole of stream obs and acknowledged it."""
    last = client.xinfo_stream("obs")["last-generated-id"]
    groups = {g["name"].decode(): g for g in client.xinfo_groups("obs")}
    return all(
        name in groups
        and groups[name]["pending"] == 0
        and groups[name]["last-delivered-id"] == last
        for name in GROUP
    )


def checked(packs: list[str], records: list[dict[str, Any]]) -> dict[str, Any]:
    """`verify check`'s findings on the records written to feed.jsonl, by id."""
    Path("feed.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), "utf-8")
    result = CliRunner().invoke(cli, ["check", *treaties(packs), "feed.jsonl", "--format", "jsonl"])
    return {f["id"]: f for f in map(json.loads, result.stdout.splitlines())}


def latest(client: Any, entries: list[str]) -> dict[str, Any]:
    """What KEY found:latest holds, retracted findings left out, located as in feed.jsonl."""
    lines = {entry: number for number, entry in enumerate(entries, 1)}
    found = {
        key.decode(): located(json.loads(value), lines)
        for key, value in client.hgetall("found:latest").items()
    }
    return {key: value for key, value in found.items() if value["status"] != "retracted"}


def test_two_watches_of_a_group_write_what_check_finds(
    client: Any, redis_server: str, generated: tuple[list[str], list[dict[str, Any]]]
) -> None:
    """Each takes a partition; KEY:latest is `verify check`'s output, each line from one."""
    packs, records = generated
    entries = push(client, records)
    sink = f"redis://{redis_server}/found"
    first = Member(redis_server, packs, "s0", sink=sink)
    wait_until(lambda: Path("s0/partition").exists(), "the first holds a partition")
    second = Member(redis_server, packs, "s1", sink=sink)
    wait_until(lambda: drained(client), "both partitions have read the stream")
    first.stop(), second.stop()
    assert (Path("s0/partition").read_text(), Path("s1/partition").read_text()) == (
        "0/2\n",
        "1/2\n",
    )
    expected = checked(packs, records)
    assert {partition_of(f["party"], 2) for f in expected.values()} == {0, 1}
    assert latest(client, entries) == expected


def test_each_finding_comes_from_one_watch_of_the_group(
    client: Any, redis_server: str, generated: tuple[list[str], list[dict[str, Any]]]
) -> None:
    """Written to files: no id from both watches, and the last line of each id is what
    `verify check` finds."""
    packs, records = generated
    entries = push(client, records)
    first = Member(redis_server, packs, "s0", output=Path("out0.jsonl"))
    wait_until(lambda: Path("s0/partition").exists(), "the first holds a partition")
    second = Member(redis_server, packs, "s1", output=Path("out1.jsonl"))
    wait_until(lambda: drained(client), "both partitions have read the stream")
    first.stop(), second.stop()
    lines = {entry: number for number, entry in enumerate(entries, 1)}
    printed: list[dict[str, Any]] = []
    for name in ("out0.jsonl", "out1.jsonl"):
        found = map(json.loads, Path(name).read_text().splitlines())
        last = {f["id"]: located(f, lines) for f in found}
        printed.append({key: f for key, f in last.items() if f["status"] != "retracted"})
    assert printed[0] and printed[1]
    assert not set(printed[0]) & set(printed[1])
    assert {**printed[0], **printed[1]} == checked(packs, records)


def test_a_watch_killed_and_restarted_with_its_state_converges(
    client: Any, redis_server: str, generated: tuple[list[str], list[dict[str, Any]]]
) -> None:
    """SIGKILL of one half-way; the restart with its --state takes its partition back at once."""
    packs, records = generated
    half = len(records) // 2
    entries = push(client, records[:half])
    sink = f"redis://{redis_server}/found"
    first = Member(redis_server, packs, "s0", sink=sink, checkpoint_every=50)
    wait_until(lambda: Path("s0/partition").exists(), "the first holds a partition")
    second = member(redis_server, packs, "s1", "--checkpoint-every", "50")
    wait_until(lambda: Path("s1/checkpoint.state").exists(), "the second has checkpointed")
    second.kill()
    second.communicate()
    entries += push(client, records[half:])
    again = Member(redis_server, packs, "s1", sink=sink, checkpoint_every=50)
    wait_until(lambda: drained(client), "both partitions have read the stream")
    first.stop(), again.stop()
    assert second.returncode == -signal.SIGKILL
    assert latest(client, entries) == checked(packs, records)


def test_a_killed_watchs_partition_is_taken_by_a_new_watch(
    client: Any, redis_server: str, generated: tuple[list[str], list[dict[str, Any]]]
) -> None:
    """SIGKILL of one; once its lease runs out a watch with a new --state takes its partition
    (reading the stream from its start) and the group converges all the same."""
    packs, records = generated
    half = len(records) // 2
    entries = push(client, records[:half])
    sink = f"redis://{redis_server}/found"
    first = Member(redis_server, packs, "s0", sink=sink)
    wait_until(lambda: Path("s0/partition").exists(), "the first holds a partition")
    second = member(redis_server, packs, "s1")
    wait_until(lambda: Path("s1/checkpoint.state").exists(), "the second has checkpointed")
    second.kill()
    second.communicate()
    entries += push(client, records[half:])
    wait_until(lambda: client.exists("obs:verify:verify:1") == 0, "the lease runs out", 10)
    other = Member(redis_server, packs, "elsewhere", sink=sink)
    wait_until(lambda: drained(client), "both partitions have read the stream")
    first.stop(), other.stop()
    assert Path("elsewhere/partition").read_text() == "1/2\n"
    assert latest(client, entries) == checked(packs, records)


def test_a_partition_whose_parties_are_quiet_decides_on_the_groups_clock(
    client: Any, redis_server: str
) -> None:
    """BLR (partition 1) says nothing after its exercise; a USA record (partition 0) takes
    the watermark past its start, and partition 1 reports the missing notification."""
    vd11 = ["vienna-document-2011"]
    first = Member(redis_server, vd11, "s0", output=Path("out0.jsonl"))
    wait_until(lambda: Path("s0/partition").exists(), "the first holds a partition")
    second = Member(redis_server, vd11, "s1", output=Path("out1.jsonl"), partitions=None)
    push(client, [
        {"id": "x1", "kind": "exercise", "party": "BLR", "activity": "a1", "troops": 12000,
         "time": "2026-06-01T00:00:00Z", "start": "2026-09-11T00:00:00Z"},
        {"id": "i1", "kind": "incident", "party": "USA", "time": "2026-09-15T00:00:00Z"},
    ])  # fmt: skip
    wait_until(
        lambda: bool(Path("out1.jsonl").exists() and Path("out1.jsonl").stat().st_size),
        "partition 1 reports",
    )
    first.stop(), second.stop()
    found = [json.loads(line) for line in Path("out1.jsonl").read_text().splitlines()]
    assert [(f["obligation"], f["party"]) for f in found] == [("vd11.prior-notification", "BLR")]
    assert Path("out0.jsonl").read_text() == ""


def test_another_number_of_partitions_than_the_groups_is_exit_2(
    client: Any, redis_server: str
) -> None:
    """The number is fixed when the group's first watch starts."""
    client.hset("obs:verify:verify", "partitions", 2)
    result = CliRunner().invoke(
        cli, ["watch", "--treaty", "example-non-aggression-pact", "--from",
              f"redis://{redis_server}/obs", "--partitions", "3"],
    )  # fmt: skip
    assert result.exit_code == 2
    assert "has 2 partitions (fixed when its first watch started)" in result.stderr


def test_a_watch_whose_partition_was_taken_stops_with_an_error(
    client: Any, redis_server: str
) -> None:
    """Another holder of its lease (it was paused too long): it stops, naming the partition."""
    from verify.transport.redis import TransportError

    watch = Member(redis_server, ["example-non-aggression-pact"], "s0")
    wait_until(lambda: Path("s0/partition").exists(), "the watch holds a partition")
    client.set("obs:verify:verify:0", "verify-elsewhere")
    watch.join(timeout=30)
    assert isinstance(watch.error, TransportError)
    assert "lost partition 0 of 2 of group 'verify'" in str(watch.error)
    assert client.get("obs:verify:verify:0") == b"verify-elsewhere"  # not let go as its own
