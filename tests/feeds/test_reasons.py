"""Each rule of contract section 3 rejects a breaking record with its line, field and reason."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from unittest import mock

import pytest

from verify.engines.stream.parallel import check_line
from verify.feeds import FeedSchema, Reject, read_feeds

from .records import SCHEMA, good, jsonl, only_reject, read_bytes


def reject_at_line_3(
    folder: Path, record: dict[str, Any] | str, schema: FeedSchema = SCHEMA
) -> Reject:
    """Read a good record, a blank line and the given one; return the given one's reject.

    `verify check` reads the file with pyarrow and, failing that, line by line; `verify watch`
    checks the line alone: all three must reject it alike.
    """
    data = jsonl([good(id="ok"), "", record, good(id="after")])
    result = read_bytes(folder, data, schema=schema)
    reject = only_reject(result)
    assert reject.line == 3
    assert reject.file == str(folder / "feed.jsonl")
    assert list(result.frame["id"]) == ["ok", "after"]
    with mock.patch("verify.feeds.readers._arrow_values", return_value=None):
        assert read_feeds([folder / "feed.jsonl"], schema).rejects == (reject,)
    line = data.split(b"\n")[2]
    assert check_line(line, reject.file, 3, schema) == reject
    return reject


@pytest.mark.parametrize("field", ["id", "kind", "party", "time"])
def test_missing_required_field(tmp_path: Path, field: str) -> None:
    """A record without a required field is rejected naming that field."""
    record = good()
    del record[field]
    reject = reject_at_line_3(tmp_path, record)
    assert (reject.field, reject.reason) == (field, f'missing required field "{field}"')


@pytest.mark.parametrize("empty", ["", None])
def test_empty_or_null_required_field_counts_as_missing(tmp_path: Path, empty: Any) -> None:
    """An empty string or null in a required field is a missing field."""
    reject = reject_at_line_3(tmp_path, good(party=empty))
    assert (reject.field, reject.reason) == ("party", 'missing required field "party"')


def test_unknown_kind_suggests_a_close_one(tmp_path: Path) -> None:
    """An unknown kind is rejected, with the closest known kind suggested."""
    reject = reject_at_line_3(tmp_path, good(kind="exrecise"))
    assert reject.field == "kind"
    assert reject.reason == 'unknown kind "exrecise" (did you mean "exercise"?)'


def test_pack_declared_kind_is_accepted(tmp_path: Path) -> None:
    """A kind the pack declares is accepted."""
    schema = FeedSchema(kinds=SCHEMA.kinds | {"launch_notice"}, quantities=SCHEMA.quantities)
    result = read_bytes(tmp_path, jsonl([good(kind="launch_notice")]), schema=schema)
    assert list(result.frame["kind"]) == ["launch_notice"]


@pytest.mark.parametrize("code", ["ru", "RUSS", "R1S"])
def test_bad_party_code(tmp_path: Path, code: str) -> None:
    """A party code not shaped like ISO 3166-1 alpha-3 is rejected."""
    reject = reject_at_line_3(tmp_path, good(party=code))
    assert reject.field == "party"
    assert reject.reason.startswith(f'bad party code "{code}"')


def test_bad_counterparty_code(tmp_path: Path) -> None:
    """The counterparty must be a party code too."""
    reject = reject_at_line_3(tmp_path, good(counterparty="Russia"))
    assert reject.field == "counterparty"
    assert reject.reason.startswith('bad party code "Russia"')


def test_pack_declared_party_code_is_accepted(tmp_path: Path) -> None:
    """A party code the pack declares is accepted even when not alpha-3 shaped."""
    schema = FeedSchema(kinds=SCHEMA.kinds, quantities=SCHEMA.quantities, parties=frozenset({"EU"}))
    result = read_bytes(tmp_path, jsonl([good(party="EU")]), schema=schema)
    assert list(result.frame["party"]) == ["EU"]


@pytest.mark.parametrize("field", ["time", "start", "end"])
def test_time_without_offset_is_rejected_not_taken_as_local(tmp_path: Path, field: str) -> None:
    """A time of day without a UTC offset is rejected, saying the offset is missing."""
    reject = reject_at_line_3(tmp_path, good(**{field: "2026-09-11T08:00:00"}))
    assert reject.field == field
    assert reject.reason.startswith('time "2026-09-11T08:00:00" has no UTC offset')


@pytest.mark.parametrize("value", ["yesterday", "2026-13-01", "2026-02-30T10:00Z", "11/09/2026"])
def test_unparsable_time(tmp_path: Path, value: str) -> None:
    """A time that is not ISO 8601 is rejected as unparsable."""
    reject = reject_at_line_3(tmp_path, good(time=value))
    assert reject.field == "time"
    assert reject.reason.startswith(f'unparsable time "{value}"')


def test_time_given_as_a_number_is_unparsable(tmp_path: Path) -> None:
    """A number is never taken as a time (no guessing of epochs)."""
    reject = reject_at_line_3(tmp_path, good(time=1789000000))
    assert reject.reason.startswith("unparsable time 1789000000 ")


@pytest.mark.parametrize(
    ("field", "value", "shown"),
    [("lat", "north", '"north"'), ("lon", True, "true"), ("troops", "many", '"many"')],
)
def test_unparsable_number(tmp_path: Path, field: str, value: Any, shown: str) -> None:
    """A position or known quantity that is not a number is rejected."""
    reject = reject_at_line_3(tmp_path, good(**{field: value}))
    assert (reject.field, reject.reason) == (field, f"unparsable number {shown}")


def test_negative_quantity(tmp_path: Path) -> None:
    """A quantity below zero is rejected."""
    reject = reject_at_line_3(tmp_path, good(battle_tanks=-5))
    assert (reject.field, reject.reason) == ("battle_tanks", "negative quantity -5")


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [("lat", 90.5, "lat 90.5 outside [-90, 90]"), ("lon", -181, "lon -181 outside [-180, 180]")],
)
def test_position_out_of_range(tmp_path: Path, field: str, value: float, reason: str) -> None:
    """A latitude or longitude outside its range is rejected."""
    reject = reject_at_line_3(tmp_path, good(**{"lat": 0, "lon": 0, field: value}))
    assert (reject.field, reject.reason) == (field, reason)


def test_reliability_outside_a_to_f(tmp_path: Path) -> None:
    """Source reliability must be an Admiralty grade A to F (upper case)."""
    reject = reject_at_line_3(tmp_path, good(reliability="b"))
    assert (reject.field, reject.reason) == (
        "reliability",
        'reliability "b" is not an Admiralty grade A-F',
    )


@pytest.mark.parametrize(("value", "shown"), [(7, "7"), ("0", "0"), (2.5, "2.5")])
def test_credibility_outside_1_to_6(tmp_path: Path, value: Any, shown: str) -> None:
    """Information credibility must be an Admiralty grade 1 to 6."""
    reject = reject_at_line_3(tmp_path, good(credibility=value))
    assert (reject.field, reject.reason) == (
        "credibility",
        f'credibility "{shown}" is not an Admiralty grade 1-6',
    )


def test_credibility_as_a_json_integer_is_accepted(tmp_path: Path) -> None:
    """A JSON integer credibility 1-6 is accepted and held as text."""
    result = read_bytes(tmp_path, jsonl([good(credibility=3)]))
    assert list(result.frame["credibility"]) == ["3"]


def test_releasability_outside_its_levels(tmp_path: Path) -> None:
    """Releasability must be public, parties or national."""
    reject = reject_at_line_3(tmp_path, good(releasability="secret"))
    assert reject.field == "releasability"
    assert reject.reason == 'releasability "secret" is not one of public, parties, national'


def test_end_before_start(tmp_path: Path) -> None:
    """An interval that ends before it starts is rejected on its end."""
    reject = reject_at_line_3(tmp_path, good(start="2026-09-12", end="2026-09-11T23:00:00+00:00"))
    assert reject.field == "end"
    assert reject.reason == "end 2026-09-11T23:00:00Z is before start 2026-09-12T00:00:00Z"


def test_unknown_zone_when_the_pack_declares_zones(tmp_path: Path) -> None:
    """A zone the pack does not declare is rejected, with a close one suggested."""
    schema = FeedSchema(SCHEMA.kinds, SCHEMA.quantities, zones=frozenset({"baltic", "arctic"}))
    reject = reject_at_line_3(tmp_path, good(zone="baltik"), schema=schema)
    assert (reject.field, reject.reason) == (
        "zone",
        'unknown zone "baltik" (did you mean "baltic"?)',
    )


def test_zone_is_not_checked_without_declared_zones(tmp_path: Path) -> None:
    """Without declared zones any zone id is kept as given."""
    result = read_bytes(tmp_path, jsonl([good(zone="anywhere")]))
    assert list(result.frame["zone"]) == ["anywhere"]


def test_duplicate_id_names_the_first_occurrence(tmp_path: Path) -> None:
    """A later record with an accepted record's id is rejected, citing where the first is."""
    (tmp_path / "a.jsonl").write_bytes(jsonl([good(id="n1"), good(id="n2")]))
    (tmp_path / "b.jsonl").write_bytes(jsonl([good(id="n3"), good(id="n1", party="USA")]))
    result = read_feeds([tmp_path / "a.jsonl", tmp_path / "b.jsonl"], SCHEMA)
    reject = only_reject(result)
    assert (reject.file, reject.line, reject.field) == (str(tmp_path / "b.jsonl"), 2, "id")
    assert reject.reason == f'duplicate id "n1" (first at {tmp_path / "a.jsonl"}:1)'
    assert list(result.frame["party"]) == ["RUS", "RUS", "RUS"]


def test_duplicate_of_a_rejected_record_is_kept(tmp_path: Path) -> None:
    """The first *accepted* record with an id is kept, even after a rejected one."""
    result = read_bytes(tmp_path, jsonl([good(id="n1", kind="?"), good(id="n1")]))
    assert only_reject(result).line == 1
    assert list(result.frame["_line"]) == [2]


@pytest.mark.parametrize(
    ("line", "detail"),
    [("not json", "Expecting value at column 1"), ("[1, 2]", "found a JSON array")],
)
def test_line_that_is_not_a_json_object(tmp_path: Path, line: str, detail: str) -> None:
    """A line that is not a JSON object is a reject without a field, holding the line's text."""
    reject = reject_at_line_3(tmp_path, line)
    assert (reject.field, reject.reason, reject.record) == (
        None,
        f"not a JSON object: {detail}",
        line,
    )


def test_field_name_that_is_not_snake_case(tmp_path: Path) -> None:
    """A field name that is not snake_case is rejected naming the field."""
    reject = reject_at_line_3(tmp_path, good(Troops=5))
    assert (reject.field, reject.reason) == ("Troops", 'field name "Troops" is not snake_case')


@pytest.mark.parametrize(("value", "what"), [(["a1"], "a list"), ({"id": "a1"}, "an object")])
def test_nested_value_where_one_value_belongs(tmp_path: Path, value: Any, what: str) -> None:
    """A list or object in a single-valued field is rejected."""
    reject = reject_at_line_3(tmp_path, good(activity=value))
    assert (reject.field, reject.reason) == ("activity", f"expected a single value, got {what}")


def test_flags_that_are_not_labels(tmp_path: Path) -> None:
    """Flags must be text labels."""
    reject = reject_at_line_3(tmp_path, good(flags=[1, 2]))
    assert reject.field == "flags"
    assert reject.reason.startswith("flags must be text labels")


def test_record_with_several_problems_is_rejected_once_for_the_first(tmp_path: Path) -> None:
    """Problems are looked for in a fixed order; only the first is reported."""
    reject = reject_at_line_3(tmp_path, good(kind="bogus", party="x", lat=100, reliability="Z"))
    assert reject.field == "kind"


def test_missing_field_comes_before_unknown_kind(tmp_path: Path) -> None:
    """A missing required field is reported before an unknown kind."""
    record = good(kind="bogus")
    del record["time"]
    assert reject_at_line_3(tmp_path, record).field == "time"


def test_reject_record_is_the_record_as_read(tmp_path: Path) -> None:
    """A reject carries the raw record, untouched."""
    record = good(kind="bogus", troops=5, flags=["Alert"])
    assert reject_at_line_3(tmp_path, record).record == record


def _nested(depth: int, opening: str = "[") -> str:
    """A record whose field "x" holds arrays (or objects) nested so that the line is `depth`
    levels deep."""
    inner = opening * (depth - 1) + ("1" if opening != "[" else "")
    inner += ("]" if opening == "[" else "}") * (depth - 1)
    return (
        '{"id": "d", "kind": "exercise", "party": "RUS", "time": "2026-09-11", "x": ' + inner + "}"
    )


@pytest.mark.parametrize("opening", ["[", '{"a": '])
@pytest.mark.parametrize("depth", [33, 1_000])
def test_line_nested_deeper_than_32_levels(tmp_path: Path, depth: int, opening: str) -> None:
    """A line nested deeper than the contract's 32 levels is rejected, naming its field."""
    reject = reject_at_line_3(tmp_path, _nested(depth, opening))
    assert (reject.field, reject.reason) == (
        "x",
        "nested deeper than 32 levels of arrays and objects (the record's own is the first)",
    )
    assert reject.record == _nested(depth, opening)


def test_line_nested_32_levels_is_parsed(tmp_path: Path) -> None:
    """At 32 levels the line is read as a record (and its list then rejected as a list)."""
    reject = reject_at_line_3(tmp_path, _nested(32))
    assert (reject.field, reject.reason) == ("x", "expected a single value, got a list")


def test_brackets_inside_strings_do_not_nest(tmp_path: Path) -> None:
    """Brackets in text, escaped quotes among them, are no nesting."""
    text = '[{\\"' * 40
    result = read_bytes(tmp_path, jsonl([good(source=text)]))
    assert not result.rejects
    assert list(result.frame["source"]) == [text]


def test_nesting_without_a_key_is_rejected_without_a_field(tmp_path: Path) -> None:
    """Deep nesting that no key holds (a top-level array) is rejected with no field."""
    line = "[" * 40 + "]" * 40
    reject = reject_at_line_3(tmp_path, line)
    assert reject.field is None
    assert reject.reason.startswith("nested deeper than 32 levels")


NOT_A_NUMBER = (
    "is not a JSON number (numbers are finite; for no value, leave the field out or write null)"
)


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity"])
@pytest.mark.parametrize("field", ["troops", "lat", "lon", "note", "id"])
def test_nan_and_infinity_are_rejected_not_taken_as_absent(
    tmp_path: Path, literal: str, field: str
) -> None:
    """`NaN` and the infinities are no JSON: rejected in a quantity, a position or text."""
    line = json.dumps(good(id="nan")).replace('"nan"', '"n"')[:-1] + f', "{field}": {literal}}}'
    if field == "id":
        line = line.replace('"id": "n", ', "")
    reject = reject_at_line_3(tmp_path, line)
    assert (reject.field, reject.reason) == (field, f"{literal} {NOT_A_NUMBER}")
    assert reject.record == line


def test_nan_inside_a_list_is_rejected_for_the_field_holding_it(tmp_path: Path) -> None:
    """The first refused value names the record's field it lies in, however nested."""
    line = json.dumps(good())[:-1] + ', "flags": ["alert", {"a": [NaN]}], "lat": Infinity}'
    reject = reject_at_line_3(tmp_path, line)
    assert (reject.field, reject.reason) == ("flags", f"NaN {NOT_A_NUMBER}")


def test_nan_as_text_is_text(tmp_path: Path) -> None:
    """The word NaN in a string is text like any other."""
    result = read_bytes(tmp_path, jsonl([good(source="NaN", note="Infinity")]))
    assert not result.rejects
    assert list(result.frame["source"]) == ["NaN"]


def test_a_line_with_nan_before_a_syntax_error_is_not_json(tmp_path: Path) -> None:
    """Broken JSON is reported as broken, whatever it holds before the break."""
    reject = reject_at_line_3(tmp_path, '{"troops": NaN, ')
    assert reject.field is None
    assert reject.reason.startswith("not a JSON object: Expecting property name")


def test_duplicate_key_is_rejected_not_the_last_kept(tmp_path: Path) -> None:
    """`"party": "BOS", "party": "ARV"` is a reject, not a record of ARV."""
    line = (
        '{"id": "x1", "kind": "exercise", "party": "BOS", "party": "ARV",'
        ' "time": "2026-09-11T08:00:00Z"}'
    )
    reject = reject_at_line_3(tmp_path, line)
    assert (reject.field, reject.reason) == (
        "party",
        'duplicate key "party" (given twice in one object; neither value is taken)',
    )
    assert reject.record == line


def test_duplicate_key_with_the_same_value_is_rejected_too(tmp_path: Path) -> None:
    """A key given twice is a reject even when both values agree."""
    line = json.dumps(good())[:-1] + ', "troops": 5, "troops": 5}'
    assert reject_at_line_3(tmp_path, line).field == "troops"


def test_duplicate_key_inside_a_value_names_the_field_holding_it(tmp_path: Path) -> None:
    """A nested object with a key twice is rejected for the record's field that holds it."""
    line = json.dumps(good())[:-1] + ', "x": [{"a": 1, "a": 2}]}'
    reject = reject_at_line_3(tmp_path, line)
    assert (reject.field, reject.reason) == (
        "x",
        'duplicate key "a" (given twice in one object; neither value is taken)',
    )


def test_the_first_refused_value_is_reported(tmp_path: Path) -> None:
    """With a duplicate key and a NaN, the one met first in the line is the reason."""
    line = json.dumps(good())[:-1] + ', "troops": NaN, "kind": "exercise"}'
    assert reject_at_line_3(tmp_path, line).field == "troops"
    line = json.dumps(good())[:-1] + ', "kind": "exercise", "troops": NaN}'
    assert reject_at_line_3(tmp_path, line).field == "kind"


BEYOND_EXACT = (
    "is too large to hold exactly (at most 9007199254740991, 2^53 - 1, either side of zero)"
)


@pytest.mark.parametrize("field", ["troops", "lat", "id", "note"])
@pytest.mark.parametrize(
    "literal", ["123456789012345678901234567890", "9007199254740992", "-9007199254740993"]
)
def test_integer_too_large_to_hold_exactly_is_rejected(
    tmp_path: Path, field: str, literal: str
) -> None:
    """A 30-digit integer (or one just past 2^53 - 1) is rejected, not rounded to a float."""
    record = good()
    record.pop(field, None)
    line = json.dumps(record)[:-1] + f', "{field}": {literal}}}'
    reject = reject_at_line_3(tmp_path, line)
    assert (reject.field, reject.reason) == (field, f"integer {literal} {BEYOND_EXACT}")


def test_largest_exact_integer_is_kept_exactly(tmp_path: Path) -> None:
    """2^53 - 1 is a quantity as it is, and an id with all its digits."""
    line = json.dumps(good())[:-1] + ', "troops": 9007199254740991}'
    line = line.replace('"x1"', "-9007199254740991")
    result = read_bytes(tmp_path, (line + "\n").encode())
    assert not result.rejects
    assert list(result.frame["id"]) == ["-9007199254740991"]
    assert list(result.frame["troops"]) == [9007199254740991.0]


def test_integer_of_thousands_of_digits_is_rejected_without_a_crash(tmp_path: Path) -> None:
    """Python refuses to read an integer of over 4,300 digits; the line is a reject."""
    line = json.dumps(good())[:-1] + ', "troops": [' + "7" * 5000 + "]}"
    reject = reject_at_line_3(tmp_path, line)
    assert (reject.field, reject.reason) == (
        "troops",
        f"integer {'7' * 20}... (5000 characters) {BEYOND_EXACT}",
    )


@pytest.mark.parametrize("literal", ["1e999", "-1.5E+400", "9" * 400 + ".0"])
def test_number_beyond_the_range_of_a_float_is_rejected(tmp_path: Path, literal: str) -> None:
    """A number that a float would read as infinite is rejected as too large."""
    line = json.dumps(good())[:-1] + f', "source": {literal}}}'
    reject = reject_at_line_3(tmp_path, line)
    shown = literal if len(literal) <= 40 else f"{literal[:20]}... ({len(literal)} characters)"
    assert (reject.field, reject.reason) == (
        "source",
        f"number {shown} is too large to hold (beyond ±1.8e308)",
    )


def test_large_float_literals_are_floats(tmp_path: Path) -> None:
    """A number written with a fraction or exponent is a float, however large, and kept."""
    result = read_bytes(tmp_path, jsonl([good(troops=1e30, range_km=123456789012345678.0)]))
    assert not result.rejects
    assert list(result.frame["troops"]) == [1e30]


SURROGATE = "a lone surrogate (half of a UTF-16 pair, no Unicode character)"


@pytest.mark.parametrize("escape", ["\\ud800", "\\uDFFF"])
@pytest.mark.parametrize("field", ["id", "note", "flags"])
def test_escaped_lone_surrogate_is_rejected(tmp_path: Path, escape: str, field: str) -> None:
    """Text escaping half a surrogate pair is no Unicode: rejected, not a crash on output."""
    record = good()
    record.pop(field, None)
    value = f'["a{escape}"]' if field == "flags" else f'"a{escape}"'
    line = json.dumps(record)[:-1] + f', "{field}": {value}}}'
    reject = reject_at_line_3(tmp_path, line)
    assert (reject.field, reject.reason) == (field, f"text holds {escape.lower()}, {SURROGATE}")


def test_escaped_lone_surrogate_in_a_key_is_rejected_without_a_field(tmp_path: Path) -> None:
    """A key that is no Unicode text cannot be named as the field."""
    reject = reject_at_line_3(tmp_path, json.dumps(good())[:-1] + ', "a\\ud800": 1}')
    assert (reject.field, reject.reason) == (None, f"text holds \\ud800, {SURROGATE}")


def test_escaped_surrogate_pair_is_its_character(tmp_path: Path) -> None:
    """A pair of escapes that together make one character is that character."""
    line = json.dumps(good(source="\U0001f600"))
    assert "\\ud83d\\ude00" in line
    result = read_bytes(tmp_path, (line + "\n").encode())
    assert not result.rejects
    assert list(result.frame["source"]) == ["\U0001f600"]
