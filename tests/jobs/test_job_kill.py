"""A job killed with SIGKILL at random moments, several times, then run to the end: every
input is in every sink exactly once, and the JSONL file parses line by line.

This is the real thing: `scraper run` in a subprocess with its process pool, real SQLite
files, real signals. The kill times are random but logged, so a failure can be replayed.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import psutil

from tests.support.job_helpers import (
    ALL_SINKS,
    copy_fixtures,
    csv_rows,
    jsonl,
    parquet_rows,
    sqlite_rows,
)
from tests.support.job_helpers import write_job as write

JOB = """
[job]
name = "killed"
state = "state.sqlite"

[[sources]]
type = "files"
paths = ["pages/"]

[execution]
workers = 2
"""


def start(job: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "scraper", "run", str(job), "--no-progress", "-q"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )


def kill_after(proc: subprocess.Popen[bytes], seconds: float) -> bool:
    """SIGKILL the job's main process after `seconds` (if still running); its pool workers
    must then go away by themselves. True when the kill happened mid-run."""
    try:
        proc.wait(seconds)
        return False
    except subprocess.TimeoutExpired:
        pass
    children = psutil.Process(proc.pid).children(recursive=True)
    proc.send_signal(signal.SIGKILL)
    proc.wait(10)
    _gone, alive = psutil.wait_procs(children, timeout=15)
    for child in alive:  # only ever our own job's workers, by pid
        child.kill()
    assert not alive, f"pool workers outlived their killed job: {[c.pid for c in alive]}"
    return True


def test_sigkill_at_random_moments_then_resume_gives_each_input_once(tmp_path: Path) -> None:
    pages = copy_fixtures(tmp_path / "pages", copies=24)  # ~10 s of work: outlasts two kills
    small_parts = '"out/articles.parquet"\nrows_per_part = 16'
    job = write(tmp_path, JOB + ALL_SINKS.replace('"out/articles.parquet"', small_parts))
    seed = int(os.environ.get("KILL_SEED", time.time_ns() % 10_000))
    rng = random.Random(seed)
    kills = 0
    for _attempt in range(4):
        kills += kill_after(start(job), rng.uniform(1.5, 5.5))
    assert kills >= 2, f"seed {seed}: the job finished before it could be killed"
    final = start(job)
    _out, err = final.communicate(timeout=300)
    assert final.returncode in (0, 1), err.decode()
    expected = len(pages)
    records = jsonl(tmp_path / "out/articles.jsonl")
    for name, rows in (
        ("jsonl", records),
        ("csv", csv_rows(tmp_path / "out/articles.csv")),
        ("sqlite", sqlite_rows(tmp_path / "out/articles.sqlite")),
        ("parquet", parquet_rows(tmp_path / "out/articles.parquet")),
    ):
        counts = Counter(row["id"] for row in rows)
        repeated = [i for i, n in counts.items() if n > 1]
        assert not repeated, f"seed {seed}: {name} has ids more than once: {repeated[:3]}"
        assert len(counts) == expected, f"seed {seed}: {name} has {len(counts)} of {expected}"
    # de-duplication survived the restarts: each case's first copy is the original
    originals = {r["id"] for r in records if r["duplicate_of"] is None and not r["error"]}
    assert len(originals) == len({r["content_hash"] for r in records if not r["error"]})
    assert all(r["duplicate_of"] in originals for r in records if r["duplicate_of"])
    again = start(job)
    again.communicate(timeout=120)
    assert len(jsonl(tmp_path / "out/articles.jsonl")) == expected  # finished: nothing new
