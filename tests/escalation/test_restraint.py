"""Restraint as pack data: weak evidence starts low, public rungs are earned, reasons are steps."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.escalation.conftest import LADDER, utc
from verify.errors import VerifyError
from verify.escalation.ladder import suggest_on_ladder
from verify.escalation.policy import History, PastUse
from verify.model.finding import ChannelSuggestion
from verify.model.obligation import Severity
from verify.model.restraint import Restraint
from verify.model.treaty import Channel, TreatyMeta, public_rung
from verify.treaty import load_pack
from verify.treaty.metadata import load_metadata

DECIDED = utc("2026-09-11")
ROOT = Path(__file__).resolve().parents[2]
RESTRAINED = Restraint(
    weak="potential",
    raise_critical_at=0.9,
    urgency=((("critical", 0.5),)),
    public_requires=("violation", "lower_unanswered"),
)
SHIPPED = ("example-non-aggression-pact", "vienna-document-2011", "new-start")


def shipped_ladders() -> list[tuple[tuple[Channel, ...], Restraint]]:
    """The ladder and policy of each shipped pack named in SHIPPED."""
    ladders = []
    for pack_id in SHIPPED:
        meta = load_pack(ROOT / "treaties" / pack_id).meta
        ladders.append((meta.channels, meta.escalation))
    return ladders


LADDERS = [(LADDER, RESTRAINED), *shipped_ladders()]


def suggest(
    *,
    potential: bool,
    severity: Severity = "critical",
    confidence: float = 0.95,
    history: History | None = None,
    start: str | None = None,
    ladder: tuple[Channel, ...] = LADDER,
    restraint: Restraint = RESTRAINED,
) -> tuple[ChannelSuggestion, ...]:
    """Suggestions for a finding decided on 11 September 2026 (bar 0.6)."""
    return suggest_on_ladder(
        ladder,
        start=start,
        severity=severity,
        confidence=confidence,
        bar=0.6,
        decided=DECIDED,
        history=history,
        potential=potential,
        restraint=restraint,
    )


@st.composite
def cases(draw: st.DrawFn) -> dict[str, object]:
    """A ladder with its policy, and a finding's facts and history (none at a public rung)."""
    ladder, restraint = draw(st.sampled_from(LADDERS))
    names = [c.id for c in ladder]
    lower = [c.id for c in ladder if not public_rung(restraint, c)]
    lapses = draw(st.lists(st.sampled_from(names), max_size=2))
    own_channel = draw(st.none() | st.sampled_from(lower))
    own = None
    if own_channel is not None:
        own = PastUse(
            "F-own", own_channel, utc("2026-09-12"), utc("2026-09-14"), draw(st.booleans())
        )
    history = History(
        repeats=draw(st.integers(0, 3)),
        unanswered=tuple(
            PastUse("F-old", name, utc("2026-03-01"), utc("2026-03-03"), True) for name in lapses
        ),
        own=own,
    )
    return {
        "ladder": ladder,
        "restraint": restraint,
        "severity": draw(st.sampled_from(("minor", "major", "critical"))),
        "confidence": draw(st.floats(0, 1)),
        "start": draw(st.none() | st.sampled_from(names)),
        "history": history,
    }


def first_is_public(case: dict[str, object], potential: bool) -> bool:
    """Whether the first suggested rung for the case is a public one."""
    first = suggest(potential=potential, **case)[0]  # type: ignore[arg-type]
    restraint = case["restraint"]
    assert isinstance(restraint, Restraint)
    channels = case["ladder"]
    assert isinstance(channels, tuple)
    return public_rung(restraint, next(c for c in channels if c.id == first.id))


@settings(max_examples=300, deadline=None)
@given(cases())
def test_a_potential_violation_is_never_suggested_a_public_rung_first(
    case: dict[str, object],
) -> None:
    """Whatever its severity, confidence, start or history, a potential violation starts below
    every public rung."""
    assert not first_is_public(case, potential=True)


@settings(max_examples=300, deadline=None)
@given(cases())
def test_a_violation_goes_public_only_after_a_lower_rung_went_unanswered(
    case: dict[str, object],
) -> None:
    """A first suggestion at a public rung always has a lower rung unanswered in its history."""
    if not first_is_public(case, potential=False):
        return
    history = case["history"]
    assert isinstance(history, History)
    public = next(c.id for c in case["ladder"] if public_rung(case["restraint"], c))  # type: ignore[attr-defined, arg-type]
    names = [c.id for c in case["ladder"]]  # type: ignore[attr-defined]
    uses = [*history.unanswered, *([history.own] if history.own and history.own.unanswered else [])]
    assert any(names.index(u.channel_id) < names.index(public) for u in uses)


@settings(max_examples=200, deadline=None)
@given(cases(), st.booleans())
def test_every_suggestion_gives_its_reasons_as_steps(
    case: dict[str, object], potential: bool
) -> None:
    """Each rung carries steps ending on that rung, and its reason is those steps joined."""
    for suggestion in suggest(potential=potential, **case):  # type: ignore[arg-type]
        assert suggestion.steps
        assert suggestion.steps[-1].after == suggestion.id
        assert suggestion.reason == "; ".join(step.saw for step in suggestion.steps)


def test_a_potential_violation_starts_at_the_lowest_informal_rung() -> None:
    """A strong-looking (0.95) but estimated finding starts at the first Track 1.5 channel."""
    first = suggest(potential=True, start="clarification")[0]
    assert first.id == "attache"
    assert [s.step for s in first.steps][:2] == ["start_from_obligation", "fact_finding_when_weak"]
    assert (first.steps[1].before, first.steps[1].after) == ("clarification", "attache")


def test_the_default_policy_ignores_the_estimate_flag() -> None:
    """Without a pack policy, a potential violation above the bar starts where the rule says."""
    first = suggest(potential=True, start="clarification", restraint=Restraint())[0]
    assert first.id == "bilateral-meeting"


def test_critical_severity_below_the_high_bar_changes_only_urgency() -> None:
    """A critical violation at 0.85 (under 0.9) stays at its rung, with halved deadlines."""
    first = suggest(potential=False, confidence=0.85, start="clarification")[0]
    assert first.id == "clarification"
    assert first.deadline == DECIDED + timedelta(hours=24)
    assert "urgency_by_severity" in [s.step for s in first.steps]


def test_critical_severity_with_high_confidence_starts_one_rung_higher() -> None:
    """A critical violation at 0.95 starts one rung above the obligation's."""
    assert suggest(potential=False, confidence=0.95, start="clarification")[0].id == (
        "bilateral-meeting"
    )


def test_a_repeat_moves_up_only_where_the_policy_says_so() -> None:
    """With `moves_up: [unanswered]`, a repeat breach no longer raises the rung."""
    only_lapses = RESTRAINED.model_copy(update={"moves_up": ("unanswered",)})
    history = History(repeats=2)
    kwargs = {"potential": False, "severity": "major", "start": "clarification"}
    assert suggest(history=history, **kwargs)[0].id == "bilateral-meeting"  # type: ignore[arg-type]
    assert suggest(history=history, restraint=only_lapses, **kwargs)[0].id == "clarification"  # type: ignore[arg-type]


def test_a_public_rung_without_a_lower_one_unanswered_waits_below_it() -> None:
    """A violation whose obligation starts at the public rung is held one rung below, saying why."""
    first = suggest(potential=False, severity="major", start="joint-meeting")[0]
    assert first.id == "bilateral-meeting"
    assert first.steps[-1].step == "public_only_when_earned"
    assert "a lower rung unanswered" in first.steps[-1].saw


def test_the_example_pacts_estimated_missile_test_starts_on_the_hotline() -> None:
    """The issue's case: the pact's critical, estimated missile test is not sent to the note."""
    meta = load_pack(ROOT / "treaties" / "example-non-aggression-pact").meta
    first = suggest(
        potential=True,
        confidence=0.77,
        start="diplomatic-note",
        ladder=meta.channels,
        restraint=meta.escalation,
    )[0]
    assert first.id == "hotline"


def write_pack_yaml(tmp_path: Path, block: str) -> Path:
    """The example pact's treaty.yaml with its escalation block replaced by `block`."""
    source = (ROOT / "treaties" / "example-non-aggression-pact" / "treaty.yaml").read_text()
    head = source[: source.index("escalation:")]
    path = tmp_path / "treaty.yaml"
    path.write_text(head + block)
    return path


def test_a_policy_naming_an_unknown_channel_is_an_error_at_its_line(tmp_path: Path) -> None:
    """`weak_start: hotlin` is refused with the file, line, field and a did-you-mean."""
    path = write_pack_yaml(tmp_path, "escalation:\n  weak_start: hotlin\n")
    with pytest.raises(VerifyError) as caught:
        load_metadata(path)
    message = str(caught.value)
    assert "treaty.yaml" in message and "escalation" in message
    assert "unknown channel 'hotlin'; did you mean 'hotline'?" in message


def test_a_public_first_rung_under_public_requires_is_an_error(tmp_path: Path) -> None:
    """A policy that could never start below its public rung is refused."""
    path = write_pack_yaml(
        tmp_path, "escalation:\n  public: [hotline]\n  public_requires: [violation]\n"
    )
    with pytest.raises(VerifyError, match="first rung 'hotline' is public"):
        load_metadata(path)


def test_urgency_may_not_lengthen_a_deadline() -> None:
    """An urgency factor above 1 is refused."""
    with pytest.raises(ValueError, match="at most 1"):
        Restraint.model_validate({"urgency": {"critical": 2}})


def test_a_pack_without_a_policy_gets_todays_behaviour() -> None:
    """No `escalation:` block gives the default policy."""
    meta = TreatyMeta(id="p", title="P", prefix="p", channels=LADDER)
    assert meta.escalation == Restraint()
