"""Finding packs: by folder, by compiled JSON, or by the id of a pack shipped with `verify`."""

from __future__ import annotations

import difflib
from functools import lru_cache
from importlib import resources
from pathlib import Path

from verify.errors import PackError, display_path
from verify.model.pack import Pack
from verify.treaty.cache import cached_pack
from verify.treaty.compiled import read_compiled_pack


def shipped_root() -> Path:
    """The folder of the packs shipped inside the installed package."""
    return Path(str(resources.files("verify") / "packs"))


def shipped_packs() -> dict[str, Path]:
    """Shipped pack ids and their folders, sorted by id."""
    root = shipped_root()
    if not root.is_dir():
        return {}
    return {
        folder.name: folder
        for folder in sorted(root.iterdir())
        if (folder / "treaty.yaml").is_file()
    }


def pack_folder(reference: str) -> Path | None:
    """The folder of a pack given as a folder or the id of a shipped pack, resolved; None for
    anything else (a compiled-pack JSON file has no folder)."""
    path = Path(reference)
    if path.is_dir():
        return path.resolve()
    shipped = shipped_packs()
    return shipped[reference].resolve() if reference in shipped else None


def load_pack(reference: str, *, cache: Path | None = None) -> Pack:
    """A pack from a folder, a compiled-pack JSON file, or the id of a shipped pack.

    Either way every error in the pack is raised at once as `PackErrors`, each located: a
    compiled pack is checked for the same unknown names as a feature file. With a `cache`
    folder, a pack folder's compiled form is kept there and read back while neither the folder
    nor verify has changed (`verify.treaty.cache`)."""
    path = Path(reference)
    if path.is_dir():
        return _compiled(path.resolve(), cache)
    if path.is_file() and path.suffix == ".json":
        return read_compiled_pack(path)
    shipped = shipped_packs()
    if reference in shipped:
        return _compiled(shipped[reference], cache)
    close = difflib.get_close_matches(reference, list(shipped), n=1)
    hint = f"; did you mean {close[0]!r}?" if close else f"; shipped: {', '.join(shipped)}"
    raise PackError(
        f"no treaty pack {reference!r} (not a folder, a .json file or a shipped id){hint}"
    )


def _compiled(folder: Path, cache: Path | None) -> Pack:
    """The pack in `folder`, from `cache` if given, else compiled (once per process and
    working folder)."""
    if cache is not None:
        return cached_pack(folder, cache, _compile)
    return _compile_once(folder, display_path(folder))


@lru_cache(maxsize=32)
def _compile_once(folder: Path, shown: str) -> Pack:
    """`_compile`, remembered by folder and by how it is shown: the pack carries its display
    path (relative to the working folder), so a process that changes folder compiles again
    rather than show the path as it was seen from elsewhere."""
    return _compile(folder)


def _compile(folder: Path) -> Pack:
    """Compile the pack in `folder`. The compiler (PyYAML, the Gherkin parser, the phrase
    forms) is imported here, on the first pack a run compiles: not for a pack read back."""
    from verify.treaty.compile import compile_pack

    return compile_pack(folder)
