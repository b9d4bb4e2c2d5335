"""The rules of contract section 3 for one record at a time, for the streaming engine.

The same rules, in the same order and words, as the pandas path in `validate.py` (see its
docstring for the order); the hypothesis tests hold the two to agreement. One record alone says
whether a field it does not know is a quantity by its value: a JSON number is one, text is not.
"""

from __future__ import annotations

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
    try:
        observation = _observation(raw, schema)
    except _Rejected as problem:
        return Reject(file, line, problem.field, problem.reason, plain(dict(raw)))
    if seen_ids is not None:
        first = seen_ids.get(observation.id)
        if first is not None:
            reason = reasons.duplicate_id(observation.id, *first)
            return Reject(file, line, "id", reason, plain(dict(raw)))
        seen_ids[observation.id] = (file, line)
    return observation


def _observation(raw: Mapping[str, Any], schema: FeedSchema) -> Observation:
    kinds = {name: kind_of(value) for name, value in raw.items()}
    present = {name for name, kind in kinds.items() if kind is not ValueKind.MISSING}
    _check_shape(raw, kinds, present)
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
    return Observation(
        id=texts["id"],
        kind=texts["kind"],
        party=texts["party"],
        time=times["time"],
        counterparty=texts.get("counterparty"),
        activity=texts.get("activity"),
        refers_to=texts.get("refers_to"),
        start=start,
        end=end,
        lat=numbers.get("lat"),
        lon=numbers.get("lon"),
        zone=zone,
        flags=tuple(filter(None, (flags_of(raw.get("flags")) or "").split(","))),
        source=texts.get("source"),
        reliability=texts.get("reliability"),
        credibility=texts.get("credibility"),
        releasability=texts.get("releasability", DEFAULT_RELEASABILITY),
        quantities={name: numbers[name] for name in quantities},
        attributes=attributes,
    )


def _check_shape(raw: Mapping[str, Any], kinds: dict[str, ValueKind], present: set[str]) -> None:
    """Field names, single values, flags that are labels: the first of the rules."""
    for name in field_order(raw):
        if not FIELD_NAME_RE.fullmatch(name):
            if name in present:
                raise _Rejected(name, reasons.not_snake_case(name))
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
