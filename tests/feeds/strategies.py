"""Hypothesis strategies for observation records, valid ones and ones breaking the rules."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from hypothesis import strategies as st

from verify.model.observation import BASE_KINDS

PARTIES = ("RUS", "USA", "FRA", "DEU", "POL")
KNOWN_QUANTITIES = ("troops", "battle_tanks", "artillery")
LABELS = ("alert", "Estimate", "snap exercise", "ALERT", "late")
TEXT = st.text(st.sampled_from("abcXYZ019 -_,;\"'\né"), min_size=1, max_size=8)

moments = st.datetimes(
    min_value=datetime(1900, 1, 1),
    max_value=datetime(2200, 1, 1),
    timezones=st.just(UTC),
)
offsets = st.integers(min_value=-14 * 60, max_value=14 * 60).map(lambda m: timedelta(minutes=m))


@st.composite
def time_texts(draw: st.DrawFn) -> str:
    """An ISO 8601 time the contract accepts, in one of its spellings."""
    moment = draw(moments)
    if draw(st.booleans()):
        return moment.date().isoformat()
    local = moment.astimezone(timezone(draw(offsets)))
    text = local.strftime("%Y-%m-%d") + draw(st.sampled_from("T ")) + local.strftime("%H:%M")
    if moment.second or moment.microsecond or draw(st.booleans()):
        text += f":{local.second:02d}"
        if moment.microsecond:
            text += f".{local.microsecond:06d}"[: draw(st.integers(2, 7))]
    offset = local.strftime("%z")
    spelling = draw(st.sampled_from(["Z", "colon", "plain"]))
    if spelling == "Z" and offset == "+0000":
        return text + "Z"
    return text + (offset[:3] + ":" + offset[3:] if spelling == "colon" else offset)


@st.composite
def valid_records(draw: st.DrawFn, record_id: str, typed: bool = True) -> dict[str, Any]:
    """A record that passes every rule; `typed` allows JSON-only types (int credibility)."""
    record: dict[str, Any] = {
        "id": record_id,
        "kind": draw(st.sampled_from(sorted(BASE_KINDS))),
        "party": draw(st.sampled_from(PARTIES)),
        "time": draw(time_texts()),
    }
    optional: dict[str, Any] = {
        "counterparty": st.sampled_from(PARTIES),
        "activity": TEXT,
        "source": TEXT,
        "reliability": st.sampled_from("ABCDEF"),
        "credibility": st.sampled_from("123456") | st.integers(1, 6)
        if typed
        else st.sampled_from("123456"),
        "releasability": st.sampled_from(["public", "parties", "national"]),
        "lat": st.floats(-90, 90, allow_nan=False),
        "lon": st.floats(-180, 180, allow_nan=False),
        "flags": st.lists(st.sampled_from(LABELS), max_size=3),
        "note": TEXT.map(lambda text: "n:" + text),
        "vehicles": st.integers(0, 10**6) | st.floats(0, 1e9, allow_nan=False),
    }
    for quantity in KNOWN_QUANTITIES:
        optional[quantity] = st.integers(0, 10**6) | st.floats(0, 1e9, allow_nan=False)
    for name in draw(st.lists(st.sampled_from(sorted(optional)), unique=True)):
        record[name] = draw(optional[name])
    if draw(st.booleans()):
        start, end = sorted([draw(moments), draw(moments)])
        record["start"], record["end"] = start.isoformat(), end.isoformat()
    return record


#: Ways a record may break the rules (field, strategy of a bad value).
BREAKAGES: dict[str, st.SearchStrategy[Any]] = {
    "id": st.sampled_from(["", None]),
    "kind": st.sampled_from(["", "exrecise", "Exercise", "bogus"]),
    "party": st.sampled_from(["", "ru", "RUSS", "R1S", None]),
    "counterparty": st.sampled_from(["usa", "X"]),
    "time": st.sampled_from(
        [
            "",
            "2026-09-11T08:00",
            "2026-09-11 08:00:00.5",
            "2026-13-01",
            "2026-02-30",
            "soon",
            "2026-09-11T24:00Z",
            "2026-09-11T08:00+24:00",
            "1500-01-01",
        ]
    )
    | st.integers(0, 10**9),
    "start": st.sampled_from(["2026-09-11T08:00", "never"]),
    "lat": st.sampled_from([91, -90.5, "north", True, "12.5", "1e999"]),
    "lon": st.sampled_from([181, -180.01, "east", "-0.0"]),
    "troops": st.sampled_from([-1, -0.5, "many", "12", True, "", None]),
    "reliability": st.sampled_from(["G", "a", "", 1]),
    "credibility": st.sampled_from([0, 7, "0", 2.5, True, 3.0]),
    "releasability": st.sampled_from(["secret", "Public", ""]),
    "end": st.just("1901-01-01"),
    "zone": st.sampled_from(["baltic", "baltik", "nowhere"]),
    "Troops": st.integers(0, 5),
    "activity": st.sampled_from([["a"], {"x": 1}, [], 5]),
    "flags": st.sampled_from([[1, 2], 5, {"a": "b"}, "a,,B", ["x,y"]]),
}


@st.composite
def any_records(draw: st.DrawFn, record_id: str) -> dict[str, Any]:
    """A valid record, possibly broken in one or more ways."""
    record = draw(valid_records(record_id))
    for name in draw(st.lists(st.sampled_from(sorted(BREAKAGES)), max_size=3, unique=True)):
        value = draw(BREAKAGES[name])
        if value is None and draw(st.booleans()):
            record.pop(name, None)
        else:
            record[name] = value
    return record
