"""The outcome of each `Example:` as pytest runs it for `verify test`: a pytest plugin."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from verify.errors import display_path
from verify.testing.examples import SCENARIO


@dataclass
class ExampleOutcome:
    """How one example ended, and where it is written."""

    where: str
    name: str
    passed: bool
    message: str = ""
    #: False for a failure to collect the examples, which is no example of its own.
    example: bool = True


class OutcomeCollector:
    """A pytest plugin that records each example's outcome with its feature file and line."""

    def __init__(self) -> None:
        self.outcomes: list[ExampleOutcome] = []

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_makereport(self, item: pytest.Item, call: pytest.CallInfo[Any]) -> Any:
        """Keep the outcome of each example's call phase (or its failed set-up)."""
        outcome = yield
        report = outcome.get_result()
        if report.when == "call" or (report.when == "setup" and report.failed):
            scenario = item.stash.get(SCENARIO, None)
            if scenario is not None:
                where = f"{display_path(scenario.feature.filename)}:{scenario.line_number}"
                name = scenario.name
            else:
                where, name = item.nodeid, item.name
            message = ""
            if report.failed:
                message = _short(call.excinfo) if call.excinfo else str(report.longrepr)
            self.outcomes.append(ExampleOutcome(where, name, report.passed, message))

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        """Keep a failure to collect the examples: without it, `verify test` would say only
        that nothing passed."""
        if report.failed:
            lines = [line for line in str(report.longrepr).splitlines() if line.strip()]
            errors = [line[1:].strip() for line in lines if line.startswith("E ")]
            message = (errors or lines or ["(no message)"])[-1]
            self.outcomes.append(
                ExampleOutcome(report.nodeid, "(not collected)", False, message, example=False)
            )


def _short(excinfo: Any) -> str:
    """The failure's message: all of a `pytest.fail` message (the steps word it for the
    reader: one line per finding the engines disagree on, say), the first line of any other
    (an assertion's message, before pytest's own explanation of it)."""
    text = str(excinfo.value).strip()
    if not text:
        return str(excinfo.typename)
    return text if isinstance(excinfo.value, pytest.fail.Exception) else text.splitlines()[0]
