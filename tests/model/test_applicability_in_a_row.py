"""Breaches judged one after another: `applicability` answers each as it would alone, though a
run of breaches with the same pack, obligation, party and moment shares one answer."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from verify.findings import applicability
from verify.model.breach import Breach
from verify.model.finding import Window
from verify.model.pack import Pack
from verify.treaty import load_pack

BEFORE_FORCE = datetime(2024, 5, 31, 23, tzinfo=UTC)  # the pact is in force from 2024-06-01
IN_FORCE = datetime(2024, 6, 1, 1, tzinfo=UTC)


@pytest.fixture(scope="module")
def pact() -> Pack:
    return load_pack("example-non-aggression-pact")


def _breach(pact: Pack, party: str, at: datetime, number: int = 0) -> Breach:
    return Breach(
        obligation=pact.obligations[number],
        party=party,
        subject=("r1",),
        cited=(),
        trail=(),
        summary="",
        window=Window.made(start=at, end=at),
        at=at,
    )


@pytest.mark.parametrize(
    ("first", "then", "expected"),
    [
        (("ARV", IN_FORCE, 0), ("ARV", BEFORE_FORCE, 0), False),
        (("ARV", BEFORE_FORCE, 0), ("ARV", IN_FORCE, 0), True),
        (("ARV", IN_FORCE, 0), ("ZZZ", IN_FORCE, 0), False),
        (("ZZZ", IN_FORCE, 0), ("BOS", IN_FORCE, 0), True),
    ],
    ids=["earlier moment", "later moment", "non-party", "other party"],
)
def test_the_next_breach_is_judged_on_its_own(
    pact: Pack,
    first: tuple[str, datetime, int],
    then: tuple[str, datetime, int],
    expected: bool,
) -> None:
    """Right after another breach, each gets its own answer."""
    applicability(_breach(pact, *first), pact.meta)
    applies, _ = applicability(_breach(pact, *then), pact.meta)
    assert applies is expected


def test_a_like_breach_gets_the_same_answer(pact: Pack) -> None:
    """Fifty parties owed one notice: one answer, asked once."""
    first = applicability(_breach(pact, "ARV", IN_FORCE), pact.meta)
    assert applicability(_breach(pact, "ARV", IN_FORCE), pact.meta) is first
