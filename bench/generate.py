"""Seeded generator of realistic observation feeds with a known number of findings.

    python bench/generate.py --records N --format jsonl|csv|parquet --seed S --out FILE
        [--violations K]

writes N records (contract section 3) to FILE and, beside it, `FILE.expected.json`: the number
of findings `verify check` must report per obligation id, counted *by construction* while the
records are drawn, never by running `verify`.

The feed mixes what a verification centre receives: exercises and movements with their
notifications, calendar entries and invitations (on time, late or missing), follow-up
observations of the same activity, holdings, clarification, meeting and inspection requests
with their replies, data changes, periodic reports, missile tests and production, and
positions near the zones of the example pact. It covers the obligations of the shipped packs
listed in `PACKS`.

Every decisive value is drawn on one side of its threshold with a margin, never on the
boundary, so that the expected counts are exact:

- lead times and reply delays are at least an hour (mostly a day) away from their deadline,
  and records that a treaty's end or a party's dates would cut are kept days away from them;
- quantities are at least 1 % away from every threshold they are compared with, and the
  activities that frequency limits count (large exercises, constrained activities) are drawn
  per party and calendar year in controlled numbers, their over-limit count computed from
  the schedule;
- positions are at least 0.5 km away from every zone boundary and buffer distance;
- activity keys are unique; requests carry no activity key (so replies match by `refers_to`);
  inspection requests have a controlled count per addressee and calendar year, at distinct
  times, so the rank of each within every quota is known;
- a notification declares the observed troops unless the unit is drawn to under-declare them
  (by at least 15 %), and follow-up observations repeat the first one's figures;
- holdings are the only records at their party's latest instant, and the latest pact
  holdings are the feed's last records (2027-12-31T00:00:00Z, the default `--as-of`), so every
  deadline falls before it;
- periodic reports (New START's six-monthly data, the Vienna Document's annual exchange) are
  sent at least a day before or after their due day, and every party owes them; sessions of
  New START's Bilateral Consultative Commission are held at least a day inside their calendar
  year;
- where a rule judges a record against others of its party (ceilings over time, quotas per
  treaty year, activities under way at once, periodic reports), the count is taken from the
  schedule drawn by `bench/schedules.py`, which reads the rule as its kind does.

Records are drawn column-wise with numpy and written with pyarrow: a million records take a
few seconds.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import sys
import time
from collections import Counter
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

sys.path.insert(0, str(Path(__file__).resolve().parent))
import schedules  # bench/ is not a package: a sibling on the path

Array = npt.NDArray[Any]
Units = dict[str, Array]

FORMATS = ("jsonl", "csv", "parquet")
#: The packs whose obligations the expected counts cover (a feed is checked against them all).
PACKS = (
    "example-non-aggression-pact",
    "inf-treaty",
    "korea-cma-2018",
    "new-start",
    "vienna-document-2011",
)


def epoch(day: str) -> int:
    """Midnight UTC of an ISO date, in seconds since the epoch."""
    return int(datetime.fromisoformat(f"{day}T00:00:00+00:00").timestamp())


HOUR = 3_600
DAY = 86_400
#: Activities start no earlier than 45 days after this (the pact is in force from 2024-06-01).
T0 = epoch("2024-09-01")
#: The feed's last instant: only the latest pact holdings are this late.
T_END = epoch("2027-12-31")
#: Every other record is at least a day before `T_END`.
T_LAST = T_END - DAY
YEARS = (2024, 2025, 2026, 2027)

PACT_PARTIES = np.array(["ARV", "BOS"], dtype=object)
_VD11_CODES = """
    ALB AND ARM AUT AZE BLR BEL BIH BGR CAN HRV CYP CZE DNK EST FIN FRA GEO DEU GRC VAT HUN ISL
    IRL ITA KAZ KGZ LVA LIE LTU LUX MLT MDA MCO MNG MNE NLD MKD NOR POL PRT ROU RUS SMR SRB SVK
    SVN ESP SWE CHE TJK TUR TKM UKR GBR USA UZB
"""
#: The 57 participating States of the Vienna Document (its treaty.yaml).
VD11_PARTIES = np.array(_VD11_CODES.split(), dtype=object)
#: The parties of New START and of the INF Treaty (both also Vienna Document States).
STRATEGIC_PARTIES = np.array(["USA", "RUS"], dtype=object)

# Example pact (treaties/example-non-aggression-pact/*.feature).
PACT_NOTICE_DAYS = 30
PACT_LARGE_PER_YEAR = 2  # exercises of 10,000 troops or more
PACT_TANK_CEILING = 800
PACT_REPLY_HOURS = 24
PACT_INSPECTION_QUOTA = 4  # reply within 24 hours, inspectors admitted within 72
# The border runs along 30°W from 10°N to 10.5°N; the demilitarised zone is the strip
# 29.97°W-30.03°W there. Positions near them are drawn between 10.05°N and 10.40°N, where the
# nearest point of the border is due east or west. Distances follow verify's projection of the
# border line (engines/geometry.py): km per degree of longitude 111.320 x cos(10.5°), the
# line's mean latitude. The artillery ban reaches 15 km from the border.
BORDER_LON = -30.0
KM_PER_DEG_LON = 111.320 * math.cos(math.radians(10.5))
NEAR_LAT = (10.05, 10.40)

# Vienna Document 2011 (treaties/vienna-document-2011/*.feature).
VD11_NOTICE_DAYS = 42  # notification and invitation
VD11_CONSTRAINED_PER_YEAR = 6  # more than 13,000 troops or 300 battle tanks
VD11_LARGE_PER_3_YEARS = 1  # more than 40,000 troops or 900 battle tanks
VD11_INSPECTION_QUOTA = 3  # reply within 24 hours, entry within 36
VD11_REPLY_HOURS = 48  # clarification replies and consultation meetings
VD11_SIMULTANEOUS = 3  # activities above 13,000 troops or 300 battle tanks at the same time

# New START (treaties/new-start/*.feature): ended 2026-02-05.
NEW_START_END = epoch("2026-02-05")
NEW_START_QUOTA = 18
NEW_START_NOTICE_HOURS = 120
NEW_START_LIMITS = {"deployed_warheads": 1_550, "deployed_launchers": 700, "launchers": 800}

# Inter-Korean Comprehensive Military Agreement (treaties/korea-cma-2018): the approximate
# Military Demarcation Line, its western and eastern halves (fixed-wing no-fly zones of 20 and
# 40 km), and boxes well inside (and well outside) the two maritime buffer zones.
KOREA_PARTIES = np.array(["KOR", "PRK"], dtype=object)
MDL = np.array(
    [
        [126.675, 37.765],
        [126.677, 37.956],
        [126.850, 38.030],
        [127.020, 38.130],
        [127.200, 38.280],
        [127.410, 38.314],
        [127.450, 38.320],
        [127.750, 38.300],
        [128.050, 38.330],
        [128.250, 38.450],
        [128.360, 38.610],
    ]
)
MDL_WEST, MDL_EAST = MDL[:6], MDL[5:]
GROUND_BUFFER_KM, NO_FLY_WEST_KM, NO_FLY_EAST_KM = 5.0, 20.0, 40.0
NO_FLY_ROTARY_KM, NO_FLY_UAV_WEST_KM, NO_FLY_UAV_EAST_KM = 10.0, 10.0, 15.0
#: (lon min, lon max, lat min, lat max): at least 0.05° inside a buffer zone, or outside both.
SEA_INSIDE = ((124.6, 125.5, 37.3, 37.85), (128.7, 129.0, 38.3, 38.85))
SEA_OUTSIDE = ((124.6, 126.0, 36.5, 37.1), (128.9, 129.4, 37.5, 38.1), (129.2, 129.6, 38.3, 38.9))
#: The maritime buffer zones' outlines (korea-cma-2018/treaty.yaml), to keep ground drills off.
SEA_ZONES = (
    np.array(
        [
            [124.50, 37.23],
            [126.20, 37.23],
            [126.25, 37.70],
            [126.10, 37.85],
            [125.60, 37.90],
            [124.95, 38.20],
            [124.95, 38.54],
            [124.50, 38.54],
            [124.50, 37.23],
        ]
    ),
    np.array(
        [
            [128.60, 38.21],
            [129.10, 38.21],
            [129.10, 38.95],
            [127.93, 38.95],
            [128.33, 38.72],
            [128.37, 38.61],
            [128.47, 38.45],
            [128.60, 38.21],
        ]
    ),
)

# INF Treaty (treaties/inf-treaty/*.feature): ground-launched, 500 to 5,500 km; ended 2019-08-02.
INF_END = epoch("2019-08-02")

OBLIGATIONS = (
    "cma.ground-buffer",
    "cma.maritime-buffer",
    "cma.no-fly",
    "pact.hotline-reply",
    "pact.inspection-entry",
    "pact.inspection-quota",
    "pact.exercise-notice",
    "pact.exercise-frequency",
    "pact.dmz",
    "pact.border-artillery",
    "pact.tank-ceiling",
    "pact.declared-troops",
    "pact.missile-test",
    "inf.prohibited-missile",
    "newstart.inspection",
    "newstart.notification",
    "newstart.data-exchange",
    "newstart.bcc-sessions",
    "newstart.deployed-warheads",
    "newstart.deployed-launchers",
    "newstart.total-launchers",
    "vd11.annual-calendar",
    "vd11.constraint-large",
    "vd11.constraint-annual",
    "vd11.constraint-simultaneous",
    "vd11.information-exchange",
    "vd11.inspection-reply",
    "vd11.inspection-quota",
    "vd11.observation-invitation",
    "vd11.observation-declared",
    "vd11.prior-notification",
    "vd11.alert-notification",
    "vd11.clarification-reply",
    "vd11.consultation-meeting",
)

QUANTITIES = (
    "troops",
    "battle_tanks",
    "acv",
    "artillery",
    "aircraft_sorties",
    "amphibious_troops",
    "parachute_troops",
    "range_km",
    "missiles",
    *NEW_START_LIMITS,
    "artillery_rounds",
    "regiments",
    "vessels",
)
TIME_COLUMNS = ("time", "start", "end")
TEXT_COLUMNS = (
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
)
COLUMN_ORDER = (
    *TEXT_COLUMNS[:6],
    *TIME_COLUMNS,
    "lat",
    "lon",
    "zone",
    *QUANTITIES,
    "flags",
    *TEXT_COLUMNS[7:],
)
#: Arrow type of every column the generator writes.
TYPES: dict[str, pa.DataType] = {
    **dict.fromkeys(TEXT_COLUMNS, pa.string()),
    **dict.fromkeys(TIME_COLUMNS, pa.timestamp("s", tz="UTC")),
    "lat": pa.float64(),
    "lon": pa.float64(),
    **dict.fromkeys(QUANTITIES, pa.int64()),
    "flags": pa.list_(pa.string()),
}
#: Flags are drawn as bit masks of these labels.
FLAG_LABELS = (
    "alert",
    "estimate",
    "refused",
    "ground-launched",
    "fixed-wing",
    "rotary-wing",
    "unmanned",
    "commercial",
    "notified-exception",
)
ALERT, ESTIMATE, REFUSED, GROUND_LAUNCHED = 1, 2, 4, 8
FIXED_WING, ROTARY_WING, UNMANNED, COMMERCIAL, NOTIFIED_EXCEPTION = 16, 32, 64, 128, 256
FLAG_LISTS = pa.array(
    [
        [label for bit, label in enumerate(FLAG_LABELS) if mask & (1 << bit)] or None
        for mask in range(1 << len(FLAG_LABELS))
    ],
    type=pa.list_(pa.string()),
)

#: Shares of the records for the blocks that grow with the feed; small movements fill the rest.
SHARES = {
    "pact_notifiable": 0.06,
    "pact_small": 0.05,
    "pact_movement": 0.05,
    "pact_zone_report": 0.001,
    "pact_hotline": 0.04,
    "pact_holding": 0.01,
    "pact_missile": 0.001,
    "vd11_notifiable": 0.10,
    "vd11_small": 0.30,
    "vd11_holding": 0.05,
    "vd11_clarification": 0.05,
    "vd11_meeting": 0.01,
    "vd11_calendar": 0.01,
    "newstart_data_change": 0.005,
    "inf_missile": 0.001,
    "korea_ground": 0.02,
    "korea_maritime": 0.01,
    "korea_flight": 0.02,
}
#: From this many records, every growing block has at least `MIN_BLOCK` records.
FULL_FROM = 1_000
MIN_BLOCK = 8
#: Shares of the records for blocks of bounded size (counted per party and year), at most.
BOUNDED_SHARES = {
    "pact_large": 0.02,
    "inspections": 0.03,
    "vd11_constrained": 0.03,
    "vd11_large": 0.01,
    "newstart_holding": 0.01,
}
#: Shares of the records for the periodic reports and the clusters of simultaneous activities,
#: drawn after every other block (at most what is left before the small movements).
LATE_SHARES = {
    "newstart_data_exchange": 0.002,
    "vd11_information_exchange": 0.05,
    "vd11_simultaneous": 0.01,
    "newstart_bcc_session": 0.004,
}


class Feed:
    """Records under construction, as pieces of Arrow columns, and the findings they must give."""

    def __init__(self, seed: int, violations: float = 1.0) -> None:
        self.rng = np.random.default_rng(seed)
        #: How many times the usual share of breaching outcomes (`--violations`).
        self.violations = violations
        self.pieces: list[dict[str, pa.Array]] = []
        self.records = 0
        #: Parties and starts of the CONSTRAINED activities, for `vd11_large` to count with.
        self.constrained: tuple[Array, Array] = (np.zeros(0, object), np.zeros(0, np.int64))
        #: Parties, starts and ends of every activity above 13,000 troops or 300 battle tanks
        #: (CONSTRAINED and LARGE), for `vd11.constraint-simultaneous`.
        self.simultaneous: list[tuple[Array, Array, Array]] = []
        self.expected: Counter[str] = Counter(dict.fromkeys(OBLIGATIONS, 0))

    def add(self, **columns: Any) -> None:
        """Add records given column-wise, as numpy arrays of one length or strings.

        Strings are object arrays (a plain string repeats), times epoch seconds, quantities
        numbers (NaN where absent), flags bit masks (`ALERT`, `ESTIMATE`, ...).
        """
        size = len(columns["id"])
        if size == 0:
            return
        piece = {}
        for name, values in columns.items():
            if isinstance(values, str):
                values = np.full(size, values, dtype=object)
            piece[name] = to_arrow(name, values)
        self.pieces.append(piece)
        self.records += size

    def expect(self, obligation: str, count: int | np.integer[Any]) -> None:
        """Count findings of an obligation that the records just added must give."""
        if obligation not in self.expected:
            raise KeyError(f"unknown obligation {obligation!r}")
        self.expected[obligation] += int(count)

    def table(self) -> pa.Table:
        """All records as one table, sorted by time (stable: ties keep the order added)."""
        present = [c for c in COLUMN_ORDER if any(c in piece for piece in self.pieces)]
        columns = {
            name: pa.concat_arrays(
                [
                    piece[name] if name in piece else pa.nulls(len(piece["id"]), TYPES[name])
                    for piece in self.pieces
                ]
            )
            for name in present
        }
        table = pa.table(columns)
        return table.take(pc.sort_indices(table["time"]))

    # -- drawing helpers -----------------------------------------------------------------

    def uniform(self, low: float, high: float, size: int) -> npt.NDArray[np.float64]:
        """Floats drawn uniformly in [low, high)."""
        return self.rng.uniform(low, high, size)

    def integers(self, low: int, high: int, size: int) -> npt.NDArray[np.int64]:
        """Integers drawn uniformly in [low, high] (both included)."""
        return self.rng.integers(low, high, size, endpoint=True)

    def chance(self, p: float, size: int) -> npt.NDArray[np.bool_]:
        """True with probability `p`."""
        return self.rng.random(size) < p

    def seconds(self, low: float, high: float, size: int) -> npt.NDArray[np.int64]:
        """Whole minutes, in seconds, drawn uniformly in [low, high] seconds."""
        return (np.round(self.uniform(low, high, size) / 60) * 60).astype(np.int64)

    def choice(self, options: Array, size: int, p: list[float] | None = None) -> Array:
        """Options drawn with replacement (with probabilities `p`)."""
        return options[self.rng.choice(len(options), size=size, p=p)]

    def classes(self, p: list[float], size: int) -> npt.NDArray[np.int64]:
        """Class numbers 0..len(p)-1 drawn with probabilities `p`."""
        return self.rng.choice(len(p), size=size, p=p)

    def outcomes(self, p: list[float], size: int) -> npt.NDArray[np.int64]:
        """Outcome classes where class 0 complies and the others breach: the breaching ones'
        probabilities scaled by `violations`, and shrunk together so that at least 5 % of the
        draws still comply."""
        breaching = np.asarray(p[1:], dtype=np.float64) * self.violations
        if breaching.sum() > 0.95:
            breaching *= 0.95 / breaching.sum()
        return self.classes([1.0 - float(breaching.sum()), *breaching.tolist()], size)

    def breach_chance(self, p: float, size: int) -> npt.NDArray[np.bool_]:
        """True (the breaching side) with probability `p` scaled by `violations`, at most 95 %."""
        return self.chance(min(p * self.violations, 0.95), size)

    def others(self, parties: Array, among: Array) -> Array:
        """For each party, another party drawn from `among`."""
        drawn = self.choice(among, len(parties))
        clash = drawn == parties
        drawn[clash] = np.where(parties[clash] == among[0], among[1], among[0])
        return drawn

    def grades(self, size: int) -> tuple[Array, Array]:
        """Admiralty reliability and credibility grades of observations."""
        weights = [0.3, 0.35, 0.2, 0.1, 0.05]
        return (
            self.choice(np.array(list("ABCDF"), dtype=object), size, weights),
            self.choice(np.array(list("12346"), dtype=object), size, weights),
        )


def to_arrow(name: str, values: Array) -> pa.Array:
    """One column of a piece as an Arrow array of the column's type."""
    kind = TYPES[name]
    if name == "flags":
        return FLAG_LISTS.take(pa.array(values, pa.int64()))
    if pa.types.is_timestamp(kind):
        return pa.array(values, pa.int64()).cast(kind)
    if pa.types.is_integer(kind):
        return pa.array(np.round(np.asarray(values, dtype=np.float64)), from_pandas=True).cast(kind)
    return pa.array(values, kind, from_pandas=True)


def names(prefix: str, numbers: Array, suffix: str = "", ordinals: Array | None = None) -> Array:
    """Identifiers `prefix` + number + `suffix` (+ ordinal), as an object array."""
    parts: list[Any] = [prefix, pa.array(np.asarray(numbers, dtype=np.int64)).cast(pa.string())]
    parts.append(suffix)
    if ordinals is not None:
        parts.append(pa.array(np.asarray(ordinals, dtype=np.int64)).cast(pa.string()))
    return pc.binary_join_element_wise(*parts, "").to_numpy(zero_copy_only=False)


def fit(units: Units, records_per_unit: Array, budget: int) -> Units:
    """The leading units whose records fit in the budget."""
    keep = int(np.searchsorted(np.cumsum(records_per_unit), budget, side="right"))
    return {key: value[:keep] for key, value in units.items()}


def fit_groups(units: Units, group: Array, records_per_unit: Array, budget: int) -> Units:
    """The leading whole groups of units (units sorted by group) whose records fit the budget."""
    if len(group) == 0:
        return units
    totals = np.bincount(group, weights=records_per_unit)
    keep_groups = int(np.searchsorted(np.cumsum(totals), budget, side="right"))
    keep = group < keep_groups
    return {key: value[keep] for key, value in units.items()}


def year_start(years: Array) -> npt.NDArray[np.int64]:
    """1 January (midnight UTC) of each year, in epoch seconds."""
    starts = (np.asarray(years, dtype=np.int64) - 1970).astype("datetime64[Y]")
    return starts.astype("datetime64[s]").astype(np.int64)


def year_of(seconds: Array) -> npt.NDArray[np.int64]:
    """The UTC calendar year of epoch seconds."""
    return (
        np.asarray(seconds, dtype=np.int64)
        .astype("datetime64[s]")
        .astype("datetime64[Y]")
        .astype(np.int64)
        + 1970
    )


def over_limit(parties: Array, anchors: Array, limit: int, years: int) -> int:
    """How many activities a frequency limit catches: each activity that is the (limit+1)-th or
    later of its party within the `years` calendar years ending with its own year."""
    caught = 0
    for party in np.unique(parties):
        mine = np.sort(anchors[parties == party])
        first = np.searchsorted(mine, year_start(year_of(mine) - (years - 1)), side="left")
        caught += int(np.sum(np.arange(len(mine)) - first + 1 > limit))
    return caught


def window(year: int, low: int = T0 + 45 * DAY, high: int = T_END - 20 * DAY) -> tuple[int, int]:
    """Start times allowed in a calendar year: 2 January to 29 December, within [low, high]."""
    return max(epoch(f"{year}-01-02"), low), min(epoch(f"{year}-12-29"), high)


# -- positions ----------------------------------------------------------------------------

AWAY, NEAR, DMZ, BEYOND = 0, 1, 2, 3


def pact_positions(
    feed: Feed, party: Array, where: Array
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Latitudes and longitudes for pact records by position class.

    AWAY: at least 38 km from the border, on the party's side (ARV west, BOS east); NEAR: 3.9 to
    14.5 km from the border, outside the zone (half-width 3.28 km); DMZ: inside the demilitarised
    zone, at least 0.006° from its edge; BEYOND: 15.5 to 30 km from the border.
    """
    size = len(party)
    side = np.where(party == "ARV", -1.0, 1.0)
    lat = feed.uniform(*NEAR_LAT, size)
    km = np.select(
        [where == NEAR, where == BEYOND],
        [feed.uniform(3.9, 14.5, size), feed.uniform(15.5, 30.0, size)],
        0.0,
    )
    lon = BORDER_LON + side * km / KM_PER_DEG_LON
    inside = where == DMZ
    lon[inside] = BORDER_LON + feed.uniform(-0.024, 0.024, int(inside.sum()))
    away = where == AWAY
    lat[away] = feed.uniform(9.0, 12.0, int(away.sum()))
    lon[away] = -30.05 + side[away] * feed.uniform(0.4, 1.5, int(away.sum()))
    return np.round(lat, 5), np.round(lon, 5)


def europe_positions(
    feed: Feed, size: int
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Positions in Europe, thousands of kilometres from every zone of the shipped packs."""
    return np.round(feed.uniform(42.0, 62.0, size), 5), np.round(feed.uniform(-5.0, 45.0, size), 5)


# -- activities (exercises and movements) with their notices ------------------------------

COUNTERPARTS = ("notification", "calendar", "invitation")


def emit_activities(feed: Feed, block: str, units: Units) -> None:
    """Write activity units: their notices, a first observation and follow-up observations.

    `units` holds one entry per activity: `party`, `kind`, `start`, `duration`, quantities (NaN
    where absent), for each kind of notice K in `COUNTERPARTS` `K:sent` and `K:time`, the
    notification's `declared` troops, `flags`, `lat`, `lon`, `follow_ups`, `follow_lat` and
    `follow_lon` (where follow-up observations are made) and `expect:<obligation>` counts.
    """
    size = len(units["party"])
    if size == 0:
        return
    for key, counts in units.items():
        if key.startswith("expect:"):
            feed.expect(key.removeprefix("expect:"), counts.sum())
    number = np.arange(size)
    activity = names(f"{block}-", number)
    start, end = units["start"], units["start"] + units["duration"]
    pact = block.startswith("pact")
    quantities = [q for q in QUANTITIES if q in units]
    for kind in COUNTERPARTS:
        if f"{kind}:sent" not in units:
            continue
        sent = units[f"{kind}:sent"]
        extra: dict[str, Array] = {}
        if kind == "notification":
            # A notification gives its activity's figures, and says when it is a snap one.
            flags = np.where(units["flags"][sent] & ALERT, ALERT, 0)
            extra = {"troops": units["declared"][sent], "flags": flags}
        feed.add(
            id=names(f"{block}-", number[sent], f"-{kind[0]}"),
            kind=kind,
            party=units["party"][sent],
            activity=activity[sent],
            time=units[f"{kind}:time"][sent],
            start=start[sent],
            end=end[sent],
            **extra,
            source="pact-hotline" if pact else "osce-network",
            reliability="A",
            credibility="1",
            releasability="parties",
        )

    observed_at = start + feed.seconds(0, 6 * HOUR, size)
    reliability, credibility = feed.grades(size)
    sources = np.array(["satellite-imagery", "national-technical-means", "open-source"], object)
    feed.add(
        id=names(f"{block}-", number, "-o1"),
        kind=units["kind"],
        party=units["party"],
        activity=activity,
        time=observed_at,
        start=start,
        end=end,
        lat=units["lat"],
        lon=units["lon"],
        **{q: units[q] for q in quantities},
        flags=units["flags"],
        source=feed.choice(sources, size),
        reliability=reliability,
        credibility=credibility,
        releasability="national",
    )

    counts = units["follow_ups"]
    follow = np.repeat(number, counts)
    if len(follow) == 0:
        return
    order = np.arange(len(follow)) - np.repeat(np.cumsum(counts) - counts, counts)
    reliability, credibility = feed.grades(len(follow))
    feed.add(
        id=names(f"{block}-", follow, "-o", order + 2),
        kind=units["kind"][follow],
        party=units["party"][follow],
        activity=activity[follow],
        time=observed_at[follow] + (order + 1) * feed.seconds(12 * HOUR, 36 * HOUR, len(follow)),
        start=start[follow],
        end=end[follow],
        lat=units["follow_lat"][follow],
        lon=units["follow_lon"][follow],
        **{q: units[q][follow] for q in quantities},
        flags=units["flags"][follow],
        source=feed.choice(sources, len(follow)),
        reliability=reliability,
        credibility=credibility,
        releasability="national",
    )


def activity_records(units: Units) -> Array:
    """Records per activity unit: its notices, the first observation, follow-ups."""
    notices = sum(
        (
            units[f"{kind}:sent"].astype(np.int64)
            for kind in COUNTERPARTS
            if f"{kind}:sent" in units
        ),
        start=np.zeros(len(units["party"]), dtype=np.int64),
    )
    return notices + 1 + units["follow_ups"]


def notice(feed: Feed, start: Array, days: int, alert: Array) -> tuple[Array, Array, Array, Array]:
    """A notice due `days` before the start: whether sent, when, and which are findings.

    Planned activities: 88 % on time (at least a day before the deadline), 8 % late (at least
    a day after it, possibly after the start), 4 % never. Snap (alert) activities: 40 % ahead
    of the deadline, 30 % between it and the start (an hour's margin), 15 % after the start,
    15 % never. Returns `sent`, `time`, `late` (a planned activity's notice missing or late)
    and `late_snap` (a snap activity's notice after its start or never sent).
    """
    size = len(start)
    outcome = feed.outcomes([0.88, 0.08, 0.04], size)
    lead = np.where(
        outcome == 0,
        feed.seconds((days + 1) * DAY, (days + 90) * DAY, size),
        feed.seconds(-2 * DAY, (days - 1) * DAY, size),
    )
    snap = feed.classes([0.40, 0.30, 0.15, 0.15], size)
    snap_lead = np.select(
        [snap == 0, snap == 1],
        [
            feed.seconds((days + 1) * DAY, (days + 30) * DAY, size),
            feed.seconds(HOUR, max(days - 1, 1) * DAY, size),
        ],
        feed.seconds(-2 * DAY, -HOUR, size),
    )
    sent = np.where(alert, snap != 3, outcome != 2)
    sent_at = start - np.where(alert, snap_lead, lead)
    late = (~alert & (outcome != 0)).astype(np.int64)
    late_snap = (alert & (snap >= 2)).astype(np.int64)
    return sent, sent_at, late, late_snap


def calendar_entry(feed: Feed, start: Array, exempt: Array) -> tuple[Array, Array, Array]:
    """An entry in the annual calendar, due by 15 November of the year before the start (the
    start or the end of that day: either reading gives the same counts): 90 % one hour to 75
    days before that day, 5 % one to 60 days after it, 5 % never. Returns `sent`, `time` and
    `late` (missing or late, for activities not `exempt`)."""
    size = len(start)
    due = year_start(year_of(start) - 1) + (epoch("2001-11-15") - epoch("2001-01-01"))
    outcome = feed.outcomes([0.90, 0.05, 0.05], size)
    sent_at = np.where(
        outcome == 0,
        due - feed.seconds(HOUR, 75 * DAY, size),
        due + feed.seconds(DAY, 60 * DAY, size),
    )
    return outcome != 2, sent_at, (~exempt & (outcome != 0)).astype(np.int64)


def pact_activities(
    feed: Feed,
    size: int,
    *,
    kind: str,
    party: Array,
    start: Array,
    troops: Array,
    tanks: Array,
    notifiable: bool,
    where_p: list[float],
) -> Units:
    """Example-pact exercises or movements, with their notifications and expected findings.

    Notifiable exercises follow `notice` (30 days; 5 % are snap exercises, exempt when notified
    by their start); others are notified 30 % of the time, at any lead. Declarations are the
    observed troops rounded up to the hundred, or for 5 % of notified exercises under-declared
    by 15 % or more (observed > declared x 1.10). 40 % of exercises report artillery.
    """
    exercise = np.full(size, kind == "exercise")
    artillery = np.where(feed.chance(0.4, size), feed.integers(1, 60, size), 0).astype(float)
    artillery[~exercise] = np.nan
    alert = exercise & feed.chance(0.05 if notifiable else 0.0, size)
    if notifiable:
        sent, sent_at, late, late_snap = notice(feed, start, PACT_NOTICE_DAYS, alert)
        missed = late + late_snap
    else:
        sent = exercise & feed.chance(0.3, size)
        sent_at = start - feed.seconds(DAY, 60 * DAY, size)
        missed = np.zeros(size, dtype=np.int64)
    under = sent & feed.chance(0.05, size)
    declared = np.where(
        under, np.floor(troops / feed.uniform(1.15, 1.6, size)), np.ceil(troops / 100) * 100
    )
    where = feed.classes(where_p, size)
    lat, lon = pact_positions(feed, party, where)
    follow_lat, follow_lon = pact_positions(feed, party, np.full(size, AWAY))
    near = (where == NEAR) | (where == DMZ)
    return {
        "party": party,
        "kind": np.full(size, kind, dtype=object),
        "start": start,
        "duration": feed.seconds(2 * DAY, 14 * DAY, size),
        "troops": troops.astype(float),
        "battle_tanks": tanks.astype(float),
        "artillery": artillery,
        "notification:sent": sent,
        "notification:time": sent_at,
        "declared": declared,
        "flags": np.where(alert, ALERT, 0) | np.where(feed.chance(0.03, size), ESTIMATE, 0),
        "lat": lat,
        "lon": lon,
        "follow_ups": feed.integers(0, 2, size),
        "follow_lat": follow_lat,
        "follow_lon": follow_lon,
        "expect:pact.exercise-notice": missed,
        "expect:pact.declared-troops": under.astype(np.int64),
        "expect:pact.dmz": (where == DMZ).astype(np.int64),
        "expect:pact.border-artillery": (exercise & near & (np.nan_to_num(artillery) >= 1)).astype(
            np.int64
        ),
    }


def activity_starts(feed: Feed, size: int) -> npt.NDArray[np.int64]:
    """Activity starts: from 45 days after `T0` to 20 days before `T_END`."""
    return feed.seconds(T0 + 45 * DAY, T_END - 20 * DAY, size)


def pact_notifiable(feed: Feed, budget: int) -> None:
    """Pact exercises that must be notified (3,100 to 9,500 troops, or 110+ tanks), none large."""
    size = budget
    by_troops = feed.chance(0.8, size)
    units = pact_activities(
        feed,
        size,
        kind="exercise",
        party=feed.choice(PACT_PARTIES, size),
        start=activity_starts(feed, size),
        troops=np.where(
            by_troops, feed.integers(3_100, 9_500, size), feed.integers(500, 2_900, size)
        ),
        tanks=np.where(by_troops, feed.integers(0, 300, size), feed.integers(110, 250, size)),
        notifiable=True,
        where_p=[0.86, 0.06, 0.02, 0.06],
    )
    emit_activities(feed, "pact-x", fit(units, activity_records(units), budget))


def pact_small(feed: Feed, budget: int) -> None:
    """Pact exercises below every notice threshold (2,900 troops and 95 tanks at most)."""
    size = budget
    units = pact_activities(
        feed,
        size,
        kind="exercise",
        party=feed.choice(PACT_PARTIES, size),
        start=activity_starts(feed, size),
        troops=feed.integers(100, 2_900, size),
        tanks=feed.integers(0, 95, size),
        notifiable=False,
        where_p=[0.86, 0.06, 0.02, 0.06],
    )
    emit_activities(feed, "pact-s", fit(units, activity_records(units), budget))


def pact_movements(feed: Feed, budget: int) -> None:
    """Pact troop movements: no notice due, but some inside the demilitarised zone."""
    size = budget
    units = pact_activities(
        feed,
        size,
        kind="movement",
        party=feed.choice(PACT_PARTIES, size),
        start=activity_starts(feed, size),
        troops=feed.integers(200, 6_000, size),
        tanks=feed.integers(0, 80, size),
        notifiable=False,
        where_p=[0.88, 0.05, 0.02, 0.05],
    )
    emit_activities(feed, "pact-m", fit(units, activity_records(units), budget))


def pact_large(feed: Feed, budget: int) -> None:
    """Large pact exercises (10,100+ troops): 0 to 4 per party and calendar year, so the
    frequency limit (2 a year) is exceeded max(0, k - 2) times in each party-year kept."""
    parties, starts, groups = [], [], []
    for group, (party, year) in enumerate((p, y) for p in PACT_PARTIES for y in YEARS):
        count = int(feed.classes([0.2, 0.3, 0.25, 0.15, 0.1], 1)[0])
        parties += [party] * count
        starts += list(feed.seconds(*window(year), count))
        groups += [group] * count
    size = len(parties)
    group = np.array(groups, dtype=np.int64)
    units = pact_activities(
        feed,
        size,
        kind="exercise",
        party=np.array(parties, dtype=object),
        start=np.array(starts, dtype=np.int64),
        troops=feed.integers(10_100, 30_000, size),
        tanks=feed.integers(50, 400, size),
        notifiable=True,
        where_p=[0.85, 0.05, 0.05, 0.05],
    )
    units = fit_groups(units, group, activity_records(units), budget)
    feed.expect(
        "pact.exercise-frequency",
        over_limit(units["party"], units["start"], PACT_LARGE_PER_YEAR, 1),
    )
    emit_activities(feed, "pact-l", units)


def pact_zone_reports(feed: Feed, budget: int) -> None:
    """Movements reported inside the demilitarised zone by zone id, without a position."""
    size = budget
    reliability, credibility = feed.grades(size)
    feed.add(
        id=names("pact-z-", np.arange(size)),
        kind="movement",
        party=feed.choice(PACT_PARTIES, size),
        time=feed.seconds(T0, T_LAST, size),
        zone="dmz",
        troops=feed.integers(50, 800, size),
        source="open-source",
        reliability=reliability,
        credibility=credibility,
    )
    feed.expect("pact.dmz", size)


def pact_missiles(feed: Feed, budget: int) -> None:
    """Missile tests by pact parties: 40 % of 310 km range or more (prohibited), the rest 290
    km or less."""
    size = budget
    prohibited = feed.chance(0.4, size)
    feed.add(
        id=names("pact-t-", np.arange(size)),
        kind="missile_test",
        party=feed.choice(PACT_PARTIES, size),
        time=feed.seconds(T0, T_LAST, size),
        range_km=np.where(
            prohibited, feed.integers(310, 1_500, size), feed.integers(40, 290, size)
        ),
        source="national-technical-means",
        reliability="B",
        credibility="2",
    )
    feed.expect("pact.missile-test", prohibited.sum())


# -- Vienna Document activities -----------------------------------------------------------

# Paragraph 40 notification thresholds (also the calendar's), paragraph 47.4 observation
# thresholds, paragraph 67 constraints (strictly more than).
VD11_NOTIFY = {
    "troops": 9_000,
    "battle_tanks": 250,
    "acv": 500,
    "artillery": 250,
    "aircraft_sorties": 200,
    "amphibious_troops": 3_000,
    "parachute_troops": 3_000,
}
#: Tier of a Vienna Document activity: what its figures reach.
SMALL, NOTIFIED, OBSERVED, CONSTRAINED, LARGE = 0, 1, 2, 3, 4


def vd11_figures(feed: Feed, tier: Array) -> dict[str, Array]:
    """Paragraph 40 figures of activities by tier, each at least 1 % from every threshold.

    SMALL: below every notification threshold. NOTIFIED: notifiable (troops 9,200-12,700, tanks
    255-294, sorties, or 3,060-3,430 amphibious or parachute troops) but below the observation
    thresholds and the constraints. OBSERVED: also subject to observation (acv 510+, artillery
    255+, 3,570+ amphibious or parachute troops) but not constrained. CONSTRAINED: 13,300-39,000
    troops or 306-880 tanks. LARGE: 41,000-90,000 troops or 920-1,500 tanks.
    """
    size = len(tier)
    figures: dict[str, Array] = {
        "troops": feed.integers(300, 8_800, size).astype(float),
        "battle_tanks": feed.integers(0, 245, size).astype(float),
        "acv": feed.integers(0, 490, size).astype(float),
        "artillery": feed.integers(0, 245, size).astype(float),
        "aircraft_sorties": np.where(feed.chance(0.3, size), feed.integers(0, 195, size), np.nan),
        "amphibious_troops": np.full(size, np.nan),
        "parachute_troops": np.full(size, np.nan),
    }
    ranges = {
        NOTIFIED: [
            ("troops", 9_200, 12_700, 0.5),
            ("battle_tanks", 255, 294, 0.15),
            ("aircraft_sorties", 205, 800, 0.15),
            ("amphibious_troops", 3_060, 3_430, 0.1),
            ("parachute_troops", 3_060, 3_430, 0.1),
        ],
        OBSERVED: [
            ("acv", 510, 1_500, 0.4),
            ("artillery", 255, 600, 0.4),
            ("amphibious_troops", 3_570, 6_000, 0.1),
            ("parachute_troops", 3_570, 6_000, 0.1),
        ],
        CONSTRAINED: [("troops", 13_300, 39_000, 0.7), ("battle_tanks", 306, 880, 0.3)],
        LARGE: [("troops", 41_000, 90_000, 0.7), ("battle_tanks", 920, 1_500, 0.3)],
    }
    for level, options in ranges.items():
        rows = np.flatnonzero(tier == level)
        picked = feed.classes([p for *_, p in options], len(rows))
        for number, (name, low, high, _) in enumerate(options):
            chosen = rows[picked == number]
            figures[name][chosen] = feed.integers(low, high, len(chosen))
    return figures


def vd11_units(feed: Feed, party: Array, start: Array, tier: Array, alert_p: float) -> Units:
    """Vienna Document activities with their notification, calendar entry and invitation.

    Notifiable activities (tier NOTIFIED and up) follow `notice` for the notification (42 days)
    and the invitation (tiers OBSERVED and up, 42 days), and `calendar_entry` for the annual
    calendar (binding for LARGE ones only); snap (alert) activities, drawn only among NOTIFIED
    and OBSERVED ones, are exempt from all three and owe a notification by their start
    instead. SMALL ones are notified 15 % of the time and owe nothing.
    """
    size = len(party)
    notifiable = tier >= NOTIFIED
    alert = notifiable & (tier <= OBSERVED) & feed.chance(alert_p, size)
    sent, sent_at, late, late_snap = notice(feed, start, VD11_NOTICE_DAYS, alert)
    voluntary = feed.chance(0.15, size)
    sent = np.where(notifiable, sent, voluntary)
    sent_at = np.where(notifiable, sent_at, start - feed.seconds(DAY, 90 * DAY, size))
    entered, entered_at, entry_late = calendar_entry(feed, start, alert)
    observed = tier >= OBSERVED
    invited, invited_at, invite_late, _ = notice(
        feed, start, VD11_NOTICE_DAYS, np.zeros(size, bool)
    )
    lat, lon = europe_positions(feed, size)
    follow_lat, follow_lon = europe_positions(feed, size)
    figures = vd11_figures(feed, tier)
    # About one in five activities of 13,300 troops or more is notified at 12,900 (below the
    # observation threshold), chosen from the figures so the random draws stay as they were.
    under = (figures["troops"] >= 13_300) & (figures["troops"] % 5 == 0)
    declared = np.where(under, 12_900.0, np.ceil(figures["troops"] / 100) * 100)
    owed = len(VD11_PARTIES) - 1  # invitations are owed to each other participating State
    return {
        "party": party,
        "kind": feed.choice(np.array(["exercise", "movement"], dtype=object), size, [0.75, 0.25]),
        "start": start,
        "duration": feed.seconds(DAY, 21 * DAY, size),
        **figures,
        "notification:sent": sent,
        "notification:time": sent_at,
        "declared": declared,
        "calendar:sent": notifiable & entered & ~alert,
        "calendar:time": entered_at,
        "invitation:sent": observed & invited & ~alert,
        "invitation:time": invited_at,
        "flags": np.where(alert, ALERT, 0) | np.where(feed.chance(0.03, size), ESTIMATE, 0),
        "lat": lat,
        "lon": lon,
        "follow_ups": feed.integers(0, 2, size),
        "follow_lat": follow_lat,
        "follow_lon": follow_lon,
        "expect:vd11.prior-notification": np.where(notifiable, late, 0),
        "expect:vd11.alert-notification": np.where(notifiable, late_snap, 0),
        "expect:vd11.annual-calendar": np.where(tier >= LARGE, entry_late, 0),
        "expect:vd11.observation-invitation": np.where(observed & ~alert, invite_late * owed, 0),
        "expect:vd11.observation-declared": (under & sent).astype(np.int64),
    }


def vd11_activities(feed: Feed, budget: int, notifiable: bool) -> None:
    """Exercises and movements of the participating States, notifiable (60 % NOTIFIED, 40 %
    OBSERVED; 4 % snap) or SMALL. None is counted by the constraints of paragraph 67."""
    size = budget
    tier = (
        np.where(feed.chance(0.6, size), NOTIFIED, OBSERVED) if notifiable else np.zeros(size, int)
    )
    units = vd11_units(
        feed, feed.choice(VD11_PARTIES, size), activity_starts(feed, size), tier, 0.04
    )
    if not notifiable:
        units["follow_ups"] = feed.integers(0, 1, size)
    block = "vd11-x" if notifiable else "vd11-s"
    emit_activities(feed, block, fit(units, activity_records(units), budget))


def vd11_constrained(feed: Feed, budget: int) -> None:
    """Activities the constraints of paragraph 67 count: per State and calendar year 0 to 8
    CONSTRAINED ones (the limit is 6 a year), kept by whole State-year within the budget."""
    parties, starts, groups = [], [], []
    order = feed.rng.permutation(len(VD11_PARTIES) * len(YEARS))
    for group, cell in enumerate(order):
        party, year = VD11_PARTIES[cell // len(YEARS)], YEARS[cell % len(YEARS)]
        count = int(feed.classes([0.25, 0.2, 0.15, 0.1, 0.08, 0.07, 0.06, 0.05, 0.04], 1)[0])
        parties += [party] * count
        starts += list(feed.seconds(*window(year), count))
        groups += [group] * count
    tier = np.full(len(parties), CONSTRAINED)
    units = vd11_units(
        feed, np.array(parties, dtype=object), np.array(starts, dtype=np.int64), tier, 0.0
    )
    units = fit_groups(units, np.array(groups, dtype=np.int64), activity_records(units), budget)
    feed.constrained = (units["party"], units["start"])
    feed.simultaneous.append((units["party"], units["start"], units["start"] + units["duration"]))
    emit_activities(feed, "vd11-c", units)


def vd11_large(feed: Feed, budget: int) -> None:
    """LARGE activities: 1 to 3 per State over the whole period for some States (at most one is
    allowed within three calendar years), kept by whole State within the budget. The annual
    constraint (six a year) counts the CONSTRAINED ones only (`vd11_constrained` runs first):
    it excludes activities above 40,000 troops or 900 battle tanks."""
    parties, starts, groups = [], [], []
    for group, party in enumerate(feed.rng.permutation(VD11_PARTIES)):
        count = int(feed.classes([0.5, 0.3, 0.15, 0.05], 1)[0])
        parties += [party] * count
        starts += list(activity_starts(feed, count))
        groups += [group] * count
    tier = np.full(len(parties), LARGE)
    units = vd11_units(
        feed, np.array(parties, dtype=object), np.array(starts, dtype=np.int64), tier, 0.0
    )
    units = fit_groups(units, np.array(groups, dtype=np.int64), activity_records(units), budget)
    feed.expect(
        "vd11.constraint-large",
        over_limit(units["party"], units["start"], VD11_LARGE_PER_3_YEARS, 3),
    )
    parties_before, starts_before = feed.constrained
    feed.expect(
        "vd11.constraint-annual",
        over_limit(parties_before, starts_before, VD11_CONSTRAINED_PER_YEAR, 1),
    )
    feed.simultaneous.append((units["party"], units["start"], units["start"] + units["duration"]))
    emit_activities(feed, "vd11-l", units)


# -- requests and replies -----------------------------------------------------------------


def requests_and_replies(
    feed: Feed,
    block: str,
    budget: int,
    *,
    parties: Array,
    request_kind: str,
    reply_kind: str,
    hours: int,
    source: str,
    period: tuple[int, int] = (T0, T_LAST - 10 * DAY),
) -> tuple[Array, Array]:
    """Requests from one party to another and the addressee's answer: 88 % within the deadline
    (an hour's margin), 7 % at least an hour late, 5 % never. Returns, per request kept, the
    late-or-missing indicator and the request time."""
    outcome = feed.outcomes([0.88, 0.07, 0.05], budget)
    replied = outcome != 2
    units = fit({"outcome": outcome, "replied": replied}, 1 + replied.astype(np.int64), budget)
    outcome, replied = units["outcome"], units["replied"]
    size = len(outcome)
    asker = feed.choice(parties, size)
    addressee = feed.others(asker, parties)
    asked = feed.seconds(*period, size)
    delay = np.where(
        outcome == 0,
        feed.seconds(10 * 60, (hours - 1) * HOUR, size),
        feed.seconds((hours + 1) * HOUR, 4 * hours * HOUR, size),
    )
    request_id = names(f"{block}-", np.arange(size), "-q")
    feed.add(
        id=request_id,
        kind=request_kind,
        party=asker,
        counterparty=addressee,
        time=asked,
        source=source,
        reliability="A",
        credibility="1",
        releasability="parties",
    )
    feed.add(
        id=names(f"{block}-", np.flatnonzero(replied), "-r"),
        kind=reply_kind,
        party=addressee[replied],
        counterparty=asker[replied],
        refers_to=request_id[replied],
        time=asked[replied] + delay[replied],
        source=source,
        reliability="A",
        credibility="1",
        releasability="parties",
    )
    return (outcome != 0).astype(np.int64), asked


def pact_hotline(feed: Feed, budget: int) -> None:
    """Clarification requests over the pact hotline; a reply is due within 24 hours."""
    missed, _ = requests_and_replies(
        feed,
        "pact-h",
        budget,
        parties=PACT_PARTIES,
        request_kind="clarification_request",
        reply_kind="clarification_reply",
        hours=PACT_REPLY_HOURS,
        source="pact-hotline",
    )
    feed.expect("pact.hotline-reply", missed.sum())


def vd11_clarifications(feed: Feed, budget: int) -> None:
    """Requests for an explanation of unusual activities (Chapter III); replies due in 48 hours."""
    missed, _ = requests_and_replies(
        feed,
        "vd11-q",
        budget,
        parties=VD11_PARTIES,
        request_kind="clarification_request",
        reply_kind="clarification_reply",
        hours=VD11_REPLY_HOURS,
        source="osce-network",
    )
    feed.expect("vd11.clarification-reply", missed.sum())


def vd11_meetings(feed: Feed, budget: int) -> None:
    """Requests for a consultation meeting (paragraph 16.2); the meeting is due in 48 hours."""
    missed, _ = requests_and_replies(
        feed,
        "vd11-mt",
        budget,
        parties=VD11_PARTIES,
        request_kind="meeting_request",
        reply_kind="meeting",
        hours=VD11_REPLY_HOURS,
        source="osce-network",
    )
    feed.expect("vd11.consultation-meeting", missed.sum())


def newstart_data_changes(feed: Feed, budget: int) -> None:
    """New START data changes reported by one Party about the other, which owes a notification
    within five days: matched by `refers_to` (60 %) or by activity key. Only those due before
    the Treaty ended (changes up to 2026-01-20) can be findings; later ones (from 2026-02-15)
    cannot."""
    outcome = feed.outcomes([0.88, 0.07, 0.05], budget)
    replied = outcome != 2
    units = fit({"outcome": outcome, "replied": replied}, 1 + replied.astype(np.int64), budget)
    outcome, replied = units["outcome"], units["replied"]
    size = len(outcome)
    reporter = feed.choice(STRATEGIC_PARTIES, size)
    changed = feed.others(reporter, STRATEGIC_PARTIES)
    in_force = feed.chance(0.7, size)
    occurred = np.where(
        in_force,
        feed.seconds(T0, epoch("2026-01-20"), size),
        feed.seconds(epoch("2026-02-15"), T_LAST - 20 * DAY, size),
    )
    hours = NEW_START_NOTICE_HOURS
    delay = np.where(
        outcome == 0,
        feed.seconds(HOUR, (hours - 1) * HOUR, size),
        feed.seconds((hours + 1) * HOUR, 3 * hours * HOUR, size),
    )
    by_key = feed.chance(0.4, size)
    change_id = names("ns-d-", np.arange(size), "-q")
    key = names("ns-d-", np.arange(size))
    feed.add(
        id=change_id,
        kind="data_change",
        party=reporter,
        counterparty=changed,
        activity=key,
        time=occurred,
        source="national-technical-means",
        reliability="B",
        credibility="2",
        releasability="parties",
    )
    rows = np.flatnonzero(replied)
    feed.add(
        id=names("ns-d-", rows, "-n"),
        kind="notification",
        party=changed[rows],
        counterparty=reporter[rows],
        activity=key[rows],
        refers_to=np.where(by_key[rows], None, change_id[rows]),
        time=occurred[rows] + delay[rows],
        source="nrrc",
        reliability="A",
        credibility="1",
        releasability="parties",
    )
    feed.expect("newstart.notification", np.sum((outcome != 0) & in_force))


# -- inspections --------------------------------------------------------------------------


_CELL_KINDS: tuple[Callable[[tuple[Any, ...]], bool], ...] = (
    lambda cell: cell[0] in PACT_PARTIES,
    lambda cell: cell[4] is not None and cell[0] not in PACT_PARTIES,
    lambda cell: cell[4] is None,
)


def inspections(feed: Feed, budget: int) -> None:
    """Inspection requests under the pact (ARV, BOS), the Vienna Document (any State) and New
    START (USA and RUS, in force until 2026-02-05), with a controlled count per addressee and
    calendar year at distinct times, so the rank of each request within every quota is known.

    Answers: reply within 23 hours, or 25-60 hours (late), or never, or a refusal within 23
    hours and no inspection; inspectors admitted within 35 hours, 37-71 (late under the
    Vienna Document), 73-200 (late under both), or never. Findings: pact (rank <= 4) and
    Vienna Document (rank <= 3) replies and entries missed, refusals within those quotas, and
    New START refusals within 18 a treaty year (from 5 February) before the Treaty ended.
    """
    # Per addressee and year: the time window, who asks (None: any other State), how many.
    cells: list[tuple[str, int, int, int, str | None, int]] = []
    for party in PACT_PARTIES:
        asker = "BOS" if party == "ARV" else "ARV"
        cells += [(party, year, *window(year, T0, T_LAST - 20 * DAY), asker, 6) for year in YEARS]
    for party in VD11_PARTIES:
        for year in YEARS:
            low, high = window(year, T0, T_LAST - 20 * DAY)
            if party in STRATEGIC_PARTIES and year <= 2025:
                asker = "RUS" if party == "USA" else "USA"
                cells.append((party, year, low, high, asker, 22))
            elif party in STRATEGIC_PARTIES and year == 2026:
                cells.append((party, year, max(low, NEW_START_END + 5 * DAY), high, None, 5))
            else:
                cells.append((party, year, low, high, None, 5))
    parties, askers, asked, ranks, groups = [], [], [], [], []
    # Cells taken in turn from the pact's, New START's and the others' (each in random order),
    # so that a small budget still has some of each.
    kinds = [[n for n, c in enumerate(cells) if test(c)] for test in _CELL_KINDS]
    shuffled = [list(feed.rng.permutation(k)) for k in kinds]
    turns = [cell for row in itertools.zip_longest(*shuffled) for cell in row if cell is not None]
    for group, position in enumerate(turns):
        party, year, low, high, asker, most = cells[position]
        count = int(feed.integers(0, most, 1)[0])
        slot = (high - low) / max(count, 1)
        drawn = feed.others(np.full(count, party, dtype=object), VD11_PARTIES)
        for rank in range(count):
            parties.append(party)
            askers.append(asker or drawn[rank])
            asked.append(low + int((rank + feed.uniform(0.1, 0.9, 1)[0]) * slot) // 60 * 60)
            ranks.append(rank + 1)
            groups.append(group)
    size = len(parties)
    # Reply: 0 in time, 1 late, 2 never, 3 refused. Entry: 0 prompt, 1 late for the Vienna
    # Document only, 2 late for both, 3 never.
    reply = feed.outcomes([0.78, 0.07, 0.05, 0.10], size)
    entry = feed.outcomes([0.8, 0.08, 0.06, 0.06], size)
    entry[reply == 3] = 3
    units: Units = {
        "party": np.array(parties, dtype=object),
        "asker": np.array(askers, dtype=object),
        "asked": np.array(asked, dtype=np.int64),
        "rank": np.array(ranks, dtype=np.int64),
        "reply": reply,
        "entry": entry,
    }
    records = 1 + (reply != 2) + (entry != 3)
    units = fit_groups(units, np.array(groups, dtype=np.int64), records, budget)
    party, asker, at, rank = units["party"], units["asker"], units["asked"], units["rank"]
    reply, entry = units["reply"], units["entry"]
    size = len(party)
    request_id = names("insp-", np.arange(size), "-q")
    feed.add(
        id=request_id,
        kind="inspection_request",
        party=asker,
        counterparty=party,
        time=at,
        source="treaty-channel",
        reliability="A",
        credibility="1",
        releasability="parties",
    )
    answered = reply != 2
    reply_at = at + np.where(
        reply == 1, feed.seconds(25 * HOUR, 60 * HOUR, size), feed.seconds(HOUR, 23 * HOUR, size)
    )
    feed.add(
        id=names("insp-", np.flatnonzero(answered), "-r"),
        kind="inspection_reply",
        party=party[answered],
        counterparty=asker[answered],
        refers_to=request_id[answered],
        time=reply_at[answered],
        flags=np.where(reply[answered] == 3, REFUSED, 0),
        source="treaty-channel",
        reliability="A",
        credibility="1",
        releasability="parties",
    )
    entered = entry != 3
    entry_at = at + np.select(
        [entry == 0, entry == 1],
        [feed.seconds(12 * HOUR, 35 * HOUR, size), feed.seconds(37 * HOUR, 71 * HOUR, size)],
        feed.seconds(73 * HOUR, 200 * HOUR, size),
    )
    feed.add(
        id=names("insp-", np.flatnonzero(entered), "-e"),
        kind="inspection",
        party=party[entered],
        counterparty=asker[entered],
        refers_to=request_id[entered],
        time=entry_at[entered],
        source="inspection-report",
        reliability="A",
        credibility="1",
        releasability="parties",
    )
    reply_missed = (reply == 1) | (reply == 2)
    refused = reply == 3
    pact = np.isin(party, PACT_PARTIES) & (rank <= PACT_INSPECTION_QUOTA)
    feed.expect("pact.inspection-entry", np.sum(pact & reply_missed) + np.sum(pact & (entry >= 2)))
    feed.expect("pact.inspection-quota", np.sum(pact & refused))
    vd11 = np.isin(party, VD11_PARTIES) & (rank <= VD11_INSPECTION_QUOTA)
    feed.expect("vd11.inspection-reply", np.sum(vd11 & reply_missed) + np.sum(vd11 & (entry >= 1)))
    feed.expect("vd11.inspection-quota", np.sum(vd11 & refused))
    strategic = np.flatnonzero(np.isin(party, STRATEGIC_PARTIES) & (at < NEW_START_END))
    treaty_rank = schedules.treaty_year_ranks(party[strategic], at[strategic], 2, 5)
    within = strategic[treaty_rank <= NEW_START_QUOTA]
    feed.expect("newstart.inspection", np.sum(refused[within]))


# -- holdings -----------------------------------------------------------------------------


def pact_holdings(feed: Feed, budget: int, latest: bool) -> None:
    """Pact tank holdings: earlier reports at any level, and (when `latest`) each party's
    latest report at the feed's last instant, drawn above the 800 ceiling (810+) or below it
    (790 or less) with even odds. The ceiling is judged over time: its findings (one per
    episode above 800) are counted once every holding is drawn (`generate`)."""
    size = max(budget, 0)
    feed.add(
        id=names("pact-k-", np.arange(size)),
        kind="holding",
        party=feed.choice(PACT_PARTIES, size),
        time=feed.seconds(T0, T_LAST - 30 * DAY, size),
        battle_tanks=feed.integers(600, 900, size),
        artillery=feed.integers(100, 400, size),
        source="pact-data-exchange",
        reliability="A",
        credibility="1",
        releasability="parties",
    )
    if not latest:
        return
    over = feed.chance(0.5, 2)
    feed.add(
        id=names("pact-k-latest-", np.arange(2)),
        kind="holding",
        party=PACT_PARTIES.copy(),
        time=np.full(2, T_END),
        battle_tanks=np.where(over, feed.integers(810, 900, 2), feed.integers(600, 790, 2)),
        artillery=feed.integers(100, 400, 2),
        source="pact-data-exchange",
        reliability="A",
        credibility="1",
        releasability="parties",
    )


def vd11_holdings(feed: Feed, budget: int) -> None:
    """Annual exchange of military information (Vienna Document Chapter I): holdings by State.

    None is a finding: the pact's tank ceiling binds only ARV and BOS, and these carry none of
    New START's quantities."""
    size = budget
    feed.add(
        id=names("vd11-k-", np.arange(size)),
        kind="holding",
        party=feed.choice(VD11_PARTIES, size),
        time=feed.seconds(T0, T_LAST, size),
        troops=feed.integers(2_000, 400_000, size),
        battle_tanks=feed.integers(0, 3_000, size),
        acv=feed.integers(0, 6_000, size),
        artillery=feed.integers(0, 2_500, size),
        source="osce-information-exchange",
        reliability="A",
        credibility="2",
        releasability="parties",
    )


def newstart_holdings(feed: Feed, budget: int) -> None:
    """New START aggregate data: for USA and RUS, six-monthly exchanges (1 March and 1
    September, from September 2024 to September 2025) and, for a Party drawn to have them,
    national estimates after the Treaty ended (from March 2026), which no longer bind.

    Each quantity is drawn over its limit (by 1 % or more; 30 % in September 2025, 20 % else) or
    under it. The limits hold at all times: each episode above a limit that begins before the
    Treaty ended is a finding (an excess first reported in an estimate after it is none)."""
    if budget < 20:
        return
    rows: dict[str, list[Any]] = {
        "party": [],
        "time": [],
        "flags": [],
        **{q: [] for q in NEW_START_LIMITS},
    }
    for party in STRATEGIC_PARTIES:
        exchanges = ["2024-09-01", "2025-03-01", "2025-09-01"]
        estimates = ["2026-03-01", "2026-09-01", "2027-03-01"] if feed.chance(0.5, 1)[0] else []
        for number, day in enumerate(exchanges + estimates):
            latest_exchange = number == len(exchanges) - 1
            rows["party"].append(party)
            rows["time"].append(epoch(day))
            rows["flags"].append(ESTIMATE if number >= len(exchanges) else 0)
            for quantity, limit in NEW_START_LIMITS.items():
                over = bool(feed.chance(0.3 if latest_exchange else 0.2, 1)[0])
                value = limit * (
                    feed.uniform(1.01, 1.1, 1)[0] if over else feed.uniform(0.85, 0.99, 1)[0]
                )
                rows[quantity].append(math.floor(value) if not over else math.ceil(value))
    size = len(rows["party"])
    ids = names("ns-k-", np.arange(size))
    for quantity, limit in NEW_START_LIMITS.items():
        episodes = schedules.ceiling_episodes(
            np.array(rows["party"], dtype=object),
            np.array(rows["time"], dtype=np.int64),
            ids,
            np.array(rows[quantity], dtype=float),
            limit,
            until=NEW_START_END,
        )
        feed.expect(f"newstart.{_LIMIT_RULES[quantity]}", episodes)
    feed.add(
        id=ids,
        kind="holding",
        party=np.array(rows["party"], dtype=object),
        time=np.array(rows["time"], dtype=np.int64),
        **{q: np.array(rows[q], dtype=float) for q in NEW_START_LIMITS},
        flags=np.array(rows["flags"], dtype=np.int64),
        source="new-start-data-exchange",
        reliability="A",
        credibility="1",
        releasability="parties",
    )


_LIMIT_RULES = {
    "deployed_warheads": "deployed-warheads",
    "deployed_launchers": "deployed-launchers",
    "launchers": "total-launchers",
}


# -- INF missiles -------------------------------------------------------------------------


def inf_missiles(feed: Feed, budget: int) -> None:
    """Missile tests and production by USA and RUS: half while the INF Treaty was in force
    (2014 to June 2019), half after it ended (no finding). Prohibited while in force: flagged
    ground-launched with a range of 520 to 5,400 km (40 %); the others are sea- or air-launched,
    or of 480 km or less, or of 5,600 km or more."""
    size = budget
    in_force = feed.chance(0.5, size)
    at = np.where(
        in_force,
        feed.seconds(epoch("2014-01-01"), INF_END - 30 * DAY, size),
        feed.seconds(INF_END + 30 * DAY, T_LAST, size),
    )
    kind = np.where(feed.chance(0.7, size), "missile_test", "production").astype(object)
    outcome = feed.classes([0.4, 0.2, 0.2, 0.2], size)
    reach = np.select(
        [outcome <= 1, outcome == 2],
        [feed.integers(520, 5_400, size), feed.integers(100, 480, size)],
        feed.integers(5_600, 12_000, size),
    )
    ground = outcome != 1
    feed.add(
        id=names("inf-t-", np.arange(size)),
        kind=kind,
        party=feed.choice(STRATEGIC_PARTIES, size),
        time=at,
        range_km=reach,
        missiles=np.where(kind == "production", feed.integers(1, 12, size), 1),
        flags=np.where(ground, GROUND_LAUNCHED, 0),
        source="national-technical-means",
        reliability="B",
        credibility="2",
        releasability="national",
    )
    feed.expect("inf.prohibited-missile", np.sum(in_force & (outcome == 0)))


# -- Korean peninsula ---------------------------------------------------------------------


def line_distance_km(lon: Array, lat: Array, line: Array) -> npt.NDArray[np.float64]:
    """Distance in km from positions to a polyline, in the plane verify projects line zones to
    (engines/geometry.py: equirectangular around the mean of the line's vertices)."""
    lon0, lat0 = line.mean(axis=0)
    kx, ky = 111.320 * math.cos(math.radians(lat0)), 110.574
    px, py = (np.asarray(lon) - lon0) * kx, (np.asarray(lat) - lat0) * ky
    vx, vy = (line[:, 0] - lon0) * kx, (line[:, 1] - lat0) * ky
    best = np.full(len(px), np.inf)
    for i in range(len(line) - 1):
        dx, dy = vx[i + 1] - vx[i], vy[i + 1] - vy[i]
        t = np.clip(((px - vx[i]) * dx + (py - vy[i]) * dy) / (dx * dx + dy * dy), 0.0, 1.0)
        best = np.minimum(best, np.hypot(px - vx[i] - t * dx, py - vy[i] - t * dy))
    return best


def off_sea(lon: Array, lat: Array, clearance_km: float = 1.0) -> npt.NDArray[np.bool_]:
    """Positions outside both maritime buffer zones, at least `clearance_km` from their edges
    (ray casting for containment; edge distances in a local plane, km per degree 111.32)."""
    lon, lat = np.asarray(lon), np.asarray(lat)
    clear = np.ones(len(lon), dtype=bool)
    kx = 111.320 * math.cos(math.radians(38.0))
    for ring in SEA_ZONES:
        inside = np.zeros(len(lon), dtype=bool)
        nearest = np.full(len(lon), np.inf)
        for (ax, ay), (bx, by) in itertools.pairwise(ring):
            crosses = (ay > lat) != (by > lat)
            at = ax + (lat - ay) * (bx - ax) / np.where(by == ay, 1.0, by - ay)
            inside ^= crosses & (lon < at)
            px, py, dx, dy = (
                (lon - ax) * kx,
                (lat - ay) * 110.574,
                (bx - ax) * kx,
                (by - ay) * 110.574,
            )
            t = np.clip((px * dx + py * dy) / (dx * dx + dy * dy), 0.0, 1.0)
            nearest = np.minimum(nearest, np.hypot(px - t * dx, py - t * dy))
        clear &= ~inside & (nearest >= clearance_km)
    return clear


def near_mdl(
    feed: Feed, party: Array, low_km: float, high_km: float
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Positions at a perpendicular offset of `low_km` to `high_km` from a point of the MDL,
    on the party's side (KOR south, PRK north; 10 % across)."""
    size = len(party)
    lon0, lat0 = MDL.mean(axis=0)
    kx, ky = 111.320 * math.cos(math.radians(lat0)), 110.574
    vx, vy = (MDL[:, 0] - lon0) * kx, (MDL[:, 1] - lat0) * ky
    lengths = np.hypot(np.diff(vx), np.diff(vy))
    segment = feed.rng.choice(len(lengths), size=size, p=lengths / lengths.sum())
    t = feed.uniform(0, 1, size)
    dx, dy = np.diff(vx)[segment], np.diff(vy)[segment]
    side = np.where(party == "PRK", 1.0, -1.0) * np.where(feed.chance(0.1, size), -1.0, 1.0)
    offset = side * feed.uniform(low_km, high_km, size) / lengths[segment]
    x = vx[segment] + t * dx - offset * dy
    y = vy[segment] + t * dy + offset * dx
    return np.round(lat0 + y / ky, 5), np.round(lon0 + x / kx, 5)


def korea_ground(feed: Feed, budget: int) -> None:
    """Ground exercises near the MDL: live-fire artillery (50 %), regiment-level (30 %) or
    neither; 15 % within 4.5 km of the line (3 % of all reported only as in zone "mdl"), the
    rest 5.5 km or more away (positions 4.5-5.5 km away, or at sea in a maritime buffer zone or
    within 1 km of one, are dropped). Findings: KOR's covered exercises inside the band (PRK
    left the Agreement in November 2023)."""
    size = budget
    party = feed.choice(KOREA_PARTIES, size, [0.6, 0.4])
    inside = feed.breach_chance(0.15, size)
    lat, lon = near_mdl(feed, party, 0.2, 4.3)
    far_lat, far_lon = near_mdl(feed, party, 5.7, 60.0)
    lat, lon = np.where(inside, lat, far_lat), np.where(inside, lon, far_lon)
    distance = line_distance_km(lon, lat, MDL)
    inside = distance <= GROUND_BUFFER_KM - 0.5
    keep = (inside | (distance >= GROUND_BUFFER_KM + 0.5)) & off_sea(lon, lat)
    kind = feed.classes([0.5, 0.3, 0.2], size)
    reported = inside & feed.chance(0.2, size)
    rows = np.flatnonzero(keep)[:size]
    reliability, credibility = feed.grades(size)
    covered = kind <= 1
    feed.add(
        id=names("cma-g-", rows),
        kind="exercise",
        party=party[rows],
        time=feed.seconds(T0, T_LAST, size)[rows],
        lat=np.where(reported, np.nan, lat)[rows],
        lon=np.where(reported, np.nan, lon)[rows],
        zone=np.where(reported, "mdl", None)[rows],
        troops=feed.integers(100, 4_000, size)[rows],
        artillery_rounds=np.where(kind == 0, feed.integers(10, 2_000, size), np.nan)[rows],
        regiments=np.where(kind == 1, feed.integers(1, 3, size), np.nan)[rows],
        source="national-technical-means",
        reliability=reliability[rows],
        credibility=credibility[rows],
    )
    feed.expect("cma.ground-buffer", np.sum((party == "KOR") & covered & inside & keep))


def korea_maritime(feed: Feed, budget: int) -> None:
    """Firing drills and manoeuvres at sea: 15 % well inside a maritime buffer zone, the rest
    well outside both. Covered: rounds fired (50 %) or vessels engaged (35 %)."""
    size = budget
    party = feed.choice(KOREA_PARTIES, size, [0.6, 0.4])
    inside = feed.breach_chance(0.15, size)
    box = np.where(
        inside,
        feed.integers(0, len(SEA_INSIDE) - 1, size),
        feed.integers(0, len(SEA_OUTSIDE) - 1, size),
    )
    boxes = np.array([*SEA_INSIDE, *SEA_OUTSIDE])[np.where(inside, box, box + len(SEA_INSIDE))]
    lon = np.round(boxes[:, 0] + feed.uniform(0, 1, size) * (boxes[:, 1] - boxes[:, 0]), 5)
    lat = np.round(boxes[:, 2] + feed.uniform(0, 1, size) * (boxes[:, 3] - boxes[:, 2]), 5)
    kind = feed.classes([0.5, 0.35, 0.15], size)
    reliability, credibility = feed.grades(size)
    feed.add(
        id=names("cma-s-", np.arange(size)),
        kind="exercise",
        party=party,
        time=feed.seconds(T0, T_LAST, size),
        lat=lat,
        lon=lon,
        artillery_rounds=np.where(kind == 0, feed.integers(5, 500, size), np.nan),
        vessels=np.where(kind == 1, feed.integers(1, 12, size), np.nan),
        source="national-technical-means",
        reliability=reliability,
        credibility=credibility,
    )
    feed.expect("cma.maritime-buffer", np.sum((party == "KOR") & (kind <= 1) & inside))


def korea_flights(feed: Feed, budget: int) -> None:
    """Flights near the MDL: fixed-wing (70 %; of them 10 % commercial and 5 % flown under a
    notified exception), rotary-wing or unmanned. 25 % drawn within 19 km of the line, the rest
    41 km or more away. Each type is judged against its own zones (korea-cma-2018/treaty.yaml):
    fixed-wing 20 km in the West and 40 in the East, rotary-wing 10 km, unmanned 10 km in the
    West and 15 in the East; flights within 0.5 km of their type's zone edge are dropped."""
    size = budget
    party = feed.choice(KOREA_PARTIES, size, [0.6, 0.4])
    inside = feed.breach_chance(0.25, size)
    lat, lon = near_mdl(feed, party, 0.5, 19.0)
    far_lat, far_lon = near_mdl(feed, party, 41.0, 120.0)
    lat, lon = np.where(inside, lat, far_lat), np.where(inside, lon, far_lon)
    west, east = line_distance_km(lon, lat, MDL_WEST), line_distance_km(lon, lat, MDL_EAST)
    whole = line_distance_km(lon, lat, MDL)
    aircraft = feed.classes([0.7, 0.15, 0.15], size)
    fixed = aircraft == 0
    # Per type, (distances, zone widths) of its zones: inside one, or clear of all by 0.5 km.
    zones = (
        ((west, NO_FLY_WEST_KM), (east, NO_FLY_EAST_KM)),
        ((whole, NO_FLY_ROTARY_KM),),
        ((west, NO_FLY_UAV_WEST_KM), (east, NO_FLY_UAV_EAST_KM)),
    )
    inside, outside = np.zeros(size, bool), np.zeros(size, bool)
    for number, pairs in enumerate(zones):
        mine = aircraft == number
        inside |= mine & np.logical_or.reduce([d <= km - 0.5 for d, km in pairs])
        outside |= mine & np.logical_and.reduce([d >= km + 0.5 for d, km in pairs])
    rows = np.flatnonzero(inside | outside)
    commercial = fixed & feed.chance(0.10, size)
    excepted = fixed & ~commercial & feed.chance(0.05, size)
    flags = (
        np.select([aircraft == 0, aircraft == 1], [FIXED_WING, ROTARY_WING], UNMANNED)
        | np.where(commercial, COMMERCIAL, 0)
        | np.where(excepted, NOTIFIED_EXCEPTION, 0)
    )
    reliability, credibility = feed.grades(size)
    feed.add(
        id=names("cma-f-", rows),
        kind="flight",
        party=party[rows],
        time=feed.seconds(T0, T_LAST, size)[rows],
        lat=lat[rows],
        lon=lon[rows],
        flags=flags[rows],
        source="air-defence-radar",
        reliability=reliability[rows],
        credibility=credibility[rows],
    )
    caught = (party == "KOR") & ~commercial & ~excepted & inside
    feed.expect("cma.no-fly", np.sum(caught[rows]))


# -- periodic reports and simultaneous activities -----------------------------------------


def report_times(feed: Feed, dues: Array, p: list[float], late_days: int) -> Array:
    """Reports due by `dues` (the midnight after each due day): on time (1 to 25 days
    before), late (1 to `late_days` days after) or never, with probabilities `p`; the times of
    those sent."""
    outcome = feed.outcomes(p, len(dues))
    sent_at = np.where(
        outcome == 0,
        dues - feed.seconds(DAY, 25 * DAY, len(dues)),
        dues + feed.seconds(DAY, late_days * DAY, len(dues)),
    )
    return sent_at[outcome != 2]


def newstart_data_exchanges(feed: Feed, budget: int) -> None:
    """New START's six-monthly updates of data (Part Four, Section II, paragraph 2), due 30
    days after the periods beginning 1 March and 1 September: from USA and RUS, for the three
    updates due from September 2024 to September 2025, on time (75 %), late (15 %, by 1 to 40
    days: a late update stands as the next period's) or never. None is sent after the Treaty
    ended; the updates due after it owe no finding. Only when the budget holds all six."""
    if budget < 2 * 3:
        return
    # Midnight after each due day: 30 September and 30 March (28 February + 30 days).
    dues = np.array([epoch(day) for day in _DATA_EXCHANGE_DUES], dtype=np.int64)
    judged = dues[(dues >= T0) & (dues < NEW_START_END)]
    sent: dict[str, Array] = {}
    for party in STRATEGIC_PARTIES:
        sent[party] = report_times(feed, judged, [0.75, 0.15, 0.10], 40)
    _add_reports(feed, "ns-x-", "data_exchange", sent, "nrrc")
    feed.expect(
        "newstart.data-exchange",
        schedules.missed_reports(sent, list(STRATEGIC_PARTIES), dues, T_END, NEW_START_END),
    )


_DATA_EXCHANGE_DUES = [
    f"{year}-{month_day}" for year in range(2023, 2029) for month_day in ("03-31", "10-01")
]


def vd11_information_exchanges(feed: Feed, budget: int) -> None:
    """The annual exchange of military information (Chapter I, paragraph 10), due from every
    participating State by 15 December, for the last 1 to 4 years of the feed (as many as the
    budget holds for all 57 States): on time (85 %), late (10 %, by 1 to 12 days: a late one
    stands as the next year's) or never. Every State owes one each year judged, so a State
    is never left out for the budget's sake."""
    years = min(len(YEARS), budget // len(VD11_PARTIES))
    if years == 0:
        return
    dues = np.array([epoch(f"{year}-12-16") for year in range(2022, 2029)], dtype=np.int64)
    drawn = np.array([epoch(f"{year}-12-16") for year in YEARS[-years:]], dtype=np.int64)
    sent = {party: report_times(feed, drawn, [0.85, 0.10, 0.05], 12) for party in VD11_PARTIES}
    _add_reports(feed, "vd11-ix-", "information_exchange", sent, "osce-information-exchange")
    feed.expect(
        "vd11.information-exchange",
        schedules.missed_reports(sent, list(VD11_PARTIES), dues, T_END),
    )


def _add_reports(feed: Feed, prefix: str, kind: str, sent: dict[str, Array], source: str) -> None:
    """Periodic reports as records, one per time sent."""
    parties = np.concatenate([np.full(len(t), p, dtype=object) for p, t in sent.items()])
    feed.add(
        id=names(prefix, np.arange(len(parties))),
        kind=kind,
        party=parties,
        time=np.concatenate(list(sent.values())).astype(np.int64),
        source=source,
        reliability="A",
        credibility="1",
        releasability="parties",
    )


def vd11_simultaneous(feed: Feed, budget: int) -> None:
    """Clusters of 3 to 5 CONSTRAINED activities of one State starting within 3 days of each
    other and lasting 5 to 14 days (all under way at once: at most three are allowed), kept by
    whole cluster within the budget. `vd11.constraint-simultaneous` is counted over these and
    every CONSTRAINED and LARGE activity drawn before; the annual constraint counts these too."""
    parties, starts, groups = [], [], []
    for group, party in enumerate(feed.rng.permutation(VD11_PARTIES)[:12]):
        count = int(feed.integers(3, 5, 1)[0])
        first = int(activity_starts(feed, 1)[0])
        parties += [party] * count
        starts += list(first + feed.seconds(0, 3 * DAY, count))
        groups += [group] * count
    tier = np.full(len(parties), CONSTRAINED)
    units = vd11_units(
        feed, np.array(parties, dtype=object), np.array(starts, dtype=np.int64), tier, 0.0
    )
    units["duration"] = feed.seconds(5 * DAY, 14 * DAY, len(parties))
    units = fit_groups(units, np.array(groups, dtype=np.int64), activity_records(units), budget)
    feed.simultaneous.append((units["party"], units["start"], units["start"] + units["duration"]))
    parties_before, starts_before = feed.constrained
    every = (
        np.concatenate([parties_before, units["party"]]),
        np.concatenate([starts_before, units["start"]]),
    )
    feed.expect(
        "vd11.constraint-annual",
        over_limit(*every, VD11_CONSTRAINED_PER_YEAR, 1)
        - over_limit(parties_before, starts_before, VD11_CONSTRAINED_PER_YEAR, 1),
    )
    feed.constrained = every
    emit_activities(feed, "vd11-cc", units)
    party, start, end = (np.concatenate(column) for column in zip(*feed.simultaneous, strict=True))
    feed.expect(
        "vd11.constraint-simultaneous",
        schedules.over_concurrency(party, start, end, VD11_SIMULTANEOUS),
    )


#: Calendar years of New START's Bilateral Consultative Commission sessions, and the chances
#: of none, one, two or three sessions in each (2026: only before the Treaty ended).
BCC_YEARS = (2024, 2025, 2026)
BCC_SESSIONS_P = [0.2, 0.3, 0.35, 0.15]
BCC_LEAST = 2


def newstart_bcc_sessions(feed: Feed, budget: int) -> None:
    """Sessions of New START's Bilateral Consultative Commission (Article XII, Protocol Part
    Six), at least two due in each calendar year from the Parties together: 0 to 3 sessions in
    each of 2024 (from the feed's start), 2025 and January 2026, each recorded once, by USA or
    RUS with the other as counterparty, at least a day inside its year. A year judged (from the
    one holding the earliest session) with fewer than two is a finding against each Party; 2026
    is due after the Treaty ended and owes none. Only when the budget holds the most drawn (9)."""
    if budget < 3 * len(BCC_YEARS):
        return
    counts = feed.classes(BCC_SESSIONS_P, len(BCC_YEARS))
    times: list[Array] = []
    for year, count in zip(BCC_YEARS, counts, strict=True):
        low = max(epoch(f"{year}-01-01"), T0) + DAY
        high = min(epoch(f"{year + 1}-01-01"), NEW_START_END - 3 * DAY) - DAY
        times.append(feed.seconds(low, high, int(count)))
    time = np.concatenate(times).astype(np.int64)
    party = feed.choice(STRATEGIC_PARTIES, len(time))
    feed.add(
        id=names("ns-b-", np.arange(len(time))),
        kind="bcc_session",
        party=party,
        counterparty=np.where(party == "USA", "RUS", "USA").astype(object),
        time=time,
        source="bcc",
        reliability="A",
        credibility="1",
        releasability="parties",
    )
    # The end of each calendar year's last day (23:59:59), from 2023 (opening 2024) to 2028.
    dues = [epoch(f"{year + 1}-01-01") - 1 for year in range(2023, 2029)]
    sent = {p: time[party == p] for p in STRATEGIC_PARTIES}
    feed.expect(
        "newstart.bcc-sessions",
        schedules.short_periods(
            sent, list(STRATEGIC_PARTIES), dues, BCC_LEAST, T_END, NEW_START_END, together=True
        ),
    )


# -- context ------------------------------------------------------------------------------


def vd11_calendars(feed: Feed, budget: int) -> None:
    """Calendar entries and invitations for activities later cancelled: context, no finding."""
    size = budget
    feed.add(
        id=names("vd11-a-", np.arange(size)),
        kind=feed.choice(np.array(["calendar", "invitation"], dtype=object), size),
        party=feed.choice(VD11_PARTIES, size),
        activity=names("vd11-a-", np.arange(size), "-plan"),
        time=feed.seconds(T0, T_LAST, size),
        start=feed.seconds(T0 + 60 * DAY, T_LAST, size),
        source="osce-network",
        reliability="A",
        credibility="1",
        releasability="parties",
    )


def vd11_fill(feed: Feed, count: int) -> None:
    """Small unit movements observed in Europe, without activity key: never a finding."""
    lat, lon = europe_positions(feed, count)
    reliability, credibility = feed.grades(count)
    feed.add(
        id=names("vd11-f-", np.arange(count)),
        kind="movement",
        party=feed.choice(VD11_PARTIES, count),
        time=feed.seconds(T0, T_LAST, count),
        lat=lat,
        lon=lon,
        troops=feed.integers(50, 2_500, count),
        source="open-source",
        reliability=reliability,
        credibility=credibility,
    )


BLOCKS: dict[str, Callable[[Feed, int], None]] = {
    "pact_large": pact_large,
    "inspections": inspections,
    "vd11_constrained": vd11_constrained,
    "vd11_large": vd11_large,
    "newstart_holding": newstart_holdings,
    "pact_notifiable": pact_notifiable,
    "pact_small": pact_small,
    "pact_movement": pact_movements,
    "pact_zone_report": pact_zone_reports,
    "pact_hotline": pact_hotline,
    "pact_holding": lambda feed, budget: pact_holdings(feed, budget, latest=False),
    "pact_missile": pact_missiles,
    "vd11_notifiable": lambda feed, budget: vd11_activities(feed, budget, notifiable=True),
    "vd11_small": lambda feed, budget: vd11_activities(feed, budget, notifiable=False),
    "vd11_holding": vd11_holdings,
    "vd11_clarification": vd11_clarifications,
    "vd11_meeting": vd11_meetings,
    "vd11_calendar": vd11_calendars,
    "newstart_data_change": newstart_data_changes,
    "inf_missile": inf_missiles,
    "korea_ground": korea_ground,
    "korea_maritime": korea_maritime,
    "korea_flight": korea_flights,
    "newstart_data_exchange": newstart_data_exchanges,
    "vd11_information_exchange": vd11_information_exchanges,
    "vd11_simultaneous": vd11_simultaneous,
    "newstart_bcc_session": newstart_bcc_sessions,
}


# -- the whole feed -----------------------------------------------------------------------


def generate(records: int, seed: int, violations: float = 1.0) -> tuple[pa.Table, dict[str, int]]:
    """A feed of exactly `records` records, sorted by time, and its expected finding counts.

    Blocks of bounded size (counted per party and year) take at most their share; the others
    their share of what is left; then the periodic reports and the clusters of simultaneous
    activities their share (at most what is left); small movements fill the rest. `violations`
    scales the share of late, missing and refused answers, notices and reports and of
    positions inside the Korean zones (the activities counted per party and year keep theirs).
    """
    if records < 2:
        raise ValueError("a feed needs at least 2 records (the latest holding of each pact party)")
    feed = Feed(seed, violations)
    pact_holdings(feed, 0, latest=True)
    for name, share in BOUNDED_SHARES.items():
        BLOCKS[name](feed, int(records * share))
    remainder = records - feed.records
    for name, share in SHARES.items():
        smallest = MIN_BLOCK if records >= FULL_FROM else 0
        BLOCKS[name](feed, max(int(remainder * share), smallest))
    for name, share in LATE_SHARES.items():
        BLOCKS[name](feed, min(int(records * share), records - feed.records))
    vd11_fill(feed, records - feed.records)
    table = feed.table()
    holdings = pc.and_(
        pc.equal(table["kind"], "holding"), pc.is_in(table["party"], pa.array(list(PACT_PARTIES)))
    )
    pact = table.filter(holdings)
    feed.expect(
        "pact.tank-ceiling",
        schedules.ceiling_episodes(
            *(pact[c].to_numpy() for c in ("party", "time", "id", "battle_tanks")),
            PACT_TANK_CEILING,
        ),
    )
    if table.num_rows != records or pc.count_distinct(table["id"]).as_py() != records:
        raise AssertionError("the generator lost count of its records or repeated an id")
    if pc.max(table["time"]).value != T_END:
        raise AssertionError("the latest record must be at T_END (the default as-of)")
    return table, dict(feed.expected)


# -- writers ------------------------------------------------------------------------------

_TIMES_OF_DAY = pa.array(
    [f"{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}Z" for s in range(DAY)], pa.string()
)


def iso_text(column: pa.ChunkedArray | pa.Array) -> pa.Array:
    """UTC timestamps (seconds) as `YYYY-MM-DDTHH:MM:SSZ` text, through lookup tables of days
    and of seconds of the day (Arrow's own timestamp-to-text cast is several times slower)."""
    array = column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
    valid = pc.is_valid(array).to_numpy(zero_copy_only=False)
    seconds = pc.fill_null(array.cast(pa.int64()), T0).to_numpy()
    days = seconds // DAY
    first = int(days.min()) if len(days) else 0
    span = np.arange(first, (int(days.max()) if len(days) else first) + 1)
    dates = pa.array(np.datetime_as_string(span.astype("datetime64[D]")), pa.string())
    text = pc.binary_join_element_wise(
        dates.take(pa.array(days - first)), _TIMES_OF_DAY.take(pa.array(seconds % DAY)), "T"
    )
    return pc.if_else(pa.array(valid), text, pa.scalar(None, pa.string()))


def write_parquet(table: pa.Table, out: Path) -> None:
    """Parquet: times as UTC timestamps, flags as lists of labels, quantities as int64."""
    pq.write_table(table, out, compression="zstd")


def _texts(table: pa.Table) -> pa.Table:
    """The table with times as ISO text."""
    for name in TIME_COLUMNS:
        if name in table.column_names:
            position = table.column_names.index(name)
            table = table.set_column(position, name, iso_text(table[name]))
    return table


def write_csv(table: pa.Table, out: Path) -> None:
    """CSV with a header: ISO times, flags comma separated, an empty cell for a missing value."""
    table = _texts(table)
    if "flags" in table.column_names:
        position = table.column_names.index("flags")
        table = table.set_column(position, "flags", pc.binary_join(table["flags"], ","))
    pa_csv.write_csv(table, out, write_options=pa_csv.WriteOptions(quoting_style="needed"))


def write_jsonl(table: pa.Table, out: Path) -> None:
    """JSON Lines, one object per record with only its present fields, in the table's order.

    Records are grouped by which fields they carry, each group's lines are joined column-wise
    by Arrow string kernels, and the lines are put back in order. Generated text never needs
    JSON escaping (checked).
    """
    table = _texts(table)
    for name in table.column_names:
        text = pa.types.is_string(table.schema.field(name).type)
        if text and pc.any(pc.match_substring_regex(table[name], r'["\\\x00-\x1f]')).as_py():
            raise ValueError(f"column {name!r} holds text that would need JSON escaping")
    present = np.column_stack(
        [pc.is_valid(table[name]).to_numpy(zero_copy_only=False) for name in table.column_names]
    )
    signature = present @ (1 << np.arange(present.shape[1], dtype=np.int64))
    lines: list[pa.Array] = []
    positions: list[Array] = []
    for value in np.unique(signature):
        rows = np.flatnonzero(signature == value)
        group = table.take(pa.array(rows))
        parts: list[Any] = []
        for name, keep in zip(table.column_names, present[rows[0]], strict=True):
            if not keep:
                continue
            column = group[name].combine_chunks()
            kind = table.schema.field(name).type
            parts.append(("{" if not parts else ",") + f'"{name}":')
            if pa.types.is_string(kind):
                parts += ['"', column, '"']
            elif pa.types.is_list(kind):
                parts += ['["', pc.binary_join(column, '","'), '"]']
            else:
                parts.append(column.cast(pa.string()))
        parts.append("}\n")
        lines.append(pc.binary_join_element_wise(*parts, ""))
        positions.append(rows)
    every = pa.chunked_array(lines).combine_chunks()
    order = np.argsort(np.concatenate(positions), kind="stable")
    with out.open("wb") as handle:
        for begin in range(0, len(order), 200_000):
            chunk = every.take(pa.array(order[begin : begin + 200_000]))
            offsets = np.frombuffer(chunk.buffers()[1], dtype=np.int32)
            handle.write(memoryview(chunk.buffers()[2])[offsets[0] : offsets[len(chunk)]])


WRITERS: dict[str, Callable[[pa.Table, Path], None]] = {
    "jsonl": write_jsonl,
    "csv": write_csv,
    "parquet": write_parquet,
}


def expected_path(out: Path) -> Path:
    """Where the expected counts of a feed go: `FILE.expected.json`."""
    return out.with_name(out.name + ".expected.json")


def write(records: int, fmt: str, seed: int, out: Path, violations: float = 1.0) -> dict[str, Any]:
    """Generate a feed, write it and its expected counts; returns the expected document."""
    table, expected = generate(records, seed, violations)
    out.parent.mkdir(parents=True, exist_ok=True)
    WRITERS[fmt](table, out)
    document = {
        "generator": "bench/generate.py",
        "records": records,
        "format": fmt,
        "seed": seed,
        "violations": violations,
        "as_of": "2027-12-31T00:00:00Z",
        "packs": list(PACKS),
        "findings": {obligation: expected[obligation] for obligation in OBLIGATIONS},
        "total": sum(expected.values()),
    }
    expected_path(out).write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    return document


def main(argv: list[str] | None = None) -> int:
    """Command line: `generate.py --records N --format F --seed S --out FILE`."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--records", type=int, required=True, help="how many records")
    parser.add_argument("--format", choices=FORMATS, default="jsonl", help="output format")
    parser.add_argument("--seed", type=int, default=0, help="random seed")
    parser.add_argument("--out", type=Path, required=True, help="output file")
    parser.add_argument(
        "--violations",
        type=float,
        default=1.0,
        help="times the usual share of breaching outcomes (issue 17 measures 1 and 6)",
    )
    args = parser.parse_args(argv)
    began = time.perf_counter()
    document = write(args.records, args.format, args.seed, args.out, args.violations)
    took = time.perf_counter() - began
    print(
        f"{args.out}: {args.records:,} records, {document['total']:,} expected findings"
        f" ({took:.1f} s)",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
