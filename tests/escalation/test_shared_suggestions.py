"""Findings with the same plan and deadline share their suggestions; others get their own."""

from __future__ import annotations

from datetime import datetime, timedelta

from tests.escalation.conftest import LADDER, utc
from verify.escalation.ladder import suggest_on_ladder
from verify.model.finding import ChannelSuggestion

DECIDED = utc("2026-09-11")


def suggested(decided: datetime) -> tuple[ChannelSuggestion, ...]:
    """The test ladder's suggestions for a major finding decided at `decided`."""
    return suggest_on_ladder(
        LADDER, start="clarification", severity="major", confidence=0.9, bar=0.6, decided=decided
    )


def test_findings_decided_at_one_moment_share_their_suggestions() -> None:
    """Fifty findings of one activity, one deadline: one tuple of suggestions, not fifty."""
    assert suggested(DECIDED) is suggested(DECIDED)


def test_a_finding_decided_later_is_due_later() -> None:
    """A different moment is never served the previous finding's deadlines."""
    first = suggested(DECIDED)
    later = suggested(DECIDED + timedelta(hours=1))
    assert later[0].deadline is not None and first[0].deadline is not None
    assert later[0].deadline - first[0].deadline == timedelta(hours=1)


def test_coming_back_to_a_moment_gives_its_own_deadlines_again() -> None:
    """Alternating moments: each finding's suggestions are its own moment's, equal to a fresh
    plan's."""
    seen = [suggested(DECIDED + timedelta(hours=hours)) for hours in (0, 5, 0, 5)]
    assert seen[0] == seen[2] and seen[1] == seen[3]
    assert seen[0] != seen[1]
