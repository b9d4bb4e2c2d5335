"""`verify check --engine dask` prints the bytes `--engine local` prints, on generated feeds."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.distributed.conftest import generate
from verify.cli import cli

PACKS = [item for pack in generate.PACKS for item in ("--treaty", pack)]


def run_check(*args: str) -> tuple[int, bytes]:
    """`verify check` in this process: its exit code and its standard output."""
    done = CliRunner().invoke(cli, ["check", *PACKS, "--quiet", *args], catch_exceptions=False)
    return done.exit_code, done.stdout_bytes


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory, generated: Path) -> Path:
    """A folder of two inputs, JSON Lines and CSV from other seeds, whose ids overlap: the
    later file's records with an id the first has are rejected."""
    where = tmp_path_factory.mktemp("folder")
    (where / "a.jsonl").write_bytes(generated.read_bytes())
    generate.write(1_500, "csv", 5, where / "b.csv")
    (where / "b.csv.expected.json").unlink()
    return where


@pytest.fixture(scope="module")
def local(generated: Path) -> dict[str, bytes]:
    """The local engine's output over the generated feed, by format."""
    outputs = {}
    for fmt in ("jsonl", "json"):
        code, out = run_check(str(generated), "--format", fmt)
        assert code == 1
        outputs[fmt] = out
    return outputs


@pytest.mark.parametrize("partitions", [1, 2, 3])
@pytest.mark.parametrize("fmt", ["jsonl", "json"])
def test_dask_prints_the_local_bytes(
    scheduler: str, generated: Path, local: dict[str, bytes], fmt: str, partitions: int
) -> None:
    """At 1, 2 and 3 partitions, JSON Lines and JSON come out byte for byte as local."""
    code, out = run_check(
        str(generated),
        "--format",
        fmt,
        "--engine",
        "dask",
        "--scheduler",
        scheduler,
        "--partitions",
        str(partitions),
    )
    assert (code, out) == (1, local[fmt])


def test_a_folder_with_duplicate_ids_across_files_gives_the_local_bytes_and_rejects(
    scheduler: str, folder: Path, tmp_path: Path
) -> None:
    """Across two inputs of a folder, the same findings, summary and rejects file as local."""
    local_rejects, dask_rejects = tmp_path / "local.jsonl", tmp_path / "dask.jsonl"
    expected = run_check(str(folder), "--format", "json", "--rejects", str(local_rejects))
    found = run_check(
        *(str(folder), "--format", "json", "--rejects", str(dask_rejects)),
        *("--engine", "dask", "--scheduler", scheduler, "--partitions", "3"),
    )
    assert found == expected
    assert local_rejects.read_bytes().count(b"\n") > 10  # the overlap gave duplicates
    assert dask_rejects.read_bytes() == local_rejects.read_bytes()


def test_a_cluster_of_worker_processes_started_for_the_run_gives_the_local_bytes(
    generated: Path, local: dict[str, bytes]
) -> None:
    """With no --scheduler, verify starts a LocalCluster of worker processes: same bytes."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    done = subprocess.run(
        [sys.executable, "-m", "verify", "check", *PACKS, str(generated), "--quiet"]
        + ["--format", "jsonl", "--engine", "dask", "--partitions", "2"],
        capture_output=True,
        env=env,
        check=False,
    )
    assert (done.returncode, done.stdout) == (1, local["jsonl"])
