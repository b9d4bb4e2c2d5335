"""`validate_record`: the one-record path the streaming engine uses."""

from __future__ import annotations

from datetime import UTC, datetime

from verify.feeds import Reject, SeenIds, validate_record
from verify.model.observation import Observation

from .records import SCHEMA, good


def test_valid_record_becomes_an_observation() -> None:
    """A valid record gives an Observation with quantities and attributes apart."""
    observation = validate_record(good(troops="12", callsign="red", flags="b,A"), SCHEMA, "-", 1)
    assert isinstance(observation, Observation)
    assert observation.time == datetime(2026, 9, 11, 8, tzinfo=UTC)
    assert (observation.quantities, observation.attributes) == (
        {"troops": 12.0},
        {"callsign": "red"},
    )
    assert observation.flags == ("a", "b")


def test_breaking_record_becomes_a_reject_with_its_location() -> None:
    """A record breaking a rule gives a Reject at the given file and line, holding the record."""
    record = good(kind="bogus")
    reject = validate_record(record, SCHEMA, "feed.jsonl", 7)
    assert isinstance(reject, Reject)
    assert (reject.file, reject.line, reject.field, reject.record) == (
        "feed.jsonl",
        7,
        "kind",
        record,
    )


def test_seen_ids_reject_a_later_duplicate() -> None:
    """With `seen_ids`, a repeated id is rejected citing where it was first accepted."""
    seen: SeenIds = {}
    assert isinstance(validate_record(good(), SCHEMA, "a.jsonl", 1, seen_ids=seen), Observation)
    reject = validate_record(good(), SCHEMA, "-", 9, seen_ids=seen)
    assert isinstance(reject, Reject)
    assert reject.reason == 'duplicate id "x1" (first at a.jsonl:1)'
    assert seen == {"x1": ("a.jsonl", 1)}


def test_rejected_record_does_not_claim_its_id() -> None:
    """A rejected record's id stays free for a later valid record."""
    seen: SeenIds = {}
    validate_record(good(kind="bogus"), SCHEMA, "-", 1, seen_ids=seen)
    assert isinstance(validate_record(good(), SCHEMA, "-", 2, seen_ids=seen), Observation)


def test_without_seen_ids_duplicates_are_not_checked() -> None:
    """Without `seen_ids`, duplicates are the caller's business."""
    assert isinstance(validate_record(good(), SCHEMA, "-", 1), Observation)
    assert isinstance(validate_record(good(), SCHEMA, "-", 2), Observation)


def test_times_span_years_1_to_9999() -> None:
    """Any year from 1 to 9999 is a time; year 0 is not."""
    assert isinstance(validate_record(good(time="1500-01-01"), SCHEMA, "-", 1), Observation)
    reject = validate_record(good(time="0000-01-01"), SCHEMA, "-", 1)
    assert isinstance(reject, Reject)
    assert reject.reason.startswith('unparsable time "0000-01-01"')


def test_an_integer_beyond_any_float_is_rejected_as_infinite_like_the_batch_reader() -> None:
    """A whole number too large for a float is a reject (`unparsable number inf`), not a crash."""
    reject = validate_record(good(troops=10**400), SCHEMA, "feed.jsonl", 3)
    assert isinstance(reject, Reject)
    assert (reject.field, reject.reason) == ("troops", "unparsable number inf")
