"""The rows of `bench/run` that issue 17 adds: the peer query, the floors, cost per finding.

- **Peer:** `verify check` restricted to three obligations (`vd11.prior-notification`,
  `vd11.constraint-annual`, `newstart.deployed-warheads`: compiled packs holding only those)
  against the same three in DuckDB SQL (`bench/peer_duckdb.py`), scanning the Parquet file and
  loading it first; both must give the same violating keys (obligation, party, the record the
  finding is about).
- **Floors:** a bare `pyarrow.parquet.read_table` and `pyarrow.json.read_json` of the same
  files, each a whole process like `verify check`.
- **Stream floor:** `bench/bare_rules.py`, the same records through the same durable_rules
  rulesets and nothing else.
- **Per finding:** `verify check` over two feeds of the same size, one with six times the
  breaching outcomes (`generate.py --violations 6`): the extra CPU seconds and peak memory
  over the extra findings.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from statistics import median
from typing import Any

from harness import OUT, Run, _records, generated, timed, verify_command

BENCH = Path(__file__).resolve().parent
#: The three obligations of the peer comparison, by pack.
PEER_OBLIGATIONS = {
    "vienna-document-2011": ("vd11.prior-notification", "vd11.constraint-annual"),
    "new-start": ("newstart.deployed-warheads",),
}


def _compiled(pack: str) -> dict[str, Any]:
    from verify.treaty import load_pack

    loaded = load_pack(pack)
    return json.loads(loaded.model_dump_json())  # type: ignore[no-any-return]


def peer_packs() -> list[Path]:
    """Compiled packs holding only the peer's three obligations (written to bench/out)."""
    paths = []
    for pack, wanted in PEER_OBLIGATIONS.items():
        document = _compiled(pack)
        document["obligations"] = [o for o in document["obligations"] if o["id"] in wanted]
        path = OUT / f"peer-{pack}.json"
        path.write_text(json.dumps(document), encoding="utf-8")
        paths.append(path)
    return paths


def peer_params() -> Path:
    """The treaty data the SQL joins (parties and the days they were bound, the polygon)."""
    params: dict[str, Any] = {}
    for pack, prefix in (("vienna-document-2011", "vd11"), ("new-start", "newstart")):
        meta = _compiled(pack)["meta"]
        rows = []
        for party in meta["parties"]:
            since = max(d for d in (meta["in_force"], party["joined"]) if d)
            ends = [d for d in (meta["ends"], party["withdrawn"]) if d]
            until = f"{min(ends)} 00:00:00+00" if ends else None
            rows.append([party["code"], f"{date.fromisoformat(since)} 00:00:00+00", until])
        params[prefix] = {"parties": rows}
        zone = next((z for z in meta["zones"] if z["id"] == "zone-of-application"), None)
        if zone is not None:
            params[prefix]["polygon"] = zone["geometry"]["coordinates"][0]
    path = OUT / "peer-params.json"
    path.write_text(json.dumps(params), encoding="utf-8")
    return path


def finding_keys(path: Path) -> set[tuple[str, str, str]]:
    """(obligation, party, first evidence id) of each finding in a JSON Lines output."""
    keys = set()
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                finding = json.loads(line)
                if finding["status"] != "pending":
                    first = finding["evidence"][0]["id"]
                    keys.add((finding["obligation"], finding["party"], first))
    return keys


@dataclass
class PeerRuns:
    """The three-obligation runs of one feed, and whether their keys agree."""

    verify: Run
    scan: Run
    load: Run


def run_peer(feed: Path, timeout: float) -> PeerRuns:
    """`verify check` on the three obligations, and DuckDB scanning and loading the feed."""
    size = _records(feed)
    fmt = feed.suffix.lstrip(".")
    packs = [str(p) for p in peer_packs()]
    params = peer_params()
    mine = Run("peer: verify check, 3 obligations", fmt, size)
    output = OUT / f"peer-verify-{feed.stem}.jsonl"
    command = verify_command("check", packs, feed, ["--format", "jsonl", "--output", str(output)])
    timing = timed(command, OUT / f"peer-verify-{feed.stem}.log", timeout)
    mine.seconds, mine.peak_mib, mine.cpu_seconds = timing.seconds, timing.peak_mib, timing.cpu
    if timing.code not in (0, 1):
        mine.seconds, mine.note = None, f"exit {timing.code}: {timing.tail}"
        return PeerRuns(mine, Run("peer: DuckDB", fmt, size), Run("peer: DuckDB", fmt, size))
    ours = finding_keys(output)
    mine.findings = len(ours)
    runs = []
    for load in (False, True):
        label = "peer: DuckDB SQL, " + ("table loaded first" if load else "scanning the file")
        run = Run(label, fmt, size)
        out = OUT / f"peer-duckdb-{feed.stem}-{'load' if load else 'scan'}.json"
        command = [sys.executable, str(BENCH / "peer_duckdb.py"), "--params", str(params)]
        timing = timed(command + (["--load"] if load else []) + [str(feed)], out, timeout)
        run.seconds, run.peak_mib, run.cpu_seconds = timing.seconds, timing.peak_mib, timing.cpu
        if timing.code != 0:
            run.seconds, run.note = None, f"exit {timing.code}: {timing.tail}"
        else:
            theirs = {tuple(k) for k in json.loads(out.read_text(encoding="utf-8"))["keys"]}
            run.findings = len(theirs)
            run.counts_match = theirs == ours
            if not run.counts_match:
                run.note = f"keys differ: {len(theirs - ours)} only here, {len(ours - theirs)}"
                run.note += " only in verify"
        runs.append(run)
    return PeerRuns(mine, runs[0], runs[1])


FLOOR_CODE = {
    "parquet": "import sys, pyarrow.parquet as pq; pq.read_table(sys.argv[1])",
    "jsonl": "import sys, pyarrow.json as pj; pj.read_json(sys.argv[1])",
}


def run_floor(feed: Path, timeout: float) -> Run:
    """A bare Arrow read of the feed, as a whole process."""
    fmt = feed.suffix.lstrip(".")
    reader = "pyarrow.parquet.read_table" if fmt == "parquet" else "pyarrow.json.read_json"
    run = Run(f"floor: {reader}", fmt, _records(feed))
    command = [sys.executable, "-c", FLOOR_CODE[fmt], str(feed)]
    timing = timed(command, OUT / f"floor-{feed.stem}-{fmt}.log", timeout)
    run.peak_mib, run.cpu_seconds = timing.peak_mib, timing.cpu
    if timing.code == 0:
        run.seconds = timing.seconds
    else:
        run.note = f"exit {timing.code}: {timing.tail}"
    return run


def run_bare_rules(packs: list[str], feed: Path, timeout: float) -> Run:
    """`bench/bare_rules.py`: the stream engine's durable_rules rulesets and nothing else."""
    run = Run("floor: bare durable_rules loop", "jsonl", _records(feed))
    command = [sys.executable, str(BENCH / "bare_rules.py")]
    command += [item for pack in packs for item in ("--treaty", pack)] + [str(feed)]
    out = OUT / f"bare-rules-{feed.stem}.json"
    timing = timed(command, out, timeout)
    run.peak_mib, run.cpu_seconds = timing.peak_mib, timing.cpu
    if timing.code == 0:
        run.seconds = timing.seconds
        report = json.loads(out.read_text(encoding="utf-8"))
        run.note = f"loop {report['seconds']:.1f} s, {report['matched']:,} facts matched"
    else:
        run.note = f"exit {timing.code}: {timing.tail}"
    return run


@dataclass
class PerFinding:
    """What each extra finding costs: CPU microseconds and peak KiB."""

    records: int
    findings: tuple[int, int]
    cpu: tuple[float, float]
    peak_mib: tuple[float, float]

    @property
    def cpu_us(self) -> float:
        """Extra CPU microseconds per extra finding."""
        return (self.cpu[1] - self.cpu[0]) * 1e6 / (self.findings[1] - self.findings[0])

    @property
    def peak_kib(self) -> float:
        """Extra peak KiB per extra finding."""
        return (self.peak_mib[1] - self.peak_mib[0]) * 1024 / (self.findings[1] - self.findings[0])


def run_per_finding(
    packs: list[str], size: int, seed: int, timeout: float, repeat: int = 1
) -> PerFinding | str:
    """`verify check` over a feed at 1x and at 6x the breaching outcomes (Parquet), `repeat`
    times each, in turn (1x, 6x, 1x, ...): the median CPU and peak of each. One run of each
    moved the cost per finding between 64 and 101 us on one machine within a day."""
    feeds = {}
    for factor in (1.0, 6.0):
        feeds[factor] = OUT / f"feed-{size}-violations-{factor:g}.parquet"
        generated(size, "parquet", seed, feeds[factor], violations=factor)
    findings: dict[float, int] = {}
    cpu: dict[float, list[float]] = {1.0: [], 6.0: []}
    peaks: dict[float, list[float]] = {1.0: [], 6.0: []}
    for _ in range(max(repeat, 1)):
        for factor, feed in feeds.items():
            output = OUT / f"findings-{feed.stem}.jsonl"
            extra = ["--format", "jsonl", "--output", str(output)]
            timing = timed(
                verify_command("check", packs, feed, extra), feed.with_suffix(".log"), timeout
            )
            if timing.code not in (0, 1):
                return f"exit {timing.code} at {factor:g}x: {timing.tail}"
            with output.open(encoding="utf-8") as handle:
                findings[factor] = sum(1 for line in handle if line.strip())
            cpu[factor].append(timing.cpu)
            peaks[factor].append(timing.peak_mib)
    return PerFinding(
        size,
        (findings[1.0], findings[6.0]),
        (median(cpu[1.0]), median(cpu[6.0])),
        (median(peaks[1.0]), median(peaks[6.0])),
    )
