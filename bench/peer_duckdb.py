"""The peer of issue 17: the query a data engineer would write instead of `verify check`.

Three obligations, in DuckDB SQL over the feed file itself (`read_parquet` / `read_json`):

- `vd11.prior-notification`: an exercise or movement reaching any Chapter V threshold (or a
  notification of one, by its own start and figures), inside the zone of application or
  without a position, not flagged "alert", first record per party and activity; late or
  missing when the earliest notification of that activity came after start - 42 days, or none
  came and that moment has passed by the feed's latest time;
- `vd11.constraint-annual`: the seventh and later activities per party and calendar year above
  13,000 troops or 300 battle tanks but not above 40,000 or 900, inside the zone;
- `newstart.deployed-warheads`: each run of holdings above 1,550 deployed warheads per party
  since 5 February 2018, its first holding.

Each is restricted to the pack's parties while the treaty bound them (in force, joined, not
ended). The zone test is a ray-casting join against the polygon's edges, in plain SQL (the
spatial extension is not installable offline). The treaty data (parties, dates, polygon) is
written by `bench/harness.py` to a parameters file before the timed run, as a data engineer
would keep it beside the query; thresholds are written in the SQL, as they would be.

Prints JSON: the violating keys (obligation, party, the record the finding is about) and the
query's seconds. `--load` first loads the file into a DuckDB table (the issue's "loading the
table and running the SQL"); by default the query scans the file.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

import duckdb


def in_zone(rows: str) -> str:
    """SQL for the `seq` of the rows of CTE `rows` inside the zone of application or without a
    position: ray casting against the polygon's edges (an odd number of crossings eastwards)."""
    return f"""
    SELECT seq FROM {rows} WHERE lat IS NULL OR lon IS NULL
    UNION ALL
    SELECT c.seq FROM {rows} c JOIN vd11_edges e
      ON c.lat IS NOT NULL AND c.lon IS NOT NULL AND (e.y1 > c.lat) <> (e.y2 > c.lat)
     AND c.lon < (e.x2 - e.x1) * (c.lat - e.y1) / (e.y2 - e.y1) + e.x1
    GROUP BY c.seq HAVING count(*) % 2 = 1"""


PRIOR_NOTIFICATION = f"""
candidates AS (
    SELECT seq, id, party, activity, coalesce(start, time) AS anchor, lat, lon
    FROM records
    WHERE (kind IN ('exercise', 'movement')
           OR (kind = 'notification' AND start IS NOT NULL AND activity IS NOT NULL))
      AND (troops >= 9000 OR battle_tanks >= 250 OR acv >= 500 OR artillery >= 250
           OR aircraft_sorties >= 200 OR amphibious_troops >= 3000 OR parachute_troops >= 3000)
      AND NOT list_contains(coalesce(flags, []::VARCHAR[]), 'alert')
      AND party IN (SELECT code FROM vd11_parties)
),
triggers AS (
    SELECT * FROM candidates
    WHERE seq IN ({in_zone("candidates")})
    QUALIFY activity IS NULL
         OR row_number() OVER (PARTITION BY party, activity ORDER BY anchor, seq) = 1
),
notices AS (
    SELECT party, activity, time AS sent FROM records
    WHERE kind = 'notification' AND activity IS NOT NULL
    QUALIFY row_number() OVER (PARTITION BY party, activity ORDER BY time, seq) = 1
),
prior AS (
    SELECT 'vd11.prior-notification' AS obligation, t.party, t.id,
           t.anchor - INTERVAL 42 DAY AS due, n.sent
    FROM triggers t LEFT JOIN notices n
      ON t.activity IS NOT NULL AND n.party = t.party AND n.activity = t.activity
)
SELECT p.obligation, p.party, p.id FROM prior p JOIN vd11_parties m ON m.code = p.party
WHERE ((p.sent IS NULL AND p.due <= (SELECT as_of FROM latest)) OR p.sent > p.due)
  AND p.due >= m.since AND (m.until IS NULL OR p.due < m.until)
"""

CONSTRAINT_ANNUAL = f"""
counted AS (
    SELECT seq, id, party, activity, coalesce(start, time) AS anchor, lat, lon
    FROM records
    WHERE kind IN ('exercise', 'movement')
      AND (troops > 13000 OR battle_tanks > 300)
      AND NOT coalesce(troops > 40000 OR battle_tanks > 900, false)
      AND party IN (SELECT code FROM vd11_parties)
),
activities AS (
    SELECT * FROM counted
    WHERE seq IN ({in_zone("counted")})
    QUALIFY activity IS NULL
         OR row_number() OVER (PARTITION BY party, activity ORDER BY anchor, seq) = 1
),
ranked AS (
    SELECT *, row_number() OVER (PARTITION BY party, year(anchor) ORDER BY anchor, seq) AS n
    FROM activities
)
SELECT 'vd11.constraint-annual' AS obligation, r.party, r.id
FROM ranked r JOIN vd11_parties m ON m.code = r.party
WHERE r.n > 6 AND r.anchor >= m.since AND (m.until IS NULL OR r.anchor < m.until)
"""

DEPLOYED_WARHEADS = """
holdings AS (
    SELECT id, party, time, deployed_warheads > 1550 AS above FROM records
    WHERE kind = 'holding' AND deployed_warheads IS NOT NULL
      AND party IN (SELECT code FROM newstart_parties)
      AND time >= TIMESTAMPTZ '2018-02-05 00:00:00+00'
),
runs AS (
    SELECT *, lag(above, 1, false) OVER (PARTITION BY party ORDER BY time, id) AS above_before
    FROM holdings
)
SELECT 'newstart.deployed-warheads' AS obligation, r.party, r.id
FROM runs r JOIN newstart_parties m ON m.code = r.party
WHERE r.above AND NOT r.above_before AND r.time >= m.since
  AND (m.until IS NULL OR r.time < m.until)
"""


def source(feed: Path) -> str:
    """The DuckDB table function that scans the feed."""
    path = str(feed).replace("'", "''")
    if feed.suffix == ".parquet":
        return f"read_parquet('{path}')"
    return (
        f"read_json('{path}', format = 'newline_delimited', timestampformat = '%Y-%m-%dT%H:%M:%SZ')"
    )


def treaty_tables(con: duckdb.DuckDBPyConnection, params: dict[str, Any]) -> None:
    """The pack data the queries join: parties with the days they were bound, polygon edges."""
    for prefix in ("vd11", "newstart"):
        rows = params[prefix]["parties"]
        con.execute(
            f"CREATE TABLE {prefix}_parties (code VARCHAR, since TIMESTAMPTZ, until TIMESTAMPTZ)"
        )
        con.executemany(f"INSERT INTO {prefix}_parties VALUES (?, ?, ?)", rows)
    ring = params["vd11"]["polygon"]
    edges = [(*ring[i], *ring[i + 1]) for i in range(len(ring) - 1)]
    con.execute("CREATE TABLE vd11_edges (x1 DOUBLE, y1 DOUBLE, x2 DOUBLE, y2 DOUBLE)")
    con.executemany("INSERT INTO vd11_edges VALUES (?, ?, ?, ?)", edges)


def run(feed: Path, params: dict[str, Any], load: bool) -> dict[str, Any]:
    """The violating keys of the three obligations over the feed, and the seconds taken."""
    began = time.perf_counter()
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    treaty_tables(con, params)
    scan = f"SELECT row_number() OVER () AS seq, * FROM {source(feed)}"
    if load:
        con.execute(f"CREATE TABLE feed AS {scan}")
        scan = "SELECT * FROM feed"
    prelude = f"WITH records AS ({scan}), latest AS (SELECT max(time) AS as_of FROM records), "
    keys: list[list[str]] = []
    for query in (PRIOR_NOTIFICATION, CONSTRAINT_ANNUAL, DEPLOYED_WARHEADS):
        keys += [list(row) for row in con.execute(prelude + query).fetchall()]
    return {"keys": sorted(keys), "seconds": time.perf_counter() - began}


def main(argv: list[str] | None = None) -> int:
    """Command line: `peer_duckdb.py --params P.json [--load] FEED`."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("feed", type=Path)
    parser.add_argument("--params", type=Path, required=True, help="written by bench/harness.py")
    parser.add_argument("--load", action="store_true", help="load into a table, then query")
    args = parser.parse_args(argv)
    params = json.loads(args.params.read_text(encoding="utf-8"))
    json.dump(run(args.feed, params, args.load), sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
