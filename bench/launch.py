"""Run one command and report its wall time, CPU and peak memory as its own.

    python -S bench/launch.py REPORT.json COMMAND [ARG ...]

The harness starts its timed commands through this small process rather than directly. A
child's peak resident memory (`ru_maxrss`) counts what its parent held when it forked, and
the harness holds several hundred MiB (pandas, the parsed findings of earlier runs): every
child then seemed to peak at the harness's size, and a run smaller than that showed none of
its own. Forked from this process (a few MiB, standard library only), the command's peak is its
own. Writes `{"seconds", "cpu", "peak_kib", "code"}` to REPORT.json and exits with the
command's exit status; its standard streams are the command's.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path


def main(argv: list[str]) -> int:
    """Run `argv[1:]`, write its figures to `argv[0]`, return its exit status."""
    report, command = argv[0], argv[1:]
    began = time.perf_counter()
    child = subprocess.Popen(command)
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)  # reaped by wait4: tell Popen
    figures = {
        "seconds": time.perf_counter() - began,
        "cpu": usage.ru_utime + usage.ru_stime,
        "peak_kib": usage.ru_maxrss,
        "code": child.returncode,
    }
    Path(report).write_text(json.dumps(figures), encoding="utf-8")
    return child.returncode if child.returncode >= 0 else 128 - child.returncode


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
