"""The Open Skies pack on a feed modelled on the public record of flights, 2018-2020."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from verify import api
from verify.model.finding import Finding

ROOT = Path(__file__).resolve().parents[2]
FEED = ROOT / "observations" / "openskies-public-record.jsonl"
PACK = "open-skies"
AS_OF = datetime(2022, 12, 31, tzinfo=UTC)
MISSIONS = {
    "os-2018-usa-ukr-extra": ("USA", "UKR"),
    "os-2019-rus-usa-apr": ("RUS", "USA"),
    "os-2019-nor-rus-aug": ("NOR", "RUS"),
    "os-2019-rus-pol-oct": ("RUS", "POL"),
    "os-2020-deu-rus-sep": ("DEU", "RUS"),
}


def _records() -> list[dict[str, object]]:
    lines = FEED.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line]


def _check(path: Path = FEED, *, pending: bool = True) -> list[Finding]:
    result, feed = api.check([PACK], [str(path)], as_of=AS_OF, include_pending=pending)
    assert not feed.rejects
    return list(result.findings)


def _at(text: object) -> datetime:
    return datetime.fromisoformat(str(text))


def test_the_feed_holds_one_notified_flight_per_mission() -> None:
    """Each mission found is one flight reported after the fact and its notification."""
    records = _records()
    assert {(r["activity"], r["kind"]) for r in records} == {
        (m, kind) for m in MISSIONS for kind in ("notification", "flight")
    }
    assert {r["activity"]: (r["party"], r["counterparty"]) for r in records} == MISSIONS
    assert all(r["source"] and r["releasability"] == "public" for r in records)


def test_every_flight_ends_within_96_hours_and_was_notified_72_hours_ahead() -> None:
    """The recorded times (approximated as the sources say) keep inside both periods."""
    by = {(r["activity"], r["kind"]): r for r in _records()}
    for mission in MISSIONS:
        flight, notice = by[(mission, "flight")], by[(mission, "notification")]
        assert _at(flight["end"]) - _at(flight["start"]) <= timedelta(hours=96)
        assert _at(flight["start"]) - _at(notice["time"]) >= timedelta(hours=72)
        assert notice["start"] == flight["start"]


def test_the_public_record_shows_no_breach() -> None:
    """No finding, pending or not, of any of the four rules as of the end of 2022."""
    assert _check() == []


def test_the_notices_are_assumed_and_without_them_each_flight_is_a_finding(tmp_path: Path) -> None:
    """The notifications are not public: the feed marks them assumed, and the no-finding of
    openskies.flight-notice rests on them (without them each flight is a major violation)."""
    notices = [r for r in _records() if r["kind"] == "notification"]
    assert all(str(r["source"]).startswith("Assumed record") for r in notices)
    flights = tmp_path / "flights.jsonl"
    flights.write_text(
        "".join(json.dumps(r) + "\n" for r in _records() if r["kind"] == "flight"),
        encoding="utf-8",
    )
    gist = {(f.obligation, f.party, f.severity, f.status) for f in _check(flights)}
    parties = {party for party, _ in MISSIONS.values()}
    assert gist == {("openskies.flight-notice", p, "major", "violation") for p in parties}


def test_watch_gives_the_findings_check_gives_on_the_public_record() -> None:
    """The stream engine, fed the records in file order, ends with check's (no) findings."""
    watcher = api.Watcher([PACK], lateness=timedelta(days=1))
    heard: dict[str, str] = {}
    for line, record in enumerate(_records(), start=1):
        for finding in watcher.feed(record, file=str(FEED), line=line):
            heard[finding.id] = finding.status
    for finding in watcher.close(as_of=AS_OF):
        heard[finding.id] = finding.status
    assert heard == {f.id: f.status for f in _check(pending=False)} == {}
