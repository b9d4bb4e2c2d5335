"""A late notice standing for its activity cites the activity's observation beside it, in
`check` and in `watch` alike, under the one id the notice gave the finding."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

from verify import api
from verify.model.finding import Finding

PACK = "vienna-document-2011"
RULE = "vd11.prior-notification"
NOTICE = {
    "id": "nt-1",
    "kind": "notification",
    "party": "ARM",
    "activity": "steppe-shield",
    "time": "2027-04-12T08:00:00Z",
    "start": "2027-05-03T05:00:00Z",
    "troops": 11000,
    "reliability": "A",
    "credibility": "1",
}
EXERCISE = {
    "id": "ex-1",
    "kind": "exercise",
    "party": "ARM",
    "activity": "steppe-shield",
    "time": "2027-05-03T05:00:00Z",
    "start": "2027-05-03T05:00:00Z",
    "troops": 11200,
    "reliability": "C",
    "credibility": "2",
}


def check(tmp_path: Path, records: list[dict[str, Any]], as_of: str) -> list[Finding]:
    """The rule's findings as `verify check` gives them at `as_of`."""
    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    moment = datetime.fromisoformat(as_of)
    result, _ = api.check([PACK], [str(feed)], as_of=moment, obligations=[RULE])
    return list(result.findings)


def watch(records: list[dict[str, Any]]) -> list[Finding]:
    """Every finding line of the rule `verify watch` prints for the records, in arrival order."""
    watcher = api.Watcher([PACK])
    lines = watcher.feed_many([(r, "feed.jsonl", n) for n, r in enumerate(records, 1)])
    return [f for f in (*lines, *watcher.close()) if f.obligation == RULE]


def test_check_cites_the_observed_exercise_beside_the_late_notice(tmp_path: Path) -> None:
    """Once observed, the exercise is evidence too; the finding is still the notice's."""
    (finding,) = check(tmp_path, [NOTICE, EXERCISE], "2027-07-01T00:00:00+00:00")
    assert [e.id for e in finding.evidence] == ["nt-1", "ex-1"]


def test_before_the_exercise_is_observed_the_notice_alone_is_cited(tmp_path: Path) -> None:
    """At an as-of before the exercise, the same finding (same id) cites the notice alone."""
    (early,) = check(tmp_path, [NOTICE], "2027-04-20T00:00:00+00:00")
    (late,) = check(tmp_path, [NOTICE, EXERCISE], "2027-07-01T00:00:00+00:00")
    assert [e.id for e in early.evidence] == ["nt-1"]
    assert early.id == late.id


def test_the_observation_does_not_lower_the_confidence(tmp_path: Path) -> None:
    """The notice (graded A1) makes the breach; the C2 observation is cited, not decisive."""
    (alone,) = check(tmp_path, [NOTICE], "2027-04-20T00:00:00+00:00")
    (both,) = check(tmp_path, [NOTICE, EXERCISE], "2027-07-01T00:00:00+00:00")
    assert both.confidence == alone.confidence


def test_watch_restates_the_finding_when_the_exercise_arrives(tmp_path: Path) -> None:
    """In order, watch reports the notice at once, then the same id again citing both; its
    last line equals what check finds."""
    later = {**EXERCISE, "id": "x-other", "party": "AZE", "activity": "other", "troops": 100}
    later |= {"time": "2027-04-20T00:00:00Z", "start": "2027-04-20T00:00:00Z"}
    printed = watch([NOTICE, later, EXERCISE])
    assert len({f.id for f in printed}) == 1
    assert [e.id for e in printed[0].evidence] == ["nt-1"]
    (checked,) = check(tmp_path, [NOTICE, later, EXERCISE], "2027-05-03T05:00:00+00:00")
    shown = [(e.id, e.role, e.sha256) for e in printed[-1].evidence]
    assert shown == [(e.id, e.role, e.sha256) for e in checked.evidence]
    assert printed[-1].summary == checked.summary
