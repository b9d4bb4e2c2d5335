"""`verify watch -` on standard input: what it decided goes out however the input behaves, and
a restart with `--state` either resumes it exactly (the same stream again, or only its rest) or
refuses."""

from __future__ import annotations

import contextlib
import json
import os
import select
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

PACT = "example-non-aggression-pact"
ROOT = Path(__file__).resolve().parents[2]
TEST = {"kind": "missile_test", "party": "ARV", "range_km": 450}


@pytest.fixture(autouse=True)
def scratch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run every command in an empty working directory."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def verify(*args: str, stdin: Any = subprocess.PIPE) -> subprocess.Popen[bytes]:
    """Start `python -m verify ARGS...` with standard input from `stdin`."""
    return subprocess.Popen(
        [sys.executable, "-m", "verify", *args],
        stdin=stdin,
        stdout=subprocess.PIPE,
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
