"""A folder of observations: the files it contributes, and every path below it that it does not.

A folder contributes each regular file below it (or symbolic link to one) whose name ends in an
observation file type, by relative path. Everything else is skipped, never silently: each
skipped path comes back with the reason, for the run to report. A hidden folder or a symbolic
link to a folder is one skipped path (neither is entered: links are not followed, so a link
loop cannot trap the walk), and a FIFO, device or socket is never opened (a FIFO would wait
for a writer).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from verify.errors import display_path


@dataclass(frozen=True)
class Skipped:
    """A path below an input folder that was not read: its display path and why."""

    path: str
    reason: str


def observation_files(folder: Path, suffixes: Collection[str]) -> tuple[list[Path], list[Skipped]]:
    """The observation files below `folder` and the paths skipped, each sorted by relative path.

    `suffixes` are the file name endings read (lower case, with the dot).
    """
    found: list[Path] = []
    skipped: list[tuple[Path, str]] = []

    def unreadable(error: OSError) -> None:
        where = Path(error.filename) if error.filename else folder
        skipped.append((where, f"cannot read: {error.strerror}"))

    for root, folders, names in os.walk(folder, onerror=unreadable):
        base = Path(root)
        entered = []
        for name in folders:
            path = base / name
            if name.startswith("."):
                skipped.append((path, "a hidden folder"))
            elif path.is_symlink():
                skipped.append((path, "a symbolic link to a folder (not followed)"))
            else:
                entered.append(name)
        folders[:] = entered
        for name in names:
            path = base / name
            reason = _reason_to_skip(path, name, suffixes)
            if reason is None:
                found.append(path)
            else:
                skipped.append((path, reason))

    def order(path: Path) -> tuple[str, ...]:
        return path.relative_to(folder).parts

    found.sort(key=order)
    skipped.sort(key=lambda pair: order(pair[0]))
    return found, [Skipped(_shown(path), reason) for path, reason in skipped]


def _shown(path: Path) -> str:
    """The display path of the link or file itself (`display_path` would follow a link)."""
    return str(Path(display_path(path.parent)) / path.name)


def _reason_to_skip(path: Path, name: str, suffixes: Collection[str]) -> str | None:
    """Why a name that is no folder is not read, or None when it is an observation file."""
    if name.startswith("."):
        return "a hidden file"
    if path.suffix.lower() not in suffixes:
        return f"not an observation file ({', '.join(suffixes)})"
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return "a symbolic link to nothing" if path.is_symlink() else "gone while reading"
    except OSError as error:
        return f"cannot read: {error.strerror}"
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISFIFO(mode):
        return "not a regular file (a FIFO)"
    if stat.S_ISSOCK(mode):
        return "not a regular file (a socket)"
    return "not a regular file (a device)"
