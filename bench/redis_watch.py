"""`verify watch --from redis://` against `verify watch FILE`: the same feed, wall time each.

    python bench/redis_watch.py --records 20000 [--port 6390] [--consumers 2]

Starts a throw-away redis-server (no persistence) on the port, generates a feed
(`generate.py`, every shipped pack), adds it to a stream, and times a watch that reads the
stream into KEY:latest until every entry is acknowledged (then SIGTERM), against a watch of
the JSON Lines file to standard output. Both include Python start-up. With `--consumers N`,
the stream is read by N watches of one group (`--partitions N`), timed until every partition
has acknowledged every entry; CPU seconds (user + sys) are reported per watch, since the wall
time on a shared machine says little.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import redis

ROOT = Path(__file__).resolve().parents[1]
PACKS = [
    "vienna-document-2011", "new-start", "korea-cma-2018", "inf-treaty", "open-skies",
    "ballistic-missile-launch-notification", "example-non-aggression-pact",
]  # fmt: skip


def main() -> None:
    """Generate, load, time both watches, print the figures."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=20_000)
    parser.add_argument("--port", type=int, default=6390)
    parser.add_argument("--consumers", type=int, default=1)
    args = parser.parse_args()
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    packs = [arg for pack in PACKS for arg in ("--treaty", pack)]
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        feed = work / "feed.jsonl"
        subprocess.run(
            [sys.executable, str(ROOT / "bench" / "generate.py"), "--records", str(args.records),
             "--format", "jsonl", "--out", str(feed)],
            check=True, env=env,
        )  # fmt: skip
        server = subprocess.Popen(
            ["redis-server", "--port", str(args.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", folder],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        try:
            client = redis.Redis(port=args.port)
            for _ in range(100):
                try:
                    client.ping()
                    break
                except redis.ConnectionError:
                    time.sleep(0.05)
            pipe = client.pipeline(transaction=False)
            for line in feed.read_text(encoding="utf-8").splitlines():
                pipe.xadd("obs", {"record": line})
            pipe.execute()
            started, cpu = time.monotonic(), _children_cpu()
            subprocess.run(
                [sys.executable, "-m", "verify", "watch", *packs, str(feed)],
                env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )  # fmt: skip
            file_seconds, file_cpu = time.monotonic() - started, _children_cpu() - cpu
            started = time.monotonic()
            split = ["--partitions", str(args.consumers)] if args.consumers > 1 else []
            watches = []
            for number in range(args.consumers):
                watches.append(subprocess.Popen(
                    [sys.executable, "-m", "verify", "watch", *packs, "--from",
                     f"redis://127.0.0.1:{args.port}/obs", "--to", f"redis://127.0.0.1:{args.port}/found",
                     "--state", str(work / f"state{number}"), *split],
                    env=env, stderr=subprocess.PIPE,
                ))  # fmt: skip
                while split and not (work / f"state{number}" / "partition").exists():
                    time.sleep(0.05)  # one at a time, so that each takes the next partition
            last = client.xinfo_stream("obs")["last-generated-id"]
            while not _drained(client, last, args.consumers):
                time.sleep(0.05)
            redis_seconds = time.monotonic() - started
            cpus: list[float] = []
            errors: list[str] = []
            for watch in watches:
                watch.send_signal(signal.SIGTERM)
                assert watch.stderr is not None
                said = watch.stderr.read().decode().splitlines()
                errors.extend(line for line in said if "accepted" in line or "Error" in line)
                _, status, usage = os.wait4(watch.pid, 0)
                watch.returncode = os.waitstatus_to_exitcode(status)
                cpus.append(round(usage.ru_utime + usage.ru_stime, 1))
            figures = {
                "records": args.records,
                "consumers": args.consumers,
                "cpus": os.cpu_count(),
                "load_average": os.getloadavg()[0],
                "watch_file_seconds": round(file_seconds, 1),
                "watch_file_cpu_seconds": round(file_cpu, 1),
                "watch_redis_seconds": round(redis_seconds, 1),
                "watch_redis_cpu_seconds": cpus,
                "records_per_second_wall": round(args.records / redis_seconds),
                "records_per_cpu_second_of_the_busiest": round(args.records / max(cpus)),
                "findings_latest": client.hlen("found:latest"),
                "findings_stream": client.xlen("found"),
                "exit": [watch.returncode for watch in watches],
                "summary": errors,
            }
            print(json.dumps(figures, indent=2))
        finally:
            server.terminate()
            server.wait()


def _children_cpu() -> float:
    """CPU seconds (user + sys) of the children waited for so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _drained(client: redis.Redis, last: bytes, consumers: int) -> bool:
    """Whether every group that reads the stream (one per partition) has acknowledged it all."""
    groups = client.xinfo_groups("obs")
    return len(groups) == consumers and all(
        g["pending"] == 0 and g["last-delivered-id"] == last for g in groups
    )


if __name__ == "__main__":
    main()
