"""Waivers under governance: read from a file, checked against packs, applied to findings.

The stage sits between the engines and escalation: the engines never see a waiver, and a
waived finding keeps its id, its evidence and its place; it only gains its `waiver` and stops
counting for `--fail-on` while the waiver holds at the run's `as_of` (docs/waivers.md).
"""

from __future__ import annotations

from verify.waivers.apply import apply_waivers, refuse_not_waivable, waiver_usage
from verify.waivers.load import load_waivers, read_waivers

__all__ = [
    "apply_waivers",
    "load_waivers",
    "read_waivers",
    "refuse_not_waivable",
    "waiver_usage",
]
