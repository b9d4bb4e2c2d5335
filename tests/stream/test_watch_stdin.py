"""`verify watch -` on standard input: what it decided goes out however the input behaves, and
a restart with `--state` either resumes it exactly (the same stream again, or only its rest) or
refuses."""

from __future__ import annotations

import contextlib
import json
import os
import select
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from tests.stream.synthetic import long_feed

PACT = "example-non-aggression-pact"
ROOT = Path(__file__).resolve().parents[2]
TEST = {"kind": "missile_test", "party": "ARV", "range_km": 450}


@pytest.fixture(autouse=True)
def scratch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run every command in an empty working directory."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def verify(
    *args: str, stdin: Any = subprocess.PIPE, stdout: Any = subprocess.PIPE
) -> subprocess.Popen[bytes]:
    """Start `python -m verify ARGS...` with standard input from `stdin`."""
    return subprocess.Popen(
        [sys.executable, "-m", "verify", *args],
        stdin=stdin,
        stdout=stdout,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
    )


class Lines:
    """A process's standard output, line by line, each read with a deadline."""

    def __init__(self, process: subprocess.Popen[bytes]) -> None:
        assert process.stdout is not None
        self.fd = process.stdout.fileno()
        self.buffer = b""

    def next(self, timeout: float) -> str | None:
        """The next line, or None when none came within `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while b"\n" not in self.buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self.fd], [], [], left)[0]:
                return None
            data = os.read(self.fd, 65536)
            if not data:
                return None
            self.buffer += data
        line, _, self.buffer = self.buffer.partition(b"\n")
        return line.decode()


def checkpointed_lines(state: Path) -> int | None:
    """How many lines of standard input the checkpoint in `state` says were consumed."""
    try:
        header = (state / "checkpoint.state").read_bytes().split(b"\n", 2)[1]
    except (FileNotFoundError, IndexError):
        return None
    return int(json.loads(header)["positions"][0]["lines"])


def record(number: int) -> bytes:
    """A prohibited missile test: a finding the moment it is handled."""
    moment = f"2025-08-{number:02d}T00:00:00Z"
    return (json.dumps({**TEST, "id": f"t{number}", "time": moment}) + "\n").encode()


def test_a_stalled_standard_input_holds_back_no_finding_nor_its_checkpoint(scratch: Path) -> None:
    """With the default worker process, the finding of the last line before standard input
    stalls is printed within a second, and checkpointed within a second more."""
    watch = verify("watch", "--treaty", PACT, "--state", "state", "-")
    assert watch.stdin is not None
    out = Lines(watch)
    try:
        watch.stdin.write(record(1))
        watch.stdin.flush()
        first = out.next(timeout=60)  # start-up: loading the pack
        assert first is not None and json.loads(first)["evidence"][0]["id"] == "t1"
        watch.stdin.write(record(2))
        watch.stdin.flush()
        sent = time.monotonic()
        second = out.next(timeout=10)
        printed = time.monotonic() - sent
        assert second is not None and json.loads(second)["evidence"][0]["id"] == "t2"
        while checkpointed_lines(scratch / "state") != 2 and time.monotonic() - sent < 10:
            time.sleep(0.02)
        saved = time.monotonic() - sent
        assert printed < 1.0
        assert checkpointed_lines(scratch / "state") == 2 and saved < printed + 1.0
    finally:
        finish(watch)
    assert watch.returncode == 1


def finish(watch: subprocess.Popen[bytes]) -> str:
    """Close the watch's standard input, wait for it to end (killed after a minute); what it
    wrote to standard error."""
    assert watch.stdin is not None and watch.stderr is not None
    with contextlib.suppress(BrokenPipeError):
        watch.stdin.close()
    watch.stdin = None  # closed: nothing for communicate to flush
    try:
        _, err = watch.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        watch.kill()
        _, err = watch.communicate()
    return err.decode()


def checkpoint_header(state: Path) -> dict[str, Any]:
    """The checkpoint's header line: sources, positions, sizes."""
    return dict(json.loads((state / "checkpoint.state").read_bytes().split(b"\n", 2)[1]))


def feed_all(watch: subprocess.Popen[bytes], data: bytes) -> threading.Thread:
    """Write `data` to the watch's standard input in the background, until it is killed."""

    def write() -> None:
        assert watch.stdin is not None
        with contextlib.suppress(BrokenPipeError, OSError, ValueError):
            watch.stdin.write(data)
            watch.stdin.close()

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    return writer


def killed_half_way(scratch: Path, data: bytes, lines: int, *args: str) -> list[str]:
    """Run a watch on `data` through a pipe and SIGKILL it once it has printed half of the
    `lines` an uninterrupted watch prints; the complete lines it had printed."""
    first = verify(*args, "-")
    writer = feed_all(first, data)
    assert first.stdout is not None
    head = b"".join(first.stdout.readline() for _ in range(lines // 2))
    time.sleep(0.5)
    first.send_signal(signal.SIGKILL)
    first.wait()
    printed = head + first.stdout.read()
    first.stdout.close()
    assert first.stderr is not None
    first.stderr.close()
    writer.join(timeout=30)
    assert first.returncode == -signal.SIGKILL
    return printed[: printed.rfind(b"\n") + 1].decode().splitlines()


ARGS = ("watch", "--treaty", PACT, "--state", "state", "--checkpoint-every", "300")


def run(*args: str, stdin: Path) -> tuple[int, list[str], str]:
    """A watch on a file as standard input: exit code, printed lines, standard error."""
    with stdin.open("rb") as source:
        watch = verify(*args, "-", stdin=source)
        out, err = watch.communicate(timeout=300)
    return watch.returncode, out.decode().splitlines(), err.decode()


@pytest.mark.parametrize("again", ["whole", "rest"])
def test_a_killed_watch_resumes_standard_input_given_again_or_only_its_rest(
    scratch: Path, again: str
) -> None:
    """SIGKILL half-way through a stream on standard input; restarted with the same --state and
    either the whole stream again (what was consumed is skipped) or only the rest after the
    checkpointed position (nothing is skipped): one full run's findings, in order."""
    feed = scratch / "feed.jsonl"
    feed.write_text("".join(json.dumps(r) + "\n" for r in long_feed(6_000, years=2)))
    code, lines, _ = run("watch", "--treaty", PACT, stdin=feed)
    assert code == 1
    before = killed_half_way(scratch, feed.read_bytes(), len(lines), *ARGS)
    assert len(lines) // 2 <= len(before) < len(lines)
    rest = scratch / "rest.jsonl"
    offset = checkpoint_header(scratch / "state")["positions"][0]["offset"]
    rest.write_bytes(feed.read_bytes()[offset:])
    code, after, err = run(*ARGS, stdin=feed if again == "whole" else rest)
    assert code == 1, err
    assert before + after == lines


def write_lines(path: Path, lines: list[str]) -> Path:
    """Write lines, each with its newline."""
    path.write_text("".join(line + "\n" for line in lines))
    return path


@pytest.mark.parametrize(
    ("given", "message"),
    [
        (lambda lines: lines[590:], "begins with record 'x-"),
        (lambda lines: [*lines[:10], "{}", *lines[11:]], "differs within those lines"),
        (lambda lines: lines[:300], "ends after 300"),
    ],
    ids=["resends-consumed-records", "other-stream-same-start", "shorter-replay"],
)
def test_standard_input_that_is_neither_the_stream_again_nor_its_rest_is_refused(
    scratch: Path, given: Any, message: str
) -> None:
    """After a watch consumed 600 lines of standard input: a stream that resends consumed
    records after line 1, one that starts alike and then differs, a replay shorter than what was
    consumed are refused with exit 2 and nothing printed; the rest is then still taken."""
    lines = [json.dumps(r) for r in long_feed(1_200, years=1)]
    assert run(*ARGS, stdin=write_lines(scratch / "head.jsonl", lines[:600]))[0] in (0, 1)
    code, out, err = run(*ARGS, stdin=write_lines(scratch / "given.jsonl", given(lines)))
    assert (code, out) == (2, [])
    assert message in err and "--state" in err
    code, out, err = run(*ARGS, stdin=write_lines(scratch / "rest.jsonl", lines[600:]))
    assert code in (0, 1), err


def test_a_rest_that_skips_lines_the_killed_watch_had_read_is_refused(scratch: Path) -> None:
    """Killed after reading a line past its checkpoint (noted in the journal): restarted on the
    stream after that line, the watch refuses (those lines would be lost); on the stream from
    it, it resumes."""
    lines = [json.dumps(r) for r in long_feed(1_200, years=1)]
    with (scratch / "printed.jsonl").open("wb") as printed:
        watch = verify(*ARGS, "-", stdout=printed)
    assert watch.stdin is not None
    watch.stdin.write("".join(line + "\n" for line in lines[:600]).encode())
    watch.stdin.flush()
    deadline = time.monotonic() + 120
    while checkpointed_lines(scratch / "state") != 600 and time.monotonic() < deadline:
        time.sleep(0.05)
    watch.stdin.write((lines[600] + "\n").encode())
    watch.stdin.flush()
    journal = scratch / "state"
    while time.monotonic() < deadline and not any(
        "n 0 " in path.read_text() for path in journal.glob("journal-*.txt")
    ):
        time.sleep(0.05)
    watch.send_signal(signal.SIGKILL)
    finish(watch)
    assert checkpointed_lines(scratch / "state") == 600
    code, out, err = run(*ARGS, stdin=write_lines(scratch / "gap.jsonl", lines[601:]))
    assert (code, out) == (2, [])
    assert "nor the rest of it" in err and "line 601" in err
    code, out, err = run(*ARGS, stdin=write_lines(scratch / "rest.jsonl", lines[600:]))
    assert code in (0, 1), err
