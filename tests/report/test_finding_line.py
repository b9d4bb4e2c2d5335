"""A finding's JSON line (`finding_line`, written by orjson) is byte for byte pydantic's
`model_dump_json(context=CONTRACT_JSON)` with the handling marking last, for every finding."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from tests.profiles import budget

from verify import api
from verify.model.finding import (
    CONTRACT_JSON,
    ChannelSuggestion,
    Evidence,
    Finding,
    ReasonStep,
    TrailStep,
    Window,
)
from verify.report.serialize import finding_line
from verify.views import LEVELS, finding_for, handling

SAMPLES = Path(__file__).resolve().parents[2] / "observations"
RUNS = [
    ("vienna-document-2011", "vd11-sample.jsonl"),
    ("new-start", "newstart-sample.jsonl"),
    ("example-non-aggression-pact", "example-pact.jsonl"),
]


def pydantic_line(finding: Finding) -> str:
    """The line as pydantic writes it: what `finding_line` must give."""
    line = finding.model_dump_json(context=CONTRACT_JSON)
    return f'{line[:-1]},"handling":"{handling([finding])}"}}'


@pytest.mark.parametrize(("pack", "sample"), RUNS)
def test_the_line_of_each_sample_finding_is_pydantics_at_every_level(
    pack: str, sample: str
) -> None:
    """The shipped samples' findings, in the national view and every narrower one."""
    result, _ = api.check([pack], [SAMPLES / sample])
    assert result.findings
    for finding in result.findings:
        for level in LEVELS:
            view = finding_for(finding, level)
            assert finding_line(view) == pydantic_line(view)


#: Any text JSON can hold (a lone surrogate cannot be written as UTF-8 by either writer).
TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)
MOMENT = st.datetimes(
    min_value=datetime(1900, 1, 1), max_value=datetime(2200, 1, 1), timezones=st.just(UTC)
)
POSITION = st.none() | st.floats(allow_nan=True, allow_infinity=True)


@st.composite
def findings(draw: st.DrawFn) -> Finding:
    """A validated finding with drawn texts, times, positions and confidence."""
    start = draw(MOMENT)
    evidence = Evidence(
        id=draw(TEXT),
        kind=draw(TEXT),
        role=draw(TEXT),
        sha256="0" * 64,
        time=draw(MOMENT),
        source=draw(st.none() | TEXT),
        releasability=draw(st.sampled_from(["public", "parties", "national", "secret"])),
        start=draw(st.none() | MOMENT),
        lat=draw(POSITION),
        lon=draw(POSITION),
        line=draw(st.none() | st.integers(0, 2**40)),
    )
    step = ReasonStep(step=draw(TEXT), saw=draw(TEXT), before=None, after="c1")
    channel = ChannelSuggestion(
        id="c1",
        name=draw(TEXT),
        track="1.5",
        basis=draw(TEXT),
        deadline=draw(st.none() | MOMENT),
        reason=step.saw,
        steps=(step,),
    )
    return Finding(
        id="F-0",
        treaty=draw(TEXT),
        obligation=draw(TEXT),
        article=draw(TEXT),
        party=draw(TEXT),
        counterparty=draw(st.none() | TEXT),
        status=draw(st.sampled_from(["violation", "potential_violation", "pending"])),
        severity=draw(st.sampled_from(["minor", "major", "critical"])),
        confidence=draw(st.floats(0, 1)),
        summary=draw(TEXT),
        evidence=(evidence,),
        trail=(TrailStep(step=draw(TEXT), measured=draw(TEXT), required="r", holds=False),),
        channels=(channel,),
        window=Window(start=start, end=start + timedelta(hours=draw(st.integers(0, 10**5)))),
        due=draw(st.none() | MOMENT),
        zone=draw(st.none() | TEXT),
        notes=tuple(draw(st.lists(TEXT, max_size=2))),
    )


@settings(max_examples=budget(150))
@given(findings())
@example(
    Finding(
        id="F-1",
        treaty="t",
        obligation="o",
        article="a",
        party="p",
        status="violation",
        severity="major",
        confidence=0.123456,
        summary='"\\\u2028</script>\x00é',
        evidence=(
            Evidence(
                id="r",
                kind="k",
                role="x",
                sha256="0" * 64,
                time=datetime(2025, 1, 1, 0, 0, 0, 999999, tzinfo=UTC),
                lat=1e-7,
                lon=float("inf"),
            ),
        ),
        trail=(),
        channels=(),
        window=Window(start=datetime(2025, 1, 1, tzinfo=UTC), end=datetime(2025, 1, 2, tzinfo=UTC)),
    )
)
def test_the_line_of_any_finding_is_pydantics(finding: Finding) -> None:
    """Tiny and infinite floats, escapes, fractions of a second and rounding alike."""
    assert finding_line(finding) == pydantic_line(finding)


def test_a_waived_finding_is_written_as_pydantic_writes_its_free_form_waiver() -> None:
    """A waiver holds dates and texts of any shape: its line is pydantic's."""
    result, _ = api.check(["example-non-aggression-pact"], [SAMPLES / "example-pact.jsonl"])
    waiver = {"reason": "r", "expires": datetime(2028, 6, 30, 12, 30, 15, 5, tzinfo=UTC)}
    waived = result.findings[0].model_copy(update={"waiver": waiver})
    assert finding_line(waived) == pydantic_line(waived)


def test_findings_sharing_evidence_in_a_row_each_get_their_own_line() -> None:
    """The findings of one activity owed to each party share one tuple of evidence, so the
    next line reuses its marking and written evidence; a finding right after with other
    evidence (a public record, say) is written and marked for its own."""
    result, _ = api.check(["vienna-document-2011"], [SAMPLES / "vd11-sample.jsonl"])
    shared = [f for f in result.findings if f.evidence is result.findings[0].evidence]
    first = shared[0]
    public = tuple(e.model_copy(update={"releasability": "public"}) for e in first.evidence)
    other = first.model_copy(update={"evidence": public})
    for finding in (*shared, other, first):
        assert finding_line(finding) == pydantic_line(finding)
    assert '"handling":"public"' in finding_line(other)
