"""Compiled packs kept between runs: a pack folder is compiled once, not on every command.

Compiling parses `treaty.yaml` and the feature files and matches every step against the
vocabulary (about 45 ms of CPU for the demo pack, 150 for `vienna-document-2011`), after
importing PyYAML and the Gherkin parser; reading the compiled form back is about 1 ms. The
command line keeps that form (the JSON `verify compile` prints) under `$VERIFY_HOME/packs/`,
one file per pack folder, headed by a key that changes with anything that could change it:

- every file under the pack's folder, by relative path and bytes (`treaty.yaml`, the
  feature files, a context layer, templates);
- the folder as errors and source references show it (`display_path`, which the compiled
  pack carries);
- verify's own code, every module of the package by path and bytes, and its version;
- the interpreter's version, and the distributions (name and version) installed where
  PyYAML, the Gherkin parser and pydantic are loaded from.

An entry under another key is compiled again and replaced; one that cannot be read (missing,
truncated, not a pack) is compiled again as well; a folder that cannot be written leaves the
run uncached. At most `MAX_ENTRIES` folders are kept, those written longest ago removed
first. A pack with errors is never kept: compiling raises them, every time.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
import sys
from collections.abc import Callable
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path

from pydantic import ValidationError

import verify
from verify.errors import display_path
from verify.home import write_private
from verify.model.pack import Pack

#: The libraries whose versions can change what a pack compiles to.
LIBRARIES = ("yaml", "gherkin", "pydantic", "pydantic_core")
#: The folder of `$VERIFY_HOME` where compiled packs are kept.
CACHE_FOLDER = "packs"
#: The most pack folders kept; writing one more removes those written longest ago.
MAX_ENTRIES = 64


def cached_pack(folder: Path, cache: Path, compile_pack: Callable[[Path], Pack]) -> Pack:
    """The pack in `folder` (resolved), as `compile_pack` makes it: read from `cache` when it
    was kept there under the same key (see the module's documentation), else compiled and
    kept."""
    shown = display_path(folder)
    entry = cache / f"{_digest(str(folder), shown)[:32]}.json"
    key = pack_key(folder, shown)
    kept = _read(entry, key)
    if kept is not None:
        return kept
    pack = compile_pack(folder)
    if pack_key(folder, shown) != key:
        return pack  # the folder changed while it compiled: what was compiled has no sure key
    with contextlib.suppress(OSError):  # unwritable: no reason to fail, the next run compiles
        write_private(entry, f"{key}\n{pack.model_dump_json()}")
        _prune(cache, keep=entry)
    return pack


def _prune(cache: Path, keep: Path) -> None:
    """Remove the entries written longest ago beyond `MAX_ENTRIES` (folders that were checked
    once, temporary ones among them), never `keep`."""
    entries = sorted(
        (path for path in cache.glob("*.json") if path != keep),
        key=lambda path: path.stat().st_mtime_ns,
    )
    for stale in entries[: max(0, len(entries) + 1 - MAX_ENTRIES)]:
        stale.unlink(missing_ok=True)


def pack_key(folder: Path, shown: str) -> str:
    """The key of a pack folder's compiled form: its files, how it is shown, and the code and
    libraries that compile it."""
    digest = hashlib.sha256()
    for part in (shown, str(folder), _code_key()):
        digest.update(part.encode("utf-8", "surrogateescape") + b"\0")
    _hash_files(str(folder), digest, lambda name: True)
    return digest.hexdigest()


def _read(entry: Path, key: str) -> Pack | None:
    """The pack kept in `entry` under `key`; None when there is none, or another key's."""
    try:
        text = entry.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    kept_key, _, body = text.partition("\n")
    if kept_key != key:
        return None
    try:
        return Pack.model_validate_json(body)
    except ValidationError:
        return None


@lru_cache(maxsize=1)
def _code_key() -> str:
    """What stands for the code that compiles packs: verify's modules, by path and bytes, its
    version and the interpreter's, and the distributions beside the compiler's libraries."""
    digest = hashlib.sha256()
    digest.update(f"{verify.__version__}\0{sys.version}\0".encode())
    _hash_files(str(Path(verify.__file__).parent), digest, lambda name: name.endswith(".py"))
    for site in sorted(_library_folders()):
        installed = sorted(
            path.name for path in site.iterdir() if path.suffix in (".dist-info", ".egg-info")
        )
        digest.update(f"{site}\0{','.join(installed)}\0".encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def _library_folders() -> set[Path]:
    """The folders the compiler's libraries are imported from (without importing them)."""
    folders: set[Path] = set()
    for name in LIBRARIES:
        spec = find_spec(name)
        if spec is not None and spec.origin is not None:
            origin = Path(spec.origin)
            folders.add(origin.parent.parent if origin.name == "__init__.py" else origin.parent)
    return folders


def _hash_files(
    root: str, digest: hashlib._Hash, wanted: Callable[[str], bool], prefix: str = ""
) -> None:
    """Add every wanted file under `root` to `digest`, in a fixed order: its path from `root`
    and its bytes. Links to folders are not followed and bytecode caches are skipped; what is
    no regular file (a FIFO is never opened) or cannot be read adds what it is. (`os.scandir`:
    a `Path` per file took twice the time over verify's 180 modules.)"""
    with os.scandir(root) as found:
        entries = sorted(found, key=lambda entry: entry.name)
    for entry in entries:
        relative = prefix + entry.name
        if entry.is_dir(follow_symlinks=False):
            if entry.name != "__pycache__":
                _hash_files(entry.path, digest, wanted, f"{relative}/")
        elif wanted(entry.name):
            digest.update(relative.encode("utf-8", "surrogateescape") + b"\0")
            digest.update(_content(entry))


def _content(entry: os.DirEntry[str]) -> bytes:
    """A file's bytes, prefixed by their length; a marker for what is not a readable file."""
    try:
        if not stat.S_ISREG(entry.stat().st_mode):
            return b"not a regular file\0"
        data = Path(entry.path).read_bytes()
    except OSError as error:
        return f"unreadable: {error.strerror}\0".encode()
    return f"{len(data)}\0".encode() + data


def _digest(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogateescape")).hexdigest()
