"""A job killed with SIGKILL at random moments, several times, then run to the end: every
input is in every sink exactly once, and the JSONL file parses line by line.

This is the real thing: `scraper run` in a subprocess with its process pool, real SQLite
files, real signals. A kill moment is a random number of inputs the run has committed to
its state (read from the state file, as another process sees it), not a random time, so
every kill lands mid-run on a fast machine and on a slow one. The seed is logged, so a
failure can be replayed (`KILL_SEED`).
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
    committed_inputs,
    copy_fixtures,
    csv_rows,
    jsonl,
    parquet_rows,
    sqlite_rows,
)
from tests.support.job_helpers import write_job as write
from tests.support.waiting import STUCK, wait_until

KILLS = 3
MOST_PER_RUN = 100
"""A killed run is killed once it has committed 1 to 100 more inputs; the writer commits up
to 64 at a time, so the kill lands just after a commit, while the sinks are being written,
and up to a batch past the target. Three kills stay far short of the 744 inputs: the last
killed run always has hundreds left to do."""

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


def kill_once_committed(proc: subprocess.Popen[bytes], state: Path, target: int) -> int:
    """SIGKILL the job's main process as soon as its state holds `target` committed inputs;
    its pool workers must then go away by themselves. Returns the inputs committed by then."""
    wait_until(
        lambda: committed_inputs(state) >= target or proc.poll() is not None,
        f"{target} inputs committed",
        poll=0.01,
    )
    children = psutil.Process(proc.pid).children(recursive=True)
    proc.send_signal(signal.SIGKILL)
    proc.wait(STUCK)
    done = committed_inputs(state)
    assert proc.returncode == -signal.SIGKILL, f"the job ended by itself at {done} of {target}"
    _gone, alive = psutil.wait_procs(children, timeout=STUCK)
    for child in alive:  # only ever our own job's workers, by pid
        child.kill()
    assert not alive, f"pool workers outlived their killed job: {[c.pid for c in alive]}"
    return done


def test_sigkill_at_random_moments_then_resume_gives_each_input_once(tmp_path: Path) -> None:
    pages = copy_fixtures(tmp_path / "pages", copies=24)
    small_parts = '"out/articles.parquet"\nrows_per_part = 16'
    job = write(tmp_path, JOB + ALL_SINKS.replace('"out/articles.parquet"', small_parts))
    seed = int(os.environ.get("KILL_SEED", time.time_ns() % 10_000))
    print(f"KILL_SEED={seed}")  # shown with a failure
    rng = random.Random(seed)
    done = 0
    for _kill in range(KILLS):
        target = done + rng.randint(1, MOST_PER_RUN)
        done = kill_once_committed(start(job), tmp_path / "state.sqlite", target)
    assert done < len(pages), f"seed {seed}: every input was done before the last kill"
    final = start(job)
    _out, err = final.communicate(timeout=300)  # the rest of the work: stuck only past this
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
    # de-duplication survived the restarts: no content is an original twice (a restart that
    # forgot what was seen would make a later copy an original again), and every duplicate
    # points at an original. Not every content has an original of its own: fixtures may tell
    # one story under other headers, and the later ones are near duplicates of the first.
    articles = [r for r in records if not r["error"]]
    originals = {r["id"]: r["content_hash"] for r in articles if r["duplicate_of"] is None}
    twice = [h for h, n in Counter(originals.values()).items() if n > 1]
    assert not twice, f"seed {seed}: content {twice[:1]} is an original more than once"
    assert all(r["duplicate_of"] in originals for r in articles if r["duplicate_of"])
    again = start(job)
    again.communicate(timeout=STUCK)
    assert len(jsonl(tmp_path / "out/articles.jsonl")) == expected  # finished: nothing new
