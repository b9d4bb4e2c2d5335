"""The compiled-pack cache: a pack is read back only while neither it nor verify has changed."""

from __future__ import annotations

import shutil
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

import verify
from verify.cli import cli
from verify.errors import PackErrors
from verify.model.pack import Pack
from verify.treaty import cache, compile_pack, load_pack, shipped_packs

ROOT = Path(__file__).resolve().parents[2]
PACT = ROOT / "treaties" / "example-non-aggression-pact"
TEN = ROOT / "observations" / "example-pact.jsonl"


class Counting:
    """`compile_pack`, counting its calls."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, folder: Path) -> Pack:
        self.calls += 1
        return compile_pack(folder)


@pytest.fixture
def pact(tmp_path: Path) -> Path:
    """A copy of the demo pack that a test may edit."""
    return Path(shutil.copytree(PACT, tmp_path / "pact")).resolve()


@pytest.fixture
def store(tmp_path: Path) -> Path:
    """An empty cache folder."""
    return tmp_path / "cache"


@pytest.fixture(autouse=True)
def fresh_code_key() -> Iterator[None]:
    """Each test works out verify's code key afresh (it is kept once per process)."""
    cache._code_key.cache_clear()
    yield
    cache._code_key.cache_clear()


def load(folder: Path, store: Path) -> tuple[Pack, int]:
    """The pack in `folder` through the cache, and whether it was compiled (1) or read (0)."""
    counting = Counting()
    pack = cache.cached_pack(folder, store, counting)
    return pack, counting.calls


def rule_text(pack: Pack) -> str:
    """The title of the demo pack's notice rule."""
    found = pack.obligation("pact.exercise-notice")
    assert found is not None
    return found.title


@pytest.mark.parametrize("name", sorted(shipped_packs()))
def test_a_pack_read_back_equals_the_pack_compiled(name: str, store: Path) -> None:
    """Every shipped pack read from the cache is the pack compiling it gives."""
    folder = shipped_packs()[name]
    compiled, _ = load(folder, store)
    read, compiled_again = load(folder, store)
    assert compiled_again == 0
    assert read == compiled == compile_pack(folder)


def test_an_unchanged_pack_is_read_back_not_compiled(pact: Path, store: Path) -> None:
    """The second load of a pack that has not changed compiles nothing."""
    assert load(pact, store)[1] == 1
    assert load(pact, store)[1] == 0


def test_an_edited_feature_file_is_compiled_again(pact: Path, store: Path) -> None:
    """A rule changed after its pack was kept is read as it now stands."""
    load(pact, store)
    feature = pact / "notification.feature"
    feature.write_text(
        feature.read_text("utf-8").replace("are notified 30 days", "are notified, 30 days"),
        "utf-8",
    )
    pack, compiled = load(pact, store)
    assert compiled == 1
    assert rule_text(pack).startswith("Exercises of 3,000 troops or more are notified, 30 days")


def test_a_pack_changed_and_changed_back_is_each_time_as_it_stands(pact: Path, store: Path) -> None:
    """Edited, then restored: each load gives the pack of the files at that moment."""
    feature = pact / "notification.feature"
    original = feature.read_text("utf-8")
    first, _ = load(pact, store)
    feature.write_text(original.replace("are notified 30 days", "are told 30 days"), "utf-8")
    edited, _ = load(pact, store)
    feature.write_text(original, "utf-8")
    restored, _ = load(pact, store)
    assert rule_text(edited) != rule_text(first)
    assert restored == first


def test_a_new_file_in_the_folder_is_compiled_again(pact: Path, store: Path) -> None:
    """A feature file added to a kept pack is compiled in."""
    load(pact, store)
    (pact / "extra.feature").write_text(
        (pact / "obligations.feature")
        .read_text("utf-8")
        .replace("pact.missile-test", "pact.missile-test-two")
        .replace("pact.dmz", "pact.dmz-two")
        .replace("pact.border-artillery", "pact.border-artillery-two")
        .replace("pact.tank-ceiling", "pact.tank-ceiling-two")
        .replace("pact.declared-troops", "pact.declared-troops-two"),
        "utf-8",
    )
    pack, compiled = load(pact, store)
    assert compiled == 1
    assert pack.obligation("pact.missile-test-two") is not None


def test_a_change_to_verify_s_code_compiles_again(
    pact: Path, store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A pack kept by one version of verify's modules is not read by another."""
    package = tmp_path / "package"
    package.mkdir()
    module = package / "kinds.py"
    module.write_text("LIMIT = 1\n", "utf-8")
    monkeypatch.setattr(verify, "__file__", str(package / "__init__.py"))
    load(pact, store)
    assert load(pact, store)[1] == 0
    module.write_text("LIMIT = 2\n", "utf-8")
    cache._code_key.cache_clear()
    assert load(pact, store)[1] == 1


def test_another_version_of_verify_compiles_again(
    pact: Path, store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A pack kept under one version number of verify is not read under another."""
    load(pact, store)
    monkeypatch.setattr(verify, "__version__", "0.0.0-other")
    cache._code_key.cache_clear()
    assert load(pact, store)[1] == 1


def test_another_working_folder_compiles_again_with_its_paths(
    pact: Path, store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pack shown from another folder carries the paths as shown from there."""
    monkeypatch.chdir(tmp_path)
    here, _ = load(pact, store)
    monkeypatch.chdir(pact)
    there, compiled = load(pact, store)
    assert compiled == 1
    assert (here.path, there.path) == ("pact", ".")


@pytest.mark.parametrize("damage", ["truncated", "another pack's key", "not a pack"])
def test_a_damaged_entry_is_compiled_again(pact: Path, store: Path, damage: str) -> None:
    """An entry that cannot be the pack's is ignored and replaced."""
    compiled, _ = load(pact, store)
    (entry,) = store.iterdir()
    key, _, body = entry.read_text("utf-8").partition("\n")
    entry.write_text(
        {
            "truncated": f"{key}\n{body[: len(body) // 2]}",
            "another pack's key": f"{'0' * len(key)}\n{body}",
            "not a pack": f"{key}\n{{}}",
        }[damage],
        "utf-8",
    )
    pack, compiled_again = load(pact, store)
    assert (pack, compiled_again) == (compiled, 1)
    assert load(pact, store)[1] == 0


def test_an_unwritable_cache_still_gives_the_pack(pact: Path, tmp_path: Path) -> None:
    """A cache folder that cannot be made is no reason to fail."""
    blocker = tmp_path / "file"
    blocker.write_text("", "utf-8")
    pack, compiled = load(pact, blocker / "cache")
    assert compiled == 1
    assert pack == compile_pack(pact)


def test_a_pack_with_errors_is_never_kept(pact: Path, store: Path) -> None:
    """Errors are raised on every load and nothing is stored for them."""
    (pact / "treaty.yaml").write_text("id: [unclosed\n", "utf-8")
    for _ in range(2):
        with pytest.raises(PackErrors):
            load(pact, store)
    assert not store.exists() or not any(store.iterdir())


def test_load_pack_with_a_cache_folder_reads_a_shipped_id(store: Path) -> None:
    """`load_pack(id, cache=...)` keeps a shipped pack and gives the pack `load_pack` does."""
    first = load_pack("example-non-aggression-pact", cache=store)
    assert len(list(store.iterdir())) == 1
    assert load_pack("example-non-aggression-pact", cache=store) == first == load_pack(str(PACT))


def cli_check(home: Path) -> tuple[int, str]:
    """A quiet JSON Lines check of the demo feed with `$VERIFY_HOME` at `home`."""
    result = CliRunner(env={"VERIFY_HOME": str(home)}).invoke(
        cli,
        ["check", "--treaty", str(PACT), str(TEN), "--format", "jsonl", "-q"],
    )
    return result.exit_code, result.stdout


def test_check_keeps_its_packs_owner_only_under_verify_home(tmp_path: Path) -> None:
    """`verify check` keeps the compiled pack in `$VERIFY_HOME/packs`, 0600, and prints the
    same findings when it reads it back."""
    home = tmp_path / "home"
    first = cli_check(home)
    (entry,) = (home / "packs").iterdir()
    assert stat.S_IMODE(entry.stat().st_mode) == 0o600
    assert cli_check(home) == first


def test_treaties_reads_the_shipped_packs_back_from_verify_home(tmp_path: Path) -> None:
    """`verify treaties` keeps each shipped pack in `$VERIFY_HOME/packs` and lists the same
    packs when it reads them back."""
    runner = CliRunner(env={"VERIFY_HOME": str(tmp_path)})
    first = runner.invoke(cli, ["treaties"])
    kept = {entry.name: entry.stat().st_mtime_ns for entry in (tmp_path / "packs").iterdir()}
    assert first.exit_code == 0
    assert len(kept) == len(first.stdout.splitlines()) > 1
    again = runner.invoke(cli, ["treaties"])
    assert again.stdout == first.stdout
    assert {e.name: e.stat().st_mtime_ns for e in (tmp_path / "packs").iterdir()} == kept


PROBE = """
import sys
from pathlib import Path
if sys.argv[2] == "api":
    import verify.api
from verify.treaty import load_pack
load_pack("example-non-aggression-pact", cache=Path(sys.argv[1]))
compiler = ("yaml", "gherkin", "verify.treaty.compile")
print(sorted(m for m in sys.modules if m.split(".")[0] in compiler or m in compiler))
"""


def test_a_pack_read_back_loads_neither_yaml_nor_gherkin(store: Path) -> None:
    """Reading a kept pack, the Python API imported, imports no compiler: PyYAML and the
    Gherkin parser stay unloaded."""
    runs = [
        subprocess.run(
            [sys.executable, "-c", PROBE, str(store), imported],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        for imported in ("pack", "api")
    ]
    assert runs[0] != "[]"  # the first run compiled
    assert runs[1] == "[]"


def test_the_cache_keeps_at_most_its_limit_of_folders(
    pact: Path, store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Once the limit is reached, the entry written longest ago makes way for a new one."""
    monkeypatch.setattr(cache, "MAX_ENTRIES", 2)
    copies = [Path(shutil.copytree(pact, pact.parent / f"copy-{n}")) for n in range(3)]
    for copy in copies:
        load(copy, store)
    assert len(list(store.iterdir())) == 2
    assert [load(copy, store)[1] for copy in reversed(copies)] == [0, 0, 1]


def test_a_pack_edited_while_it_compiles_is_not_kept(pact: Path, store: Path) -> None:
    """What was compiled from a folder that changed meanwhile is used once, never kept under
    the key the folder had before: the next load compiles the folder as it stands."""
    feature = pact / "notification.feature"

    def compile_then_edit(folder: Path) -> Pack:
        pack = compile_pack(folder)
        feature.write_text(
            feature.read_text("utf-8").replace("are notified 30 days", "are notified, 30 days"),
            "utf-8",
        )
        return pack

    cache.cached_pack(pact, store, compile_then_edit)
    assert not list(store.glob("*.json"))
    pack, compiled = load(pact, store)
    assert compiled == 1
    assert rule_text(pack).startswith("Exercises of 3,000 troops or more are notified, 30 days")


def test_a_shipped_pack_loaded_again_from_another_folder_shows_its_path_from_there(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without the cache, a process compiles a pack once per folder and working folder: the
    pack's path is shown relative to where the process now runs, never as seen from the
    folder it ran in before (the API and the command line then show the same path)."""
    monkeypatch.chdir(tmp_path)
    seen_from_elsewhere = load_pack("example-non-aggression-pact")
    monkeypatch.chdir(ROOT)
    seen_from_root = load_pack("example-non-aggression-pact")
    assert seen_from_elsewhere.path != seen_from_root.path
    assert seen_from_root.path == "treaties/example-non-aggression-pact"
    assert seen_from_root.path == load_pack("example-non-aggression-pact", cache=tmp_path).path
