"""The proportionality policy: where escalation starts, and why."""

from __future__ import annotations

import itertools
from datetime import timedelta

from tests.escalation.conftest import LADDER, utc
from verify.escalation.ladder import suggest_channels, suggest_on_ladder
from verify.escalation.policy import (
    DEFAULT_POLICY,
    Facts,
    History,
    PastUse,
    Rung,
    choose_rung,
    justified_rung,
)
from verify.model.finding import ChannelSuggestion
from verify.model.obligation import Severity
from verify.treaty import load_pack

DECIDED = utc("2026-09-11")


def suggest(
    confidence: float = 0.85,
    severity: Severity = "major",
    history: History | None = None,
    start: str | None = "clarification",
) -> tuple[ChannelSuggestion, ...]:
    """Suggestions on the test ladder for a finding decided on 11 September 2026 (bar 0.6)."""
    return suggest_on_ladder(
        LADDER,
        start=start,
        severity=severity,
        confidence=confidence,
        bar=0.6,
        decided=DECIDED,
        history=history,
    )


def lapsed(channel: str = "clarification") -> PastUse:
    """An earlier finding's channel whose deadline passed without an answer."""
    return PastUse("F-earlier", channel, utc("2026-03-01"), utc("2026-03-03"), unanswered=True)


def test_high_and_low_confidence_start_at_different_rungs() -> None:
    """The same finding starts at the obligation's rung when strong, lower when weak."""
    assert suggest(confidence=0.85)[0].id == "clarification"
    assert suggest(confidence=0.4)[0].id == "attache"


def test_weak_evidence_starts_with_fact_finding_and_says_so() -> None:
    """Weak evidence starts at the first Track 1.5 channel, and the reason names the confidence."""
    first = suggest(confidence=0.4)[0]
    assert first.track == "1.5"
    assert "confidence 0.40 is below 0.60: fact-finding first" in first.reason


def test_obligation_without_a_start_begins_at_the_first_rung() -> None:
    """An obligation that names no starting channel starts at the ladder's first rung."""
    first = suggest(start=None)[0]
    assert first.id == "attache"
    assert "names no starting channel" in first.reason


def test_critical_with_strong_evidence_starts_one_rung_higher() -> None:
    """A critical breach on strong evidence starts one rung above the obligation's."""
    first = suggest(severity="critical")[0]
    assert first.id == "bilateral-meeting"
    assert "critical severity: one rung higher" in first.reason


def test_critical_with_weak_evidence_still_starts_with_fact_finding() -> None:
    """Severity does not outweigh weak evidence: a weak critical finding starts at fact-finding."""
    assert suggest(severity="critical", confidence=0.4)[0].id == "attache"


def test_repeat_breach_moves_one_rung_up() -> None:
    """A repeat breach by the same party of the same obligation starts one rung up."""
    first = suggest(history=History(repeats=1))[0]
    assert first.id == "bilateral-meeting"
    assert "repeat breach (1 before): one rung up" in first.reason


def test_earlier_rung_unanswered_moves_one_rung_up() -> None:
    """An earlier rung whose deadline passed without answer moves the start one rung up."""
    first = suggest(history=History(unanswered=(lapsed(),)))[0]
    assert first.id == "bilateral-meeting"
    assert "went unanswered" in first.reason


def test_repeat_and_unanswered_together_move_one_rung_only() -> None:
    """History justifies one rung: a repeat whose channel lapsed does not move two."""
    history = History(repeats=1, unanswered=(lapsed(),))
    assert suggest(history=history)[0].id == "bilateral-meeting"


def test_own_rung_unanswered_moves_above_it() -> None:
    """This finding's own channel, past its deadline without answer, gives way to the next rung."""
    own = PastUse("F-0001", "clarification", utc("2026-09-12"), utc("2026-09-14"), True)
    first = suggest(history=History(own=own))[0]
    assert first.id == "bilateral-meeting"
    assert first.deadline == utc("2026-09-14") + timedelta(hours=48)


def test_own_rung_within_its_deadline_is_awaited() -> None:
    """A channel already used and still within its deadline stays the suggestion, due then."""
    own = PastUse("F-0001", "clarification", utc("2026-09-12"), utc("2026-09-14"), False)
    first = suggest(history=History(own=own))[0]
    assert (first.id, first.deadline) == ("clarification", utc("2026-09-14"))
    assert "awaiting until 2026-09-14" in first.reason


def test_history_never_suggests_a_rung_below_one_already_used() -> None:
    """Once raised through a higher channel, the suggestion does not fall back below it."""
    own = PastUse("F-0001", "joint-meeting", utc("2026-09-12"), utc("2026-09-14"), False)
    assert suggest(confidence=0.4, history=History(own=own))[0].id == "joint-meeting"


def test_a_step_reaching_too_high_is_capped_by_proportionality() -> None:
    """A custom step that jumps to the top is capped at the rung the facts justify."""

    def to_the_top(rung: Rung, facts: Facts) -> Rung:
        return rung.to(facts.top, "always the top")

    policy = (*DEFAULT_POLICY[:-1], to_the_top, DEFAULT_POLICY[-1])
    first = suggest_on_ladder(
        LADDER,
        start="clarification",
        severity="major",
        confidence=0.85,
        bar=0.6,
        decided=DECIDED,
        policy=policy,
    )[0]
    assert first.id == "clarification"
    assert "proportionality: no higher than Request for clarification" in first.reason


def test_default_policy_never_exceeds_what_the_facts_justify() -> None:
    """Over severities, confidences and histories, the chosen rung is at most the justified one."""
    severities: tuple[Severity, ...] = ("minor", "major", "critical")
    histories = (History(), History(repeats=2), History(unanswered=(lapsed(),)))
    for severity, confidence, history, start in itertools.product(
        severities, (0.2, 0.59, 0.6, 1.0), histories, (None, "attache", "clarification")
    ):
        facts = Facts(LADDER, start, severity, confidence, 0.6, history)
        assert choose_rung(facts).index <= justified_rung(facts)


def test_later_rungs_follow_with_chained_deadlines() -> None:
    """Each rung above the first is due after the previous one's deadline, if it gives no answer."""
    suggestions = suggest()
    assert [s.id for s in suggestions] == ["clarification", "bilateral-meeting", "joint-meeting"]
    assert suggestions[1].deadline == DECIDED + timedelta(hours=96)
    assert suggestions[1].reason == "if the previous rung gives no answer"


def test_suggest_channels_keeps_the_engine_signature() -> None:
    """The engine's call (meta, obligation, confidence, bar, decided) still works, repeats too."""
    pack = load_pack("vienna-document-2011")
    obligation = pack.obligations[0]
    plain = suggest_channels(pack.meta, obligation, confidence=0.9, bar=0.5, decided=DECIDED)
    repeated = suggest_channels(
        pack.meta, obligation, confidence=0.9, bar=0.5, decided=DECIDED, repeats=1
    )
    assert plain[0].id == "clarification"
    assert repeated[0].id == "bilateral-meeting"
