"""Figures over rounds and the results file every benchmark writes.

A figure is the median over the rounds with its range (`show`); the results file holds every
round, the load the guard saw, the command and the commit, and is named NOT-A-RESULT when the
run was forced (bench_common's guard).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Iterable
from pathlib import Path

from bench_common import ROOT, Guard

RESULTS_DIR = ROOT / "out" / "bench"


def spread(values: Iterable[float]) -> dict[str, float]:
    """Median, min, max and quartiles of a figure over the rounds."""
    data = sorted(values)
    if not data:
        raise ValueError("no rounds")
    quartiles = statistics.quantiles(data, n=4) if len(data) > 1 else [data[0]] * 3
    return {
        "median": statistics.median(data),
        "min": data[0],
        "max": data[-1],
        "q1": quartiles[0],
        "q3": quartiles[2],
        "rounds": len(data),
    }


def show(values: Iterable[float], digits: int = 1) -> str:
    """`median (min–max)`, the form every figure in BENCHMARKS.md takes."""
    s = spread(values)
    return f"{s['median']:.{digits}f} ({s['min']:.{digits}f}–{s['max']:.{digits}f})"


def git_commit() -> str:
    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)
        return done.stdout.strip()

    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    return commit + ("-dirty" if git("status", "--porcelain", "--untracked-files=no") else "")


def write_results(name: str, guard: Guard, data: dict, path: Path | None = None) -> Path:
    """The results file: written from every run, but named and marked NOT A RESULT unless
    the guard held for the whole run."""
    payload = {
        "benchmark": name,
        "result": guard.is_result,
        "command": " ".join(["python", *sys.argv]),
        "commit": git_commit(),
        "date": time.strftime("%Y-%m-%d %H:%M:%S %z"),
        "cores": os.cpu_count(),
        "guard": guard.summary(),
        **data,
    }
    suffix = ".json" if guard.is_result else ".NOT-A-RESULT.json"
    target = path or RESULTS_DIR / f"{name}{suffix}"
    if path and not guard.is_result:
        target = path.with_name(path.stem + suffix)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(payload, indent=2) + "\n", "utf-8")
    verdict = "result" if guard.is_result else "NOT A RESULT (--force)"
    print(f"{verdict}: {target}", flush=True)
    return target
