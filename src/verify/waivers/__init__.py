"""Waivers under governance: read from a file, checked against packs, applied to findings.

The stage sits between the engines and escalation: the engines never see a waiver, and a
waived finding keeps its id, its evidence and its place; it only gains its `waiver` and stops
counting for `--fail-on` while the waiver holds at the run's `as_of` (docs/waivers.md).

Reading a file (`load_waivers`, `read_waivers`) is imported when first asked for: it loads
PyYAML, which a run without a waivers file (and with its packs read back from the cache,
`verify.treaty.cache`) does not otherwise need.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from verify.waivers.apply import apply_waivers, refuse_not_waivable, waiver_usage

if TYPE_CHECKING:
    from verify.waivers.load import load_waivers, read_waivers

__all__ = [
    "apply_waivers",
    "load_waivers",
    "read_waivers",
    "refuse_not_waivable",
    "waiver_usage",
]


def __getattr__(name: str) -> object:
    """`load_waivers` and `read_waivers`, imported on first use."""
    if name in ("load_waivers", "read_waivers"):
        from verify.waivers import load

        return getattr(load, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
