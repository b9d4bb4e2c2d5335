"""The DuckDB peer of `bench/run` (issue 17) finds the same violations as `verify check`.

The peer is only a fair yardstick if it answers the same question: over generated feeds its
three queries must give exactly the violating keys (obligation, party, the record the finding
is about) that `verify check` gives for the same three obligations.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.bench_scripts import bench_script, generator
from verify.api import check
from verify.model.pack import Pack
from verify.treaty import load_pack

pytest.importorskip("duckdb", reason="the peer needs duckdb (the dev extra installs it)")


generate = generator()
peer = bench_script("peer_duckdb")
PEER = {
    "vienna-document-2011": ("vd11.prior-notification", "vd11.constraint-annual"),
    "new-start": ("newstart.deployed-warheads",),
}


def _params() -> dict[str, object]:
    params: dict[str, object] = {}
    for pack, prefix in (("vienna-document-2011", "vd11"), ("new-start", "newstart")):
        meta = load_pack(pack).meta
        rows = []
        for party in meta.parties:
            since = max(d for d in (meta.in_force, party.joined) if d is not None)
            ends = [d for d in (meta.ends, party.withdrawn) if d is not None]
            rows.append(
                [
                    party.code,
                    f"{since} 00:00:00+00",
                    f"{min(ends)} 00:00:00+00" if ends else None,
                ]
            )
        entry: dict[str, object] = {"parties": rows}
        zone = next((z for z in meta.zones if z.id == "zone-of-application"), None)
        if zone is not None:
            entry["polygon"] = json.loads(zone.model_dump_json())["geometry"]["coordinates"][0]
        params[prefix] = entry
    return params


def _restricted(pack: str) -> Pack:
    loaded = load_pack(pack)
    kept = [o for o in loaded.obligations if o.id in PEER[pack]]
    return loaded.model_copy(update={"obligations": kept})


@pytest.mark.parametrize(("fmt", "seed", "violations"), [("parquet", 8, 1.0), ("jsonl", 4, 6.0)])
def test_duckdb_finds_the_same_violations_as_verify(
    tmp_path: Path, fmt: str, seed: int, violations: float
) -> None:
    feed = tmp_path / f"feed.{fmt}"
    generate.write(4_000, fmt, seed, feed, violations=violations)

    result, _ = check([_restricted(pack) for pack in PEER], [feed])
    answer = peer.run(feed, _params(), load=False)

    ours = {(f.obligation, f.party, f.evidence[0].id) for f in result.findings}
    assert ours, "the feed must hold violations of the three obligations"
    assert {tuple(key) for key in answer["keys"]} == ours


def test_the_peer_feeds_hold_violations_of_each_of_the_three(tmp_path: Path) -> None:
    """Between them, the feeds above exercise every one of the peer's queries."""
    seen: set[str] = set()
    for fmt, seed, violations in [("parquet", 8, 1.0), ("jsonl", 4, 6.0)]:
        feed = tmp_path / f"feed-{seed}.{fmt}"
        generate.write(4_000, fmt, seed, feed, violations=violations)
        seen |= {key[0] for key in peer.run(feed, _params(), load=True)["keys"]}
    assert seen == {o for obligations in PEER.values() for o in obligations}
