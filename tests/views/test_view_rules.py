"""A finding as a recipient may see it: only releasable records, nothing drawn from the others."""

from __future__ import annotations

from datetime import UTC, datetime

from verify.model.finding import ChannelSuggestion, Evidence, Finding, TrailStep, Window
from verify.model.run import RunResult
from verify.views import (
    WITHHELD,
    finding_for,
    handling,
    handling_banner,
    run_for,
)

MOMENT = datetime(2025, 4, 7, 5, tzinfo=UTC)


def record(record_id: str, level: str, day: int) -> Evidence:
    """An exercise record of the given releasability, seen on 2025-04-`day`."""
    return Evidence(
        id=record_id,
        kind="exercise",
        role=f"the activity {record_id}",
        sha256=record_id.ljust(64, "0"),
        time=datetime(2025, 4, day, tzinfo=UTC),
        source=f"source-of-{record_id}",
        releasability=level,
        lat=10.4,
        lon=-30.35,
    )


def late_notice(*records: Evidence, status: str = "violation") -> Finding:
    """A late notification whose summary, trail, window and notes quote its records."""
    return Finding.model_validate(
        {
            "id": "F-1",
            "treaty": "example-non-aggression-pact",
            "obligation": "pact.exercise-notice",
            "article": "Article 3(1)",
            "party": "ARV",
            "counterparty": "BOS",
            "status": status,
            "severity": "major",
            "confidence": 0.85,
            "summary": "ARV notified iron-gate-25 (nat-1) 17.8 days ahead: troops 7,100.",
            "evidence": records,
            "trail": (
                TrailStep(
                    step="covered activity", measured="troops 7,100", required="3,000", holds=True
                ),
                TrailStep(
                    step="confidence", measured="0.42 estimate", required="0.50", holds=False
                ),
            ),
            "channels": (
                ChannelSuggestion(
                    id="hotline",
                    name="Hotline",
                    track="1.5",
                    basis="Art. 9",
                    deadline=MOMENT,
                    reason="start",
                ),
            ),
            "window": Window(start=datetime(2025, 3, 8, tzinfo=UTC), end=MOMENT),
            "due": datetime(2025, 3, 8, tzinfo=UTC),
            "zone": "border",
            "notes": ("observed at 7,100 by nat-1",),
        }
    )


def test_a_finding_with_every_record_releasable_is_itself() -> None:
    """Nothing above the level: the view is the finding, unchanged, with nothing withheld."""
    finding = late_notice(record("pub-1", "public", 1), record("par-1", "parties", 2))
    assert finding_for(finding, "parties") is finding
    assert finding_for(finding, "parties").withheld == 0


def test_records_above_the_level_are_withheld_and_counted() -> None:
    """A parties reader sees public and parties records; the national one is counted only."""
    finding = late_notice(
        record("pub-1", "public", 1), record("nat-1", "national", 7), record("par-1", "parties", 3)
    )
    view = finding_for(finding, "parties")
    assert [e.id for e in view.evidence] == ["pub-1", "par-1"]
    assert view.withheld == 1


def test_nothing_drawn_from_the_records_remains_where_one_is_withheld() -> None:
    """Summary, trail values, due, zone, notes, counterparty and channel deadlines go."""
    view = finding_for(
        late_notice(record("pub-1", "public", 1), record("nat-1", "national", 7)), "public"
    )
    assert "nat-1" not in view.model_dump_json()
    assert "7,100" not in view.model_dump_json()
    assert view.summary == (
        "ARV, pact.exercise-notice (Article 3(1)): a breach is assessed in part on evidence that"
        " cannot be released at this level; 1 of 2 evidence records withheld."
    )
    assert [(s.step, s.holds) for s in view.trail] == [
        ("covered activity", True),
        ("confidence", False),
    ]
    assert (view.trail[0].measured, view.trail[0].required) == (WITHHELD, WITHHELD)
    assert (view.trail[1].measured, view.trail[1].required) == ("0.85", WITHHELD)
    assert (view.due, view.zone, view.notes, view.counterparty) == (None, None, (), None)
    assert view.channels[0].deadline is None
    assert (view.status, view.severity, view.confidence) == ("violation", "major", 0.85)


def test_the_window_spans_the_shown_records_only() -> None:
    """The view's window runs from the first shown record's time to the last."""
    finding = late_notice(
        record("pub-1", "public", 2), record("nat-1", "national", 9), record("pub-2", "public", 5)
    )
    window = finding_for(finding, "public").window
    assert window == Window(
        start=datetime(2025, 4, 2, tzinfo=UTC), end=datetime(2025, 4, 5, tzinfo=UTC)
    )


def test_a_finding_whose_every_record_is_withheld_says_so_and_reveals_nothing() -> None:
    """No record shown: no window, and a summary in words that reveal nothing."""
    view = finding_for(late_notice(record("nat-1", "national", 7)), "parties")
    assert view.evidence == ()
    assert view.window is None
    assert "a breach is assessed on evidence that cannot be released at this level" in view.summary
    assert view.summary.endswith("1 evidence record withheld.")


def test_a_potential_violation_is_worded_as_a_possible_breach() -> None:
    """The neutral summary keeps the status's meaning."""
    view = finding_for(
        late_notice(record("nat-1", "national", 7), status="potential_violation"), "public"
    )
    assert ": a possible breach is assessed on evidence" in view.summary


def test_an_unknown_record_label_is_national_and_an_unknown_reader_is_public() -> None:
    """Labels nobody declared never widen what is shown."""
    finding = late_notice(record("odd-1", "secret", 1), record("par-1", "parties", 2))
    assert finding_for(finding, "parties").withheld == 1
    assert finding_for(finding, "national").withheld == 0
    assert finding_for(finding, "cosmic").evidence == ()


def test_a_view_of_a_view_adds_up_what_was_withheld() -> None:
    """Narrowing a parties view to public counts both withholdings."""
    finding = late_notice(
        record("pub-1", "public", 1), record("par-1", "parties", 2), record("nat-1", "national", 3)
    )
    view = finding_for(finding_for(finding, "parties"), "public")
    assert (view.withheld, [e.id for e in view.evidence]) == (2, ["pub-1"])
    assert finding_for(view, "public") is view


def test_a_run_is_ordered_by_what_its_view_shows() -> None:
    """A fully withheld finding goes last: its place tells nothing of its withheld window."""
    hidden = late_notice(record("nat-1", "national", 1)).model_copy(update={"id": "F-0"})
    shown = late_notice(record("pub-1", "public", 9)).model_copy(update={"id": "F-9"})
    result = RunResult(
        findings=(hidden, shown), packs=(), inputs=(), as_of=MOMENT, records=2, rejected=0
    )
    assert [f.id for f in run_for(result, "public").findings] == ["F-9", "F-0"]
    assert run_for(result, "national") is result


def test_the_national_view_of_a_run_is_the_run_whatever_its_labels_and_waivers() -> None:
    """At the most cleared level every label ranks at or below the reader, unknown ones too,
    and a waiver is shown whole: the run itself, as `finding_for` gives each of its findings."""
    waiver = {"reason": "exercise cancelled", "author": "a", "approved_by": "b", "expires": None}
    labelled = late_notice(
        record("pub-1", "public", 1), record("odd-1", "secret", 2), record("nat-1", "national", 3)
    ).model_copy(update={"waiver": waiver})
    result = RunResult(
        findings=(labelled,), packs=(), inputs=(), as_of=MOMENT, records=3, rejected=0
    )
    assert run_for(result, "national") is result
    assert finding_for(labelled, "national") is labelled
    assert run_for(result, "parties").findings[0].withheld == 2


def test_the_marking_is_the_highest_level_shown() -> None:
    """National if any shown record is national or unknown; public when nothing is shown."""
    finding = late_notice(record("pub-1", "public", 1), record("par-1", "parties", 2))
    assert handling([finding]) == "parties"
    assert handling([finding_for(finding, "public")]) == "public"
    assert handling([late_notice(record("odd-1", "secret", 1))]) == "national"
    assert handling([]) == "public"
    assert handling_banner("parties") == "HANDLING: RELEASABLE TO TREATY PARTIES"
