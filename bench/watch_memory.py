"""Memory and throughput of `verify watch` over a long feed: resident memory must stay flat.

    python bench/watch_memory.py [--records 2000000] [--feed FILE] [--treaty PACK ...] [--workers N]

Generates the feed with `bench/generate.py` (records in event-time order, spread over 2024-2027)
unless `--feed` names one, runs `verify watch` on it as a subprocess with findings sent to a
file, and samples the process's resident memory (VmRSS) and how far it has read the feed (the
file offset in /proc) every `--every` seconds. Prints one line per sample and a summary: peak
RSS, RSS at each quarter of the feed, records per second. Linux only (/proc).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PACKS = ("example-non-aggression-pact", "vienna-document-2011")


def rss_mib(pid: int) -> float | None:
    """The process's resident set size in MiB, or None once it has gone."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return None


def read_offset(pid: int, feed: Path) -> int | None:
    """How far the process has read the feed, from /proc/PID/fdinfo."""
    try:
        for link in Path(f"/proc/{pid}/fd").iterdir():
            if str(link.readlink()) == str(feed):
                for line in Path(f"/proc/{pid}/fdinfo/{link.name}").read_text().splitlines():
                    if line.startswith("pos:"):
                        return int(line.split()[1])
    except OSError:
        return None
    return None


def generate(records: int, folder: Path) -> Path:
    """A feed of `records` records from the seeded generator."""
    feed = folder / f"watch-{records}.jsonl"
    command = [sys.executable, str(HERE / "generate.py"), "--records", str(records)]
    subprocess.run([*command, "--seed", "1", "--out", str(feed)], check=True)
    return feed


def main() -> None:
    """Run the measurement and print it."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=2_000_000)
    parser.add_argument("--feed", type=Path, help="an existing JSON Lines feed to use")
    parser.add_argument("--treaty", action="append", help="packs (default: the generator's)")
    parser.add_argument("--every", type=float, default=5.0, help="seconds between samples")
    parser.add_argument("--workers", type=int, default=0, help="verify watch --workers")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        feed = (options.feed or generate(options.records, folder)).resolve()
        lines = sum(1 for _ in feed.open("rb"))
        size = feed.stat().st_size
        treaties = [arg for pack in options.treaty or PACKS for arg in ("--treaty", pack)]
        command = [sys.executable, "-m", "verify", "watch", *treaties, str(feed)]
        command += ["--output", str(folder / "findings.jsonl"), "--rejects", os.devnull]
        command += ["--workers", str(options.workers)]
        print(f"feed {feed} ({lines:,} lines, {size / 2**20:,.0f} MiB)", flush=True)
        started = time.perf_counter()
        watch = subprocess.Popen(command, stderr=subprocess.PIPE)
        samples: list[tuple[float, float, float]] = []
        while watch.poll() is None:
            time.sleep(options.every)
            rss, offset = rss_mib(watch.pid), read_offset(watch.pid, feed)
            if rss is None or offset is None:
                continue
            elapsed = time.perf_counter() - started
            samples.append((offset / size, rss, elapsed))
            print(f"{elapsed:7.1f} s  read {offset / size:6.1%}  RSS {rss:7.1f} MiB", flush=True)
        elapsed = time.perf_counter() - started
        assert watch.stderr is not None
        print(watch.stderr.read().decode().strip())
        findings = sum(1 for _ in (folder / "findings.jsonl").open("rb"))
    print(f"exit {watch.returncode}; {findings:,} findings; {elapsed:.0f} s in all")
    print(f"throughput {lines / elapsed:,.0f} records/s (start-up included)")
    if samples:
        print(f"peak RSS {max(s[1] for s in samples):.0f} MiB")
        for quarter in (0.25, 0.5, 0.75, 1.0):
            near = min(samples, key=lambda s: abs(s[0] - quarter))
            print(f"  RSS at {near[0]:5.1%} of the feed: {near[1]:.0f} MiB")


if __name__ == "__main__":
    main()
