"""Wall time of the accuracy gate, which `make test` runs and which must stay under 60 s.

    python benchmarks/gate_time.py --rounds 5

Each round runs `scraper gate check` (the same check as tests/eval/test_gate.py) from the root
of the checkout in a fresh process, on an idle machine (bench_common's guard), unpinned: the
gate uses one worker per core. The wall time is the command's, start-up included; the CPU
time is what its extraction workers report (the part that scales with the pages), beside the
whole process tree's CPU.
"""

from __future__ import annotations

import argparse
import ctypes
import os
import re
import subprocess
import sys
import time

from bench_common import ROOT, Guard, add_guard_options, alternate, load_note
from bench_results import show, spread, write_results

_REPORTED = re.compile(r"([\d.]+) s wall, ([\d.]+) s of extraction CPU")
LIMIT_S = 60.0
PR_SET_CHILD_SUBREAPER = 36


def adopt_descendants() -> None:
    """Become the reaper of every descendant. The gate's workers are children of
    multiprocessing's fork server, which outlives the gate's own process; adopted and reaped
    here, their CPU time counts as this benchmark's (os.times' children), where the guard
    looks for it, and not as some other process's load."""
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_CHILD_SUBREAPER)")


def reap_descendants() -> None:
    while True:
        try:
            os.waitpid(-1, 0)
        except ChildProcessError:
            return


def one_round() -> dict:
    before = os.times()
    started = time.monotonic()
    command = [sys.executable, "-m", "scraper", "gate", "check"]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    wall = time.monotonic() - started
    reap_descendants()
    after = os.times()
    if done.returncode != 0:
        raise SystemExit(
            f"scraper gate check failed ({done.returncode}):\n{done.stdout}{done.stderr}"
        )
    reported = _REPORTED.search(done.stderr)
    if reported is None:
        raise SystemExit(f"no timing line in the gate's stderr:\n{done.stderr}")
    tree_cpu = (after.children_user + after.children_system) - (
        before.children_user + before.children_system
    )
    return {"wall_s": wall, "extraction_cpu_s": float(reported[2]), "tree_cpu_s": tree_cpu}


def main(args: argparse.Namespace) -> None:
    adopt_descendants()
    guard = Guard.from_args(args)
    print(f"start: {load_note()}", flush=True)
    guard.wait_for_idle("at the start")
    runs = alternate(guard, args.rounds, {"gate": one_round})["gate"]
    print(f"\n`scraper gate check`, median (min–max) over {args.rounds} rounds:")
    print("| wall | extraction CPU (workers) | CPU of the process tree | limit |")
    print("|---:|---:|---:|---:|")
    print(
        f"| {show(r['wall_s'] for r in runs)} s | {show(r['extraction_cpu_s'] for r in runs)} s "
        f"| {show(r['tree_cpu_s'] for r in runs)} s | {LIMIT_S:g} s |"
    )
    print(f"end: {load_note()}")
    summary = {key: spread(r[key] for r in runs) for key in runs[0]}
    write_results("gate-time", guard, {"rounds": runs, "summary": summary}, args.results)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    add_guard_options(parser)
    main(parser.parse_args())
