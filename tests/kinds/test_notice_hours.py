"""Deadlines in hours and minutes: prior notice before a start, answers after a request."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.treaty.conftest import PackWriter
from verify.errors import PackErrors
from verify.kinds import prior_notice
from verify.kinds.wording import clock
from verify.model.obligation import DaysBeforeStart, HoursBeforeStart, PriorNotice, Response
from verify.treaty import compile_pack

NOTICE = """\
  Rule: tp.notice Flights are notified ahead
    Background:
      Given the obligation covers "flight" flights of every party
      Then a "notification" for the same activity is due {deadline}
      And the obligation is set out in "Article 1"
"""

REPLY = """\
  Rule: tp.reply Requests are answered quickly
    Background:
      Given the obligation covers "clarification_request" requests of every party
      Then a "clarification_reply" from the addressed party is due within {deadline} of the request
      And the obligation is set out in "Article 2"
"""


def notice_due(write_pack: PackWriter, deadline: str) -> PriorNotice:
    """The prior-notice obligation a rule with this deadline compiles to."""
    obligation = compile_pack(write_pack(NOTICE.format(deadline=deadline))).obligations[0]
    assert isinstance(obligation, PriorNotice)
    return obligation


@pytest.mark.parametrize(
    ("deadline", "hours"),
    [
        ("24 hours before it starts", 24.0),
        ("no less than 72 hours before the estimated time of arrival", 72.0),
        ("90 minutes before it starts", 1.5),
        ("1 hour before it starts", 1.0),
        ("23 hours and 59 minutes before it starts", 23 + 59 / 60),
    ],
)
def test_a_notice_deadline_in_hours_or_minutes_compiles_to_hours(
    write_pack: PackWriter, deadline: str, hours: float
) -> None:
    """Hours, minutes, or hours and minutes before the start are held as hours."""
    obligation = notice_due(write_pack, deadline)
    assert obligation.requirements[0].due == HoursBeforeStart(hours=hours)


def test_a_notice_due_in_days_stays_in_days(write_pack: PackWriter) -> None:
    """The day phrase still gives a deadline in days."""
    obligation = notice_due(write_pack, "3 days before it starts")
    assert obligation.requirements[0].due == DaysBeforeStart(days=3)


def test_minutes_and_minutes_is_refused_at_its_step(write_pack: PackWriter) -> None:
    """`N minutes and M minutes` is an error on the step that says it."""
    with pytest.raises(PackErrors) as caught:
        notice_due(write_pack, "90 minutes and 5 minutes before it starts")
    assert "rules.feature:6" in str(caught.value)
    assert "N hours and M minutes" in str(caught.value)


def test_a_notice_due_24_hours_before_is_due_to_the_minute(write_pack: PackWriter) -> None:
    """24 hours before an 08:00Z start is 08:00Z the day before, not midnight."""
    obligation = notice_due(write_pack, "24 hours before it starts")
    start = datetime(2024, 6, 11, 8, 0, tzinfo=UTC)
    due = prior_notice.due_moment(obligation.requirements[0], start)
    assert due == datetime(2024, 6, 10, 8, 0, tzinfo=UTC)


def test_a_summary_gives_an_hour_deadline_to_the_minute(write_pack: PackWriter) -> None:
    """The due moment of an hour deadline is worded with its time of day."""
    obligation = notice_due(write_pack, "24 hours before it starts")
    due = datetime(2024, 6, 10, 8, 0, tzinfo=UTC)
    assert prior_notice.due_text(obligation.requirements[0], due) == "2024-06-10 08:00Z"


def test_a_summary_gives_a_day_deadline_as_its_day(write_pack: PackWriter) -> None:
    """A whole number of days is worded, as before, by its day."""
    obligation = notice_due(write_pack, "42 days before it starts")
    due = datetime(2024, 6, 10, 8, 0, tzinfo=UTC)
    assert prior_notice.due_text(obligation.requirements[0], due) == "2024-06-10"


def test_a_lead_under_an_hour_deadline_is_told_in_hours_and_minutes(
    write_pack: PackWriter,
) -> None:
    """23 hours 59 minutes is said so, never rounded to 24.0 hours."""
    obligation = notice_due(write_pack, "24 hours before it starts")
    lead = timedelta(hours=23, minutes=59)
    assert prior_notice.lead_text(obligation.requirements[0], lead) == "23 hours 59 minutes"


@pytest.mark.parametrize(
    ("hours", "text"),
    [(72, "72 hours"), (1.5, "1 hour 30 minutes"), (0.75, "45 minutes"), (1 / 60, "1 minute")],
)
def test_clock_words_hours_as_a_treaty_states_them(hours: float, text: str) -> None:
    """Hours and minutes, singular where one."""
    assert clock(hours) == text


def test_an_answer_due_within_minutes_compiles_to_hours(write_pack: PackWriter) -> None:
    """`within 30 minutes of the request` is half an hour."""
    obligation = compile_pack(write_pack(REPLY.format(deadline="30 minutes"))).obligations[0]
    assert isinstance(obligation, Response)
    assert obligation.requirements[0].hours == 0.5


def test_a_notice_one_minute_late_is_late_in_check_and_watch(tmp_path: Path) -> None:
    """The shipped launch rule: 23 hours 59 minutes ahead is late in both engines."""
    from tests.kinds.notice_runs import run_both

    records = [
        {
            "id": "n1",
            "kind": "notification",
            "party": "USA",
            "activity": "gt-1",
            "time": "2024-06-10T08:01:00Z",
            "start": "2024-06-11T08:00:00Z",
            "launch_area": "Vandenberg",
            "impact_area": "Kwajalein",
        },
        {
            "id": "l1",
            "kind": "missile_test",
            "party": "USA",
            "activity": "gt-1",
            "time": "2024-06-11T08:00:00Z",
            "start": "2024-06-11T08:00:00Z",
            "flags": ["icbm"],
        },
    ]
    batch, stream = run_both(tmp_path, records)
    assert [f.summary for f in batch] == [f.summary for f in stream]
    assert "23 hours 59 minutes before it started" in batch[0].summary
    assert "it was due by 2024-06-10 08:00Z" in batch[0].summary
