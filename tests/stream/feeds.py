"""Feeds for the stream tests: a hypothesis strategy over every obligation of the demo pact, and
helpers that run `verify watch`'s engine and `verify check` on the same file.

The strategy draws what a stream can be held to (see `engines/stream/machines/base.py`): records
arrive out of order by less than the lateness; an activity's records share its start, which is
never before a record's own time except in follow-up observations (whose ids follow the order in
which they are seen: the batch engine breaks ties in start by id); a declaration of an activity
precedes its observations; everything lies within the retention. Within that, anything goes:
notices early, on time, late or missing, alert exercises, replies by reference or by activity,
from the addressee or a third party, late or never, refusals within and beyond the quota,
holdings above and below the ceiling, positions in and around the zones, weak grades, estimates.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from verify import api
from verify.errors import display_path
from verify.report import finding_to_json

PACT = "example-non-aggression-pact"
BASE = datetime(2025, 10, 1, tzinfo=UTC)
LATENESS = timedelta(hours=1)
PARTIES = ("ARV", "BOS")
#: Positions: inside the demilitarised zone, 11 km and 16 km from the border, far away.
PLACES = (None, (10.25, -30.0), (10.25, -30.10), (10.25, -30.146), (9.0, -32.0))
GRADES = (None, ("A", "1"), ("B", "2"), ("C", "3"), ("E", "5"))

Record = dict[str, Any]


def iso(moment: datetime) -> str:
    """A moment as ISO 8601 with Z."""
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def other(party: str) -> str:
    """The other party of the pact."""
    return PARTIES[1 - PARTIES.index(party)]


def graded(draw: st.DrawFn, record: Record) -> Record:
    """Add Admiralty grades (or none) and, sometimes, the estimate flag."""
    grades = draw(st.sampled_from(GRADES))
    if grades is not None:
        record["reliability"], record["credibility"] = grades
    return record


def _activity(draw: st.DrawFn, number: int) -> list[Record]:
    party = draw(st.sampled_from(PARTIES))
    key = draw(st.one_of(st.none(), st.just(f"a{number}")))
    start = BASE + timedelta(hours=draw(st.integers(0, 3000)))
    kind = draw(st.sampled_from(["exercise", "exercise", "movement"]))
    troops = draw(st.sampled_from([2000, 3000, 9999, 10000, 12000, 15000, 15000]))
    first: Record = {"id": f"x{number}", "kind": kind, "party": party, "start": iso(start)}
    reported = start - timedelta(days=draw(st.sampled_from([0, 0, 0, 3])))
    first["time"] = iso(reported)
    first["troops"] = troops
    if draw(st.booleans()):
        first["battle_tanks"] = draw(st.sampled_from([50, 100, 150]))
    if draw(st.booleans()):
        first["artillery"] = draw(st.sampled_from([0, 12]))
    place = draw(st.sampled_from(PLACES))
    if place is not None:
        first["lat"], first["lon"] = place
    if draw(st.integers(0, 4)) == 0:
        first["flags"] = ["alert"]
    if key is not None:
        first["activity"] = key
    records = [graded(draw, first)]
    if key is None:
        return records
    hours = sorted(draw(st.lists(st.integers(2, 200), max_size=2, unique=True)))
    for extra, later in enumerate(hours):  # follow-ups' ids in the order they are seen
        seen = start + timedelta(hours=later)
        follow = {**first, "id": f"x{number}f{extra}", "time": iso(seen)}
        follow["troops"] = draw(st.sampled_from([troops, int(troops * 1.05), int(troops * 1.2)]))
        records.append(graded(draw, follow))
    for copy in range(draw(st.integers(0, 2))):
        lead = draw(st.sampled_from([0, 10, 29, 30, 31, 45, -1, -5]))
        sent = start - timedelta(days=lead, hours=draw(st.sampled_from([0, 0, 2])))
        notice: Record = {
            "id": f"n{number}c{copy}",
            "kind": "notification",
            "party": draw(st.sampled_from([party, party, other(party)])),
            "activity": key,
            "time": iso(sent),
        }
        if sent <= reported and draw(st.booleans()):
            notice["troops"] = int(troops * draw(st.sampled_from([0.8, 1.0, 1.1, 1.2])))
        records.append(graded(draw, notice))
    return records


def _request(draw: st.DrawFn, number: int) -> list[Record]:
    party = draw(st.sampled_from(PARTIES))
    debtor = other(party)
    asked = BASE + timedelta(hours=draw(st.integers(0, 5000)))
    kind = draw(st.sampled_from(["clarification_request", "inspection_request"]))
    request: Record = {
        "id": f"q{number}",
        "kind": kind,
        "party": party,
        "counterparty": debtor,
        "time": iso(asked),
    }
    by_activity = draw(st.booleans())
    if by_activity:
        request["activity"] = f"m{number}"
    records = [graded(draw, request)]
    answers = (
        ["clarification_reply"] if kind == "clarification_request" else ["inspection_reply"]
    ) + (["inspection"] if kind == "inspection_request" else [])
    for answer in answers:
        for copy in range(draw(st.integers(0, 2))):
            delay = draw(st.sampled_from([1, 23, 24, 25, 71, 72, 80, 300]))
            reply: Record = {
                "id": f"r{number}-{answer}-{copy}",
                "kind": answer,
                "party": draw(st.sampled_from([debtor, debtor, party])),
                "counterparty": party,
                "time": iso(asked + timedelta(hours=delay)),
            }
            if by_activity and draw(st.booleans()):
                reply["activity"] = f"m{number}"
            else:
                reply["refers_to"] = f"q{number}"
            if answer == "inspection_reply" and draw(st.booleans()):
                reply["flags"] = ["refused"]
            records.append(graded(draw, reply))
    return records


def _other(draw: st.DrawFn, number: int) -> Record:
    party = draw(st.sampled_from(PARTIES))
    moment = BASE + timedelta(hours=draw(st.integers(0, 5000)))
    if draw(st.booleans()):
        record: Record = {
            "id": f"h{number}",
            "kind": "holding",
            "party": party,
            "time": iso(moment),
            "battle_tanks": draw(st.sampled_from([700, 800, 801, 900])),
        }
    else:
        record = {
            "id": f"t{number}",
            "kind": "missile_test",
            "party": party,
            "time": iso(moment),
            "range_km": draw(st.sampled_from([299, 300, 450])),
        }
        if draw(st.booleans()):
            record["flags"] = ["estimate"]
    return graded(draw, record)


@st.composite
def pact_feeds(draw: st.DrawFn) -> list[Record]:
    """A small feed over every obligation of the demo pact, in arrival order."""
    records: list[Record] = []
    for number in range(draw(st.integers(0, 8))):
        records.extend(_activity(draw, number))
    for number in range(draw(st.integers(0, 6))):
        records.extend(_request(draw, number))
    for number in range(draw(st.integers(0, 5))):
        records.append(_other(draw, number))
    jitter = [draw(st.integers(0, 59)) for _ in records]
    arrival = sorted(
        range(len(records)),
        key=lambda i: (parse(records[i]["time"]) + timedelta(minutes=jitter[i]), i),
    )
    return [records[i] for i in arrival]


def parse(text: str) -> datetime:
    """An ISO time with Z as an aware datetime."""
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def write_feed(path: Path, records: Iterable[Record]) -> Path:
    """Write records as JSON Lines."""
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def batch_findings(path: Path, records: list[Record]) -> dict[str, dict[str, Any]]:
    """`verify check --as-of <last event time>` over the file, by finding id."""
    if not records:
        return {}
    as_of = max(parse(r["time"]) for r in records)
    result, _ = api.check([PACT], [path], as_of=as_of)
    return {f.id: finding_to_json(f) for f in result.findings}


def stream_findings(path: Path, **options: Any) -> tuple[dict[str, dict[str, Any]], api.Watcher]:
    """The stream engine fed the file line by line, then closed: the last finding per id."""
    watcher = api.Watcher([PACT], **options)
    display = display_path(path)
    found: dict[str, dict[str, Any]] = {}
    lines = path.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines, start=1):
        for finding in watcher.feed(json.loads(line), file=display, line=number):
            found[finding.id] = finding_to_json(finding)
    for finding in watcher.close():
        found[finding.id] = finding_to_json(finding)
    return found, watcher
