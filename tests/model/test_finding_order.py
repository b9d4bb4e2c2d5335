"""`finding_order` keys each finding by its own window, though findings in a row that share a
window share its start's text."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from verify import api
from verify.findings import finding_order

SAMPLE = Path(__file__).resolve().parents[2] / "observations" / "vd11-sample.jsonl"


def test_the_next_finding_with_another_window_is_keyed_by_its_own_start() -> None:
    """Right after a finding, one whose window starts a day earlier sorts before it."""
    result, _ = api.check(["vienna-document-2011"], [SAMPLE])
    finding = result.findings[-1]
    assert finding.window is not None
    earlier = finding.window.model_copy(update={"start": finding.window.start - timedelta(days=1)})
    other = finding.model_copy(update={"window": earlier})
    first, then = finding_order(finding), finding_order(other)
    assert then[0] == earlier.start.isoformat()
    assert then < first
    assert finding_order(finding) == first
