"""A cited record made again for another role is a record like any other."""

from __future__ import annotations

import dataclasses

import pytest

from verify.model.breach import CitedRecord


def test_playing_another_role_equals_the_record_built_with_it() -> None:
    """Every field copied but the role; the original keeps its own."""
    cited = CitedRecord({"id": "n1", "kind": "notification"}, "", "ab" * 32, "feed", 3, False)
    playing = cited.playing("the late notification")
    assert playing == dataclasses.replace(cited, role="the late notification")
    assert type(playing) is CitedRecord
    assert cited.role == ""


def test_a_record_playing_a_role_stays_frozen() -> None:
    """Made without `__init__`, it refuses assignment as any `CitedRecord` does."""
    playing = CitedRecord({"id": "n1"}, "", "ab" * 32, None, None).playing("the notice")
    with pytest.raises(dataclasses.FrozenInstanceError):
        playing.role = "another"  # type: ignore[misc]
