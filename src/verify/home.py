"""Where verify keeps what it writes beside a user's request: `$VERIFY_HOME`, else `.verify`.

What is kept there (the last check's findings, for `verify explain`) holds every record's
evidence, national ones included, whatever `--for` printed. So the folder is created for its
owner only (0700) and every file is written for its owner only (0600), atomically: a reader
never sees half a file, and a file once readable by others is replaced, not rewritten in place.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

HOME_ENV = "VERIFY_HOME"
DEFAULT_HOME = ".verify"
FOLDER_MODE = 0o700


def home() -> Path:
    """`$VERIFY_HOME`, or `.verify` in the working directory."""
    return Path(os.environ.get(HOME_ENV) or DEFAULT_HOME)


@contextmanager
def private_file(path: Path) -> Iterator[BinaryIO]:
    """A byte stream that becomes `path` when the block ends without an error, readable and
    writable by its owner only, its folder (and any missing parent) created owner-only; nothing
    of it is left behind otherwise. A folder that exists keeps its permissions: the user chose
    it."""
    _make_folder(path.parent)
    # mkstemp creates the file 0600 whatever the umask; replace then swaps it in whole.
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(descriptor, "wb") as stream:
            yield stream
        Path(temporary).replace(path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _make_folder(folder: Path) -> None:
    """Create `folder` and each missing parent owner-only (`mkdir(parents=True)` would give the
    parents the umask's mode: `$VERIFY_HOME` 0755 under `$VERIFY_HOME/packs`)."""
    missing: list[Path] = []
    while not folder.is_dir():
        missing.append(folder)
        folder = folder.parent
    for created in reversed(missing):
        created.mkdir(mode=FOLDER_MODE, exist_ok=True)


def write_private(path: Path, text: str | bytes) -> None:
    """Write `text` (UTF-8, if not bytes already) to `path` readable and writable by its owner
    only (`private_file`)."""
    with private_file(path) as stream:
        stream.write(text.encode("utf-8") if isinstance(text, str) else text)
