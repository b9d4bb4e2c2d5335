"""`verify check --engine dask` prints the bytes `--engine local` prints, on generated feeds."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.distributed.conftest import generate
from verify import api
from verify.cli import cli
from verify.model.pack import Pack
from verify.model.run import RunResult
from verify.report import render
from verify.treaty import load_pack

PACKS = [item for pack in generate.PACKS for item in ("--treaty", pack)]


def run_check(*args: str) -> tuple[int, bytes]:
    """`verify check` in this process: its exit code and its standard output."""
    done = CliRunner().invoke(cli, ["check", *PACKS, "--quiet", *args], catch_exceptions=False)
    return done.exit_code, done.stdout_bytes


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory, generated: Path) -> Path:
    """A folder of three inputs, JSON Lines, CSV and Parquet from other seeds, whose ids
    overlap: the later files' records with an id an earlier one has are rejected."""
    where = tmp_path_factory.mktemp("folder")
    (where / "a.jsonl").write_bytes(generated.read_bytes())
    generate.write(1_500, "csv", 5, where / "b.csv")
    generate.write(800, "parquet", 14, where / "c.parquet")
    for expected in where.glob("*.expected.json"):
        expected.unlink()
    return where


@pytest.fixture(scope="module")
def packs() -> list[Pack]:
    """The packs the generator covers, loaded once."""
    return [load_pack(name) for name in generate.PACKS]


@pytest.fixture(scope="module")
def local(generated: Path, packs: list[Pack]) -> RunResult:
    """The local engine's run over the generated feed."""
    return api.check(packs, [generated])[0]


@pytest.mark.parametrize("partitions", [1, 2, 3])
def test_dask_renders_the_local_bytes(
    scheduler: str, generated: Path, packs: list[Pack], local: RunResult, partitions: int
) -> None:
    """At 1, 2 and 3 partitions, JSON Lines and JSON come out byte for byte as local."""
    result, _ = api.check(
        packs, [generated], engine="dask", scheduler=scheduler, partitions=partitions
    )
    assert len(result.findings) > 300
    assert result == local  # so every renderer gives the same bytes; these two checked:
    for fmt in ("jsonl", "json"):
        assert render(result, fmt) == render(local, fmt)


def test_a_clock_past_the_data_gives_the_local_deadlines(
    scheduler: str, generated: Path, packs: list[Pack], local: RunResult
) -> None:
    """Told a clock past every record, both engines count the channels from it alike."""
    later = local.as_of + timedelta(days=400)
    on_dask, _ = api.check(packs, [generated], as_of=later, engine="dask", scheduler=scheduler)
    here, _ = api.check(packs, [generated], as_of=later)
    assert render(on_dask, "jsonl") == render(here, "jsonl")
    assert render(here, "jsonl") != render(local, "jsonl")


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
    generated: Path, local: RunResult
) -> None:
    """With no --scheduler, verify starts a LocalCluster of worker processes: same bytes."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    done = subprocess.run(
        [
            *(sys.executable, "-m", "verify", "check", *PACKS, str(generated), "--quiet"),
            *("--format", "jsonl", "--engine", "dask", "--partitions", "2"),
        ],
        capture_output=True,
        env=env,
        check=False,
    )
    assert (done.returncode, done.stdout.decode()) == (1, render(local, "jsonl"))


def test_standard_input_gives_the_local_bytes(scheduler: str, generated: Path) -> None:
    """Records on standard input (sent to a worker by the client) check as local."""
    text = generated.read_bytes()[:200_000].rsplit(b"\n", 1)[0] + b"\n"
    options = ["--format", "jsonl", "-"]
    dask_options = [*options, "--engine", "dask", "--scheduler", scheduler, "--partitions", "2"]
    local = CliRunner().invoke(cli, ["check", *PACKS, "-q", *options], input=text)
    found = CliRunner().invoke(cli, ["check", *PACKS, "-q", *dask_options], input=text)
    assert local.stdout_bytes.count(b"\n") > 10
    assert (found.exit_code, found.stdout_bytes) == (local.exit_code, local.stdout_bytes)
