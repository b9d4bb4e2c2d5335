"""The targets of issue 17, met or missed, from one `bench/run`'s figures.

Each is a ratio of two runs measured side by side in the same run (or a per-finding cost),
never an absolute time: the machine is shared and its speed varies, the ratios far less.
"""

from __future__ import annotations

from harness import Run
from peers import PerFinding

#: verify check on the three obligations within this factor of the DuckDB query (end to end).
PEER_RATIO = 1.5
#: verify check over every pack within this factor of a bare Arrow read of the Parquet file.
PARQUET_FLOOR_RATIO = 5.0
#: ... and of `pyarrow.json.read_json` of the JSON Lines file.
JSONL_FLOOR_RATIO = 3.0
#: CPU microseconds and peak KiB per finding.
FINDING_CPU_US = 50.0
FINDING_PEAK_KIB = 4.0
#: verify watch: records per second, and within this factor of the bare durable_rules loop.
WATCH_RATE = 50_000
WATCH_RATIO = 1.5
#: Start-up: within this factor of the bare import (CPU seconds).
STARTUP_RATIO = 2.0


def _find(runs: list[Run], engine: str, fmt: str | None = None) -> Run | None:
    return next(
        (r for r in runs if r.engine.startswith(engine) and (fmt is None or r.input == fmt)),
        None,
    )


def _ratio(line: str, mine: Run | None, floor: Run | None, target: float) -> str:
    if mine is None or floor is None or not mine.seconds or not floor.seconds:
        why = (mine.note if mine else "") or (floor.note if floor else "") or "not run"
        return f"- {line}: not measured ({why})"
    ratio = mine.seconds / floor.seconds
    verdict = "met" if ratio <= target else "MISSED"
    return (
        f"- {line} within {target:g}x: {verdict} ({ratio:.2f}x: {mine.seconds:.1f} s against"
        f" {floor.seconds:.1f} s)"
    )


def verdicts(
    runs: list[Run],
    per_finding: PerFinding | str | None,
    startup: dict[str, tuple[float, float]] | None,
) -> list[str]:
    """The targets, met or missed, for the largest size measured."""
    largest = max(run.records for run in runs)
    at = [run for run in runs if run.records == largest]
    lines = [f"Targets of issue 17 (at {largest:,} records):"]
    peer = _find(at, "peer: DuckDB SQL, scanning")
    lines.append(
        _ratio(
            "peer: verify check (3 obligations, Parquet) against DuckDB scanning the file",
            _find(at, "peer: verify check"),
            peer,
            PEER_RATIO,
        )
    )
    loaded = _find(at, "peer: DuckDB SQL, table loaded")
    if loaded is not None and loaded.seconds:
        mine = _find(at, "peer: verify check")
        if mine is not None and mine.seconds:
            lines.append(
                f"  (against DuckDB loading the table first: {mine.seconds / loaded.seconds:.2f}x)"
            )
    for duck in (peer, loaded):
        if duck is not None and duck.counts_match is False:
            lines.append(f"  DuckDB and verify DIFFER: {duck.note}")
    check = "verify check (batch"
    lines.append(
        _ratio(
            "floor: verify check, every pack, Parquet, against pyarrow.parquet.read_table",
            _find(at, check, "parquet"),
            _find(at, "floor: pyarrow.parquet", "parquet"),
            PARQUET_FLOOR_RATIO,
        )
    )
    lines.append(
        _ratio(
            "floor: verify check, every pack, JSON Lines, against pyarrow.json.read_json",
            _find(at, check, "jsonl"),
            _find(at, "floor: pyarrow.json", "jsonl"),
            JSONL_FLOOR_RATIO,
        )
    )
    if isinstance(per_finding, PerFinding):
        cpu, peak = per_finding.cpu_us, per_finding.peak_kib
        lines.append(
            f"- per finding at most {FINDING_CPU_US:g} us of CPU:"
            f" {'met' if cpu <= FINDING_CPU_US else 'MISSED'} ({cpu:,.0f} us; verify check over"
            f" {per_finding.records:,} records, {per_finding.findings[0]:,} findings at 1x and"
            f" {per_finding.findings[1]:,} at 6x: {per_finding.cpu[0]:.1f} and"
            f" {per_finding.cpu[1]:.1f} CPU s)"
        )
        lines.append(
            f"- per finding at most {FINDING_PEAK_KIB:g} KiB of peak memory:"
            f" {'met' if peak <= FINDING_PEAK_KIB else 'MISSED'} ({peak:,.1f} KiB;"
            f" {per_finding.peak_mib[0]:,.0f} and {per_finding.peak_mib[1]:,.0f} MiB)"
        )
    elif per_finding is not None:
        lines.append(f"- per finding: not measured ({per_finding})")
    watch = _find(at, "baseline (b)")
    if watch is not None and watch.rate:
        lines.append(
            f"- verify watch at least {WATCH_RATE:,} records/s:"
            f" {'met' if watch.rate >= WATCH_RATE else 'MISSED'} ({watch.rate:,.0f}/s)"
        )
    lines.append(
        _ratio(
            "stream: verify watch against a bare durable_rules loop over the same records",
            watch,
            _find(at, "floor: bare durable_rules"),
            WATCH_RATIO,
        )
    )
    if startup:
        from startup import FLOORS

        for name, floor in FLOORS.items():
            if name in ("verify --help", "verify check, 10 records"):
                ratio = startup[name][1] / startup[floor][1]
                lines.append(
                    f"- start-up: {name} within {STARTUP_RATIO:g}x of {floor.split(' (')[0]}"
                    f" (CPU): {'met' if ratio <= STARTUP_RATIO else 'MISSED'} ({ratio:.2f}x)"
                )
    return lines
