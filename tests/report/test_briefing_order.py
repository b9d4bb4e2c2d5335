"""The briefing in its reader's order: the bottom line first, findings most severe (then most
confident) first, the annex last; times as a reader says them; a time line sized to its records."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from verify.model.run import RunResult
from verify.report import render
from verify.report.figures import LEAST_MARGIN, time_span
from verify.report.summary import bottom_line, potential_reasons, reader_order, reader_time


def test_a_time_reads_as_day_month_year_and_minutes_in_utc() -> None:
    """7 April 2025, 05:00 UTC; seconds only where they are not zero."""
    assert reader_time(datetime(2025, 4, 7, 5, tzinfo=UTC)) == "7 April 2025, 05:00 UTC"
    assert reader_time(datetime(2025, 4, 7, 5, 0, 9, tzinfo=UTC)) == "7 April 2025, 05:00:09 UTC"


def test_a_time_with_an_offset_is_said_in_utc() -> None:
    """An instant given at +09:00 is said at its UTC hour."""
    seoul = datetime(2025, 4, 7, 18, tzinfo=timezone(timedelta(hours=9)))
    assert reader_time(seoul) == "7 April 2025, 09:00 UTC"


def test_findings_come_most_severe_then_most_confident_first(run_result: RunResult) -> None:
    """Critical before major before minor; within a severity, the higher confidence first."""
    ordered = reader_order(run_result.findings)
    keys = [(f.severity, f.confidence) for f in ordered]
    assert keys[0][0] == "critical"
    majors = [confidence for severity, confidence in keys if severity == "major"]
    assert majors == sorted(majors, reverse=True)


def test_the_bottom_line_counts_breaches_by_severity_and_party(run_result: RunResult) -> None:
    """Four breaches (two potential): one critical and three major; PRK has two, ARM and AZE
    one each."""
    bottom = bottom_line(run_result)
    assert (bottom.breaches, bottom.potential) == (4, 2)
    assert bottom.by_severity == (("critical", 1), ("major", 3))
    assert bottom.by_party == (("PRK", 2), ("ARM", 1), ("AZE", 1))


def test_the_bottom_line_names_the_three_that_matter_most(run_result: RunResult) -> None:
    """The three findings it names are the first three of the reader's order."""
    assert bottom_line(run_result).top == tuple(reader_order(run_result.findings)[:3])


def test_the_html_briefing_gives_the_bottom_line_then_findings_then_annex(
    run_result: RunResult,
) -> None:
    """Bottom line, findings table, finding cards, annex: in that order on the page."""
    html = render(run_result, "html")
    places = [
        html.index('<section class="bottom-line"'),
        html.index('<table class="findings">'),
        html.index("<article "),
        html.index('<section class="annex"'),
    ]
    assert places == sorted(places)


def test_the_critical_finding_comes_before_the_others_in_html(run_result: RunResult) -> None:
    """The critical finding's card is the first card."""
    html = render(run_result, "html")
    critical = next(f for f in run_result.findings if f.severity == "critical")
    first_card = html.index("<article ")
    assert html.index(f'<article id="finding-{critical.id}">') == first_card


def test_the_markdown_briefing_gives_the_bottom_line_then_findings_then_annex(
    run_result: RunResult,
) -> None:
    """Markdown keeps the same order as the HTML briefing."""
    text = render(run_result, "markdown")
    places = [text.index("## Bottom line"), text.index("## Findings"), text.index("## Annex")]
    assert places == sorted(places)
    assert text.index("### Critical:") < text.index("### Major:")


def test_an_input_digest_wraps_instead_of_overflowing(run_result: RunResult) -> None:
    """The annex writes each input's sha256 whole, in a code element that may break anywhere."""
    html = render(run_result, "html")
    digest = run_result.inputs[0].sha256
    assert f'<code class="digest">{digest}</code>' in html
    assert "code.digest, td.fid { word-break: break-all;" in html


def test_the_html_briefing_has_print_rules(run_result: RunResult) -> None:
    """Print CSS drops backgrounds and keeps a finding's card on one page where it fits."""
    html = render(run_result, "html")
    print_css = html[html.index("@media print") :]
    assert "body { background: none;" in print_css
    assert "article { border: 1px solid #000; break-inside: avoid-page;" in print_css


def test_an_instant_spans_a_day_on_its_time_line(run_result: RunResult) -> None:
    """A finding of one record at one instant is drawn on a day, not on years."""
    instant = datetime(2027, 6, 20, 6, 30, tzinfo=UTC)
    finding = run_result.findings[0]
    evidence = (
        finding.evidence[0].model_copy(update={"time": instant, "start": None, "end": None}),
    )
    alone = finding.model_copy(
        update={
            "evidence": evidence,
            "due": None,
            "window": finding.window.model_copy(update={"start": instant, "end": instant})
            if finding.window
            else None,
        }
    )
    assert time_span(alone) == (instant - LEAST_MARGIN, instant + LEAST_MARGIN)


def test_a_potential_finding_says_why_from_its_grades(run_result: RunResult) -> None:
    """A potential finding on a D/4 source says `source graded D/4`."""
    finding = next(f for f in run_result.findings if f.party == "AZE")
    assert potential_reasons(finding) == ("source graded D/4",)


def test_a_violation_has_no_reason_to_be_potential(run_result: RunResult) -> None:
    """Only a potential finding is explained as potential."""
    finding = next(f for f in run_result.findings if f.status == "violation")
    assert potential_reasons(finding) == ()


def test_the_table_shows_why_a_finding_is_potential_and_its_notes(
    run_result: RunResult,
) -> None:
    """The table's summary cell carries `Potential: ...` and `Note: ...` lines."""
    table = render(run_result, "table", width=200)
    assert "Potential: source graded D/4." in table
    assert "Note: The notification gave 11,000 troops" in table
