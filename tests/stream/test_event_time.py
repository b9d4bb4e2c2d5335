"""Event time: the watermark decides deadlines, tolerates disorder within the lateness, and
corrects what a later record changes; the end of input decides the rest as `verify check`
would."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from verify import api
from verify.errors import UsageError, display_path
from verify.model.finding import Finding
from verify.report import finding_to_json

PACT = "example-non-aggression-pact"


def request(record_id: str, time: str) -> dict[str, Any]:
    """A clarification request from ARV to BOS (a reply is due within 24 hours)."""
    return {
        "id": record_id,
        "kind": "clarification_request",
        "party": "ARV",
        "counterparty": "BOS",
        "time": time,
    }


def reply(record_id: str, to: str, time: str) -> dict[str, Any]:
    """BOS's reply to a request."""
    return {
        "id": record_id,
        "kind": "clarification_reply",
        "party": "BOS",
        "counterparty": "ARV",
        "refers_to": to,
        "time": time,
    }


def holding(record_id: str, time: str) -> dict[str, Any]:
    """A holding within the ceiling: a record that only moves event time on."""
    return {"id": record_id, "kind": "holding", "party": "ARV", "time": time, "battle_tanks": 10}


def exercise(record_id: str, start: str, troops: int, **fields: Any) -> dict[str, Any]:
    """An ARV exercise starting at `start`, reported at `time` (default: its start)."""
    return {
        "id": record_id,
        "kind": "exercise",
        "party": "ARV",
        "start": start,
        "time": start,
        "troops": troops,
        **fields,
    }


def feed(watcher: api.Watcher, *records: dict[str, Any]) -> list[Finding]:
    """Feed records one by one; every finding they decided."""
    return [finding for record in records for finding in watcher.feed(record)]


def test_a_reply_arriving_out_of_order_within_the_lateness_still_counts() -> None:
    """A reply sent on time but arriving after a later record (30 min behind) is no breach."""
    watcher = api.Watcher([PACT])
    found = feed(
        watcher,
        request("q1", "2025-05-01T08:00:00Z"),
        holding("h1", "2025-05-02T08:30:00Z"),
        reply("r1", "q1", "2025-05-02T08:00:00Z"),
        holding("h2", "2025-05-05T00:00:00Z"),
    )
    assert found + watcher.close() == []
    assert watcher.rejects == []


def test_a_record_behind_the_watermark_is_kept_and_retracts_what_it_disproves() -> None:
    """With 10 minutes' lateness the same reply comes too late to be waited for: the missing
    reply is printed, then retracted under the same id once the reply arrives."""
    watcher = api.Watcher([PACT], lateness=timedelta(minutes=10))
    found = feed(
        watcher,
        request("q1", "2025-05-01T08:00:00Z"),
        holding("h1", "2025-05-02T08:30:00Z"),
        reply("r1", "q1", "2025-05-02T08:00:00Z"),
        holding("h2", "2025-05-05T00:00:00Z"),
    )
    assert watcher.rejects == []
    assert [(f.obligation, f.status) for f in found] == [
        ("pact.hotline-reply", "violation"),
        ("pact.hotline-reply", "retracted"),
    ]
    assert found[0].model_copy(update={"status": "retracted"}) == found[1]
    assert watcher.close() == []


def test_a_deadline_is_decided_when_the_watermark_passes_it() -> None:
    """No reply: nothing while the deadline plus lateness is ahead, the breach once it passes."""
    watcher = api.Watcher([PACT])
    assert feed(watcher, request("q1", "2025-05-01T08:00:00Z")) == []
    assert feed(watcher, holding("h1", "2025-05-02T08:59:00Z")) == []
    found = feed(watcher, holding("h2", "2025-05-02T09:01:00Z"))
    assert [(f.obligation, f.party) for f in found] == [("pact.hotline-reply", "BOS")]


def test_a_reply_after_a_reported_missing_one_reissues_the_same_finding() -> None:
    """Reported missing at the deadline, the finding is re-issued as late under the same id."""
    watcher = api.Watcher([PACT])
    missing = feed(
        watcher, request("q1", "2025-05-01T08:00:00Z"), holding("h1", "2025-05-03T00:00:00Z")
    )
    late = feed(watcher, reply("r1", "q1", "2025-05-03T01:00:00Z"))
    late += feed(watcher, holding("h2", "2025-05-04T00:00:00Z"))
    assert [f.id for f in late] == [f.id for f in missing]
    assert [e.id for e in late[0].evidence] == ["q1", "r1"]
    assert "no clarification_reply" in missing[0].trail[1].measured


def test_closing_decides_passed_deadlines_and_leaves_later_ones_open() -> None:
    """At the end, a deadline before the last event time is a breach; one after it is not."""
    watcher = api.Watcher([PACT])
    feed(
        watcher,
        request("q1", "2025-05-01T08:00:00Z"),
        request("q2", "2025-05-02T07:30:00Z"),
        holding("h1", "2025-05-02T08:00:00Z"),
    )
    found = watcher.close()
    assert [e.id for f in found for e in f.evidence] == ["q1"]


def test_a_follow_up_counted_after_a_judged_activity_of_the_same_start_is_no_late_effect() -> None:
    """A follow-up that first makes activity a1 large sorts after x0 (same start, smaller id):
    x0's count, judged already, stays as it was."""
    watcher = api.Watcher([PACT])
    start = "2025-10-01T00:00:00Z"
    feed(
        watcher,
        exercise("x0", start, 12000),
        exercise("x1", start, 9999, activity="a1"),
        holding("h1", "2025-10-02T00:00:00Z"),
        exercise("x1f0", start, 11998, activity="a1", time="2025-10-03T00:00:00Z"),
    )
    watcher.close()
    assert watcher.late_effects == 0


def test_a_follow_up_counted_before_a_judged_activity_within_the_limit_is_no_late_effect() -> None:
    """A follow-up that first makes activity a1 large sorts before x2 (a later start): x2, judged
    the 1st large exercise of the year, would be the 2nd, still within the limit of two."""
    watcher = api.Watcher([PACT])
    start = "2025-10-01T00:00:00Z"
    feed(
        watcher,
        exercise("x1", start, 9999, activity="a1"),
        exercise("x2", "2025-10-01T10:00:00Z", 12000),
        holding("h1", "2025-10-02T00:00:00Z"),
        exercise("x1f0", start, 11998, activity="a1", time="2025-10-03T00:00:00Z"),
    )
    watcher.close()
    assert watcher.late_effects == 0


def test_a_follow_up_counted_before_judged_activities_judges_them_again() -> None:
    """The same follow-up sorts before x2 (same start, larger id) and x3: x3, judged the 2nd
    large exercise of the year, is the 3rd, one over the limit, and reported then."""
    watcher = api.Watcher([PACT])
    start = "2025-10-01T00:00:00Z"
    found = feed(
        watcher,
        exercise("x1", start, 9999, activity="a1"),
        exercise("x2", start, 12000),
        exercise("x3", "2025-10-01T10:00:00Z", 12000),
        holding("h1", "2025-10-02T00:00:00Z"),
    )
    assert [f for f in found if f.obligation == "pact.exercise-frequency"] == []
    late = feed(watcher, exercise("x1f0", start, 11998, activity="a1", time="2025-10-03T00:00:00Z"))
    assert [(f.obligation, f.evidence[0].id) for f in late] == [("pact.exercise-frequency", "x3")]
    assert "3rd such" in late[0].summary
    watcher.close()
    assert watcher.late_effects == 0


def test_a_follow_up_counted_before_a_reported_activity_reissues_its_finding() -> None:
    """x3, reported as the 3rd large exercise of the year, is the 4th once a follow-up makes a2
    large (itself the 3rd): x3's finding again, with the new count."""
    watcher = api.Watcher([PACT])
    found = feed(
        watcher,
        exercise("x0", "2025-10-01T00:00:00Z", 12000),
        exercise("x1", "2025-10-02T00:00:00Z", 12000),
        exercise("x2", "2025-10-03T00:00:00Z", 9999, activity="a2"),
        exercise("x3", "2025-10-04T00:00:00Z", 12000),
        holding("h1", "2025-10-05T00:00:00Z"),
    )
    first = [f for f in found if f.obligation == "pact.exercise-frequency"]
    late = feed(
        watcher,
        exercise("x2f0", "2025-10-03T00:00:00Z", 11998, activity="a2", time="2025-10-06T00:00:00Z"),
    )
    over = {f.evidence[0].id: f for f in late}
    assert sorted(over) == ["x2f0", "x3"]
    assert over["x3"].id == first[0].id
    assert "3rd such" in first[0].summary and "4th such" in over["x3"].summary
    assert [e.id for e in over["x3"].evidence] == ["x3", "x0", "x1", "x2f0"]
    watcher.close()
    assert watcher.late_effects == 0


def test_closing_as_of_a_later_moment_decides_the_deadlines_up_to_it(tmp_path: Path) -> None:
    """Closed as of a later moment, the stream judges as `verify check --as-of` that moment."""
    records = [request("q1", "2025-05-01T08:00:00Z"), request("q2", "2025-05-02T07:30:00Z")]
    as_of = datetime(2025, 5, 2, 8, 0, tzinfo=UTC)
    path = tmp_path / "feed.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    watcher = api.Watcher([PACT])
    for line, record in enumerate(records, start=1):
        assert watcher.feed(record, file=display_path(path), line=line) == []
    found = watcher.close(as_of=as_of)
    assert [e.id for f in found for e in f.evidence] == ["q1"]
    result, _ = api.check([PACT], [path], as_of=as_of)
    assert [finding_to_json(f) for f in found] == [finding_to_json(f) for f in result.findings]


def test_closing_as_of_a_moment_before_the_latest_record_is_refused() -> None:
    """Records after that moment were taken into account already: a `UsageError`, and the
    stream stays open."""
    watcher = api.Watcher([PACT])
    feed(watcher, request("q1", "2025-05-01T08:00:00Z"))
    with pytest.raises(UsageError, match="has seen a record of 2025-05-01T08:00:00Z"):
        watcher.close(as_of=datetime(2025, 5, 1, tzinfo=UTC))
    assert [e.id for f in watcher.close() for e in f.evidence] == []


def test_a_closed_stream_takes_no_record_but_still_gives_its_state() -> None:
    """Closing frees the matchers: a record after it is a `UsageError`; `snapshot` still works."""
    watcher = api.Watcher([PACT])
    feed(watcher, request("q1", "2025-05-01T08:00:00Z"))
    watcher.close()
    with pytest.raises(UsageError, match="the stream was closed"):
        watcher.feed(request("q2", "2025-05-01T09:00:00Z"))
    assert api.Watcher([PACT], state=watcher.snapshot()).close() == []
