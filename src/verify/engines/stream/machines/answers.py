"""Indexes the request obligations share: answers to requests, and requests' rank in a quota.

Both mirror `batch/deadlines.py`: `answers` (the earliest answer from the addressed party, by
`refers_to` or, from the request's time on, by activity; the one by activity wins only when it
is strictly earlier) and `batch/quotas.py` (where a request stands in its unit's quota: its rank
among those its addressee or group received in the quota period or rolling window, by time and
then id, overall and per flag quota). Ties in time go by id, as in the batch engine.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from verify.engines.stream.clock import Expiry
from verify.engines.stream.codec import Decoder, Encoder, pair, text
from verify.engines.stream.records import Rec
from verify.kinds.quota import QuotaPlace, quota_period, unit_of
from verify.model.calendar import EARLIEST, Period, Rolling, period_start, shift
from verify.model.obligation import QuotaLimit

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
    """Requests received per counting unit (addressee or group), quota period and flag quota
    ("" for the whole quota), in (time, id) order; a rolling quota keeps one list per unit and
    flag (under the calendar's first moment), trimmed to the window the watermark still needs."""

    quota: QuotaLimit
    group_of: Mapping[str, str] = field(default_factory=dict)
    groups: dict[tuple[str, str, datetime], list[tuple[datetime, str]]] = field(
        default_factory=dict
    )

    @property
    def counted(self) -> Period | Rolling:
        """The quota's periods, or its rolling window."""
        return quota_period(self.quota)

    def period(self, moment: datetime) -> datetime:
        """The start of the quota period that holds a moment (`model/calendar.py`); the
        calendar's first moment for a rolling quota."""
        counted = self.counted
        return EARLIEST if isinstance(counted, Rolling) else period_start(counted, moment)

    def _keys(self, request: Rec) -> list[tuple[str, str, datetime]]:
        assert request.counterparty is not None
        owed = unit_of(self.quota, self.group_of, request.counterparty)
        if owed is None:
            return []
        start = self.period(request.time)
        flags = [f.flag for f in self.quota.flags if request.has_flag(f.flag)]
        return [(owed[0], flag, start) for flag in ("", *flags)]

    def add(self, request: Rec) -> None:
        """Count a request its addressee (or the addressee's group) received."""
        for key in self._keys(request):
            insort(self.groups.setdefault(key, []), (request.time, request.id))

    def _rank(self, key: tuple[str, str, datetime], request: Rec) -> int:
        group = self.groups.get(key, [])
        at = bisect_left(group, (request.time, request.id))
        counted = self.counted
        if not isinstance(counted, Rolling):
            return at + 1
        return at - bisect_left(group, (shift(request.time, -counted.length),)) + 1

    def place(self, request: Rec) -> QuotaPlace | None:
        """Where the request stands in its unit's quota (final once the watermark has passed
        its time); None where no quota is owed to its addressee."""
        assert request.counterparty is not None
        owed = unit_of(self.quota, self.group_of, request.counterparty)
        if owed is None:
            return None
        keys = self._keys(request)
        limits = {f.flag: f.limit for f in self.quota.flags}
        flags = tuple((key[1], self._rank(key, request), limits[key[1]]) for key in keys[1:])
        return QuotaPlace(owed[0], owed[1], self._rank(keys[0], request), flags)

    def sweep(self, watermark: datetime) -> None:
        """Forget periods that ended before the watermark (their ranks are all final), or for a
        rolling quota the requests before any window still to be judged."""
        counted = self.counted
        if isinstance(counted, Rolling):
            floor = shift(watermark, -counted.length)
            for key, group in list(self.groups.items()):
                del group[: bisect_left(group, (floor,))]
                if not group:
                    del self.groups[key]
            return
        current = self.period(watermark)
        for key in [g for g in self.groups if g[2] < current]:
            del self.groups[key]

    def size(self) -> int:
        """Counted requests."""
        return sum(len(g) for g in self.groups.values())

    def dump(self, out: Encoder) -> Any:
        """The counted requests by unit, flag and period start (the period is the quota's)."""
        return [
            [unit, flag, out.time(start), [[out.time(m), record_id] for m, record_id in group]]
            for (unit, flag, start), group in self.groups.items()
        ]

    def load(self, data: Any, saved: Decoder) -> None:
        """Read back what `dump` wrote."""
        self.groups = {
            (text(unit), text(flag), saved.time(start)): [
                (saved.time(m), text(i)) for m, i in group
            ]
            for unit, flag, start, group in data
        }
