"""What `verify watch` loads before its first record: its packs from the compiled-pack cache,
and neither pandas nor pyarrow (the stream engine validates one record at a time)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from verify.cli import cli

PACT = "example-non-aggression-pact"
ROOT = Path(__file__).resolve().parents[2]
TEST = {
    "id": "t1",
    "kind": "missile_test",
    "party": "ARV",
    "time": "2025-08-01T00:00:00Z",
    "range_km": 450,
}


def feed(folder: Path) -> Path:
    """A one-record feed that breaches the pact."""
    path = folder / "feed.jsonl"
    path.write_text(json.dumps(TEST) + "\n", encoding="utf-8")
    return path


def watch(home: Path, source: Path) -> tuple[int, str]:
    """`verify watch --treaty PACT SOURCE` with `$VERIFY_HOME` at `home`."""
    result = CliRunner(env={"VERIFY_HOME": str(home)}).invoke(
        cli, ["watch", "--treaty", PACT, str(source)]
    )
    return result.exit_code, result.stdout


def test_watch_keeps_its_packs_under_verify_home_and_reads_them_back(tmp_path: Path) -> None:
    """The first watch compiles the pack and keeps it in `$VERIFY_HOME/packs`; the next one
    reads it back and prints the same findings."""
    home, source = tmp_path / "home", feed(tmp_path)
    first = watch(home, source)
    (entry,) = (home / "packs").iterdir()
    kept = entry.stat().st_mtime_ns
    assert first[0] == 1
    assert [json.loads(line)["obligation"] for line in first[1].splitlines()] == [
        "pact.missile-test"
    ]
    assert watch(home, source) == first
    assert entry.stat().st_mtime_ns == kept


PROBE = """
import sys
from verify.cli import cli
try:
    cli.main(["watch", "--treaty", sys.argv[1], sys.argv[2], "--output", sys.argv[3]])
except SystemExit as stop:
    code = stop.code
from verify.watcher import Watcher
watcher = Watcher([sys.argv[1]])
found = watcher.feed({"id": "t2", "kind": "missile_test", "party": "ARV",
                      "time": "2025-09-01T00:00:00Z", "range_km": 450}) + watcher.close()
print(code, len(found), sorted({m.split(".")[0] for m in sys.modules} & {"pandas", "pyarrow"}))
"""


def test_the_stream_path_loads_neither_pandas_nor_pyarrow(tmp_path: Path) -> None:
    """`verify watch` and the `Watcher` of `verify.watcher` find what they find without
    importing pandas or pyarrow (a second or more of start-up, for a watch or a pipeline)."""
    output = tmp_path / "out.jsonl"
    probe = subprocess.run(
        [sys.executable, "-c", PROBE, PACT, str(feed(tmp_path)), str(output)],
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src"), "VERIFY_HOME": str(tmp_path)},
    )
    assert probe.stdout.split() == ["1", "1", "[]"]
    assert len(output.read_text(encoding="utf-8").splitlines()) == 1
