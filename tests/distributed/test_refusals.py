"""What the Dask engine refuses, with exit 2 and a message that says where: never a traceback."""

from __future__ import annotations

import dataclasses
import json
import socket
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from verify import kinds
from verify.cli import cli
from verify.engines.distributed import cluster

RECORDS = [
    {"id": "a1", "kind": "exercise", "party": "RUS", "time": "2024-01-01T00:00:00Z"},
    {"id": "a1", "kind": "exercise", "party": "FRA", "time": "2024-02-01T00:00:00Z"},
    {"id": "a2", "kind": "exercise", "party": "DEU", "time": "2024-03-01T00:00:00Z"},
]


@pytest.fixture
def feed(tmp_path: Path) -> Path:
    """A small feed whose second record repeats the first's id, from another party."""
    path = tmp_path / "feed.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in RECORDS), encoding="utf-8")
    return path


def check(*args: str) -> tuple[int, str, str]:
    """`verify check --treaty vienna-document-2011 ARGS`: exit code, stdout, stderr."""
    done = CliRunner().invoke(cli, ["check", "--treaty", "vienna-document-2011", *args])
    return done.exit_code, done.stdout, done.stderr


def free_port() -> int:
    """A loopback port nothing listens on (just released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_a_scheduler_that_does_not_answer_is_exit_2_naming_it(
    feed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No scheduler at the address: exit 2, `--scheduler` and the address named."""
    monkeypatch.setattr(cluster, "CONNECT_TIMEOUT", "1s")
    address = f"tcp://127.0.0.1:{free_port()}"
    code, out, err = check(str(feed), "--engine", "dask", "--scheduler", address)
    assert code == 2
    assert err.startswith(
        f"verify: --scheduler: no Dask scheduler answers at {address} (waited 1s)"
    )
    assert "Traceback" not in err and out == ""


def test_a_malformed_scheduler_address_is_exit_2(feed: Path) -> None:
    """An address that is no URL of a scheduler is refused before any connection."""
    code, _, err = check(str(feed), "--engine", "dask", "--scheduler", "localhost")
    assert code == 2
    assert "verify: --scheduler: 'localhost' is no scheduler address" in err


def test_scheduler_without_the_dask_engine_is_exit_2(feed: Path) -> None:
    """--scheduler (or --partitions) means nothing to the local engine: refused."""
    code, _, err = check(str(feed), "--partitions", "2")
    assert (code, err.strip()) == (2, "verify: --partitions: --partitions needs --engine dask")


def test_a_kind_without_a_correlation_key_is_refused_naming_the_obligation(
    feed: Path, monkeypatch: pytest.MonkeyPatch, scheduler: str
) -> None:
    """An obligation whose kind cannot say its key is exit 2 on this engine, never run."""
    kind = kinds.BY_NAME["response"]
    monkeypatch.setitem(kinds.BY_NAME, "response", dataclasses.replace(kind, correlation=None))
    code, _, err = check(str(feed), "--engine", "dask", "--scheduler", scheduler)
    assert code == 2
    assert "obligation vd11.inspection-reply (response) declares no correlation key" in err
    assert "treaties/vienna-document-2011" in err and "Traceback" not in err


def test_without_dask_installed_the_message_says_what_to_install(
    feed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Dask missing: exit 2 with the extra to install."""
    monkeypatch.setitem(sys.modules, "distributed", None)
    code, _, err = check(str(feed), "--engine", "dask")
    assert code == 2
    assert "pip install 'verify[dask]'" in err


def test_a_duplicate_id_across_partitions_is_rejected_once_as_local(
    feed: Path, tmp_path: Path, scheduler: str
) -> None:
    """The later record with a seen id, owned by another partition, is rejected as local."""
    local, dask = tmp_path / "local.jsonl", tmp_path / "dask.jsonl"
    expected = check(str(feed), "--format", "json", "--rejects", str(local))
    found = check(
        *(str(feed), "--format", "json", "--rejects", str(dask)),
        *("--engine", "dask", "--scheduler", scheduler, "--partitions", "3"),
    )
    assert found[:2] == expected[:2]
    assert found[2].replace(str(dask), str(local)) == expected[2]
    rejects = [json.loads(line) for line in dask.read_text().splitlines()]
    assert [(r["line"], r["field"]) for r in rejects] == [(2, "id")]
    assert dask.read_bytes() == local.read_bytes()
