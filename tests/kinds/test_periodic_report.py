"""The reporting periods of a periodic report: when each opens and is due."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from pydantic import ValidationError

from verify.kinds import periodic_report as report_kind
from verify.treaty import load_pack


def at(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def obligation(pack: str, obligation_id: str) -> report_kind.PeriodicReport:
    found = load_pack(pack).obligation(obligation_id)
    assert isinstance(found, report_kind.PeriodicReport)
    return found


def test_a_six_month_update_is_due_at_the_end_of_the_thirtieth_day() -> None:
    """The update for March to August 2022 is due by the end of 30 September 2022."""
    data = obligation("new-start", "newstart.data-exchange")
    slot = report_kind.slot_at(data, at(2022, 3, 1))
    assert slot.end == at(2022, 9, 1)
    assert slot.due == at(2022, 9, 30, 23, 59, 59)


def test_a_period_opens_when_the_one_before_it_was_due() -> None:
    """The September to February period's window opens when March to August's update was due."""
    data = obligation("new-start", "newstart.data-exchange")
    slot = report_kind.slot_at(data, at(2022, 9, 1))
    assert slot.opens == at(2022, 9, 30, 23, 59, 59)
    assert slot.due == at(2023, 3, 30, 23, 59, 59)


def test_an_annual_exchange_is_due_on_15_december_of_its_year() -> None:
    """VD11's exchange for 2026 is due by the end of 15 December 2026."""
    exchange = obligation("vienna-document-2011", "vd11.information-exchange")
    slot = report_kind.slot_at(exchange, at(2026, 1, 1))
    assert slot.due == at(2026, 12, 15, 23, 59, 59)
    assert slot.opens == at(2025, 12, 15, 23, 59, 59)


def test_the_first_period_judged_is_the_one_whose_window_holds_the_first_report() -> None:
    """A first report of 20 December 2025 opens the watch at the 2026 exchange."""
    exchange = obligation("vienna-document-2011", "vd11.information-exchange")
    first = report_kind.first_slot(exchange, at(2025, 12, 20))
    assert first is not None and first.start == at(2026, 1, 1)


def test_the_following_period_begins_where_one_ends() -> None:
    """After March to August comes September to February."""
    data = obligation("new-start", "newstart.data-exchange")
    following = report_kind.following(data, report_kind.slot_at(data, at(2022, 3, 1)))
    assert following is not None and following.start == at(2022, 9, 1)


def test_a_rolling_report_period_is_refused_by_the_model() -> None:
    """A compiled pack cannot ask for a report per rolling window: no period to report for."""
    data = obligation("new-start", "newstart.data-exchange").model_dump()
    data["period"] = {"type": "rolling", "days": 30}
    with pytest.raises(ValidationError, match="rolling window"):
        report_kind.PeriodicReport.model_validate(data)
