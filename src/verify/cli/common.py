"""What every command shares: turning `VerifyError` into exit code 2 with a located message."""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import UTC, datetime
from typing import ParamSpec, TypeVar

import click
import pandas as pd

from verify.errors import PackErrors, UsageError, VerifyError

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
    """A command-line time: ISO 8601 with an offset, or a bare date meaning midnight UTC."""
    from verify.model.observation import TIME_WITH_OFFSET

    if not TIME_WITH_OFFSET.match(text.strip()):
        raise UsageError(
            f"{option} {text!r}: give an ISO 8601 time with an offset (2027-07-01T00:00:00Z)"
            " or a date"
        )
    try:
        moment = pd.Timestamp(text.strip())
    except ValueError as error:
        raise UsageError(f"{option} {text!r}: {error}") from error
    if moment.tzinfo is None:
        moment = moment.tz_localize(UTC)
    return moment.tz_convert(UTC).to_pydatetime()
