"""Parity on generated missions: check and watch agree on durations and flights at once."""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from hypothesis import example, given, settings
from hypothesis import strategies as st

from tests.kinds.intervals import check_both, flight
from tests.profiles import budget

SETTINGS = settings(max_examples=budget(25), deadline=None)
T0 = datetime(2019, 6, 1, tzinfo=UTC)
PARTIES = ("DEU", "FRA", "POL")
OBSERVED = ("RUS", "BLR")


def _at(hours: int) -> str:
    return (T0 + timedelta(hours=hours)).strftime("%Y-%m-%dT%H:%MZ")


@st.composite
def missions(draw: st.DrawFn) -> list[dict[str, Any]]:
    """Flights reported as mission reports give them: an arrival when it happens and, for
    most, a completion when it happens (some within 96 hours, some after), in time order."""
    records: list[dict[str, Any]] = []
    for n in range(draw(st.integers(1, 7))):
        party, observed = draw(st.sampled_from(PARTIES)), draw(st.sampled_from(OBSERVED))
        arrive = draw(st.integers(0, 240))
        mission = f"m{n}"
        records.append(flight(f"a{n}", party, observed, mission, _at(arrive), start=_at(arrive)))
        if draw(st.booleans()) or draw(st.booleans()):
            end = arrive + draw(st.integers(0, 110))
            records.append(flight(f"e{n}", party, observed, mission, _at(end), end=_at(end)))
    return sorted(records, key=lambda r: (r["time"], r["id"]))


@SETTINGS
@given(missions(), st.integers(0, 400))
def test_durations_agree_in_check_and_watch(records: list[dict[str, Any]], after: int) -> None:
    """`openskies.flight-duration`: the same findings from both engines at any moment."""
    with tempfile.TemporaryDirectory() as folder:
        check_both(Path(folder), "open-skies", "openskies.flight-duration", records, _at(after))


#: Found by this test: m3's end was reported (at 06-10 11:00) only after the overlap with m1
#: ended (06-07 18:00); both engines must count m3 among those taken to be under way.
END_REPORTED_AFTER_THE_OVERLAP = [
    flight(i, "DEU", "RUS", m, t, **({"start": t} if i[0] == "a" else {"end": t}))
    for i, m, t in (
        ("a2", "m2", "2019-06-01T00:00Z"),
        ("a4", "m4", "2019-06-01T00:00Z"),
        ("a3", "m3", "2019-06-07T16:00Z"),
        ("a1", "m1", "2019-06-07T17:00Z"),
        ("e1", "m1", "2019-06-07T18:00Z"),
        ("e3", "m3", "2019-06-10T11:00Z"),
    )
]


@SETTINGS
@given(missions(), st.integers(0, 400))
@example(END_REPORTED_AFTER_THE_OVERLAP, 295)
def test_flights_at_once_agree_in_check_and_watch(
    records: list[dict[str, Any]], after: int
) -> None:
    """`openskies.one-flight-at-a-time`: the same findings from both engines at any moment."""
    with tempfile.TemporaryDirectory() as folder:
        check_both(
            Path(folder), "open-skies", "openskies.one-flight-at-a-time", records, _at(after)
        )
