"""`verify test`: run every `Example:` of a pack through pytest-bdd and report by file and line."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import click

from verify.cli.common import EXIT_FINDINGS, EXIT_OK, reports_errors
from verify.treaty import load_pack
from verify.treaty.gherkin import parse_feature
from verify.treaty.packs import pack_folder

RUNNER = """\
from pytest_bdd import scenarios

scenarios(*{features!r})
"""


@click.command("test")
@click.argument("pack")
@reports_errors
def test_command(pack: str) -> None:
    """Run every Example in PACK's feature files; a failure names the example's file and line."""
    import pytest  # with pytest-bdd, a tenth of a second that no other command should pay

    from verify.testing.outcomes import OutcomeCollector

    compiled = load_pack(pack)
    folder = pack_folder(pack)
    # A compiled pack's source paths are display paths, relative to the working directory it
    # was compiled in (and `load_pack` caches it): the folder, where there is one, is surer.
    if folder is not None:
        features = [str(path) for path in sorted(folder.glob("*.feature"))]
    else:
        features = sorted({str(Path(o.source.path).resolve()) for o in compiled.obligations})
    collector = OutcomeCollector()
    with tempfile.TemporaryDirectory(prefix="verify-test-") as scratch:
        root = Path(scratch)
        (root / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
        (root / "test_examples.py").write_text(RUNNER.format(features=features), encoding="utf-8")
        try:
            pytest.main(
                [
                    str(root / "test_examples.py"),
                    "-c",
                    str(root / "pytest.ini"),
                    "--rootdir",
                    str(root),
                    "--import-mode=importlib",
                    "-p",
                    "verify.testing.examples",
                    "-p",
                    "no:cacheprovider",
                    "-p",
                    "no:terminal",
                ],
                plugins=[collector],
            )
        finally:
            _forget_modules_of(root)
    failed = [o for o in collector.outcomes if not o.passed]
    for outcome in collector.outcomes:
        mark = "ok  " if outcome.passed else "FAIL"
        click.echo(f"{mark} {outcome.where}  Example: {outcome.name}")
        if not outcome.passed:
            for line in outcome.message.splitlines():
                click.echo(f"     {line}")
    written = sum(_examples_in(Path(path)) for path in features)
    missing = written - sum(1 for outcome in collector.outcomes if outcome.example)
    if missing > 0:
        click.echo(f"FAIL {missing} of the {written} examples written did not run")
    unrun = f", {missing} not run" if missing > 0 else ""
    click.echo(f"{len(collector.outcomes) - len(failed)} passed, {len(failed)} failed{unrun}")
    raise SystemExit(EXIT_FINDINGS if failed or missing > 0 or not collector.outcomes else EXIT_OK)


def _examples_in(path: Path) -> int:
    """How many `Example:`s a feature file holds (every one of them must run)."""
    feature = parse_feature(path)
    return len(feature.stray_examples) + sum(len(rule.examples) for rule in feature.rules)


def _forget_modules_of(folder: Path) -> None:
    """Drop the modules imported from `folder` (the generated runner) from `sys.modules`: in
    the same process, pytest would take the next run's runner, of the same name, for this one."""
    prefix = str(folder)
    for name, module in list(sys.modules.items()):
        if (getattr(module, "__file__", None) or "").startswith(prefix):
            del sys.modules[name]
