"""`verify watch --from redis://` against `verify watch FILE`: the same feed, wall time each.

    python bench/redis_watch.py --records 20000 [--port 6390]

Starts a throw-away redis-server (no persistence) on the port, generates a feed
(`generate.py`, every shipped pack), adds it to a stream, and times a watch that reads the
stream into KEY:latest until every entry is acknowledged (then SIGTERM), against a watch of
the JSON Lines file to standard output. Both include Python start-up.
"""

from __future__ import annotations

import argparse
import json
import os
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
            started = time.monotonic()
            subprocess.run(
                [sys.executable, "-m", "verify", "watch", *packs, str(feed)],
                env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )  # fmt: skip
            file_seconds = time.monotonic() - started
            started = time.monotonic()
            watch = subprocess.Popen(
                [sys.executable, "-m", "verify", "watch", *packs, "--from",
                 f"redis://127.0.0.1:{args.port}/obs", "--to", f"redis://127.0.0.1:{args.port}/found",
                 "--state", str(work / "state")],
                env=env, stderr=subprocess.PIPE,
            )  # fmt: skip
            last = client.xinfo_stream("obs")["last-generated-id"]
            while True:
                groups = client.xinfo_groups("obs")
                if groups and groups[0]["pending"] == 0 and groups[0]["last-delivered-id"] == last:
                    break
                time.sleep(0.05)
            redis_seconds = time.monotonic() - started
            watch.send_signal(signal.SIGTERM)
            _, err = watch.communicate()
            figures = {
                "records": args.records,
                "cpus": os.cpu_count(),
                "load_average": os.getloadavg()[0],
                "watch_file_seconds": round(file_seconds, 1),
                "watch_redis_seconds": round(redis_seconds, 1),
                "findings_latest": client.hlen("found:latest"),
                "findings_stream": client.xlen("found"),
                "exit": watch.returncode,
                "summary": err.decode().strip().splitlines()[-1],
            }
            print(json.dumps(figures, indent=2))
        finally:
            server.terminate()
            server.wait()


if __name__ == "__main__":
    main()
