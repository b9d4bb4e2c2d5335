"""What every command shares: turning `VerifyError` into exit code 2 with a located message,
reading command-line times, and making sure an output never overwrites an input."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, ParamSpec, TypeVar

import click

from verify.errors import Location, PackErrors, UsageError, VerifyError, display_path

if TYPE_CHECKING:
    from verify.model.pack import Pack

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_INVALID = 2

P = ParamSpec("P")
R = TypeVar("R")


def reports_errors(command: Callable[P, R]) -> Callable[P, R]:
    """Print a `VerifyError` as `verify: file:line: message` on stderr and exit 2; each of a
    `PackErrors` on its own `verify:` line."""

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except VerifyError as error:
            errors = error.errors if isinstance(error, PackErrors) else [error]
            for each in errors:
                click.echo(f"verify: {each}", err=True)
            raise SystemExit(EXIT_INVALID) from None

    return wrapper


def parse_moment(text: str, option: str = "--as-of") -> datetime:
    """A command-line time: ISO 8601 with an offset, or a bare date meaning midnight UTC, read
    as a feed's times are (`time_of`), so within the years 1 to 9999 in UTC."""
    from verify.feeds.values import time_of
    from verify.model.observation import TIME_WITH_OFFSET

    if not TIME_WITH_OFFSET.match(text.strip()):
        raise UsageError(
            f"{option} {text!r}: give an ISO 8601 time with an offset (2027-07-01T00:00:00Z)"
            " or a date"
        )
    moment = time_of(text.strip())
    if moment is None:
        raise UsageError(
            f"{option} {text!r}: not a moment of the calendar; give a real date and time from"
            " 0001-01-01T00:00:00Z to 9999-12-31T23:59:59Z (in UTC)"
        )
    return moment


def cached_pack(treaty: str) -> Pack:
    """A pack a command names, read through the compiled-pack cache in `$VERIFY_HOME`
    (`verify.treaty.cache`): kept when compiled, read back while its folder is unchanged."""
    from verify.home import home
    from verify.treaty import load_pack
    from verify.treaty.cache import CACHE_FOLDER

    return load_pack(treaty, cache=home() / CACHE_FOLDER)


def check_outputs(
    outputs: Mapping[str, Path | None], observations: Iterable[str], treaties: Iterable[str] = ()
) -> None:
    """Refuse, before anything is opened for writing, an output that would destroy an input.

    `outputs` maps each option (`--output`, `--rejects`) to its path. An output is refused
    (`UsageError`, exit 2) when it is one of the inputs (the same file once symbolic links and
    relative parts are resolved, or a hard link to it), lies inside an input folder or a pack's
    folder, is the same file as another output, or lies in a folder that does not exist.
    Standard input (`-`) is no file, and an output that is a device or a pipe (`/dev/null`)
    destroys nothing.
    """
    from verify.treaty.packs import pack_folder

    inputs = [(Path(source), "input") for source in observations if source != "-"]
    for reference in treaties:
        folder = pack_folder(reference)
        if folder is not None:
            inputs.append((folder, "pack"))
        elif Path(reference).is_file():
            inputs.append((Path(reference), "pack"))
    seen: dict[Path, str] = {}
    for option, output in outputs.items():
        if output is None or (output.exists() and not output.is_file()):
            continue
        shown = display_path(output)
        resolved = output.resolve()
        if not resolved.parent.is_dir():
            folder_shown = display_path(output.parent)
            raise UsageError(f"{option}: folder {folder_shown} does not exist", Location(shown))
        for source, what in inputs:
            _refuse_overwriting(option, output, resolved, source, what)
        for other, other_option in seen.items():
            if other == resolved or _same_file(other, resolved):
                raise UsageError(
                    f"{option} and {other_option} name the same file: one would overwrite the"
                    " other; give each its own file",
                    Location(shown),
                )
        seen[resolved] = option


def _refuse_overwriting(option: str, output: Path, resolved: Path, source: Path, what: str) -> None:
    """Raise when `output` (resolved) is the input `source` (`what`: an input or a pack) or
    lies inside it (a folder)."""
    target = source.resolve()
    shown, source_shown = display_path(output), display_path(source)
    if target.is_dir() and resolved.is_relative_to(target):
        raise UsageError(
            f"{option} lies inside the {what} folder {source_shown}: writing there would mix"
            " outputs into the inputs; write it outside",
            Location(shown),
        )
    if resolved == target or _same_file(resolved, target):
        raise UsageError(
            f"{option} is the {what} {source_shown}: writing it would destroy the {what};"
            " give another file",
            Location(shown),
        )


def _same_file(one: Path, other: Path) -> bool:
    """Whether two existing paths are one file (hard links included)."""
    try:
        return one.samefile(other)
    except OSError:
        return False
