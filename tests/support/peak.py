"""Run the `scraper` CLI in a process of its own and read back its peak memory.

The process prints its own peak RSS (VmHWM) at exit: VmHWM starts afresh at exec, while a
child's ru_maxrss would include the memory of the pytest process it was forked from.
"""

from __future__ import annotations

import subprocess
import sys
import time
from dataclasses import dataclass

PEAK_REPORTER = """
import atexit, sys
def report():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            print("peak-kib", line.split()[1], file=sys.stderr)
atexit.register(report)
from scraper.cli import main
sys.argv = ["scraper", *sys.argv[1:]]
main()
"""


@dataclass(frozen=True, slots=True)
class Run:
    status: int
    seconds: float
    peak_mib: int
    stderr: str


class StillRunning(Exception):
    """The command outlived its hang guard (and was killed)."""


def run_scraper(args: list[str], limit: float) -> Run:
    """`scraper ARGS` with its exit status, wall seconds and peak RSS; killed at `limit` s."""
    command = [sys.executable, "-c", PEAK_REPORTER, *args]
    started = time.monotonic()
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=limit)
    except subprocess.TimeoutExpired as exc:
        raise StillRunning(f"scraper {' '.join(args)}: still running after {limit:g} s") from exc
    seconds = time.monotonic() - started
    peaks = [line.split()[1] for line in done.stderr.splitlines() if line.startswith("peak-kib")]
    if not peaks:
        raise AssertionError(f"no peak reported: {done.stderr[-2000:]}")
    return Run(done.returncode, seconds, int(peaks[-1]) // 1024, done.stderr)
