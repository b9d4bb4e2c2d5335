"""One error hierarchy: whatever `VerifyError` a command raises is a message and exit 2."""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner

from verify.cli.common import EXIT_INVALID, reports_errors
from verify.engines.stream.rete import MatcherError
from verify.errors import Location, PackError, PackErrors, VerifyError
from verify.treaty.vocabulary import StepError


def raising(error: Exception) -> click.Command:
    """A command that raises `error`, reported as every `verify` command reports errors."""

    @click.command()
    @reports_errors
    def command() -> None:
        raise error

    return command


@pytest.mark.parametrize("error_type", [StepError, MatcherError])
def test_step_and_matcher_errors_are_verify_errors(error_type: type[VerifyError]) -> None:
    """Both derive from `VerifyError` and can still be raised without a location."""
    error = error_type("something impossible")
    assert isinstance(error, VerifyError)
    assert error.location is None and str(error) == "something impossible"


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (StepError("12 Mayy is not a date"), "verify: 12 Mayy is not a date"),
        (MatcherError("retract: status 9"), "verify: retract: status 9"),
        (PackError("no such zone", Location("pack.json", 7)), "verify: pack.json:7: no such zone"),
        (
            PackErrors(
                [PackError("a", Location("p.json", 1)), PackError("b", Location("p.json", 2))]
            ),
            "verify: p.json:1: a\nverify: p.json:2: b",
        ),
    ],
)
def test_any_verify_error_is_a_message_and_exit_2(error: VerifyError, expected: str) -> None:
    """The CLI prints the error's text on stderr, never a traceback, and exits 2."""
    result = CliRunner().invoke(raising(error), [])
    assert result.exit_code == EXIT_INVALID
    assert result.stderr.strip() == expected
    assert "Traceback" not in result.output
