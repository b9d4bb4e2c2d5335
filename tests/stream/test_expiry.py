"""An expiry queue forgets keys in the order of their moments, however they came."""

from __future__ import annotations

import heapq
from datetime import UTC, datetime, timedelta

from hypothesis import example, given
from hypothesis import strategies as st

from verify.engines.stream.clock import Expiry

START = datetime(2025, 1, 1, tzinfo=UTC)
#: Touches (minutes after START) and, after each, a horizon to expire up to (or none).
STEPS = st.lists(
    st.tuples(st.integers(0, 60), st.none() | st.integers(0, 60)), min_size=1, max_size=60
)


def _moment(minutes: int) -> datetime:
    return START + timedelta(minutes=minutes)


@example([(5, None), (3, None), (5, None), (7, 6), (1, None), (9, 10)])
@given(STEPS)
def test_keys_are_forgotten_as_from_one_heap(steps: list[tuple[int, int | None]]) -> None:
    """Keys in order and out of it: each `expire` forgets exactly what a plain heap of
    (moment, touch) would, in the same order."""
    expiry: Expiry[int] = Expiry()
    model: list[tuple[datetime, int, int]] = []
    for key, (minutes, horizon) in enumerate(steps):
        expiry.touch(_moment(minutes), key)
        heapq.heappush(model, (_moment(minutes), key + 1, key))
        if horizon is None:
            continue
        forgotten: list[int] = []
        expiry.expire(_moment(horizon), forgotten.append)
        expected = []
        while model and model[0][0] < _moment(horizon):
            expected.append(heapq.heappop(model)[2])
        assert forgotten == expected
        assert len(expiry) == len(model)


def test_keys_in_the_order_of_their_moments_skip_the_heap() -> None:
    """Moments that never go back (the recent ids' latest event time) queue in the run."""
    expiry: Expiry[str] = Expiry()
    for minutes in (1, 1, 2, 5):
        expiry.touch(_moment(minutes), f"k{minutes}")
    expiry.touch(_moment(3), "late")
    assert [key for _, _, key in expiry.run] == ["k1", "k1", "k2", "k5"]
    assert [key for _, _, key in expiry.heap] == ["late"]
