"""Arrow's allocator for the command line's run: jemalloc, unless the environment names one."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pytest
from click.testing import CliRunner

from verify.arrow_memory import POOL_VARIABLE, prefer_jemalloc
from verify.cli import cli

FEED = Path(__file__).resolve().parents[1] / "observations" / "example-pact.jsonl"


def has_jemalloc() -> bool:
    """Whether this build of pyarrow has jemalloc."""
    try:
        pa.jemalloc_memory_pool()
    except NotImplementedError:
        return False
    return True


needs_jemalloc = pytest.mark.skipif(not has_jemalloc(), reason="pyarrow built without jemalloc")


@pytest.fixture(autouse=True)
def system_pool(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Each test starts on Arrow's system pool, with no pool named by the environment, and
    leaves the process's pool as it found it."""
    before = pa.default_memory_pool()
    monkeypatch.delenv(POOL_VARIABLE, raising=False)
    pa.set_memory_pool(pa.system_memory_pool())
    yield
    pa.set_memory_pool(before)


@needs_jemalloc
def test_jemalloc_is_chosen_when_nothing_names_a_pool() -> None:
    assert prefer_jemalloc() == "jemalloc"
    assert pa.default_memory_pool().backend_name == "jemalloc"


def test_a_pool_the_environment_names_is_left_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(POOL_VARIABLE, "system")
    assert prefer_jemalloc() == "system"
    assert pa.default_memory_pool().backend_name == "system"


@needs_jemalloc
def test_verify_check_runs_on_jemalloc(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VERIFY_HOME", str(tmp_path / "home"))
    output = tmp_path / "findings.jsonl"
    result = CliRunner().invoke(
        cli,
        ["check", "--treaty", "example-non-aggression-pact", str(FEED), "--output", str(output)],
    )
    assert result.exit_code in (0, 1), result.output
    assert pa.default_memory_pool().backend_name == "jemalloc"
