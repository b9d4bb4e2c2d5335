"""A hostile feed end to end: what `check`, `explain` and the ledger print is escaped."""

from __future__ import annotations

import csv
import json
import xml.etree.ElementTree as ET
from io import StringIO
from pathlib import Path

import pytest
from click.testing import CliRunner

from verify.cli import cli

ROOT = Path(__file__).resolve().parents[2]
PACT = str(ROOT / "treaties" / "example-non-aggression-pact")
FEED = ROOT / "observations" / "example-pact.jsonl"
AS_OF = "2027-12-31T00:00:00Z"
#: Appended to record ids in turn, and the first to every activity key.
SUFFIXES = ("\x1b[2J\x1b]0;owned\x07", "=cmd|' /C calc'!A0", "<script>alert(1)</script>")


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty working directory and $VERIFY_HOME for every command."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("VERIFY_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def hostile_feed(path: Path) -> str:
    """The demo feed with hostile text on each id, reference and activity key; its path."""
    records = [json.loads(line) for line in FEED.read_text(encoding="utf-8").splitlines()]
    renamed = {r["id"]: r["id"] + SUFFIXES[n % len(SUFFIXES)] for n, r in enumerate(records)}
    for record in records:
        record["id"] = renamed[record["id"]]
        if "refers_to" in record:
            record["refers_to"] = renamed.get(record["refers_to"], record["refers_to"])
        if "activity" in record:
            record["activity"] += SUFFIXES[0]
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return str(path)


def run(*args: str) -> str:
    """`verify ARGS...`'s standard output (exit 0 or 1: findings are expected)."""
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code in (0, 1), result.output
    return result.stdout


def raw_controls(text: str) -> list[str]:
    """The C0 and C1 control characters and DEL in `text`, newline excepted."""
    return [c for c in text if c != "\n" and (ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F)]


def test_check_explain_and_the_ledger_print_no_control_sequence(tmp_path: Path) -> None:
    """The table, each finding's story and `verify findings` show `\\x1b[2J`, never ESC."""
    feed = hostile_feed(tmp_path / "hostile.jsonl")
    table = run("check", "--treaty", PACT, feed, "--as-of", AS_OF, "--record")
    assert raw_controls(table) == []
    assert "\\x1b[2J\\x1b]0;owned\\x07" in table
    findings = [json.loads(line) for line in run("findings", "--format", "jsonl").splitlines()]
    assert findings
    for finding in findings:
        assert raw_controls(run("explain", finding["id"])) == []
    assert raw_controls(run("findings")) == []


def test_check_writes_every_format_parseable(tmp_path: Path) -> None:
    """CSV without a formula cell, JUnit that parses, HTML and Markdown without a script."""
    feed = hostile_feed(tmp_path / "hostile.jsonl")
    check = ("check", "--treaty", PACT, feed, "--as-of", AS_OF, "--format")
    rows = list(csv.reader(StringIO(run(*check, "csv"))))
    assert len(rows) > 1
    assert not [cell for row in rows for cell in row if cell[:1] in ("=", "+", "-", "@")]
    ET.fromstring(run(*check, "junit"))
    assert "<script>" not in run(*check, "markdown")
    assert "<script>" not in run(*check, "html")
