"""Findings that cite one record for one reason share its evidence (`finalize`'s memo)."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from verify import api
from verify.model.finding import Evidence

SAMPLE = Path(__file__).resolve().parents[2] / "observations" / "vd11-sample.jsonl"


def evidence_by_citation() -> dict[tuple[str, str], list[Evidence]]:
    """Every piece of evidence of the Vienna Document sample's findings, by record and role."""
    result, _ = api.check(["vienna-document-2011"], [SAMPLE])
    cited: dict[tuple[str, str], list[Evidence]] = defaultdict(list)
    for finding in result.findings:
        for evidence in finding.evidence:
            cited[(evidence.sha256, evidence.role)].append(evidence)
    return cited


def test_one_record_cited_for_one_reason_is_one_piece_of_evidence() -> None:
    """An activity whose notice was owed to each participating State is cited by each of
    those findings: one object for all of them."""
    cited = evidence_by_citation()
    shared = [pieces for pieces in cited.values() if len(pieces) > 1]
    assert shared
    assert all(all(piece is pieces[0] for piece in pieces) for pieces in shared)
