"""The stages of the data's journey import only what comes before them (STYLE.md, "The shape")."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SOURCE = Path(__file__).resolve().parents[1] / "src" / "verify"

#: Per stage (a package of `verify`), the packages it must not import: those that come after it.
LATER_STAGES: dict[str, tuple[str, ...]] = {
    "treaty": ("verify.api", "verify.engines", "verify.cli", "verify.testing"),
    # Where a watch reads and delivers lines: it knows records and positions, never findings.
    "transport": (
        "verify.api",
        "verify.cli",
        "verify.watching",
        "verify.watch_session",
        "verify.report",
        "verify.escalation",
    ),
    # Waivers come after the findings and before escalation and rendering; engines never see one.
    "waivers": ("verify.api", "verify.engines", "verify.escalation", "verify.report", "verify.cli"),
    "engines": ("verify.waivers",),
}


def imported(path: Path) -> set[str]:
    """The absolute module names a source file imports, at module level or inside functions."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize("stage", sorted(LATER_STAGES))
def test_a_stage_imports_no_later_stage(stage: str) -> None:
    """No module of the stage imports a later stage, not even inside a function."""
    later = LATER_STAGES[stage]
    offending = sorted(
        f"{path.relative_to(SOURCE)} imports {name}"
        for path in (SOURCE / stage).rglob("*.py")
        for name in imported(path)
        if any(name == other or name.startswith(other + ".") for other in later)
    )
    assert offending == []
