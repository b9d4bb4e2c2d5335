"""What each machine has reported, by finding id, so that a correction can say what changed.

A record that arrives behind the watermark makes the engine decide again what it touches
(`corrections.py`). To tell what that changed, the engine keeps, per machine and finding id,
the breaches it reported with the log position each was decided at: the last one of an id is
what `verify watch` printed last under that id. A breach is written to a checkpoint as data
(`dump_breach`): its obligation is its machine's, its cited records' fields tagged where JSON
has no type for them (times, tuples).
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from verify.engines.stream.codec import Decoder, Encoder, integer, text
from verify.findings import finding_id
from verify.model.breach import Breach, CitedRecord
from verify.model.finding import TrailStep, Window
from verify.model.obligation import Obligation

#: One machine's reports: finding id -> [(log position decided at, breach)], oldest first.
Reports = dict[str, list[tuple[int, Breach]]]


def _value(value: Any, out: Encoder) -> Any:
    """A cited record's field as JSON: a time or a tuple tagged, anything else as it is."""
    if isinstance(value, datetime):
        return {"t": out.time(value)}
    if isinstance(value, tuple):
        return {"l": [_value(item, out) for item in value]}
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise TypeError(f"a cited field of type {type(value).__name__}")


def _record(record: dict[str, Any], out: Encoder) -> dict[str, Any]:
    return {name: _value(value, out) for name, value in record.items()}


def _unvalue(data: Any, saved: Decoder) -> Any:
    if isinstance(data, dict):
        if set(data) == {"t"}:
            return saved.time(data["t"])
        if set(data) == {"l"}:
            return tuple(_unvalue(item, saved) for item in data["l"])
        raise ValueError(f"no cited field: {data!r}")
    if data is None or isinstance(data, str | int | float | bool):
        return data
    raise TypeError(f"no cited field: {data!r}")


def dump_breach(breach: Breach, out: Encoder) -> list[Any]:
    """A breach as JSON data (its obligation left out: it is the machine's)."""
    return [
        breach.party,
        list(breach.subject),
        [
            [_record(c.record, out), c.role, c.sha256, c.file, c.line, c.decisive]
            for c in breach.cited
        ],
        [[s.step, s.measured, s.required, s.holds] for s in breach.trail],
        breach.summary,
        [out.time(breach.window.start), out.time(breach.window.end)],
        out.time(breach.at),
        breach.counterparty,
        out.maybe_time(breach.due),
        breach.zone,
        breach.pending,
    ]


def load_breach(data: Any, obligation: Obligation, saved: Decoder) -> Breach:
    """The breach `dump_breach` wrote, of `obligation`."""
    party, subject, cited, trail, summary, window, at, counterparty, due, zone, pending = data
    return Breach(
        obligation=obligation,
        party=text(party),
        subject=tuple(text(s) for s in subject),
        cited=tuple(
            CitedRecord(
                record={text(k): _unvalue(v, saved) for k, v in record.items()},
                role=text(role),
                sha256=text(sha256),
                file=None if file is None else text(file),
                line=None if line is None else integer(line),
                decisive=bool(decisive),
            )
            for record, role, sha256, file, line, decisive in cited
        ),
        trail=tuple(
            TrailStep(step=text(a), measured=text(b), required=text(c), holds=bool(d))
            for a, b, c, d in trail
        ),
        summary=text(summary),
        window=Window(start=saved.time(window[0]), end=saved.time(window[1])),
        at=saved.time(at),
        counterparty=None if counterparty is None else text(counterparty),
        due=saved.maybe_time(due),
        zone=None if zone is None else text(zone),
        pending=bool(pending),
    )


class History:
    """The breaches each machine reported, by finding id, with the log position of each."""

    def __init__(self, machines: int) -> None:
        self.reports: list[Reports] = [{} for _ in range(machines)]
        #: When `forget` may have work on an id: (a log position, machine, finding id), a heap.
        #: `forget(base)` changes an id's reports only once `base` has passed its second
        #: report's position (its first, if it has one): its *trigger*. Every id has an item
        #: here at or before its trigger (items are pushed whenever a trigger may have moved
        #: back, and triggers otherwise only move on), so `forget` looks at those items only,
        #: not at every id held.
        self._due: list[tuple[int, int, str]] = []

    def _note(self, machine: int, fid: str, entries: list[tuple[int, Breach]]) -> None:
        heapq.heappush(self._due, (entries[min(1, len(entries) - 1)][0], machine, fid))

    def report(self, machine: int, position: int, breach: Breach) -> None:
        """Note a breach reported (printed) at a log position."""
        fid = finding_id(breach)
        entries = self.reports[machine].setdefault(fid, [])
        entries.append((position, breach))
        if len(entries) == 1:
            self._note(machine, fid, entries)

    def replace(
        self, machine: int, since: int, decided: Sequence[tuple[int, Breach]]
    ) -> list[tuple[Breach | None, Breach | None]]:
        """A machine decided again from log position `since` on: what it decided there takes
        the place of what it had reported there. Returns, for each finding id whose last
        report changed, (the last report before, the last report now), None where there is
        none; in the order of the positions of the reports, then by id."""
        reports = self.reports[machine]
        again: Reports = {}
        for position, breach in decided:
            again.setdefault(finding_id(breach), []).append((position, breach))
        touched = {fid for fid, entries in reports.items() if entries[-1][0] >= since}
        changes: list[tuple[int, str, Breach | None, Breach | None]] = []
        for fid in sorted(touched | set(again)):
            entries = reports.get(fid, [])
            before = [entry for entry in entries if entry[0] < since]
            merged = before + again.get(fid, [])
            was = entries[-1][1] if entries else None
            now = merged[-1][1] if merged else None
            if merged:
                reports[fid] = merged
                self._note(machine, fid, merged)
            else:
                reports.pop(fid, None)
            if was != now:
                at = (merged or entries)[-1][0]
                changes.append((at, fid, was, now))
        changes.sort(key=lambda change: (change[0], change[1]))
        return [(was, now) for _, _, was, now in changes]

    def shift(self, inserted: Sequence[int]) -> None:
        """Records were inserted into the log before these positions (sorted, old numbering):
        each report at or after one moves on by one."""
        if not inserted:
            return
        from bisect import bisect_right

        for reports in self.reports:
            for fid, entries in reports.items():
                if entries[-1][0] >= inserted[0]:
                    reports[fid] = [(p + bisect_right(inserted, p), b) for p, b in entries]

    def forget(self, base: int) -> None:
        """Nothing before log position `base` can be decided again: keep, per id, only the
        last report before it (what a later correction starts from), and drop ids with none
        since. Only the ids whose trigger `base` may have passed are looked at (`_due`)."""
        due = self._due
        seen: set[tuple[int, str]] = set()
        while due and due[0][0] < base:
            _, machine, fid = heapq.heappop(due)
            reports = self.reports[machine]
            entries = reports.get(fid)
            if entries is None or (machine, fid) in seen:
                continue  # dropped since, or a second item of an id dealt with already
            seen.add((machine, fid))
            if entries[-1][0] < base:
                del reports[fid]
                continue
            first = next(n for n, (p, _) in enumerate(entries) if p >= base)
            if first > 1:
                entries = reports[fid] = entries[first - 1 :]
            self._note(machine, fid, entries)  # its trigger now, at or after `base`

    def size(self) -> int:
        """Reports held."""
        return sum(len(e) for reports in self.reports for e in reports.values())

    def dump(self, out: Encoder) -> Any:
        """The reports: per machine, [finding id, [[position, breach]...]]."""
        return [
            [[fid, [[p, dump_breach(b, out)] for p, b in entries]] for fid, entries in r.items()]
            for r in self.reports
        ]

    def load(self, data: Any, obligations: Sequence[Obligation], saved: Decoder) -> None:
        """Read back what `dump` wrote."""
        if len(data) != len(obligations):
            raise ValueError(f"reports of {len(data)} machines, not {len(obligations)}")
        self.reports = [
            {
                text(fid): [(integer(p), load_breach(b, obligation, saved)) for p, b in entries]
                for fid, entries in machine
            }
            for machine, obligation in zip(data, obligations, strict=True)
        ]
        self._due = []
        for machine, reports in enumerate(self.reports):
            for fid, entries in reports.items():
                if not entries:
                    raise ValueError(f"no reports of finding {fid}")
                self._note(machine, fid, entries)
