"""A breach made by its own `__init__` is the frozen dataclass its fields describe."""

from __future__ import annotations

import dataclasses
import inspect
from datetime import UTC, datetime

import pytest

from verify.model.breach import Breach
from verify.model.finding import TrailStep, Window
from verify.treaty import load_pack

MOMENT = datetime(2027, 3, 1, tzinfo=UTC)


def _breach(**changed: object) -> Breach:
    obligation = load_pack("inf-treaty").obligations[0]
    values: dict[str, object] = {
        "obligation": obligation,
        "party": "USA",
        "subject": ("r1",),
        "cited": (),
        "trail": (TrailStep.made(step="s", measured="m", required="r", holds=False),),
        "summary": "USA did it.",
        "window": Window.made(start=MOMENT, end=MOMENT),
        "at": MOMENT,
    }
    values.update(changed)
    return Breach(**values)  # type: ignore[arg-type]


def test_its_init_takes_the_fields_in_order_with_their_defaults() -> None:
    """The hand-written `__init__` and the field list say the same: a field added to one
    without the other fails here."""
    parameters = list(inspect.signature(Breach.__init__).parameters.values())[1:]
    fields = dataclasses.fields(Breach)
    assert [p.name for p in parameters] == [f.name for f in fields]
    for parameter, field in zip(parameters, fields, strict=True):
        given = field.default is not dataclasses.MISSING
        expected = field.default if given else inspect.Parameter.empty
        assert parameter.default == expected, field.name


def test_every_field_holds_what_was_given_and_defaults_fill_the_rest() -> None:
    """Given fields as given; those left out at their defaults."""
    breach = _breach(zone="dmz", pending=True)
    assert (breach.party, breach.zone, breach.pending) == ("USA", "dmz", True)
    assert (breach.counterparty, breach.due, breach.weak) == (None, None, None)


def test_it_stays_frozen() -> None:
    """Assignment is refused as on any frozen dataclass."""
    with pytest.raises(dataclasses.FrozenInstanceError):
        _breach().party = "RUS"  # type: ignore[misc]


def test_equal_fields_make_equal_breaches() -> None:
    """Equality (and `replace`) work on the fields as the generated ones would."""
    assert _breach() == _breach()
    assert dataclasses.replace(_breach(), party="RUS") == _breach(party="RUS")
    assert _breach() != _breach(party="RUS")
