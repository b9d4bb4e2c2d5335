"""Prior notice where a notification stands for the activity it announces (VD11 Chapter V)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.treaty.conftest import TREATY_YAML
from verify import api
from verify.engines.stream.records import Rec
from verify.errors import PackErrors
from verify.feeds import validate_record
from verify.kinds.prior_notice import trigger_predicate
from verify.model.obligation import PriorNotice
from verify.model.observation import Observation
from verify.predicates.python import holds
from verify.treaty import compile_pack, load_pack

PACK = "vienna-document-2011"
RULE = "vd11.prior-notification"
#: A notification of a 9,100-troop exercise sent 41 days before the start it announces.
LATE = {
    "id": "n1",
    "kind": "notification",
    "party": "RUS",
    "activity": "a9",
    "time": "2026-08-01T00:00:00Z",
    "start": "2026-09-11T00:00:00Z",
    "troops": 9100,
}


def _obligation() -> PriorNotice:
    found = next(o for o in load_pack(PACK).obligations if o.id == RULE)
    assert isinstance(found, PriorNotice)
    return found


def _rec(raw: dict[str, Any]) -> Rec:
    obs = validate_record(raw, api.feed_schema([load_pack(PACK)]), "feed.jsonl", 1)
    assert isinstance(obs, Observation)
    return Rec.of(obs, 1, "feed.jsonl", 1)


def _check(tmp_path: Path, records: list[dict[str, Any]], as_of: str) -> list[Any]:
    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    moment = datetime.fromisoformat(as_of)
    result, _ = api.check([PACK], [str(feed)], as_of=moment, obligations=[RULE])
    return list(result.findings)


def test_the_vd11_rule_lets_a_notification_stand_for_its_activity() -> None:
    """The phrase compiles into the kinds of notice that stand for their activity."""
    assert _obligation().announced_by == ("notification",)


def test_a_notification_without_a_start_stands_for_no_activity() -> None:
    """A notification giving no start is only a notice, whatever figures it carries."""
    record = {key: value for key, value in LATE.items() if key != "start"}
    assert not holds(trigger_predicate(_obligation()), _rec(record))


def test_a_notification_with_its_start_and_figures_is_covered() -> None:
    """A notification with a start and notifiable figures is covered as its activity."""
    assert holds(trigger_predicate(_obligation()), _rec(LATE))


def test_a_late_notice_is_a_breach_before_the_activity_is_observed(tmp_path: Path) -> None:
    """Checked the day after it was sent, the late notice alone is a violation, cited once."""
    findings = _check(tmp_path, [LATE], "2026-08-02T00:00:00+00:00")
    assert [(f.status, [e.id for e in f.evidence]) for f in findings] == [("violation", ["n1"])]


def test_the_late_notice_is_worded_as_announcing_the_activity(tmp_path: Path) -> None:
    """The summary speaks of the activity the notice announces and its 41 days' lead."""
    (finding,) = _check(tmp_path, [LATE], "2026-08-02T00:00:00+00:00")
    assert finding.summary.startswith(
        "RUS sent its notification for activity a9 41 days before the start it announces,"
    )


def test_watch_reports_the_late_notice_once_the_watermark_passes_it() -> None:
    """The stream decides on the notice weeks before the activity starts: once any later
    record moves the watermark past the notice (no lateness allowed here)."""
    watcher = api.Watcher([PACK], lateness=timedelta(0))
    assert watcher.feed(dict(LATE)) == []
    later = {"id": "c1", "kind": "calendar", "party": "POL", "activity": "k1"}
    found = watcher.feed({**later, "time": "2026-08-01T00:00:01Z"})
    assert [(f.obligation, [e.id for e in f.evidence]) for f in found] == [(RULE, ["n1"])]


def test_a_notice_standing_for_its_activity_needs_a_notice_due(tmp_path: Path) -> None:
    """Saying that a notice stands for its activity, with no notice due, is a compile error."""
    folder = tmp_path / "test-pact"
    folder.mkdir()
    (folder / "treaty.yaml").write_text(TREATY_YAML, encoding="utf-8")
    rules = """\
  Rule: tp.notice Exercises are notified
    Background:
      Given the obligation covers "exercise" activities of every party
      And a "notification" with a start stands for the activity it announces
      And a late notice is a "major" violation
      And the obligation is set out in "Article 1"
"""
    (folder / "rules.feature").write_text("Feature: Test pact\n\n" + rules, encoding="utf-8")
    with pytest.raises(PackErrors, match="needs a notice that is due"):
        compile_pack(folder)
