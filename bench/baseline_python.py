"""Baseline (a): the packs' obligations evaluated record by record in plain Python.

    python bench/baseline_python.py --treaty PACK [--treaty PACK ...] FEED [--as-of TIME]

reads a feed (JSON Lines, CSV or Parquet) into a list of dicts and evaluates every obligation
of the packs with plain loops and dicts: no pandas, no numpy, nothing shared with the batch
engine but the compiled packs (`verify.treaty.load_pack`) it interprets and the calendar of
reporting periods (`verify.kinds.periodic_report.slots`). It implements the batch engine's
semantics for the obligation kinds of the packs `bench/generate.py` covers (prior notice,
response, quota, ceiling, frequency, zone prohibition, declared against observed, prohibition,
at most K at the same time, periodic report, counted or not) and the applicability rules (in
force, ended, applies from, joined, withdrawn), and prints the number of findings per
obligation and the time taken, as JSON. Durations, rolling or treaty-year frequency periods,
rolling quota windows, per-party quotas, lawful refusals and required notice contents are not
implemented (no pack the generator covers uses them): such an obligation is listed under
`skipped`, with the reason, and not counted (bench/run compares the covered obligations only).
Zones of application are not applied (every generated Vienna Document record is inside). It
builds a light finding (obligation, party, subject, cited ids) but no evidence digests, trail
text or channels.

The feed is assumed valid (it comes from `bench/generate.py`); records are not validated.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import math
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from verify.kinds import periodic_report as report_kind
from verify.model.obligation import (
    AnnualDate,
    Ceiling,
    Concurrency,
    Condition,
    DaysBeforeStart,
    DeclaredObserved,
    Frequency,
    HoursBeforeStart,
    Obligation,
    PeriodicReport,
    PriorNotice,
    Prohibition,
    Quota,
    QuotaLimit,
    Response,
    Scope,
    TreatyYearsPeriod,
    ZoneProhibition,
)
from verify.model.pack import Pack
from verify.model.treaty import LineZone, PolygonZone, TreatyMeta
from verify.treaty import load_pack

Record = dict[str, Any]
Finding = dict[str, Any]

TIME_FIELDS = ("time", "start", "end")
TEXT_FIELDS = frozenset(
    {
        "id",
        "kind",
        "party",
        "counterparty",
        "activity",
        "refers_to",
        "zone",
        "source",
        "reliability",
        "credibility",
        "releasability",
        "flags",
    }
)
KM_PER_DEGREE_LAT = 110.574
KM_PER_DEGREE_LON = 111.320


# -- reading ------------------------------------------------------------------------------


def parse_time(value: Any) -> datetime | None:
    """An ISO 8601 text (or a datetime) as an aware UTC datetime; a bare date is midnight UTC."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.astimezone(UTC)
    text = str(value)
    if len(text) == 10:
        return datetime.fromisoformat(text).replace(tzinfo=UTC)
    return datetime.fromisoformat(text).astimezone(UTC)


def normalise(record: Record, seq: int) -> Record:
    """A raw record with times parsed, flags as a set, numbers as floats and its feed order."""
    out: Record = {"_seq": seq}
    for key, value in record.items():
        if value is None or value == "":
            continue
        if key in TIME_FIELDS:
            out[key] = parse_time(value)
        elif key == "flags":
            labels = value.split(",") if isinstance(value, str) else value
            out[key] = {str(label).strip().lower() for label in labels if str(label).strip()}
        elif key in TEXT_FIELDS:
            out[key] = str(value)
        else:
            out[key] = float(value)
    out.setdefault("flags", set())
    return out


def read_records(path: Path) -> list[Record]:
    """Every record of a JSON Lines, CSV or Parquet file, normalised, in file order."""
    if path.suffix == ".parquet":
        import pyarrow.parquet as pq

        raw: Iterable[Record] = pq.read_table(path).to_pylist()
    elif path.suffix == ".csv":
        with path.open(newline="", encoding="utf-8") as handle:
            raw = list(csv.DictReader(handle))
    else:
        with path.open(encoding="utf-8") as handle:
            raw = [json.loads(line) for line in handle if line.strip()]
    return [normalise(record, seq) for seq, record in enumerate(raw)]


# -- record tests -------------------------------------------------------------------------


def meets(record: Record, condition: Condition) -> bool:
    """Whether a record meets a condition; a record without the quantity never meets it."""
    if not condition.comparisons:
        return True
    results = []
    for comparison in condition.comparisons:
        value = record.get(comparison.quantity)
        if not isinstance(value, float):
            results.append(False)
            continue
        limit = comparison.value
        results.append(
            value >= limit
            if comparison.op == "at least"
            else value > limit
            if comparison.op == "more than"
            else value <= limit
            if comparison.op == "at most"
            else value < limit
        )
    return any(results) if condition.mode == "any" else all(results)


def covered(record: Record, scope: Scope) -> bool:
    """Whether an obligation's scope covers a record: kind, party, flags, condition and not the
    exclusion."""
    if record["kind"] not in scope.kinds:
        return False
    if scope.parties and record["party"] not in scope.parties:
        return False
    if any(flag not in record["flags"] for flag in scope.flags):
        return False
    exclude: Condition | None = getattr(scope, "exclude", None)
    if exclude is not None and exclude.comparisons and meets(record, exclude):
        return False
    return meets(record, scope.condition)


def exempt(record: Record, obligation: Obligation) -> bool:
    """Whether a record carries a flag that exempts it outright."""
    return any(e.when == "always" and e.flag in record["flags"] for e in obligation.exemptions)


def applies(meta: TreatyMeta, obligation: Obligation, party: str, at: datetime) -> bool:
    """Whether the obligation bound the party at that moment (treaty, rule and party dates)."""
    day = at.astimezone(UTC).date()
    bounds: list[tuple[date | None, date | None]] = [
        (meta.in_force, meta.ends),
        (obligation.applies_from, None),
    ]
    member = next((p for p in meta.parties if p.code == party), None)
    if meta.parties and member is None:
        return False
    if member is not None:
        bounds.append((member.joined, member.withdrawn))
    return all(
        (since is None or day >= since) and (until is None or day < until)
        for since, until in bounds
    )


def anchor(record: Record) -> datetime:
    """When an activity starts: its `start`, or its `time`."""
    start: datetime | None = record.get("start")
    return start if start is not None else record["time"]


# -- the eight obligation kinds -----------------------------------------------------------


def first_per_activity(triggers: list[Record], order: Any) -> list[Record]:
    """Records sharing a party and activity key count once (the first by `order`)."""
    seen: set[tuple[str, str]] = set()
    kept = []
    for record in sorted(triggers, key=order):
        if "activity" in record:
            key = (record["party"], record["activity"])
            if key in seen:
                continue
            seen.add(key)
        kept.append(record)
    return kept


def earliest_by_activity(records: list[Record], kind: str) -> dict[tuple[str, str], Record]:
    """The earliest record of a kind for each (party, activity)."""
    earliest: dict[tuple[str, str], Record] = {}
    for record in records:
        if record["kind"] == kind and "activity" in record:
            key = (record["party"], record["activity"])
            held = earliest.get(key)
            if held is None or (record["time"], record["_seq"]) < (held["time"], held["_seq"]):
                earliest[key] = record
    return earliest


def announces(record: Record, obligation: PriorNotice) -> bool:
    """Whether a notice stands for the activity it announces, by its own start and figures."""
    if record["kind"] not in obligation.announced_by or "activity" not in record:
        return False
    scope = obligation.scope.model_copy(update={"kinds": obligation.announced_by})
    return record.get("start") is not None and covered(record, scope)


def addressed_notices(records: list[Record], kind: str) -> dict[tuple[str, str, str], Record]:
    """The earliest notice of a kind per (party, activity, addressee; "" for one to all)."""
    earliest: dict[tuple[str, str, str], Record] = {}
    for record in records:
        if record["kind"] == kind and "activity" in record:
            key = (record["party"], record["activity"], record.get("counterparty") or "")
            held = earliest.get(key)
            if held is None or (record["time"], record["_seq"]) < (held["time"], held["_seq"]):
                earliest[key] = record
    return earliest


def owed_parties(meta: TreatyMeta, actor: str, due: datetime) -> list[str]:
    """The other parties bound at the due moment (joined by that day, not withdrawn)."""
    day = due.astimezone(UTC).date()
    return [
        p.code
        for p in meta.parties
        if p.code != actor
        and (p.joined is None or p.joined <= day)
        and (p.withdrawn is None or day < p.withdrawn)
    ]


def prior_notice(
    obligation: PriorNotice, records: list[Record], as_of: datetime, meta: TreatyMeta
) -> Iterable[Finding]:
    """Activities whose notice is missing (and overdue) or came after it was due: one finding per
    party left out where the notice is owed to each."""
    triggers = [
        r
        for r in records
        if (covered(r, obligation.scope) or announces(r, obligation)) and not exempt(r, obligation)
    ]
    triggers = first_per_activity(triggers, lambda r: (anchor(r), r["time"], r["_seq"]))
    for number, requirement in enumerate(obligation.requirements):
        if requirement.required_fields:
            raise NotImplementedError("baseline: required notice contents are not implemented")
        if requirement.to_each_party:
            yield from _each_party(obligation, number, triggers, records, as_of, meta)
            continue
        notices = earliest_by_activity(records, requirement.counterpart_kind)
        for trigger in triggers:
            start = anchor(trigger)
            rule = requirement.due
            if isinstance(rule, AnnualDate):
                day = datetime(start.year - 1, rule.month, rule.day, tzinfo=UTC)
                due = day + timedelta(days=1) - timedelta(seconds=1)
            elif isinstance(rule, HoursBeforeStart):
                due = start - timedelta(hours=rule.hours)
            else:
                due = start - timedelta(days=rule.days)
            activity = trigger.get("activity")
            notice = notices.get((trigger["party"], activity)) if activity else None
            sent = notice["time"] if notice else None
            by_start = sent is not None and sent <= start
            if any(
                e.when == "notified_by_start" and e.flag in trigger["flags"] and by_start
                for e in obligation.exemptions
            ):
                continue
            if (sent is None and due <= as_of) or (sent is not None and sent > due):
                cited = [trigger["id"]] + ([notice["id"]] if notice else [])
                yield finding(
                    obligation, trigger["party"], (trigger["id"], f"#{number}"), due, cited
                )


def _each_party(
    obligation: PriorNotice,
    number: int,
    triggers: list[Record],
    records: list[Record],
    as_of: datetime,
    meta: TreatyMeta,
) -> Iterable[Finding]:
    requirement = obligation.requirements[number]
    if not isinstance(requirement.due, DaysBeforeStart):
        raise NotImplementedError("baseline: notices to each party are due days before only")
    notices = addressed_notices(records, requirement.counterpart_kind)
    for trigger in triggers:
        due = anchor(trigger) - timedelta(days=requirement.due.days)
        activity = trigger.get("activity")
        for owed in owed_parties(meta, trigger["party"], due):
            sent = [notices.get((trigger["party"], activity, to)) for to in (owed, "")]
            found = [n for n in sent if n is not None] if activity else []
            notice = min(found, key=lambda n: n["time"], default=None)
            if (notice is None and due <= as_of) or (notice is not None and notice["time"] > due):
                cited = [trigger["id"]] + ([notice["id"]] if notice else [])
                subject = (trigger["id"], f"#{number}", owed)
                yield finding(obligation, trigger["party"], subject, due, cited)


def quota_period(quota: QuotaLimit, moment: datetime) -> int:
    """The number of the quota period a moment falls in: blocks of `years` calendar years
    counted from year 0, or runs of months from the treaty year's first day."""
    period = quota.period
    if period is None:
        return moment.year // quota.years
    if isinstance(period, TreatyYearsPeriod):
        months = moment.year * 12 + moment.month - period.month
        months -= moment.day < period.day  # before the period's first day of the month
        return months // period.months
    raise NotImplementedError(f"baseline: quota period {period.type!r} is not implemented")


def within_quota(requests: list[Record], quota: QuotaLimit) -> set[str]:
    """The ids of the (time-sorted) requests within their addressee's quota for the period:
    within the total and, where flagged, within that flag's own quota."""
    if quota.parties:
        raise NotImplementedError("baseline: per-party quotas are not implemented")
    counts: Counter[tuple[str, int, str | None]] = Counter()
    within = set()
    for request in requests:
        period = (request["counterparty"], quota_period(quota, request["time"]))
        counts[(*period, None)] += 1
        inside = counts[(*period, None)] <= quota.limit
        for sub in quota.flags:
            if sub.flag in request["flags"]:
                counts[(*period, sub.flag)] += 1
                inside = inside and counts[(*period, sub.flag)] <= sub.limit
        if inside:
            within.add(request["id"])
    return within


def answer_index(
    records: list[Record], kind: str, flag: str | None = None
) -> tuple[dict[str, Record], dict[tuple[str, str], list[Record]]]:
    """Answers of a kind: the earliest per `refers_to`, and per (party, activity) in time order."""
    by_reference: dict[str, Record] = {}
    by_activity: dict[tuple[str, str], list[Record]] = defaultdict(list)
    for record in sorted(records, key=lambda r: (r["time"], r["_seq"])):
        if record["kind"] != kind or (flag is not None and flag not in record["flags"]):
            continue
        if "refers_to" in record:
            by_reference.setdefault(record["refers_to"], record)
        if "activity" in record:
            by_activity[(record["party"], record["activity"])].append(record)
    return by_reference, by_activity


def answer_to(
    request: Record,
    by_reference: dict[str, Record],
    by_activity: dict[tuple[str, str], list[Record]],
) -> Record | None:
    """The earliest answer to a request: by `refers_to`, or from the addressee with the same
    activity key at or after the request, whichever came first."""
    answer = by_reference.get(request["id"])
    if "activity" in request:
        for candidate in by_activity.get((request["counterparty"], request["activity"]), ()):
            if candidate["time"] >= request["time"]:
                if answer is None or candidate["time"] < answer["time"]:
                    answer = candidate
                break
    return answer


def requests_of(obligation: Response | Quota, records: list[Record]) -> list[Record]:
    """Requests an obligation covers (addressed to someone), sorted by time and feed order."""
    found = [r for r in records if covered(r, obligation.scope) and "counterparty" in r]
    return sorted(found, key=lambda r: (r["time"], r["_seq"]))


def response(obligation: Response, records: list[Record], as_of: datetime) -> Iterable[Finding]:
    """Requests whose answer from the addressed party is missing (and overdue) or late."""
    requests = [r for r in requests_of(obligation, records) if not exempt(r, obligation)]
    if obligation.quota is not None:
        within = within_quota(requests, obligation.quota)
        requests = [r for r in requests if r["id"] in within]
    for number, requirement in enumerate(obligation.requirements):
        by_reference, by_activity = answer_index(records, requirement.counterpart_kind)
        for request in requests:
            due = request["time"] + timedelta(hours=requirement.hours)
            answer = answer_to(request, by_reference, by_activity)
            if (answer is None and due <= as_of) or (answer is not None and answer["time"] > due):
                cited = [request["id"]] + ([answer["id"]] if answer else [])
                subject = (request["id"], f"#{number}")
                yield finding(obligation, request["counterparty"], subject, due, cited)


def quota(obligation: Quota, records: list[Record], as_of: datetime) -> Iterable[Finding]:
    """Refusals of requests within the addressee's quota."""
    if obligation.lawful is not None:
        raise NotImplementedError("baseline: lawful refusals are not implemented")
    requests = requests_of(obligation, records)
    within = within_quota(requests, obligation.quota)
    by_reference, by_activity = answer_index(
        records, obligation.refusal_kind, obligation.refusal_flag
    )
    for request in requests:
        refusal = answer_to(request, by_reference, by_activity)
        if refusal is not None and request["id"] in within:
            cited = [request["id"], refusal["id"]]
            yield finding(
                obligation, request["counterparty"], (request["id"],), refusal["time"], cited
            )


def ceiling(obligation: Ceiling, records: list[Record], as_of: datetime) -> Iterable[Finding]:
    """The latest holding per party (and zone) above the limit; judged over time, each episode
    above it (from a holding above the limit after one that was not)."""
    holdings = [
        r
        for r in records
        if covered(r, obligation.scope)
        and isinstance(r.get(obligation.quantity), float)
        and not exempt(r, obligation)
    ]
    if obligation.over_time:
        yield from ceiling_episodes(obligation, holdings)
        return
    latest: dict[tuple[str, str | None], Record] = {}
    for record in holdings:
        key = (record["party"], record.get("zone") if obligation.per_zone else None)
        held = latest.get(key)
        if held is None or (record["time"], record["_seq"]) >= (held["time"], held["_seq"]):
            latest[key] = record
    for record in latest.values():
        if record[obligation.quantity] > obligation.limit:
            yield finding(
                obligation, record["party"], (record["id"],), record["time"], [record["id"]]
            )


def ceiling_episodes(obligation: Ceiling, holdings: list[Record]) -> Iterable[Finding]:
    """Each episode above the limit, per party (and zone), holdings in order of time then id;
    holdings before the rule applied are not judged."""
    since = obligation.applies_from
    series: dict[tuple[str, str | None], list[Record]] = defaultdict(list)
    for record in holdings:
        if since is None or record["time"] >= datetime.combine(since, datetime.min.time(), UTC):
            key = (record["party"], record.get("zone") if obligation.per_zone else None)
            series[key].append(record)
    for (party, _), held in series.items():
        held.sort(key=lambda r: (r["time"], r["id"]))
        above_before = False
        for position, record in enumerate(held):
            above = record[obligation.quantity] > obligation.limit
            if above and not above_before:
                back = next(
                    (r for r in held[position:] if r[obligation.quantity] <= obligation.limit),
                    None,
                )
                cited = [record["id"]] + ([back["id"]] if back else [])
                yield finding(obligation, party, (record["id"],), record["time"], cited)
            above_before = above


def frequency(obligation: Frequency, records: list[Record], as_of: datetime) -> Iterable[Finding]:
    """Each activity that is the (limit+1)-th or later of its party within the period."""
    if obligation.period is not None:
        raise NotImplementedError("baseline: frequency periods other than calendar years")
    triggers = [r for r in records if covered(r, obligation.scope) and not exempt(r, obligation)]
    triggers = first_per_activity(triggers, lambda r: (r["party"], anchor(r), r["_seq"]))
    per_party: dict[str, list[Record]] = defaultdict(list)
    for record in triggers:
        per_party[record["party"]].append(record)
    for party, activities in per_party.items():
        activities.sort(key=lambda r: (anchor(r), r["_seq"]))
        first = 0
        for position, record in enumerate(activities):
            start = anchor(record)
            opens = datetime(start.year - (obligation.years - 1), 1, 1, tzinfo=UTC)
            while anchor(activities[first]) < opens:  # starts only move forward
                first += 1
            if position - first + 1 > obligation.limit:
                cited = [a["id"] for a in activities[max(first, position - 10) : position + 1]]
                yield finding(obligation, party, (record["id"],), start, cited)


def declared_observed(
    obligation: DeclaredObserved, records: list[Record], as_of: datetime
) -> Iterable[Finding]:
    """Observations above the latest declaration by more than the tolerance, or across the
    threshold the declaration stayed under (one finding per activity)."""
    quantity = obligation.quantity
    declared: dict[tuple[str, str], Record] = {}
    for record in sorted(records, key=lambda r: (r["time"], r["_seq"])):
        if (
            record["kind"] == obligation.declared_kind
            and isinstance(record.get(quantity), float)
            and "activity" in record
        ):
            declared[(record["party"], record["activity"])] = record
    done: set[tuple[str, str]] = set()
    for record in records:
        if not (
            covered(record, obligation.scope)
            and isinstance(record.get(quantity), float)
            and "activity" in record
            and not exempt(record, obligation)
        ):
            continue
        key = (record["party"], record["activity"])
        declaration = declared.get(key)
        if declaration is None or key in done:
            continue
        seen, stated = record[quantity], declaration[quantity]
        over = obligation.tolerance_percent is not None and seen > stated * (
            1 + obligation.tolerance_percent / 100
        )
        across = obligation.threshold is not None and (
            seen >= obligation.threshold and stated < obligation.threshold
        )
        if over or across:
            done.add(key)
            cited = [record["id"], declaration["id"]]
            yield finding(obligation, record["party"], (record["id"],), record["time"], cited)


def prohibition(
    obligation: Prohibition, records: list[Record], as_of: datetime
) -> Iterable[Finding]:
    """Every record an outright prohibition covers."""
    for record in records:
        if covered(record, obligation.scope) and not exempt(record, obligation):
            yield finding(
                obligation, record["party"], (record["id"],), record["time"], [record["id"]]
            )


# -- zones --------------------------------------------------------------------------------


class Shape:
    """A zone in a local plane (km): a polyline, or polygon rings; distances in plain Python."""

    def __init__(self, zone: LineZone | PolygonZone) -> None:
        if isinstance(zone, LineZone):
            points = [(float(x), float(y)) for x, y, *_ in zone.coordinates]
            self.lon0 = sum(p[0] for p in points) / len(points)
            self.lat0 = sum(p[1] for p in points) / len(points)
            self.rings = [[self.project(x, y) for x, y in points]]
            self.is_line = True
        else:
            rings = _polygon_rings(zone.geometry)
            self.lon0, self.lat0 = _centroid(rings[0])
            self.rings = [[self.project(x, y) for x, y in ring] for ring in rings]
            self.is_line = False

    def project(self, lon: float, lat: float) -> tuple[float, float]:
        """Degrees as km east and north of the zone's origin."""
        kx = KM_PER_DEGREE_LON * math.cos(math.radians(self.lat0))
        return (lon - self.lon0) * kx, (lat - self.lat0) * KM_PER_DEGREE_LAT

    def distance_km(self, lon: float, lat: float) -> float:
        """Distance to the line, or to the polygon (0 inside)."""
        x, y = self.project(lon, lat)
        if not self.is_line and _inside(x, y, self.rings):
            return 0.0
        best = math.inf
        for ring in self.rings:
            for (ax, ay), (bx, by) in itertools.pairwise(ring):
                dx, dy = bx - ax, by - ay
                length = dx * dx + dy * dy
                t = (
                    0.0
                    if length == 0
                    else max(0.0, min(1.0, ((x - ax) * dx + (y - ay) * dy) / length))
                )
                best = min(best, math.hypot(x - ax - t * dx, y - ay - t * dy))
        return best


def concurrency(
    obligation: Concurrency, records: list[Record], as_of: datetime
) -> Iterable[Finding]:
    """Each activity that starts while `limit` or more of its party's (or over its addressed
    party) are under way. An activity is the record of its key with the earliest start (then
    time, then id), ending at the earliest end any of its records reports (open while none
    does); one that ends as another starts does not overlap it."""
    triggers = [r for r in records if covered(r, obligation.scope) and not exempt(r, obligation)]
    triggers.sort(key=lambda r: (anchor(r), r["time"], r["id"]))
    standing: dict[tuple[str, str], Record] = {}
    ends: dict[tuple[str, str], datetime] = {}
    alone: list[tuple[Record, datetime | None]] = []
    for record in triggers:
        if "activity" not in record:
            alone.append((record, record.get("end")))
            continue
        key = (record["party"], record["activity"])
        standing.setdefault(key, record)
        end = record.get("end")
        if end is not None and (key not in ends or end < ends[key]):
            ends[key] = end
    found = [(record, ends.get(key)) for key, record in standing.items()] + alone
    groups: dict[str, list[tuple[Record, datetime | None]]] = defaultdict(list)
    for record, end in found:
        if end is not None and end <= anchor(record):
            continue  # no time, no overlap
        groups[record.get(obligation.per, "")].append((record, end))
    for members in groups.values():
        members.sort(key=lambda m: (anchor(m[0]), m[0]["id"]))
        for position, (record, _) in enumerate(members):
            start = anchor(record)
            under_way = [other for other, end in members[:position] if end is None or end > start]
            if len(under_way) + 1 > obligation.limit:
                cited = [record["id"]] + [other["id"] for other in under_way[-10:]]
                yield finding(obligation, record["party"], (record["id"],), start, cited)


def periodic_report(
    obligation: PeriodicReport, records: list[Record], as_of: datetime, meta: TreatyMeta
) -> Iterable[Finding]:
    """Each owing party's report missing (once due) or late for each period the feed watched:
    the report for a period is the party's first after the period before it was due."""
    reports = [
        r
        for r in records
        if covered(r, obligation.scope)
        and r["kind"] == obligation.report_kind
        and not exempt(r, obligation)
    ]
    if not reports:
        return
    owing = obligation.scope.parties or tuple(p.code for p in meta.parties)
    if not owing:
        owing = tuple(sorted({r["party"] for r in reports}))
    by_party: dict[str, list[Record]] = defaultdict(list)
    for record in sorted(reports, key=lambda r: (r["time"], r["id"])):
        by_party[record["party"]].append(record)
    earliest = min(r["time"] for r in reports)
    if obligation.at_least is not None:
        yield from _counted(obligation, by_party, owing, earliest, as_of)
        return
    for slot in report_kind.slots(obligation, earliest, as_of):
        for party in owing:
            report = next((r for r in by_party.get(party, ()) if r["time"] > slot.opens), None)
            missing = report is None and slot.due <= as_of
            if missing or (report is not None and report["time"] > slot.due):
                cited = [report["id"]] if report else []
                yield finding(obligation, party, (slot.key,), slot.due, cited)


def _counted(
    obligation: PeriodicReport,
    by_party: dict[str, list[Record]],
    owing: tuple[str, ...],
    earliest: datetime,
    as_of: datetime,
) -> Iterable[Finding]:
    """Each period ended by `as_of` with fewer than `at_least` records after it opened, up to
    its end: from each party its own, or (`together`) every owing party's pooled, a shortfall
    then a finding against each owing party. Periods still running are pending: not counted."""
    least = obligation.at_least
    assert least is not None
    pooled = sorted(
        (r for party in owing for r in by_party.get(party, ())), key=lambda r: (r["time"], r["id"])
    )
    for slot in report_kind.slots(obligation, earliest, as_of):
        if slot.due > as_of:
            continue
        for party in owing:
            pool = pooled if obligation.together else by_party.get(party, [])
            found = [r["id"] for r in pool if slot.opens < r["time"] <= slot.due]
            if len(found) < least:
                yield finding(obligation, party, (slot.key,), slot.due, found)


def _polygon_rings(geometry: Any) -> list[list[tuple[float, float]]]:
    data = geometry if isinstance(geometry, dict) else geometry.model_dump()
    coordinates = data["coordinates"]
    if data["type"] == "MultiPolygon":
        coordinates = [ring for polygon in coordinates for ring in polygon]
    return [[(float(x), float(y)) for x, y, *_ in ring] for ring in coordinates]


def _centroid(ring: list[tuple[float, float]]) -> tuple[float, float]:
    area = cx = cy = 0.0
    for (ax, ay), (bx, by) in itertools.pairwise(ring):
        cross = ax * by - bx * ay
        area += cross
        cx += (ax + bx) * cross
        cy += (ay + by) * cross
    return cx / (3 * area), cy / (3 * area)


def _inside(x: float, y: float, rings: list[list[tuple[float, float]]]) -> bool:
    inside = False
    for ring in rings:
        for (ax, ay), (bx, by) in itertools.pairwise(ring):
            if (ay > y) != (by > y) and x < ax + (y - ay) * (bx - ax) / (by - ay):
                inside = not inside
    return inside


def zone_prohibition(
    obligation: ZoneProhibition, records: list[Record], as_of: datetime, meta: TreatyMeta
) -> Iterable[Finding]:
    """Covered records positioned in (or reported in) a prohibited zone; one finding each.
    Where the rule lists zones per platform, a record is measured against the zones of the
    platforms it is (by flag or record kind) only."""
    zones = {zone.id: zone for zone in meta.zones}
    shapes = {zone_id: Shape(zones[zone_id]) for zone_id in obligation.zones}
    for record in records:
        if not covered(record, obligation.scope) or exempt(record, obligation):
            continue
        checked = obligation.zones
        if obligation.platforms:
            mine = [
                platform
                for platform in obligation.platforms
                if (platform.flag is not None and platform.flag in record["flags"])
                or (platform.record_kind is not None and platform.record_kind == record["kind"])
            ]
            checked = tuple(dict.fromkeys(z for platform in mine for z in platform.zones))
        for zone_id in checked:
            zone = zones[zone_id]
            limit = obligation.within_km
            if limit is None:
                limit = zone.buffer_km if isinstance(zone, LineZone) else 0.0
            if "lat" in record and "lon" in record:
                hit = shapes[zone_id].distance_km(record["lon"], record["lat"]) <= limit + 1e-9
            else:
                hit = record.get("zone") == zone_id
            if hit:
                subject = (record["id"], zone_id)
                yield finding(obligation, record["party"], subject, record["time"], [record["id"]])
                break


# -- the run ------------------------------------------------------------------------------


def finding(
    obligation: Obligation, party: str, subject: tuple[str, ...], at: datetime, cited: list[str]
) -> Finding:
    """A light finding: what an engine decided, before applicability."""
    return {"obligation": obligation, "party": party, "subject": subject, "at": at, "cited": cited}


def evaluate(
    pack: Pack, records: list[Record], as_of: datetime, skipped: dict[str, str] | None = None
) -> list[Finding]:
    """The findings of one pack's obligations that bound their party when they arose; those
    the baseline cannot evaluate go to `skipped` (id: why), uncounted."""
    kept = []
    for obligation in pack.obligations:
        try:
            kept += [
                item
                for item in _breaches(obligation, pack, records, as_of)
                if applies(pack.meta, obligation, item["party"], item["at"])
            ]
        except NotImplementedError as why:
            if skipped is None:
                raise
            skipped[obligation.id] = str(why)
    return kept


def _breaches(
    obligation: Obligation, pack: Pack, records: list[Record], as_of: datetime
) -> Iterable[Finding]:
    """The breaches of one obligation, before applicability."""
    match obligation:
        case PriorNotice():
            return prior_notice(obligation, records, as_of, pack.meta)
        case Response():
            return response(obligation, records, as_of)
        case Quota():
            return quota(obligation, records, as_of)
        case Ceiling():
            return ceiling(obligation, records, as_of)
        case Frequency():
            return frequency(obligation, records, as_of)
        case ZoneProhibition():
            return zone_prohibition(obligation, records, as_of, pack.meta)
        case DeclaredObserved():
            return declared_observed(obligation, records, as_of)
        case Prohibition():
            return prohibition(obligation, records, as_of)
        case Concurrency():
            return concurrency(obligation, records, as_of)
        case PeriodicReport():
            return periodic_report(obligation, records, as_of, pack.meta)
        case _:
            raise NotImplementedError(f"baseline: {obligation.kind} is not implemented")


def run(packs: list[Pack], path: Path, as_of: datetime | None = None) -> dict[str, Any]:
    """Read a feed and evaluate every pack: counts per obligation and the times taken."""
    began = time.perf_counter()
    records = read_records(path)
    read = time.perf_counter()
    moment = as_of or max(r["time"] for r in records)
    known = [r for r in records if r["time"] <= moment]
    counts: Counter[str] = Counter({o.id: 0 for pack in packs for o in pack.obligations})
    skipped: dict[str, str] = {}
    for pack in packs:
        counts.update(item["obligation"].id for item in evaluate(pack, known, moment, skipped))
    for obligation in skipped:
        del counts[obligation]
    done = time.perf_counter()
    return {
        "records": len(records),
        "as_of": moment.isoformat().replace("+00:00", "Z"),
        "read_seconds": round(read - began, 3),
        "evaluate_seconds": round(done - read, 3),
        "seconds": round(done - began, 3),
        "findings": dict(sorted(counts.items())),
        "total": sum(counts.values()),
        "skipped": skipped,
    }


def main(argv: list[str] | None = None) -> int:
    """Command line: `baseline_python.py --treaty PACK ... FEED [--as-of TIME]`."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--treaty", action="append", required=True, help="pack (repeatable)")
    parser.add_argument("feed", type=Path, help="JSON Lines, CSV or Parquet file")
    parser.add_argument("--as-of", help="judge as at this time (default: latest record)")
    args = parser.parse_args(argv)
    packs = [load_pack(reference) for reference in args.treaty]
    report = run(packs, args.feed, parse_time(args.as_of) if args.as_of else None)
    json.dump(report, sys.stdout, indent=2)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
