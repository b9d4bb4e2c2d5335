"""`verify test`: run every `Example:` of a pack through pytest-bdd and report by file and line."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click
import pytest

from verify.cli.common import EXIT_FINDINGS, EXIT_OK, reports_errors
from verify.errors import display_path
from verify.treaty import load_pack
from verify.treaty.examples import SCENARIO

RUNNER = """\
from pytest_bdd import scenarios

scenarios(*{features!r})
"""


@dataclass
class ExampleOutcome:
    """How one example ended, and where it is written."""

    where: str
    name: str
    passed: bool
    message: str = ""


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


def _short(excinfo: Any) -> str:
    text = str(excinfo.value).strip()
    return text.splitlines()[0] if text else excinfo.typename


@click.command("test")
@click.argument("pack")
@reports_errors
def test_command(pack: str) -> None:
    """Run every Example in PACK's feature files; a failure names the example's file and line."""
    compiled = load_pack(pack)
    features = sorted({str(Path(o.source.path).resolve()) for o in compiled.obligations})
    collector = OutcomeCollector()
    with tempfile.TemporaryDirectory(prefix="verify-test-") as folder:
        root = Path(folder)
        (root / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
        (root / "test_examples.py").write_text(RUNNER.format(features=features), encoding="utf-8")
        pytest.main(
            [
                str(root / "test_examples.py"),
                "-c",
                str(root / "pytest.ini"),
                "--rootdir",
                str(root),
                "-p",
                "verify.treaty.examples",
                "-p",
                "no:cacheprovider",
                "-p",
                "no:terminal",
            ],
            plugins=[collector],
        )
    failed = [o for o in collector.outcomes if not o.passed]
    for outcome in collector.outcomes:
        mark = "ok  " if outcome.passed else "FAIL"
        click.echo(f"{mark} {outcome.where}  Example: {outcome.name}")
        if not outcome.passed:
            click.echo(f"     {outcome.message}")
    click.echo(f"{len(collector.outcomes) - len(failed)} passed, {len(failed)} failed")
    raise SystemExit(EXIT_FINDINGS if failed or not collector.outcomes else EXIT_OK)
