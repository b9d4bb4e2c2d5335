"""`verify watch --from redis://... --to redis://...` end to end, on a real redis-server."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from tests.stream.synthetic import long_feed
from verify import watching
from verify.cli import cli
from verify.engines.stream.checkpoint import StateDir

PACT = "example-non-aggression-pact"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def scratch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run every command in an empty working directory."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def verify(*args: str) -> subprocess.Popen[bytes]:
    """Start `python -m verify ARGS...` in the working directory."""
    return subprocess.Popen(
        [sys.executable, "-m", "verify", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
    )


def watch(server: str, *options: str) -> subprocess.Popen[bytes]:
    """A watch of stream obs into KEY found, checkpointing in ./state."""
    return verify(
        "watch", "--treaty", PACT, "--from", f"redis://{server}/obs",
        "--to", f"redis://{server}/found", "--state", "state", "--workers", "0", *options,
    )  # fmt: skip


def push(client: Any, records: list[dict[str, Any]]) -> list[str]:
    """Add each record to stream obs (field `record`); the entry ids."""
    return [client.xadd("obs", {"record": json.dumps(r)}).decode() for r in records]


def wait_until(condition: Callable[[], bool], what: str, timeout: float = 60) -> None:
    """Poll until `condition` holds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting until {what}")
        time.sleep(0.05)


def drained(client: Any) -> bool:
    """Whether group verify has read the whole of stream obs and acknowledged it."""
    groups = client.xinfo_groups("obs")
    if not groups:
        return False
    last = client.xinfo_stream("obs")["last-generated-id"]
    return bool(groups[0]["pending"] == 0 and groups[0]["last-delivered-id"] == last)


def feed_with_a_clock(records: int) -> list[dict[str, Any]]:
    """A seeded pact feed and, 30 days after its last record, one record no rule covers (so
    that the watermark passes everything else)."""
    feed = list(long_feed(records, years=1))
    last = max(datetime.fromisoformat(r["time"]) for r in feed)
    clock = (last + timedelta(days=30)).strftime("%Y-%m-%dT%H:%M:%SZ")
    return [*feed, {"id": "clock", "kind": "incident", "party": "ARV", "time": clock}]


def located(finding: dict[str, Any], lines: dict[str, int]) -> dict[str, Any]:
    """A finding from the stream with its evidence located as `verify check` on feed.jsonl
    locates it (the entries were added in the file's order)."""
    evidence = [
        {**e, "file": "feed.jsonl", "line": lines[e["file"].rpartition("#")[2]]}
        for e in finding["evidence"]
    ]
    return {**finding, "evidence": evidence}


def test_a_watch_killed_and_restarted_converges_on_what_check_finds(
    client: Any, redis_server: str, scratch: Path
) -> None:
    """SIGKILL half-way, restart with the same --state: KEY:latest is `verify check`'s output."""
    records = feed_with_a_clock(300)
    Path("feed.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), "utf-8")
    half = len(records) // 2
    entries = push(client, records[:half])
    first = watch(redis_server, "--checkpoint-every", "20")
    wait_until(lambda: client.hlen("found:latest") > 0, "the first findings are written")
    first.kill()
    first.communicate()
    entries += push(client, records[half:])
    second = watch_until(redis_server, lambda: drained(client), "--checkpoint-every", "20")
    assert (first.returncode, second.exit_code) == (-signal.SIGKILL, 0), second.output
    lines = {entry: number for number, entry in enumerate(entries, 1)}
    latest = {
        key.decode(): located(json.loads(value), lines)
        for key, value in client.hgetall("found:latest").items()
    }
    checked = CliRunner().invoke(
        cli, ["check", "--treaty", PACT, "feed.jsonl", "--format", "jsonl"]
    )
    expected = {f["id"]: f for f in map(json.loads, checked.stdout.splitlines())}
    live = {key: value for key, value in latest.items() if value["status"] != "retracted"}
    assert any(f["obligation"] == "pact.tank-ceiling" for f in expected.values())
    assert live == expected


def test_entries_stay_pending_when_the_watch_dies_before_its_checkpoint(
    client: Any, redis_server: str, scratch: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The findings are written, the checkpoint fails: nothing is acknowledged, and the
    restarted watch reads the entries again."""
    push(client, [{"id": f"t{n}", "kind": "missile_test", "party": "ARV", "range_km": 450,
                   "time": f"2025-08-0{n + 1}T00:00:00Z"} for n in range(5)])  # fmt: skip

    def crash(self: StateDir, *args: Any, **kwargs: Any) -> None:
        raise RuntimeError("killed before the checkpoint was stored")

    save = StateDir.save
    monkeypatch.setattr(StateDir, "save", crash)
    with pytest.raises(RuntimeError, match="killed before"):
        watching.watch(
            [PACT], [], source=f"redis://{redis_server}/obs", sink=f"redis://{redis_server}/found",
            state_dir=scratch / "state", workers=0,
        )  # fmt: skip
    assert client.hlen("found:latest") == 5
    assert client.xpending("obs", "verify")["pending"] == 5
    assert not (scratch / "state" / "checkpoint.state").exists()
    monkeypatch.setattr(StateDir, "save", save)
    again = watch_until(redis_server, lambda: drained(client))
    assert again.exit_code == 0, again.stderr
    assert "5 record(s) accepted" in again.stderr


def watch_until(server: str, condition: Callable[[], bool], *options: str) -> Result:
    """`verify watch` of stream obs into KEY found (in this process), sent SIGTERM once
    `condition` holds (or after a minute)."""

    done = threading.Event()

    def terminate() -> None:
        deadline = time.monotonic() + 60
        while not condition() and time.monotonic() < deadline and not done.is_set():
            time.sleep(0.05)
        if not done.is_set():  # never once the watch has returned (it failed, then)
            os.kill(os.getpid(), signal.SIGTERM)

    killer = threading.Thread(target=terminate)
    killer.start()
    try:
        return CliRunner().invoke(
            cli,
            ["watch", "--treaty", PACT, "--from", f"redis://{server}/obs",
             "--to", f"redis://{server}/found", "--state", "state", "--workers", "0", *options],
        )  # fmt: skip
    finally:
        done.set()
        killer.join()


def test_sigterm_stops_with_exit_0_and_nothing_pending(client: Any, redis_server: str) -> None:
    """The batch in hand finished, checkpointed and acknowledged; the findings fail nothing."""
    push(client, feed_with_a_clock(100))
    result = watch_until(redis_server, lambda: client.hlen("found:latest") > 0)
    assert result.exit_code == 0, result.output
    assert client.xpending("obs", "verify")["pending"] == 0
    assert Path("state/checkpoint.state").exists()


def test_bad_entries_go_to_the_rejects_at_their_entry_id(client: Any, redis_server: str) -> None:
    """No record field, bad JSON, a time without offset: rejected, acknowledged, counted."""
    good = {"id": "t1", "kind": "missile_test", "party": "ARV", "time": "2025-08-01T00:00:00Z"}
    entries = [
        client.xadd("obs", {"other": "x"}).decode(),
        client.xadd("obs", {"record": "{not json"}).decode(),
        client.xadd("obs", {"record": json.dumps({**good, "time": "2025-08-01T00:00:00"})}),
    ]
    push(client, [{**good, "range_km": 450}])
    result = watch_until(redis_server, lambda: drained(client), "--rejects", "rj.jsonl")
    assert result.exit_code == 0, result.output
    assert "1 record(s) accepted, 3 rejected" in result.stderr
    rejects = [json.loads(line) for line in Path("rj.jsonl").read_text().splitlines()]
    stream = f"redis://{redis_server}/obs#"
    assert [r["file"].removeprefix(stream) for r in rejects][:2] == entries[:2]
    assert [(r["line"], r["field"]) for r in rejects] == [(1, "record"), (1, None), (1, "time")]


def test_a_state_folder_is_refused_for_another_group(client: Any, redis_server: str) -> None:
    """Another group would read the stream again from its start into the saved engine."""
    push(client, [{"id": "t1", "kind": "missile_test", "party": "ARV",
                   "time": "2025-08-01T00:00:00Z"}])  # fmt: skip
    assert watch_until(redis_server, lambda: drained(client)).exit_code == 0
    result = CliRunner().invoke(
        cli,
        ["watch", "--treaty", PACT, "--from", f"redis://{redis_server}/obs", "--group", "other",
         "--state", "state"],
    )  # fmt: skip
    assert result.exit_code == 2
    assert "(group verify)" in result.stderr
    assert "use a new --state folder" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "redis://127.0.0.1:1/obs"], "cannot reach the Redis server"),
        (["--from", "redis://127.0.0.1:6379"], "name the stream"),
        (["--from", "kafka://broker/obs"], "give a URL verify can read"),
        (["--from", "redis://127.0.0.1:1/obs", "feed.jsonl"], "OBSERVATIONS or --from"),
        (["--to", "redis://127.0.0.1:1/found", "--output", "x.jsonl"], "--output or --to"),
    ],
)
def test_a_bad_or_unreachable_url_is_exit_2_without_a_traceback(
    args: list[str], message: str
) -> None:
    """The message names what is wrong; no Python traceback."""
    result = CliRunner().invoke(cli, ["watch", "--treaty", PACT, *args])
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
