"""Findings escalated one after another: a run of like findings shares its channels, and each
finding that differs in what the policy reads gets its own, as it would alone."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from verify import api
from verify.escalation.suggest import Escalation
from verify.model.finding import Finding
from verify.model.pack import Pack
from verify.treaty import load_pack

PACK = "vienna-document-2011"
FEED = Path(__file__).parents[2] / "observations" / "vd11-public-record.jsonl"


@pytest.fixture(scope="module")
def pack() -> Pack:
    return load_pack(PACK)


@pytest.fixture(scope="module")
def invitation(pack: Pack) -> Finding:
    """A potential violation of the observation invitations owed to each party."""
    result, _ = api.check([pack], [FEED])
    return next(f for f in result.findings if f.obligation == "vd11.observation-invitation")


def _alone(pack: Pack, finding: Finding) -> Finding:
    return Escalation([pack]).all([finding])[0]


def test_like_findings_in_a_row_share_one_tuple_of_channels(
    pack: Pack, invitation: Finding
) -> None:
    """Fifty parties owed one invitation: the same channels, made once."""
    other = invitation.model_copy(update={"id": "F-0000000000000000", "counterparty": "ZZZ"})
    first, second = Escalation([pack]).all([invitation, other])
    assert first.channels
    assert second.channels is first.channels


VIOLATION = {"confidence": 0.95, "status": "violation"}


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ({}, VIOLATION),
        (VIOLATION, {**VIOLATION, "severity": "critical"}),
        ({"status": "pending"}, {"status": "potential_violation"}),
    ],
    ids=["confidence", "severity", "status"],
)
def test_a_finding_that_differs_gets_its_own_channels(
    pack: Pack, invitation: Finding, before: dict[str, object], after: dict[str, object]
) -> None:
    """Right after a like finding, each gets the channels it would get alone."""
    first_alone, second_alone = (invitation.model_copy(update=change) for change in (before, after))
    first, second = Escalation([pack]).all([first_alone, second_alone])
    assert first.channels == _alone(pack, first_alone).channels
    assert second.channels == _alone(pack, second_alone).channels
    assert second.channels != first.channels


def test_a_later_window_is_due_later(pack: Pack, invitation: Finding) -> None:
    """A finding decided an hour later, right after, is never served the earlier deadlines."""
    assert invitation.window is not None
    later = invitation.window.model_copy(update={"end": invitation.window.end + timedelta(hours=1)})
    other = invitation.model_copy(update={"window": later})
    first, second = Escalation([pack]).all([invitation, other])
    assert second.channels == _alone(pack, other).channels
    assert first.channels[0].deadline is not None and second.channels[0].deadline is not None
    assert second.channels[0].deadline - first.channels[0].deadline == timedelta(hours=1)
