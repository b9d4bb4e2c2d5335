"""Contract section 3: a misspelt field is rejected with a did-you-mean; other unknown fields
are kept, ignored and counted; records of parties no pack knows are counted and named."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from verify.feeds import FeedSchema, Reject, validate_record
from verify.model.observation import CORE_FIELDS

from .records import csv_text, good, jsonl, only_reject, read_bytes

PACT = FeedSchema(parties=frozenset({"ARV", "BOS"}), fields=frozenset({"launch_area"}))


@pytest.mark.parametrize(
    ("field", "meant"),
    [("startt", "start"), ("tim", "time"), ("troopz", "troops"), ("launch_are", "launch_area")],
)
def test_a_field_within_two_edits_of_a_known_one_is_rejected(
    tmp_path: Path, field: str, meant: str
) -> None:
    """`startt` is a typo of `start`: the record is rejected, the reason says which was meant."""
    result = read_bytes(tmp_path, jsonl([good(**{field: "2026-09-11"})]), schema=PACT)
    reject = only_reject(result)
    assert (reject.field, reject.line) == (field, 1)
    assert f'did you mean "{meant}"?' in reject.reason


def test_the_other_records_are_still_read(tmp_path: Path) -> None:
    """One misspelt record rejected, the good one beside it kept."""
    result = read_bytes(tmp_path, jsonl([good(id="a", startt="x"), good(id="b")]), schema=PACT)
    assert list(result.frame["id"]) == ["b"]
    assert len(result.rejects) == 1


def test_a_csv_column_within_two_edits_is_rejected_too(tmp_path: Path) -> None:
    """The same rule holds for CSV, where the column is the field."""
    data = csv_text([good(lon_="30.1")])
    result = read_bytes(tmp_path, data, name="feed.csv", schema=PACT)
    assert only_reject(result).field == "lon_"


def test_a_field_far_from_every_known_one_is_kept_and_counted(tmp_path: Path) -> None:
    """`colour` is like no field: kept, ignored by every rule, counted in the result."""
    records = [good(id="a", colour="red"), good(id="b", colour="blue"), good(id="c")]
    result = read_bytes(tmp_path, jsonl(records), schema=PACT)
    assert result.rejects == ()
    assert result.unknown_fields == (("colour", 2),)


def test_a_pack_declared_field_is_not_unknown(tmp_path: Path) -> None:
    """A field a pack declares (`launch_area`) is known: neither counted nor rejected."""
    result = read_bytes(tmp_path, jsonl([good(launch_area="Plesetsk")]), schema=PACT)
    assert (result.rejects, result.unknown_fields) == ((), ())


def test_records_of_parties_no_pack_knows_are_counted_and_named(tmp_path: Path) -> None:
    """RUS is no party of the pact: its two records are counted under its code."""
    records = [good(id="a", party="ARV"), good(id="b"), good(id="c")]
    result = read_bytes(tmp_path, jsonl(records), schema=PACT)
    assert result.unknown_parties == (("RUS", 2),)


def test_parties_are_not_counted_when_no_pack_declares_any(tmp_path: Path) -> None:
    """Without declared parties every well-shaped code is as good as another."""
    result = read_bytes(tmp_path, jsonl([good()]), schema=FeedSchema())
    assert result.unknown_parties == ()


def record_reason(record: dict[str, object]) -> str | None:
    """The one-record path's reject reason for a record (None when it is accepted)."""
    checked = validate_record(record, PACT, "feed.jsonl", 1)
    return checked.reason if isinstance(checked, Reject) else None


NAMES = st.text(alphabet="abcdefghijklmnopqrstuvwxyz_", min_size=1, max_size=10).filter(
    lambda name: name[0] != "_" and name not in CORE_FIELDS
)


@given(name=NAMES, value=st.one_of(st.just("text"), st.integers(0, 10)))
@example(name="startt", value="text")
@example(name="colour", value=3)
def test_batch_and_one_record_paths_agree_on_an_extra_field(
    tmp_path_factory: pytest.TempPathFactory, name: str, value: object
) -> None:
    """Both paths reject the same extra field names with the same reason, and accept the rest."""
    folder = tmp_path_factory.mktemp("feed")
    result = read_bytes(folder, jsonl([good(**{name: value})]), schema=PACT)
    batch = result.rejects[0].reason if result.rejects else None
    assert batch == record_reason(good(**{name: value}))


@pytest.mark.parametrize("field", ["note", "wx", "unit"])
def test_a_short_name_of_its_own_is_not_taken_for_a_typo(tmp_path: Path, field: str) -> None:
    """`note` is two edits from `zone` but half its letters: a field of its own, kept."""
    result = read_bytes(tmp_path, jsonl([good(**{field: "x"})]), schema=PACT)
    assert result.rejects == ()
    assert result.unknown_fields == ((field, 1),)


def test_long_is_a_typo_of_lon(tmp_path: Path) -> None:
    """The issue's own example: `long` is rejected as a misspelt `lon`."""
    reject = only_reject(read_bytes(tmp_path, jsonl([good(long=30.5)]), schema=PACT))
    assert 'did you mean "lon"?' in reject.reason
