"""Indexes the request obligations share: answers to requests, and requests' rank in a quota.

Both mirror `batch/deadlines.py`: `answers` (the earliest answer from the addressed party, by
`refers_to` or, from the request's time on, by activity; the one by activity wins only when it
is strictly earlier) and `quota_rank` (the rank of a request among those its addressee received
in the quota period, by time and then id). Ties in time go by id, as in the batch engine.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from verify.engines.stream.clock import Expiry
from verify.engines.stream.codec import Decoder, Encoder, pair, text
from verify.engines.stream.records import Rec
from verify.model.calendar import Period, period_start

Entry = tuple[datetime, str, Rec]


@dataclass
class AnswerIndex:
    """Answers of one kind seen so far, for the retention horizon."""

    by_reference: dict[tuple[str, str], Rec] = field(default_factory=dict)
    by_activity: dict[tuple[str, str], list[Entry]] = field(default_factory=dict)
    expiry: Expiry[tuple[str, tuple[str, str]]] = field(default_factory=Expiry)

    def add(self, rec: Rec) -> None:
        """Index an answer by what it refers to and by its activity."""
        refers_to, activity = rec.refers_to, rec.activity
        if refers_to is not None:
            key = (refers_to, rec.party)
            known = self.by_reference.get(key)
            if known is None or rec.order < known.order:
                self.by_reference[key] = rec
            self.expiry.touch(rec.time, ("ref", key))
        if activity is not None:
            pair = (rec.party, activity)
            insort(self.by_activity.setdefault(pair, []), (rec.time, rec.id, rec))
            self.expiry.touch(rec.time, ("act", pair))

    def answer(self, request: Rec) -> Rec | None:
        """The earliest answer to a request from its addressee, as the batch engine picks it."""
        debtor = request.counterparty
        if debtor is None:
            return None
        by_reference = self.by_reference.get((request.id, debtor))
        by_activity = None
        if request.activity is not None:
            entries = self.by_activity.get((debtor, request.activity))
            if entries:
                at = bisect_left(entries, (request.time,))
                if at < len(entries):
                    by_activity = entries[at][2]
        if by_activity is not None and (
            by_reference is None or by_activity.time < by_reference.time
        ):
            return by_activity
        return by_reference

    def sweep(self, horizon: datetime) -> None:
        """Forget answers older than the horizon."""
        self.expiry.expire(horizon, lambda key: self._forget(key, horizon))

    def _forget(self, key: tuple[str, tuple[str, str]], horizon: datetime) -> None:
        how, index = key
        if how == "ref":
            known = self.by_reference.get(index)
            if known is not None and known.time < horizon:
                del self.by_reference[index]
            return
        entries = self.by_activity.get(index)
        if entries is None:
            return
        keep = bisect_left(entries, (horizon,))
        del entries[:keep]
        if not entries:
            del self.by_activity[index]

    def size(self) -> int:
        """Indexed answers."""
        return len(self.by_reference) + sum(len(e) for e in self.by_activity.values())

    def dump(self, out: Encoder) -> Any:
        """The answers by reference and by activity (each entry is its record's time, id and
        itself: the record alone is written), and the expiry queue."""
        return {
            "by_reference": [
                [r, party, out.rec(rec)] for (r, party), rec in self.by_reference.items()
            ],
            "by_activity": [
                [party, activity, out.recs(rec for _, _, rec in entries)]
                for (party, activity), entries in self.by_activity.items()
            ],
            "expiry": out.expiry(self.expiry),
        }

    def load(self, data: Any, saved: Decoder) -> None:
        """Read back what `dump` wrote."""
        self.by_reference = {
            pair((r, party)): saved.rec(ref) for r, party, ref in data["by_reference"]
        }
        self.by_activity = {
            pair((party, activity)): [(rec.time, rec.id, rec) for rec in saved.recs(refs)]
            for party, activity, refs in data["by_activity"]
        }
        self.expiry = saved.expiry(data["expiry"], _answer_key)


def _answer_key(data: Any) -> tuple[str, tuple[str, str]]:
    how, index = data
    if how not in ("ref", "act"):
        raise ValueError(f"no answer index {how!r}")
    return text(how), pair(index)


@dataclass
class QuotaRanks:
    """Requests received per addressee and quota period, in (time, id) order."""

    quota_period: Period
    groups: dict[tuple[str, datetime], list[tuple[datetime, str]]] = field(default_factory=dict)

    def period(self, moment: datetime) -> datetime:
        """The start of the quota period that holds a moment (`model/calendar.py`)."""
        return period_start(self.quota_period, moment)

    def add(self, request: Rec) -> None:
        """Count a request its addressee received."""
        assert request.counterparty is not None
        group = (request.counterparty, self.period(request.time))
        insort(self.groups.setdefault(group, []), (request.time, request.id))

    def rank(self, request: Rec) -> int:
        """The request's 1-based rank in its addressee's period (final once the watermark has
        passed its time)."""
        assert request.counterparty is not None
        group = self.groups.get((request.counterparty, self.period(request.time)), [])
        return bisect_left(group, (request.time, request.id)) + 1

    def sweep(self, watermark: datetime) -> None:
        """Forget periods that ended before the watermark: their ranks are all final."""
        current = self.period(watermark)
        for group in [g for g in self.groups if g[1] < current]:
            del self.groups[group]

    def size(self) -> int:
        """Counted requests."""
        return sum(len(g) for g in self.groups.values())

    def dump(self, out: Encoder) -> Any:
        """The counted requests by addressee and period start (the period is the quota's)."""
        return [
            [party, out.time(start), [[out.time(moment), record_id] for moment, record_id in group]]
            for (party, start), group in self.groups.items()
        ]

    def load(self, data: Any, saved: Decoder) -> None:
        """Read back what `dump` wrote."""
        self.groups = {
            (text(party), saved.time(start)): [(saved.time(m), text(i)) for m, i in group]
            for party, start, group in data
        }
