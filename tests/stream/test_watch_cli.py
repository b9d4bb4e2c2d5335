"""`verify watch` end to end: rejects without stopping, parity with `check`, restart after a
kill without a lost or repeated finding, following a growing file."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from tests.stream.synthetic import long_feed
from verify.cli import cli

PACT = "example-non-aggression-pact"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def scratch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run every command in an empty working directory."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write(path: Path, records: list[dict[str, Any]], extra: str = "") -> Path:
    """Write records as JSON Lines, with raw text appended."""
    path.write_text("".join(json.dumps(r) + "\n" for r in records) + extra, encoding="utf-8")
    return path


def verify(*args: str, **options: Any) -> subprocess.Popen[bytes]:
    """Start `python -m verify ARGS...` in the working directory."""
    return subprocess.Popen(
        [sys.executable, "-m", "verify", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        **options,
    )


def test_a_bad_record_goes_to_the_rejects_and_the_stream_goes_on(scratch: Path) -> None:
    """Broken lines are written to --rejects with file, line and reason; later records count."""
    good = {"id": "t1", "kind": "missile_test", "party": "ARV", "time": "2025-08-01T00:00:00Z"}
    local = {**good, "id": "t0", "time": "2025-07-01T10:00:00"}
    feed = write(scratch / "feed.jsonl", [local], '{"id": \n')
    with feed.open("a", encoding="utf-8") as out:
        out.write(json.dumps({**good, "range_km": 450}) + "\n")
    result = CliRunner().invoke(
        cli, ["watch", "--treaty", PACT, "--rejects", "rj.jsonl", "feed.jsonl"]
    )
    assert result.exit_code == 1
    rejects = [json.loads(line) for line in Path("rj.jsonl").read_text().splitlines()]
    assert [(r["file"], r["line"], r["field"]) for r in rejects] == [
        ("feed.jsonl", 1, "time"),
        ("feed.jsonl", 2, None),
    ]
    assert "no UTC offset" in rejects[0]["reason"]
    findings = [json.loads(line) for line in result.stdout.splitlines()]
    assert [f["obligation"] for f in findings] == ["pact.missile-test"]
    assert findings[0]["evidence"][0]["line"] == 3


def watch_and_check(treaties: list[str]) -> tuple[list[str], list[str]]:
    """`verify watch` (the last line per finding id) and `verify check --as-of <last time>`
    on feed.jsonl, as sorted JSON lines; both exit 1."""
    packs = [arg for pack in treaties for arg in ("--treaty", pack)]
    watched = CliRunner().invoke(cli, ["watch", *packs, "feed.jsonl"])
    lines = Path("feed.jsonl").read_text().splitlines()
    last = max(json.loads(line)["time"] for line in lines)
    options = ["--format", "jsonl", "--as-of", last]
    checked = CliRunner().invoke(cli, ["check", *packs, "feed.jsonl", *options])
    assert watched.exit_code == checked.exit_code == 1
    latest = {json.loads(line)["id"]: line for line in watched.stdout.splitlines()}
    return sorted(latest.values()), sorted(checked.stdout.splitlines())


def test_watch_prints_what_check_finds_at_the_last_event_time(scratch: Path) -> None:
    """On a feed in event-time order, watch's JSON Lines are check's, as a set."""
    write(scratch / "feed.jsonl", list(long_feed(1500, years=1)))
    watched, checked = watch_and_check([PACT])
    assert watched == checked


def test_several_packs_are_watched_at_once_as_they_are_checked(scratch: Path) -> None:
    """Two packs over one feed (parties of each): the same findings as `check` with both."""
    records = list(long_feed(3000, years=1))
    for record in records[::2]:
        for field in ("party", "counterparty"):
            if field in record:
                record[field] = {"ARV": "RUS", "BOS": "DEU"}[record[field]]
    write(scratch / "feed.jsonl", records)
    watched, checked = watch_and_check([PACT, "vienna-document-2011"])
    assert {json.loads(line)["treaty"] for line in checked} == {PACT, "vienna-document-2011"}
    assert watched == checked


def test_a_killed_watch_restarted_on_the_same_input_prints_every_finding_once(
    scratch: Path,
) -> None:
    """SIGKILL half-way through stdout, restart with the same --state: one full run, in order.

    The kill comes while the watch waits on a full pipe, as a watch killed at a random moment
    mostly does; a torn last line (one longer than the pipe writes at once) is not a finding.
    """
    write(scratch / "feed.jsonl", list(long_feed(20_000, years=3)))
    expected = verify("watch", "--treaty", PACT, "feed.jsonl", cwd=scratch).communicate()[0]
    lines = expected.decode().splitlines()
    args = ("watch", "--treaty", PACT, "--state", "state", "--checkpoint-every", "300")
    first = verify(*args, "feed.jsonl", cwd=scratch)
    assert first.stdout is not None
    head = b"".join(first.stdout.readline() for _ in range(len(lines) // 2))
    time.sleep(0.5)
    first.send_signal(signal.SIGKILL)
    first.wait()  # dead before the pipe is drained: no write can complete after the kill
    printed = head + first.stdout.read()  # the same buffered reader: no read-ahead is lost
    first.communicate()
    before = printed[: printed.rfind(b"\n") + 1].decode().splitlines()
    second = verify(*args, "feed.jsonl", cwd=scratch)
    after = second.communicate()[0].decode().splitlines()
    assert first.returncode == -signal.SIGKILL and second.returncode == 1
    assert len(lines) // 2 <= len(before) < len(lines)
    assert before + after == lines


def test_a_watch_killed_while_writing_its_output_file_resumes_it_exactly(scratch: Path) -> None:
    """SIGKILL at any moment with --output: the restarted watch completes the file exactly."""
    write(scratch / "feed.jsonl", list(long_feed(20_000, years=3)))
    verify("watch", "--treaty", PACT, "--output", "whole.jsonl", "feed.jsonl", cwd=scratch).wait()
    expected = (scratch / "whole.jsonl").read_text()
    args = ("watch", "--treaty", PACT, "--state", "state", "--checkpoint-every", "300")
    args += ("--output", "out.jsonl", "feed.jsonl")
    first = verify(*args, cwd=scratch)
    out = scratch / "out.jsonl"
    while not out.exists() or out.stat().st_size < len(expected) // 2:
        time.sleep(0.01)
    first.send_signal(signal.SIGKILL)
    first.wait()
    assert out.stat().st_size < len(expected)
    second = verify(*args, cwd=scratch)
    assert second.wait() == 1
    assert out.read_text() == expected


def test_follow_reads_a_growing_file_and_stops_cleanly_on_sigterm(scratch: Path) -> None:
    """With --follow, appended records are judged as they come; SIGTERM checkpoints and exits."""
    test = {"kind": "missile_test", "party": "ARV", "range_km": 450}
    feed = write(scratch / "feed.jsonl", [{**test, "id": "t1", "time": "2025-08-01T00:00:00Z"}])
    watch = verify("watch", "--treaty", PACT, "--follow", "--state", "s", "feed.jsonl", cwd=scratch)
    assert watch.stdout is not None
    assert json.loads(watch.stdout.readline())["evidence"][0]["id"] == "t1"
    with feed.open("a", encoding="utf-8") as out:
        out.write(json.dumps({**test, "id": "t2", "time": "2025-08-02T00:00:00Z"}) + "\n")
    assert json.loads(watch.stdout.readline())["evidence"][0]["id"] == "t2"
    time.sleep(0.5)
    watch.send_signal(signal.SIGTERM)
    out, _ = watch.communicate(timeout=30)
    assert out == b""
    assert watch.returncode == 1
    assert (scratch / "s" / "checkpoint.state").exists()


def test_a_state_folder_of_other_inputs_is_refused(scratch: Path) -> None:
    """Resuming with --state on other inputs exits 2 and says why."""
    write(scratch / "a.jsonl", [])
    write(scratch / "b.jsonl", [])
    runner = CliRunner()
    assert runner.invoke(cli, ["watch", "--treaty", PACT, "--state", "s", "a.jsonl"]).exit_code == 0
    result = runner.invoke(cli, ["watch", "--treaty", PACT, "--state", "s", "b.jsonl"])
    assert result.exit_code == 2
    assert "use a new --state folder" in result.stderr


def test_worker_processes_change_nothing_but_the_speed(scratch: Path) -> None:
    """With the feed rules checked in two worker processes, the output is the same, byte for
    byte, rejects included."""
    records = list(long_feed(3_000, years=1))
    records[10] = {**records[10], "time": "2025-02-30T00:00:00Z"}
    records[20] = {**records[20], "id": records[5]["id"]}
    write(scratch / "feed.jsonl", records, "not json\n")
    runs = []
    for workers in ("0", "2"):
        args = ["watch", "--treaty", PACT, "--workers", workers, "--rejects", f"r{workers}.jsonl"]
        result = CliRunner().invoke(cli, [*args, "feed.jsonl"])
        runs.append((result.exit_code, result.stdout, Path(f"r{workers}.jsonl").read_text()))
    assert runs[0] == runs[1]
    assert runs[0][2].count("\n") == 3


def test_a_finished_watch_resumed_prints_only_what_the_grown_input_adds(scratch: Path) -> None:
    """Re-run with --state on the same input: nothing. On the input grown since: whatever a
    single run over all of it prints that was not printed yet, each line once. (The first end
    of input's decisions stand: a ceiling judged then may be superseded by a later holding.)"""
    records = list(long_feed(1200, years=1))
    feed = write(scratch / "feed.jsonl", records)
    expected = CliRunner().invoke(cli, ["watch", "--treaty", PACT, "feed.jsonl"]).stdout
    write(feed, records[:600])
    args = ["watch", "--treaty", PACT, "--state", "s", "feed.jsonl"]
    first = CliRunner().invoke(cli, args).stdout.splitlines()
    assert CliRunner().invoke(cli, args).stdout == ""
    write(feed, records)
    second = CliRunner().invoke(cli, args).stdout.splitlines()
    assert len(set(first + second)) == len(first + second)
    assert set(expected.splitlines()) <= set(first + second)


def test_a_worker_ends_with_the_watch_that_was_killed(scratch: Path) -> None:
    """SIGKILL to a watch with a worker process: the worker does not outlive it."""
    test = {"kind": "missile_test", "party": "ARV", "range_km": 450}
    write(scratch / "feed.jsonl", [{**test, "id": "t1", "time": "2025-08-01T00:00:00Z"}])
    args = ("watch", "--treaty", PACT, "--follow", "--workers", "1", "feed.jsonl")
    watch = verify(*args, cwd=scratch)
    assert watch.stdout is not None
    watch.stdout.readline()  # a batch went through the worker
    children = Path(f"/proc/{watch.pid}/task/{watch.pid}/children").read_text().split()
    watch.send_signal(signal.SIGKILL)
    watch.wait()  # not communicate(): a surviving worker would hold the pipes open
    watch.stdout.close()
    if watch.stderr is not None:
        watch.stderr.close()
    assert len(children) == 1
    deadline = time.monotonic() + 30
    while running(int(children[0])) and time.monotonic() < deadline:
        time.sleep(0.1)
    survived = running(int(children[0]))
    if survived:
        os.kill(int(children[0]), signal.SIGKILL)
    assert not survived


def running(pid: int) -> bool:
    """Whether a process exists and has not exited (a zombie has)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def test_watch_writes_the_rejects_file_check_writes(scratch: Path) -> None:
    """Every kind of bad line: the same rejects, in the same words and with the same raw
    text, from `watch` (with and without worker processes) as from `check`; strict JSON."""
    good = {"id": "t1", "kind": "missile_test", "party": "ARV", "time": "2025-08-01T00:00:00Z"}
    head = json.dumps(good)[:-1]
    bad = [
        head.replace('"t1"', '"n1"') + ', "range_km": NaN}',
        head.replace('"t1"', '"n2"') + ', "lat": -Infinity}',
        head.replace('"ARV"', '"BOS", "party": "ARV"').replace('"t1"', '"n3"') + "}",
        head.replace('"t1"', '"n4"') + ', "range_km": 123456789012345678901234567890}',
        head.replace('"t1"', '"n5"') + ', "x": ' + "[" * 1000 + "]" * 1000 + "}",
        head.replace('"t1"', '"n6\\ud800"') + "}",
        head.replace('"t1"', '"n7"').replace("missile_test", "bogus") + "}",
        '{"id": "n8", ',
        json.dumps(good),
    ]
    data = "\n".join([json.dumps(good), *bad, json.dumps({**good, "id": "t2", "range_km": 450})])
    (scratch / "feed.jsonl").write_bytes(data.encode() + b"\n" + b'{"id": "\xff"}\r\n')
    checked = CliRunner().invoke(
        cli, ["check", "--treaty", PACT, "--rejects", "check.jsonl", "feed.jsonl"]
    )
    assert checked.exit_code == 1, checked.output
    expected = Path("check.jsonl").read_bytes()
    entries = [
        json.loads(line, parse_constant=lambda literal: pytest.fail(literal))
        for line in expected.decode("utf-8").splitlines()
    ]
    assert [entry["line"] for entry in entries] == [*range(2, 11), 12]
    assert [entry["raw"] for entry in entries[:-1]] == bad
    assert entries[-1]["raw_base64"] == "eyJpZCI6ICL/In0="
    for workers in ("0", "1"):
        watched = CliRunner().invoke(
            cli,
            ["watch", "--treaty", PACT, "--workers", workers, "--rejects", "w.jsonl", "feed.jsonl"],
        )
        assert watched.exit_code == 1, watched.output
        assert Path("w.jsonl").read_bytes() == expected
