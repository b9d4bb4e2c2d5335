"""A long, seeded feed for the demo pact: years of exercises, notices, requests, replies,
holdings and missile tests, arriving in event-time order give or take half an hour."""

from __future__ import annotations

import heapq
import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

START = datetime(2025, 1, 1, tzinfo=UTC)
PARTIES = ("ARV", "BOS")


def iso(moment: datetime) -> str:
    """A moment as ISO 8601 with Z."""
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _unit(rng: random.Random, number: int, at: datetime) -> list[tuple[datetime, dict[str, Any]]]:
    """The records of one piece of business starting at `at`."""
    party = rng.choice(PARTIES)
    other = PARTIES[1 - PARTIES.index(party)]
    pick = rng.random()
    if pick < 0.4:
        start = at + timedelta(hours=rng.randint(0, 48))
        activity = f"act-{number}"
        exercise = {
            "id": f"x-{number}",
            "kind": "exercise",
            "party": party,
            "activity": activity,
            "time": iso(start),
            "start": iso(start),
            "troops": rng.choice([2000, 4000, 12000]),
            "lat": rng.choice([10.25, 10.25, 12.0]),
            "lon": rng.choice([-30.0, -30.3, -33.0]),
        }
        records = [(start, exercise)]
        lead = rng.choice([None, 45, 31, 20, -2])
        if lead is not None:
            sent = start - timedelta(days=lead)
            notice = {
                "id": f"n-{number}",
                "kind": "notification",
                "party": party,
                "activity": activity,
                "time": iso(sent),
            }
            records.append((sent, notice))
        return records
    if pick < 0.75:
        kind = rng.choice(["clarification_request", "inspection_request"])
        request = {
            "id": f"q-{number}",
            "kind": kind,
            "party": party,
            "counterparty": other,
            "time": iso(at),
        }
        records = [(at, request)]
        reply_kind = "clarification_reply" if kind == "clarification_request" else "inspection"
        delay = rng.choice([None, 2, 20, 30, 100])
        if delay is not None:
            answered = at + timedelta(hours=delay)
            reply = {
                "id": f"r-{number}",
                "kind": reply_kind,
                "party": other,
                "counterparty": party,
                "refers_to": f"q-{number}",
                "time": iso(answered),
            }
            records.append((answered, reply))
        return records
    if pick < 0.9:
        holding = {
            "id": f"h-{number}",
            "kind": "holding",
            "party": party,
            "time": iso(at),
            "battle_tanks": rng.choice([700, 790, 820]),
        }
        return [(at, holding)]
    test = {
        "id": f"t-{number}",
        "kind": "missile_test",
        "party": party,
        "time": iso(at),
        "range_km": rng.choice([150, 450]),
    }
    return [(at, test)]


def long_feed(records: int, *, years: float = 5.0, seed: int = 7) -> Iterator[dict[str, Any]]:
    """About `records` records spread over `years` years, in arrival order."""
    rng = random.Random(seed)
    step = timedelta(days=365 * years) / records * 1.6
    pending: list[tuple[datetime, int, int, dict[str, Any]]] = []
    at = START
    count = 0
    number = 0
    while count < records:
        number += 1
        at += step
        for part, (moment, record) in enumerate(_unit(rng, number, at)):
            arrival = moment + timedelta(minutes=rng.randint(0, 30))
            heapq.heappush(pending, (arrival, number, part, record))
        while pending and pending[0][0] < at - timedelta(days=50) and count < records:
            count += 1
            yield heapq.heappop(pending)[3]
    while pending and count < records:
        count += 1
        yield heapq.heappop(pending)[3]
