"""What verify writes beside a request (the explain cache) stays its owner's: `$VERIFY_HOME`."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from verify.cli import cli

PACT = "example-non-aggression-pact"
FEED = str(Path(__file__).resolve().parents[2] / "observations" / "example-pact.jsonl")
AS_OF = "2027-12-31T00:00:00Z"


@pytest.fixture(autouse=True)
def scratch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty working directory and no $VERIFY_HOME."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("VERIFY_HOME", raising=False)
    return tmp_path


def check(*args: str) -> str:
    """`verify check` of the demo feed with these options; its stdout."""
    result = CliRunner().invoke(cli, ["check", "--treaty", PACT, FEED, "--as-of", AS_OF, *args])
    return result.stdout


def mode(path: Path) -> int:
    """The permission bits of a path."""
    return stat.S_IMODE(path.stat().st_mode)


def test_the_cache_is_owner_only_under_verify_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The folder verify creates is 0700 and the cache file 0600, whatever the umask."""
    monkeypatch.setenv("VERIFY_HOME", str(tmp_path / "home" / "verify"))
    check("-q")
    cache = tmp_path / "home" / "verify" / "last-check.jsonl"
    assert mode(cache) == 0o600
    assert mode(cache.parent) == 0o700
    assert not (tmp_path / ".verify").exists()


def test_without_verify_home_the_cache_is_owner_only_in_dot_verify(scratch: Path) -> None:
    """The default folder is `.verify` in the working directory, owner-only as well."""
    check("-q")
    assert mode(scratch / ".verify") == 0o700
    assert mode(scratch / ".verify" / "last-check.jsonl") == 0o600


def test_a_cache_once_readable_by_others_is_replaced_owner_only(scratch: Path) -> None:
    """An older world-readable cache is not rewritten in place but replaced, 0600."""
    cache = scratch / ".verify" / "last-check.jsonl"
    cache.parent.mkdir()
    cache.write_text("", encoding="utf-8")
    cache.chmod(0o644)
    check("-q")
    assert mode(cache) == 0o600
    assert cache.read_text(encoding="utf-8")
    assert [p.name for p in cache.parent.iterdir() if p.is_file()] == ["last-check.jsonl"]


def test_the_cache_keeps_full_findings_and_explain_takes_for(scratch: Path) -> None:
    """After `check --for public` the cache still tells all; `explain --for` narrows it."""
    public = [
        json.loads(line)
        for line in check("--for", "public", "--format", "jsonl", "-q").splitlines()
    ]
    missile = next(f for f in public if f["obligation"] == "pact.missile-test")
    assert missile["evidence"] == []
    runner = CliRunner()
    full = runner.invoke(cli, ["explain", missile["id"]]).stdout
    assert "arv-msl-1" in full and "radar-track" in full
    told = runner.invoke(cli, ["explain", missile["id"], "--for", "public"]).stdout
    assert "arv-msl-1" not in told and "radar-track" not in told and "420" not in told
    assert told.splitlines()[0] == "HANDLING: RELEASABLE TO THE PUBLIC"
    assert "1 evidence record withheld" in told


def test_explain_reads_a_cache_written_from_marked_json_lines(scratch: Path) -> None:
    """`check --format jsonl` lines carry a handling field; explain still reads them."""
    first = json.loads(check("--format", "jsonl", "-q").splitlines()[0])
    assert first["handling"] == "national"
    result = CliRunner().invoke(cli, ["explain", first["id"]])
    assert result.exit_code == 0
    assert all(e["id"] in result.stdout for e in first["evidence"])
