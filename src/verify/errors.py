"""One error base for everything a user can act on: each carries where in which file it arose."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Location:
    """A place in a source file: path, 1-based line and column, and the field or step text."""

    path: str
    line: int | None = None
    column: int | None = None
    field: str | None = None
    text: str | None = None

    def __str__(self) -> str:
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        if self.field:
            where += f" (field {self.field!r})"
        return where


class VerifyError(Exception):
    """Base of every error `verify` reports: `file:line: message`, then the line's text, then
    any hints (one `hint:` line each)."""

    def __init__(
        self, message: str, location: Location | None = None, hints: Sequence[str] = ()
    ) -> None:
        super().__init__(message)
        self.message = message
        self.location = location
        self.hints = tuple(hints)

    def __str__(self) -> str:
        text = self.message if self.location is None else f"{self.location}: {self.message}"
        if self.location is not None and self.location.text:
            text += f"\n    {self.location.text.strip()}"
        return text + "".join(f"\n    hint: {hint}" for hint in self.hints)

    def __reduce__(self) -> tuple[type[VerifyError], tuple[str, Location | None, tuple[str, ...]]]:
        """Pickled whole, location and hints included (raised in a Dask worker, re-raised here)."""
        return (type(self), (self.message, self.location, self.hints))


class FeedError(VerifyError):
    """An observation file that cannot be read at all (missing, not JSON Lines, not Parquet)."""


class PackError(VerifyError):
    """A treaty pack that cannot be loaded: missing folder, bad treaty.yaml, bad feature file."""


class PackErrors(VerifyError):
    """Every error found in one pack, collected so that `verify lint` can report them all."""

    def __init__(self, errors: list[VerifyError]) -> None:
        self.errors = errors
        super().__init__("\n".join(str(error) for error in errors))

    def __reduce__(self) -> tuple[type[PackErrors], tuple[list[VerifyError]]]:  # type: ignore[override]
        """Pickled with every error it collects."""
        return (type(self), (self.errors,))

    def __str__(self) -> str:
        return "\n".join(str(error) for error in self.errors)


class WaiverError(VerifyError):
    """A waivers file, or one of its entries, that cannot be used: malformed, self-approved,
    a duplicate, or for an obligation its pack marks not waivable."""


class WaiverErrors(PackErrors):
    """Every error found in one waivers file, reported one a line as a pack's are."""


class UsageError(VerifyError):
    """A command line that asks for something impossible (unknown format, bad --as-of)."""


def display_path(path: str | Path) -> str:
    """Show a path relative to the working directory when it lies below it."""
    candidate = Path(path)
    try:
        return str(candidate.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
