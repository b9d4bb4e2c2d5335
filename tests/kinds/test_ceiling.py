"""Ceilings judged over time: each excess is a breach for the window it lasted."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from verify import api
from verify.kinds import ceiling as ceiling_kind
from verify.model.breach import CitedRecord
from verify.model.finding import Finding
from verify.model.obligation import Ceiling
from verify.treaty.packs import load_pack

PACT = "example-non-aggression-pact"
AS_OF = datetime(2025, 12, 31, tzinfo=UTC)


def tank_ceiling() -> Ceiling:
    """The pact's tank ceiling, as compiled from its feature file."""
    obligation = next(o for o in load_pack(PACT).obligations if o.id == "pact.tank-ceiling")
    assert isinstance(obligation, Ceiling)
    return obligation


def holding(record_id: str, time: str, tanks: float, party: str = "ARV") -> dict[str, Any]:
    """A holding record of battle tanks."""
    return {"id": record_id, "kind": "holding", "party": party, "time": time, "battle_tanks": tanks}


def cited(record: dict[str, Any]) -> CitedRecord:
    """A record as an engine cites it (its time as a datetime)."""
    typed = {**record, "time": datetime.fromisoformat(record["time"]).replace(tzinfo=UTC)}
    return CitedRecord(record=typed, role="", sha256="0" * 64, file="feed.jsonl", line=1)


def batch(folder: Path, records: list[dict[str, Any]], pack: str = PACT) -> list[Finding]:
    """The tank ceiling's findings over these records, by the batch engine."""
    path = folder / "feed.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    result, _ = api.check([pack], [path], as_of=AS_OF, obligations=["pact.tank-ceiling"])
    return list(result.findings)


def stream(records: list[dict[str, Any]], lateness: timedelta) -> list[Finding]:
    """The tank ceiling's findings over these records, fed in this order to the stream engine."""
    watcher = api.Watcher([load_pack(PACT)], lateness=lateness)
    latest: dict[str, Finding] = {}
    for line, record in enumerate(records, start=1):
        for finding in watcher.feed(record, file="feed.jsonl", line=line):
            latest[finding.id] = finding
    for finding in watcher.close(as_of=AS_OF):
        latest[finding.id] = finding
    return [f for f in latest.values() if f.obligation == "pact.tank-ceiling"]


def test_the_stays_at_most_phrase_judges_over_time() -> None:
    """`the "battle_tanks" held by each party stays at most 800` is an over-time ceiling."""
    obligation = tank_ceiling()
    assert (obligation.quantity, obligation.limit, obligation.over_time) == (
        "battle_tanks",
        800,
        True,
    )


def test_the_latest_phrase_still_judges_the_latest_holding_only(tmp_path: Path) -> None:
    """`the latest ... is at most` keeps its meaning: an excess since reduced is no breach."""
    pack = tmp_path / "pact"
    shutil.copytree(Path(api.__file__).parent / "packs" / PACT, pack)
    feature = pack / "obligations.feature"
    text = feature.read_text(encoding="utf-8").replace(
        'the "battle_tanks" held by each party stays at most 800',
        'the latest "battle_tanks" of each party is at most 800',
    )
    feature.write_text(text, encoding="utf-8")
    records = [holding("h1", "2025-01-01", 850), holding("h2", "2025-07-01", 800)]
    assert batch(tmp_path, records) and not batch(tmp_path, records, pack=str(pack))


def test_a_closed_episode_runs_to_the_first_holding_back_under() -> None:
    """The window ends at the holding back at or under the limit, which is cited, not decisive."""
    first, back = cited(holding("h1", "2025-01-01", 850)), cited(holding("h2", "2025-07-01", 800))
    breach = ceiling_kind.episode_breach(tank_ceiling(), first, back, AS_OF)
    assert (breach.window.start, breach.window.end) == (first.time, back.time)
    assert [(c.id, c.decisive) for c in breach.cited] == [("h1", True), ("h2", False)]
    assert breach.subject == ("h1",)


def test_an_open_episode_runs_to_as_of() -> None:
    """With no holding back under the limit, the window runs to the moment of the check."""
    first = cited(holding("h1", "2025-07-01", 801))
    breach = ceiling_kind.episode_breach(tank_ceiling(), first, None, AS_OF)
    assert breach.window.end == AS_OF
    assert "no later holding is back at or under it" in breach.summary


def test_episodes_are_kept_per_party(tmp_path: Path) -> None:
    """One party's holdings neither open nor close another party's episode."""
    records = [
        holding("a1", "2025-01-01T00:00:00Z", 850),
        holding("b1", "2025-02-01T00:00:00Z", 700, party="BOS"),
        holding("a2", "2025-03-01T00:00:00Z", 900),
        holding("b2", "2025-04-01T00:00:00Z", 810, party="BOS"),
    ]
    found = {(f.party, f.window.start.date().isoformat()) for f in batch(tmp_path, records)}
    assert found == {("ARV", "2025-01-01"), ("BOS", "2025-04-01")}


def test_the_stream_settles_holdings_that_arrive_out_of_order(tmp_path: Path) -> None:
    """Holdings arriving out of order within the lateness give the batch engine's findings."""
    records = [
        holding("h2", "2025-04-01T00:00:00Z", 790),
        holding("h1", "2025-01-01T00:00:00Z", 850),
        holding("h4", "2025-10-01T00:00:00Z", 810),
        holding("h3", "2025-07-01T00:00:00Z", 820),
    ]
    expected = {(f.id, f.window.start, f.window.end) for f in batch(tmp_path, records)}
    heard = {(f.id, f.window.start, f.window.end) for f in stream(records, timedelta(days=200))}
    assert heard == expected and len(expected) == 2
