"""Lines nested too deep for a recursive parser: rejected by `verify check` and `verify watch`
in a process of their own, so that a crash fails the test instead of ending the test run."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

PACT = "example-non-aggression-pact"
ROOT = Path(__file__).resolve().parents[2]
GOOD = {"id": "t1", "kind": "missile_test", "party": "ARV", "time": "2025-08-01T00:00:00Z"}
REASON = "nested deeper than 32 levels of arrays and objects (the record's own is the first)"


def feed(folder: Path, depth: int, opening: str) -> Path:
    """A good record, one nested `depth` levels deep (arrays or objects), another good one."""
    closing = {"[": "]", '{"a":': "}"}[opening]
    deep = (
        json.dumps({**GOOD, "id": "t0"})[:-1]
        + ', "x": '
        + opening * depth
        + "1" * (opening != "[")
        + closing * depth
        + "}"
    )
    path = folder / "feed.jsonl"
    lines = [json.dumps(GOOD), deep, json.dumps({**GOOD, "id": "t2", "range_km": 450})]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`python -m verify ARGS...` in the folder, with a timeout."""
    return subprocess.run(
        [sys.executable, "-m", "verify", *args],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        check=False,
    )


@pytest.mark.parametrize("opening", ["[", '{"a":'])
@pytest.mark.parametrize(
    "command",
    [
        ["check", "--treaty", PACT, "--format", "jsonl"],
        ["watch", "--treaty", PACT, "--workers", "0"],
        ["watch", "--treaty", PACT, "--workers", "1"],
    ],
    ids=["check", "watch", "watch-workers"],
)
def test_a_line_100_000_deep_is_rejected_and_the_rest_checked(
    tmp_path: Path, opening: str, command: list[str]
) -> None:
    """The deep line is a reject at its line; the records around it are checked."""
    feed(tmp_path, 100_000, opening)
    done = run(tmp_path, *command, "--rejects", "rejects.jsonl", "feed.jsonl")
    assert done.returncode == 1, done.stderr[-2000:]
    assert "Traceback" not in done.stderr
    rejects = [json.loads(line) for line in (tmp_path / "rejects.jsonl").read_text().splitlines()]
    assert [(r["file"], r["line"], r["field"], r["reason"]) for r in rejects] == [
        ("feed.jsonl", 2, "x", REASON)
    ]
    findings = [json.loads(line) for line in done.stdout.splitlines()]
    assert [(f["obligation"], f["evidence"][0]["id"]) for f in findings] == [
        ("pact.missile-test", "t2")
    ]
