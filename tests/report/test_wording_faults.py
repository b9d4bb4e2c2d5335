"""The words a diplomat reads carry none of the known slips: every shipped sample (with and
without pending findings) and every pack example, summaries, notes and channel text alike."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pytest
from tests.report.wording_corpus import (
    SAMPLES,
    ExampleCase,
    Text,
    example_findings,
    examples,
    faults_in,
    sample_findings,
    texts_of,
)


def _slips(texts: Iterable[tuple[Text, str]]) -> list[str]:
    return [
        f"{text.where} ({text.part}): {', '.join(found)}: {text.words}"
        for text, status in texts
        if (found := faults_in(text, status))
    ]


@pytest.mark.parametrize("pending", [False, True], ids=["", "pending"])
@pytest.mark.parametrize("feed", sorted(SAMPLES))
def test_a_sample_reads_right(feed: str, pending: bool) -> None:
    """No finding of a shipped sample shows any fault of the list."""
    findings = sample_findings(feed, pending=pending)
    assert _slips(text for finding in findings for text in texts_of(finding, feed)) == []


@pytest.mark.parametrize("case", examples(), ids=lambda case: case.where)
def test_the_findings_of_an_example_read_right(case: ExampleCase, tmp_path: Path) -> None:
    """No finding of an Example of a shipped pack shows any fault of the list."""
    findings = example_findings(case, tmp_path)
    assert _slips(text for finding in findings for text in texts_of(finding, case.where)) == []


@pytest.mark.parametrize(
    ("summary", "fault"),
    [
        ("ARV conducted a exercise (x1).", "a before a vowel"),
        ("It was due within 1 days.", "a plural after 1"),
        ("It came 1 hours late.", "a plural after 1"),
        ("It was sent -6 hours before it started.", "a negative span"),
        ("At most 1 are allowed.", "are after 1"),
        ("It was due by 04:00Z. the obligation starts here.", "lower case after a full stop"),
        ("It was  due.", "a doubled space"),
        ("It was due by None.", "None"),
        ("It measured nan troops.", "nan"),
        (
            "A flight 19.5 km from the fixed-wing no-fly zone, within 20 km.",
            "a distance from a zone for a point inside it",
        ),
    ],
)
def test_the_fault_list_finds_each_fault(summary: str, fault: str) -> None:
    """Each fault of the list is found in a summary that shows it."""
    assert fault in faults_in(Text("here", "summary", summary), "violation")


def test_a_pending_finding_that_says_gave_no_is_a_fault() -> None:
    """A pending summary in the past tense is found; the same words in a violation are not."""
    text = Text("here", "summary", "BOS gave no notification; one is due by 2025-05-02.")
    assert "pending worded as past" in faults_in(text, "pending")
    assert faults_in(text, "violation") == []
