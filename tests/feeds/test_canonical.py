"""The canonical form evidence hashes, and the rejects file."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np

from verify.feeds import (
    Reject,
    canonical_observation,
    canonical_record,
    frame_to_observations,
    read_feeds,
    record_digests,
    record_sha256,
    validate_record,
    write_rejects,
)
from verify.model.observation import Observation

from .records import SCHEMA, csv_text, good, jsonl, parquet_bytes, read_bytes

RECORD = good(
    time="2026-09-11T10:00:00.250+02:00",
    start="2026-09-12",
    troops=12000,
    lat=54.25,
    flags=["estimate", "Alert"],
    note="seen from the coast",
)


def test_canonical_form_holds_present_fields_in_their_canonical_shapes(tmp_path: Path) -> None:
    """Missing fields are left out; times are UTC with `Z`; integral numbers are ints."""
    frame = read_bytes(tmp_path, jsonl([RECORD])).frame
    assert canonical_record(frame, 0) == {
        "id": "x1",
        "kind": "exercise",
        "party": "RUS",
        "time": "2026-09-11T08:00:00.25Z",
        "start": "2026-09-12T00:00:00Z",
        "releasability": "national",
        "troops": 12000,
        "lat": 54.25,
        "flags": ["alert", "estimate"],
        "note": "seen from the coast",
    }


def test_record_sha256_is_over_compact_sorted_json() -> None:
    """The sha256 is taken over compact JSON with sorted keys, in UTF-8."""
    canonical = {"id": "é", "a": 1}
    expected = hashlib.sha256('{"a":1,"id":"é"}'.encode()).hexdigest()
    assert record_sha256(canonical) == expected


def test_digests_of_a_frame_match_each_row_at_the_edges(tmp_path: Path) -> None:
    """Column-wise digests agree with per-row ones for odd values: an early year, a fraction of
    a second, text JSON must escape, large integral and non-integral numbers, empty flags."""
    odd = [
        RECORD,
        good(id="y2", time="0999-01-01T00:00:00Z", note='say "hi"\\ \t', troops=1e20),
        good(id="y3", time="2026-01-01T00:00:00.000001Z", troops=0.1 + 0.2, lat=-0.0),
        good(id="y4", flags=[], activity="é ✓"),
    ]
    frame = read_bytes(tmp_path, jsonl(odd)).frame
    assert len(frame) == len(odd)
    assert record_digests(frame) == [record_sha256(canonical_record(frame, i)) for i in frame.index]


def test_digests_at_positions_write_escaped_and_plain_texts_of_one_column_alike(
    tmp_path: Path,
) -> None:
    """Taken at positions (repeats, any order), a column whose texts JSON escapes at some rows
    and not at others gives each row the digest of its canonical form: the escaped texts are
    written apart and put back in their rows."""
    records = [
        good(id="p1", note="plain"),
        good(id="p2", note='a "quoted" \\ note\x01'),
        good(id="p3"),
        good(id="p4", note="plain", activity="line\nbreak"),
    ]
    frame = read_bytes(tmp_path, jsonl(records)).frame
    positions = np.array([3, 1, 1, 0, 2, 3], dtype=np.intp)
    expected = [record_sha256(canonical_record(frame, int(p))) for p in positions]
    assert record_digests(frame, positions) == expected


def test_same_record_hashes_alike_from_every_format(tmp_path: Path) -> None:
    """A record read from JSON Lines, CSV or Parquet has the same canonical sha256."""
    digests = set()
    for name, data in [
        ("f.jsonl", jsonl([RECORD])),
        ("f.csv", csv_text([RECORD])),
        ("f.parquet", parquet_bytes([RECORD])),
    ]:
        frame = read_bytes(tmp_path, data, name).frame
        digests.add(record_sha256(canonical_record(frame, 0)))
    assert len(digests) == 1


def test_observation_and_frame_row_have_the_same_canonical_form(tmp_path: Path) -> None:
    """`canonical_observation` agrees with `canonical_record` of the same record."""
    frame = read_bytes(tmp_path, jsonl([RECORD])).frame
    (observation,) = frame_to_observations(frame)
    assert canonical_observation(observation) == canonical_record(frame, 0)


def test_validate_record_gives_the_same_canonical_form(tmp_path: Path) -> None:
    """A record validated alone has the canonical form of its frame row."""
    frame = read_bytes(tmp_path, jsonl([RECORD])).frame
    observation = validate_record(RECORD, SCHEMA, "-", 1)
    assert isinstance(observation, Observation)
    assert canonical_observation(observation) == canonical_record(frame, 0)


def test_reject_to_json_has_its_six_keys() -> None:
    """A reject as JSON has file, line, field, reason, record and raw (null without text)."""
    reject = Reject("f.jsonl", 3, "kind", "unknown kind", {"kind": "x"})
    assert reject.to_json() == {
        "file": "f.jsonl",
        "line": 3,
        "field": "kind",
        "reason": "unknown kind",
        "record": {"kind": "x"},
        "raw": None,
    }


def test_write_rejects_writes_one_json_object_per_line(tmp_path: Path) -> None:
    """The rejects file is JSON Lines, one reject per line, in the order given."""
    (tmp_path / "feed.jsonl").write_bytes(jsonl([good(kind="?"), "oops", good(id="ok")]))
    result = read_feeds([tmp_path / "feed.jsonl"], SCHEMA)
    write_rejects(result.rejects, tmp_path / "rejects.jsonl")
    lines = (tmp_path / "rejects.jsonl").read_text(encoding="utf-8").splitlines()
    written = [json.loads(line) for line in lines]
    assert [(entry["line"], entry["field"]) for entry in written] == [(1, "kind"), (2, None)]
    assert written[1]["record"] == "oops"
