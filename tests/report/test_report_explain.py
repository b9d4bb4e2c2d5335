"""`verify explain`: a finding told as a story that cites every record and every step."""

from __future__ import annotations

import pytest
from report_fixtures import build_run_result, check_golden

from verify.model.finding import Finding
from verify.report import explain

FINDINGS = build_run_result().findings


def flatten(text: str) -> str:
    """The text with every run of whitespace made one space, so wrapped phrases match."""
    return " ".join(text.split())


@pytest.mark.parametrize("finding", FINDINGS, ids=[f.id for f in FINDINGS])
def test_explain_mentions_each_evidence_id_and_each_trail_step(finding: Finding) -> None:
    """Every record relied on and every reasoning step appears in the story."""
    story = flatten(explain(finding))
    for record in finding.evidence:
        assert f"{record.id} ({record.kind} at " in story
        assert record.sha256[:12] in story
    for step in finding.trail:
        assert flatten(f"{step.step}: measured {step.measured}; required {step.required}") in story


@pytest.mark.parametrize("finding", FINDINGS, ids=[f.id for f in FINDINGS])
def test_explain_lists_channels_in_order_with_deadlines(finding: Finding) -> None:
    """Channels appear in escalation order, each with its deadline or 'no deadline'."""
    story = flatten(explain(finding))
    positions = [story.index(f"{channel.name} ({channel.id}") for channel in finding.channels]
    assert positions == sorted(positions)
    assert story.count("respond by ") + story.count("no deadline") == len(finding.channels)


def test_explain_tells_the_notes() -> None:
    """A finding's notes close the story, before its closing handling banner."""
    *_, notes, banner = explain(FINDINGS[0]).rstrip().split("\n\n")
    assert notes.endswith(FINDINGS[0].notes[0])
    assert banner == "HANDLING: RELEASABLE TO TREATY PARTIES"


def test_explain_lines_stay_readable() -> None:
    """Plain text wrapped to at most 88 columns, paragraphs separated by blank lines."""
    story = explain(FINDINGS[0])
    assert max(len(line) for line in story.splitlines()) <= 88
    assert story.count("\n\n") >= 3


def test_explain_matches_golden_file() -> None:
    """The story of the late notification reads exactly as its golden file."""
    check_golden("explain.txt", explain(FINDINGS[0]))
