"""The fast path of `validate_record`: whatever it accepts, the full rules accept alike."""

from __future__ import annotations

import json
import math
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.profiles import budget
from verify.feeds import FeedSchema, Reject, validate_record
from verify.feeds.record import _fast_fields, _fields, validate_fields
from verify.model.observation import BASE_KINDS, BASE_QUANTITIES

from .records import good
from .strategies import any_records, time_texts

SCHEMAS = (
    FeedSchema(),
    FeedSchema(BASE_KINDS, BASE_QUANTITIES, frozenset({"EU"}), frozenset({"baltic", "arctic"})),
)
#: Values the fast path must either take as the full rules do or leave to them.
ODD_VALUES = st.sampled_from(
    [
        None,
        "",
        math.nan,
        math.inf,
        -0.0,
        True,
        [],
        ["a", 1],
        [["a"]],
        {"a": 1},
        "12",
        "EU",
        "baltic",
        "2026-02-30T00:00:00Z",
        "2026-09-11T23:59:60Z",
        "2026-09-11T08:00:00Z",
        "0000-01-01T00:00:00Z",
        "2026-09-11",
    ]
)
ODD_NAMES = st.sampled_from(
    [
        "troops",
        "lat",
        "lon",
        "flags",
        "time",
        "start",
        "end",
        "party",
        "counterparty",
        "zone",
        "credibility",
        "kind",
        "note",
        "Note",
        "9lives",
        "vehicles",
        "id",
    ]
)


@st.composite
def odd_records(draw: st.DrawFn) -> dict[str, Any]:
    """A record of the feed tests' strategies, with some fields set to odd values."""
    record = draw(any_records("x1"))
    for name in draw(st.lists(ODD_NAMES, max_size=3, unique=True)):
        record[name] = draw(ODD_VALUES | time_texts())
    return record


@settings(max_examples=budget(300), deadline=None)
@given(odd_records(), st.sampled_from(SCHEMAS))
def test_fast_path_accepts_only_as_the_full_rules_do(
    record: dict[str, Any], schema: FeedSchema
) -> None:
    """A record the fast path accepts has the same fields under the full rules."""
    raw = json.loads(json.dumps(record, allow_nan=True))
    fast = _fast_fields(raw, schema)
    if fast is not None:
        assert _fields(raw, schema) == fast


def test_plainly_good_record_takes_the_fast_path() -> None:
    """An ordinary record (text, numbers, flags, UTC times) is read by the fast path."""
    record = good(troops=12000, lat=54.5, lon=18.25, flags=["Alert", "estimate"], note="x")
    record.update(start="2026-09-11T08:00:00Z", end="2026-09-12", counterparty="USA")
    fast = _fast_fields(record, SCHEMAS[0])
    assert fast is not None
    assert fast == _fields(record, SCHEMAS[0])


def test_doubtful_record_is_left_to_the_full_rules() -> None:
    """A record the fast path gives up on still gets the full rules' reject."""
    record = good(troops="many")
    assert _fast_fields(record, SCHEMAS[0]) is None
    reject = validate_fields(record, SCHEMAS[0], "feed.jsonl", 3)
    assert isinstance(reject, Reject)
    assert (reject.line, reject.field) == (3, "troops")


def test_validate_record_builds_the_observation_of_the_fields() -> None:
    """`validate_record` gives an Observation holding exactly `validate_fields`' fields."""
    record = good(troops=12, note="n", flags="b,A")
    fields = validate_fields(record, SCHEMAS[0], "-", 1)
    observation = validate_record(record, SCHEMAS[0], "-", 1)
    assert not isinstance(fields, Reject)
    assert not isinstance(observation, Reject)
    assert tuple(observation.model_dump().values()) == fields
