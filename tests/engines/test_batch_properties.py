"""Properties of the batch engine: input order and splitting never matter; thresholds flip."""

from __future__ import annotations

import json
import random
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.profiles import budget
from verify import api

PACT = "example-non-aggression-pact"
AS_OF = datetime(2026, 12, 31, tzinfo=UTC)
BASE = datetime(2025, 1, 1, tzinfo=UTC)


def iso(moment: datetime) -> str:
    """A moment as ISO 8601 with Z."""
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


@st.composite
def feeds(draw: st.DrawFn) -> list[dict[str, Any]]:
    """Small feeds of exercises with or without notices, requests with or without replies."""
    records: list[dict[str, Any]] = []
    for number in range(draw(st.integers(1, 6))):
        party = draw(st.sampled_from(["ARV", "BOS"]))
        start = BASE + timedelta(days=draw(st.integers(0, 600)))
        records.append(
            {
                "id": f"x{number}",
                "kind": "exercise",
                "party": party,
                "activity": f"a{number}",
                "time": iso(start),
                "start": iso(start),
                "troops": draw(st.sampled_from([2000, 3000, 9000, 10000, 15000])),
            }
        )
        lead = draw(st.one_of(st.none(), st.integers(0, 60)))
        if lead is not None:
            records.append(
                {
                    "id": f"n{number}",
                    "kind": "notification",
                    "party": party,
                    "activity": f"a{number}",
                    "time": iso(start - timedelta(days=lead)),
                }
            )
    for number in range(draw(st.integers(0, 3))):
        asked = BASE + timedelta(hours=draw(st.integers(0, 10000)))
        records.append(
            {
                "id": f"q{number}",
                "kind": "clarification_request",
                "party": "ARV",
                "counterparty": "BOS",
                "time": iso(asked),
            }
        )
        delay = draw(st.one_of(st.none(), st.integers(1, 48)))
        if delay is not None:
            records.append(
                {
                    "id": f"r{number}",
                    "kind": "clarification_reply",
                    "party": "BOS",
                    "counterparty": "ARV",
                    "refers_to": f"q{number}",
                    "time": iso(asked + timedelta(hours=delay)),
                }
            )
    return records


def findings_of(files: list[list[dict[str, Any]]]) -> list[str]:
    """The findings' JSON, for feeds written as one file per list."""
    with tempfile.TemporaryDirectory() as folder:
        paths = []
        for number, records in enumerate(files):
            path = Path(folder) / f"part-{number}.jsonl"
            path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
            paths.append(path)
        result, _ = api.check([PACT], paths, as_of=AS_OF)
    return [f.model_dump_json(exclude={"evidence"}) for f in result.findings] + [
        ",".join(f"{e.id}:{e.sha256}" for e in f.evidence) for f in result.findings
    ]


SETTINGS = settings(max_examples=budget(12), deadline=None)


@SETTINGS
@given(feeds(), st.randoms(use_true_random=False), st.integers(1, 3))
def test_shuffling_and_splitting_never_change_the_findings(
    records: list[dict[str, Any]], shuffler: random.Random, parts: int
) -> None:
    """The same records, shuffled and split across files, give the same findings."""
    expected = findings_of([records])
    shuffled = list(records)
    shuffler.shuffle(shuffled)
    split = [shuffled[i::parts] for i in range(parts)]
    assert findings_of(split) == expected


@SETTINGS
@given(feeds())
def test_duplicated_records_are_rejected_and_change_nothing(records: list[dict[str, Any]]) -> None:
    """Appending copies of records (same ids) rejects the copies and keeps the findings."""
    expected = findings_of([records])
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "feed.jsonl"
        doubled = records + records
        path.write_text("".join(json.dumps(r) + "\n" for r in doubled), encoding="utf-8")
        _, feed = api.check([PACT], [path], as_of=AS_OF)
    assert len(feed.rejects) == len(records)
    assert findings_of([records + records]) == expected


@SETTINGS
@given(st.integers(0, 600), st.integers(3000, 20000))
def test_a_notice_moved_across_its_deadline_flips_exactly_one_finding(
    day: int, troops: int
) -> None:
    """Notified 30 days ahead: no finding; one second later: exactly one finding."""
    start = BASE + timedelta(days=day)
    exercise = {
        "id": "x1",
        "kind": "exercise",
        "party": "ARV",
        "activity": "a1",
        "time": iso(start),
        "start": iso(start),
        "troops": troops,
    }

    def notice(moment: datetime) -> dict[str, Any]:
        return {
            "id": "n1",
            "kind": "notification",
            "party": "ARV",
            "activity": "a1",
            "time": iso(moment),
        }

    on_time = findings_of([[exercise, notice(start - timedelta(days=30))]])
    late = findings_of([[exercise, notice(start - timedelta(days=30) + timedelta(seconds=1))]])
    notice_findings = [f for f in late if "pact.exercise-notice" in f]
    assert not [f for f in on_time if "pact.exercise-notice" in f]
    assert len(notice_findings) == 1


@SETTINGS
@given(st.integers(0, 600))
def test_troops_moved_across_the_threshold_flip_exactly_one_finding(day: int) -> None:
    """2,999 troops need no notice; 3,000 without notice give exactly one finding."""
    start = BASE + timedelta(days=day)

    def exercise(troops: int) -> dict[str, Any]:
        return {
            "id": "x1",
            "kind": "exercise",
            "party": "BOS",
            "activity": "a1",
            "time": iso(start),
            "start": iso(start),
            "troops": troops,
        }

    below = [f for f in findings_of([[exercise(2999)]]) if "pact.exercise-notice" in f]
    at = [f for f in findings_of([[exercise(3000)]]) if "pact.exercise-notice" in f]
    assert (len(below), len(at)) == (0, 1)
