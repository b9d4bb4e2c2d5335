"""The rules of contract section 3 for one record at a time, for the streaming engine.

The same rules, in the same order and words, as the pandas path in `validate.py` (see its
docstring for the order); the hypothesis tests hold the two to agreement. One record alone says
whether a field it does not know is a quantity by its value: a JSON number is one, text is not.

Most records of a feed are plainly good, and the stream engine checks them one by one, so a
record is first tried by a fast path (`_fast_fields`): one pass over its fields that accepts
only what is unmistakably valid (text where text belongs, finite numbers in range, times in the
common spellings) and gives up at anything else, leaving the full rules (`_fields`) to decide
and to word the reject. Whatever the fast path accepts, the full rules accept with the same
fields; `tests/feeds/test_record_fast.py` holds it to that.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, MutableMapping
from datetime import datetime
from typing import Any

from verify.feeds import rejects as reasons
from verify.feeds.rejects import Reject
from verify.feeds.schema import (
    FIELD_NAME_RE,
    LOCAL_TIME_RE,
    PARTY_FIELDS,
    PARTY_RE,
    POSITION_RANGES,
    FeedSchema,
    field_order,
)
from verify.feeds.values import (
    ValueKind,
    flags_of,
    kind_of,
    normalised_flags,
    number_of,
    plain,
    text_of,
    time_of,
)
from verify.model.observation import (
    CORE_FIELDS,
    CREDIBILITY_GRADES,
    DEFAULT_RELEASABILITY,
    POSITION_FIELDS,
    RELEASABILITY_LEVELS,
    RELIABILITY_GRADES,
    REQUIRED_FIELDS,
    TEXT_FIELDS,
    TIME_FIELDS,
    Observation,
)

#: Where each accepted id was first seen: display path and line.
SeenIds = MutableMapping[str, tuple[str, int]]
#: An accepted record's fields in the order `Observation` declares them (`FIELDS`), except
#: that `attributes` is None when there are none.
Fields = tuple[Any, ...]
FIELDS: tuple[str, ...] = tuple(Observation.model_fields)


class _Rejected(Exception):
    """Raised inside `validate_record` at the record's first problem."""

    def __init__(self, field: str | None, reason: str) -> None:
        super().__init__(reason)
        self.field = field
        self.reason = reason


def validate_record(
    raw: Mapping[str, Any],
    schema: FeedSchema,
    file: str,
    line: int,
    *,
    seen_ids: SeenIds | None = None,
) -> Observation | Reject:
    """Validate one raw record (as `json.loads` gives it): an `Observation`, or its `Reject`.

    With `seen_ids`, a record whose id was seen before is rejected as a duplicate, and an
    accepted record's id is added to it; without, duplicates are the caller's business.
    """
    fields = validate_fields(raw, schema, file, line)
    if isinstance(fields, Reject):
        return fields
    values = dict(zip(FIELDS, fields, strict=True))
    observation = Observation(**{**values, "attributes": values["attributes"] or {}})
    if seen_ids is not None:
        first = seen_ids.get(observation.id)
        if first is not None:
            reason = reasons.duplicate_id(observation.id, *first)
            return Reject(file, line, "id", reason, plain(dict(raw)))
        seen_ids[observation.id] = (file, line)
    return observation


def validate_fields(
    raw: Mapping[str, Any], schema: FeedSchema, file: str, line: int
) -> Fields | Reject:
    """Every rule but the duplicate-id one, without building an `Observation`: the record's
    `Fields`, or its `Reject` (for callers that keep records their own way, as the stream
    engine does)."""
    fields = _fast_fields(raw, schema)
    if fields is not None:
        return fields
    try:
        return _fields(raw, schema)
    except _Rejected as problem:
        return Reject(file, line, problem.field, problem.reason, plain(dict(raw)))


def _fields(raw: Mapping[str, Any], schema: FeedSchema) -> Fields:
    """The full rules, in order: the fields, or `_Rejected` at the first problem."""
    kinds = {name: kind_of(value) for name, value in raw.items()}
    present = {name for name, kind in kinds.items() if kind is not ValueKind.MISSING}
    _check_shape(raw, kinds, present, schema)
    for name in REQUIRED_FIELDS:
        if name not in present:
            raise _Rejected(name, reasons.missing_field(name))
    texts = {name: text_of(raw[name]) for name in TEXT_FIELDS if name in present}
    if texts["kind"] not in schema.kinds:
        raise _Rejected("kind", reasons.unknown_kind(texts["kind"], schema.kinds))
    for name in PARTY_FIELDS:
        code = texts.get(name)
        if code is not None and not (PARTY_RE.fullmatch(code) or code in schema.parties):
            raise _Rejected(name, reasons.bad_party(code))
    times = {name: _time(name, raw[name], kinds[name]) for name in TIME_FIELDS if name in present}
    quantities = sorted(
        name
        for name in present - CORE_FIELDS
        if name in schema.quantities or kinds[name] is ValueKind.NUMBER
    )
    numbers: dict[str, float] = {}
    for name in (*POSITION_FIELDS, *quantities):
        if name in present:
            number = number_of(raw[name])
            if number is None:
                raise _Rejected(name, reasons.unparsable_number(plain(raw[name])))
            numbers[name] = number
    for name in quantities:
        if numbers[name] < 0:
            raise _Rejected(name, reasons.negative_quantity(numbers[name]))
    for name, (low, high) in POSITION_RANGES.items():
        if name in numbers and not low <= numbers[name] <= high:
            raise _Rejected(name, reasons.out_of_range(name, numbers[name], low, high))
    _check_grades(texts)
    start, end = times.get("start"), times.get("end")
    if start is not None and end is not None and end < start:
        raise _Rejected("end", reasons.end_before_start(end, start))
    zone = texts.get("zone")
    if schema.zones and zone is not None and zone not in schema.zones:
        raise _Rejected("zone", reasons.unknown_zone(zone, schema.zones))
    attributes = {name: text_of(raw[name]) for name in present - CORE_FIELDS - set(quantities)}
    flags = tuple(filter(None, (flags_of(raw.get("flags")) or "").split(",")))
    quantity = {name: numbers[name] for name in quantities}
    return _assemble(texts, times, numbers, flags, quantity, attributes or None)


def _assemble(
    texts: dict[str, str],
    times: dict[str, datetime],
    numbers: dict[str, float],
    flags: tuple[str, ...],
    quantities: dict[str, float],
    attributes: dict[str, str] | None,
) -> Fields:
    """An accepted record's fields in `FIELDS` order, from what the rules made of its values
    (`numbers` holds lat and lon, if given)."""
    return (
        texts["id"],
        texts["kind"],
        texts["party"],
        times["time"],
        texts.get("counterparty"),
        texts.get("activity"),
        texts.get("refers_to"),
        times.get("start"),
        times.get("end"),
        numbers.get("lat"),
        numbers.get("lon"),
        texts.get("zone"),
        flags,
        texts.get("source"),
        texts.get("reliability"),
        texts.get("credibility"),
        texts.get("releasability", DEFAULT_RELEASABILITY),
        quantities,
        attributes,
    )


def _check_shape(
    raw: Mapping[str, Any], kinds: dict[str, ValueKind], present: set[str], schema: FeedSchema
) -> None:
    """Field names, single values, flags that are labels: the first of the rules."""
    for name in field_order(raw):
        if not FIELD_NAME_RE.fullmatch(name):
            if name in present:
                raise _Rejected(name, reasons.not_snake_case(name))
        elif name in present and (close := schema.near_miss(name)) is not None:
            raise _Rejected(name, reasons.misspelt_field(name, close))
        elif name == "flags":
            if flags_of(raw[name]) is None:
                raise _Rejected(name, reasons.bad_flags(plain(raw[name])))
        elif kinds[name] is ValueKind.LIST:
            raise _Rejected(name, reasons.not_single_value("list"))
        elif kinds[name] is ValueKind.OBJECT:
            raise _Rejected(name, reasons.not_single_value("object"))


def _time(name: str, value: Any, kind: ValueKind) -> datetime:
    if kind is ValueKind.TEXT:
        text = str(value)
        if LOCAL_TIME_RE.fullmatch(text):
            raise _Rejected(name, reasons.time_without_offset(text))
        moment = time_of(text)
        if moment is not None:
            return moment
    raise _Rejected(name, reasons.unparsable_time(plain(value)))


def _check_grades(texts: dict[str, str]) -> None:
    """Reliability, credibility and releasability, each from its own list."""
    checks = (
        ("reliability", RELIABILITY_GRADES, reasons.bad_reliability),
        ("credibility", CREDIBILITY_GRADES, reasons.bad_credibility),
        ("releasability", RELEASABILITY_LEVELS, reasons.bad_releasability),
    )
    for name, allowed, why in checks:
        value = texts.get(name)
        if value is not None and value not in allowed:
            raise _Rejected(name, why(value))


#: How many field names, party codes and flag values the fast path remembers as good.
MEMO_LIMIT = 4096
#: The commonest spelling of a time, which `datetime.fromisoformat` reads as `time_of` does.
UTC_SECOND_RE = re.compile(
    r"[0-9]{4}-(0[1-9]|1[0-2])-[0-3][0-9]T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]Z"
)
_TEXT_FIELDS = frozenset(TEXT_FIELDS)
_TIME_FIELDS = frozenset(TIME_FIELDS)
_POSITION_FIELDS = frozenset(POSITION_FIELDS)
_GRADES = (
    ("reliability", frozenset(RELIABILITY_GRADES)),
    ("credibility", frozenset(CREDIBILITY_GRADES)),
    ("releasability", frozenset(RELEASABILITY_LEVELS)),
)
_snake_names: set[str] = set(CORE_FIELDS)
_party_codes: set[str] = set()
_flag_values: dict[str | tuple[str, ...], tuple[str, ...]] = {}
#: `_extra_names`: the schema last asked about, and the good names found for it.
_extra_for: FeedSchema | None = None
_extra: set[str] = set()


def _fast_fields(raw: Mapping[str, Any], schema: FeedSchema) -> Fields | None:
    """The `Fields` of a record that is plainly good, or None to leave it to the full rules.

    Accepts only text in text fields, finite numbers in number fields (non-negative
    quantities, positions in range), text labels as flags and times `_fast_time` reads; a
    missing value (null, "", NaN) counts as absent, as in the full rules.
    """
    texts: dict[str, str] = {}
    times: dict[str, datetime] = {}
    quantities: dict[str, float] = {}
    position: dict[str, float] = {}
    attributes: dict[str, str] | None = None
    flags: tuple[str, ...] = ()
    extra = _extra_names(schema)
    for name, value in raw.items():
        kind = type(value)
        if name == "flags" and (kind is list or (kind is str and value)):
            labels = _fast_flags(value)
            if labels is None:
                return None
            flags = labels
        elif kind is str:
            if not value:
                continue
            if name in _TEXT_FIELDS:
                texts[name] = value
            elif name in _TIME_FIELDS:
                moment = _fast_time(value)
                if moment is None:
                    return None
                times[name] = moment
            elif (
                name in CORE_FIELDS
                or name in schema.quantities
                or (name not in extra and not _extra_name(name, schema, extra))
            ):
                return None
            else:
                attributes = {} if attributes is None else attributes
                attributes[name] = value
        elif kind is int or kind is float:
            if value != value:  # NaN
                continue
            try:
                number = float(value)
            except OverflowError:
                return None
            if not math.isfinite(number):
                return None
            if name in _POSITION_FIELDS:
                low, high = POSITION_RANGES[name]
                if not low <= number <= high:
                    return None
                position[name] = number
            elif (
                name in CORE_FIELDS
                or number < 0
                or (name not in extra and not _extra_name(name, schema, extra))
            ):
                return None
            else:
                quantities[name] = number
        elif value is not None:
            return None
    return _fast_checked(texts, times, quantities, position, flags, attributes, schema)


def _fast_checked(
    texts: dict[str, str],
    times: dict[str, datetime],
    quantities: dict[str, float],
    position: dict[str, float],
    flags: tuple[str, ...],
    attributes: dict[str, str] | None,
    schema: FeedSchema,
) -> Fields | None:
    """The fast path's checks across fields, and the fields in order; None at any doubt."""
    if "id" not in texts or "party" not in texts or "time" not in times:
        return None
    kind = texts.get("kind")
    if kind is None or kind not in schema.kinds:
        return None
    for name in PARTY_FIELDS:
        code = texts.get(name)
        if code is not None and not (
            code in schema.parties or _fullmatch(PARTY_RE, code, _party_codes)
        ):
            return None
    for name, allowed in _GRADES:
        grade = texts.get(name)
        if grade is not None and grade not in allowed:
            return None
    start, end = times.get("start"), times.get("end")
    if start is not None and end is not None and end < start:
        return None
    zone = texts.get("zone")
    if schema.zones and zone is not None and zone not in schema.zones:
        return None
    ordered = dict(sorted(quantities.items())) if len(quantities) > 1 else quantities
    return _assemble(texts, times, position, flags, ordered, attributes)


def _fast_time(text: str) -> datetime | None:
    """A time as `_time` reads it, or None where it would reject it."""
    if UTC_SECOND_RE.fullmatch(text):
        try:
            return datetime.fromisoformat(text)
        except ValueError:  # a day the month lacks
            return None
    if LOCAL_TIME_RE.fullmatch(text):
        return None
    return time_of(text)


def _fast_flags(value: str | list[Any]) -> tuple[str, ...] | None:
    """Flags as the full rules keep them, or None where they are no text labels."""
    if isinstance(value, str):
        key: str | tuple[str, ...] = value
        labels = [value]
    elif all(isinstance(label, str) for label in value):
        key = tuple(value)
        labels = value
    else:
        return None
    flags = _flag_values.get(key)
    if flags is None:
        flags = tuple(filter(None, normalised_flags(labels).split(",")))
        if len(_flag_values) < MEMO_LIMIT:
            _flag_values[key] = flags
    return flags


def _extra_names(schema: FeedSchema) -> set[str]:
    """The names beyond the contract's fields found good for `schema` so far (snake case, no
    typo of a known field): remembered for the last schema asked about (a process has one)."""
    global _extra_for
    if _extra_for is not schema:
        _extra_for = schema
        _extra.clear()
    return _extra


def _extra_name(name: str, schema: FeedSchema, extra: set[str]) -> bool:
    """Whether a name beyond the contract's fields is good for `schema` (remembered in
    `extra`, up to a limit)."""
    if not _fullmatch(FIELD_NAME_RE, name, _snake_names) or schema.near_miss(name) is not None:
        return False
    if len(extra) < MEMO_LIMIT:
        extra.add(name)
    return True


def _fullmatch(pattern: re.Pattern[str], text: str, memo: set[str]) -> bool:
    """Whether the pattern matches the whole text (remembering texts that do, up to a limit)."""
    if text in memo:
        return True
    if not pattern.fullmatch(text):
        return False
    if len(memo) < MEMO_LIMIT:
        memo.add(text)
    return True
