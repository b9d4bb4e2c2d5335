"""Property: for random findings over records of random levels, the rendering for each level in
each format holds no canary planted in a record above that level, and says what it withheld."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.profiles import budget
from tests.views.canaries import LEVELS, leaks, marking, says_what_was_withheld
from verify.escalation.releasability import releasability_rank
from verify.model.finding import ChannelSuggestion, Evidence, Finding, TrailStep, Window
from verify.model.run import PackInfo, RunResult
from verify.model.treaty import PolygonZone
from verify.report import FORMATS, render

TREATY = "canary-pact"
ZONE = PolygonZone(
    id="canary-zone",
    name="the zone",
    geometry={"type": "Polygon", "coordinates": [[[0, 0], [2, 0], [2, 2], [0, 2], [0, 0]]]},
)
PACK = PackInfo(id=TREATY, title="A pact", path="packs/canary", obligations=("pact.rule",))
AS_OF = datetime(2030, 1, 1, tzinfo=UTC)
EPOCH = datetime(2025, 1, 1, tzinfo=UTC)
#: Record labels: the three levels, and one nobody declared (which counts as national).
LABELS = (*LEVELS, "cosmic")
TEXT_FORMATS = tuple(fmt for fmt in FORMATS if fmt != "html")


@dataclass(frozen=True)
class Planted:
    """A record's canaries: strings and numbers only it holds."""

    texts: tuple[str, ...]
    numbers: tuple[str, ...]
    dates: tuple[str, ...]
    level: str


@st.composite
def records(draw: st.DrawFn, token: str) -> Evidence:
    """A record whose id, source, role, file and position are its own canaries."""
    time = EPOCH + timedelta(minutes=draw(st.integers(0, 3 * 365 * 24 * 60)))
    placed = draw(st.booleans())
    return Evidence(
        id=f"rec-{token}",
        kind=draw(st.sampled_from(("exercise", "notification", "movement"))),
        role=f"the role of {token}",
        sha256=token.ljust(64, "0"),
        time=time,
        source=draw(st.sampled_from((f"src-{token}", None))),
        reliability=draw(st.sampled_from(("A", "C", None))),
        credibility=draw(st.sampled_from(("1", "4", None))),
        releasability=draw(st.sampled_from(LABELS)),
        start=time if draw(st.booleans()) else None,
        lat=round(draw(st.integers(0, 19)) / 10 + 0.04173, 5) if placed else None,
        lon=round(draw(st.integers(0, 19)) / 10 + 0.03517, 5) if placed else None,
        file=f"feeds/file-{token}.jsonl",
        line=draw(st.integers(1, 99)),
    )


@st.composite
def findings(draw: st.DrawFn, number: int) -> Finding:
    """A finding whose summary, trail, notes, window, due and deadlines are drawn from all its
    records, as an engine's would be."""
    count = draw(st.integers(1, 3))
    cited = tuple(draw(records(f"cz{number}r{index}q")) for index in range(count))
    tokens = [record.id.removeprefix("rec-") for record in cited]
    figures = [f"{7000 + 97 * number + index}" for index in range(count)]
    times = sorted(record.time for record in cited)
    said = ", ".join(f"{t} at {f} troops" for t, f in zip(tokens, figures, strict=True))
    return Finding(
        id=f"F-{number:04d}",
        treaty=TREATY,
        obligation="pact.rule",
        article="Article 1",
        party="ARV",
        counterparty=draw(st.sampled_from((None, "BOS"))),
        status=draw(st.sampled_from(("violation", "potential_violation", "pending"))),
        severity=draw(st.sampled_from(("minor", "major", "critical"))),
        confidence=draw(st.sampled_from((0.35, 0.8, 1.0))),
        summary=f"The records {said} show a breach.",
        evidence=cited,
        trail=(
            TrailStep(step="covered activity", measured=said, required="3000", holds=True),
            TrailStep(step="confidence", measured="0.35", required="0.5", holds=False),
        ),
        channels=(
            ChannelSuggestion(
                id="note",
                name="Diplomatic note",
                track="1",
                basis="Article 9",
                deadline=times[-1] + timedelta(days=1),
                reason="first rung",
            ),
        ),
        window=Window(start=times[0], end=times[-1]),
        due=times[0] - timedelta(days=1),
        zone=ZONE.id if draw(st.booleans()) else None,
        notes=(f"noted from {tokens[0]}",),
    )


@st.composite
def runs(draw: st.DrawFn, most: int) -> RunResult:
    """A run of one to `most` findings over records of random levels."""
    count = draw(st.integers(1, most))
    found = tuple(draw(findings(number)) for number in range(count))
    pack = PACK.model_copy(update={"zones": (ZONE,)})
    return RunResult(findings=found, packs=(pack,), inputs=(), as_of=AS_OF, records=9, rejected=0)


def _dates(record: Evidence) -> set[str]:
    moments = [record.time, record.start, record.time - timedelta(days=1)]
    moments += [record.time + timedelta(days=1)]
    return {moment.strftime("%Y-%m-%d") for moment in moments if moment is not None}


def planted(result: RunResult) -> list[Planted]:
    """Each record's canaries, with the figure its finding quotes it at."""
    plants = []
    for number, finding in enumerate(result.findings):
        for index, record in enumerate(finding.evidence):
            token = record.id.removeprefix("rec-")
            numbers = [f"{7000 + 97 * number + index}"]
            if record.lat is not None and record.lon is not None:
                numbers += [f"{record.lat:.4f}", f"{record.lon:.4f}"]
            texts = (record.id, token, f"file-{token}", f"src-{token}")
            plants.append(
                Planted(texts, tuple(numbers), tuple(_dates(record)), record.releasability)
            )
    return plants


def check_view(result: RunResult, fmt: str, level: str) -> None:
    """The rendering for `level` shows no canary of a record above it, and counts them."""
    output = render(result, fmt, level=level)
    plants = planted(result)
    above = [p for p in plants if releasability_rank(p.level) > LEVELS.index(level)]
    shown = [p for p in plants if releasability_rank(p.level) <= LEVELS.index(level)]
    # A withheld record's day may show only where a shown record has the same one.
    visible_days = {day for p in shown for day in p.dates} | {AS_OF.strftime("%Y-%m-%d")}
    texts = [text for p in above for text in (*p.texts, *p.dates) if text not in visible_days]
    numbers = [number for p in above for number in p.numbers]
    shown_numbers = {number for p in shown for number in p.numbers}
    found = leaks(output, texts, [n for n in numbers if n not in shown_numbers])
    assert found == [], f"{fmt} for {level} shows {found}"
    if above:
        assert says_what_was_withheld(output, fmt), f"{fmt} for {level} does not say"
    assert LEVELS.index(marking(output, fmt)) <= LEVELS.index(level)


@settings(max_examples=budget(40), deadline=None)
@given(runs(most=4))
def test_no_format_shows_a_record_above_its_reader(result: RunResult) -> None:
    """Every text format, for every level: no canary above it, the withheld counted."""
    for level in LEVELS:
        for fmt in TEXT_FORMATS:
            check_view(result, fmt, level)


@settings(max_examples=budget(4), deadline=None)
@given(runs(most=2))
def test_the_html_briefing_shows_no_record_above_its_reader(result: RunResult) -> None:
    """The HTML briefing (figures included), for every level: the same property."""
    for level in LEVELS:
        check_view(result, "html", level)
