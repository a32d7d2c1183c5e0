"""One run per job: a second `scraper run` of a job that is running stops at once (exit 2,
one line naming the holder's pid) and writes nothing; a run SIGKILLed while it holds the
lock leaves none behind.

The first run is real and certainly running: a URL job whose pages the test server holds
until the test releases them (`HeldServer`), so the second run starts while the first waits
for its answer, on any machine, without a sleep.
"""

from __future__ import annotations

import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from scraper.jobs.lock import JobLock, JobLocked
from scraper.jobs.runner import RunOptions, run_job
from tests.support.held_server import HeldServer
from tests.support.job_helpers import (
    ALL_SINKS,
    committed_inputs,
    csv_rows,
    held_url_job,
    jsonl,
    parquet_rows,
    sqlite_rows,
    write_job,
)
from tests.support.waiting import STUCK

PAGES = 6


FILES_JOB = """
[job]
name = "held"
state = "state.sqlite"

[[sources]]
type = "files"
paths = ["pages/"]
"""


def held_job(folder: Path, server: HeldServer) -> Path:
    urls = [server.url(f"/page-{i}") for i in range(PAGES)]
    return held_url_job(folder, urls, sinks=ALL_SINKS)


def start(job: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "scraper", "run", str(job), "--no-progress"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def outputs(folder: Path) -> dict[str, bytes]:
    """The bytes of every file the job wrote so far (state excluded)."""
    return {str(p): p.read_bytes() for p in sorted((folder / "out").rglob("*")) if p.is_file()}


def assert_each_page_once(folder: Path) -> None:
    for name, rows in (
        ("jsonl", jsonl(folder / "out/articles.jsonl")),
        ("csv", csv_rows(folder / "out/articles.csv")),
        ("sqlite", sqlite_rows(folder / "out/articles.sqlite")),
        ("parquet", parquet_rows(folder / "out/articles.parquet")),
    ):
        counts = Counter(row["url"] for row in rows)
        assert len(counts) == PAGES and set(counts.values()) == {1}, f"{name}: {counts}"


def test_a_second_run_of_a_running_job_stops_at_once_and_writes_nothing(tmp_path: Path) -> None:
    with HeldServer() as server:
        job = held_job(tmp_path, server)
        first = start(job)
        server.wait_for_requests(1)  # the first run is fetching: its sinks are open
        before = outputs(tmp_path)
        second = subprocess.run(
            [sys.executable, "-m", "scraper", "run", str(job), "--no-progress"],
            capture_output=True,
            text=True,
            timeout=STUCK,
        )
        assert second.returncode == 2, second.stderr
        assert second.stderr.strip().splitlines() == [
            f"Error: job held is already running (pid {first.pid}); wait for it to finish or "
            f"stop it, then run it again (lock: {tmp_path / 'state.sqlite.lock'})"
        ]
        assert outputs(tmp_path) == before
        assert committed_inputs(tmp_path / "state.sqlite") == 0
        server.release()
        _out, err = first.communicate(timeout=STUCK)
    assert first.returncode == 0, err
    assert_each_page_once(tmp_path)


def test_a_sigkilled_run_leaves_no_lock_behind(tmp_path: Path) -> None:
    with HeldServer() as server:
        job = held_job(tmp_path, server)
        killed = start(job)
        server.wait_for_requests(1)
        killed.send_signal(signal.SIGKILL)
        killed.wait(STUCK)
        assert killed.returncode == -signal.SIGKILL
        assert (tmp_path / "state.sqlite.lock").read_text().strip() == str(killed.pid)
        server.release()
        again = start(job)
        _out, err = again.communicate(timeout=STUCK)
    assert again.returncode == 0, err
    assert "already running" not in err
    assert_each_page_once(tmp_path)


def test_the_lock_is_checked_before_a_dask_cluster_starts(tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages/a.txt").write_text("A page of text. " * 40)
    job = write_job(tmp_path, FILES_JOB)
    with JobLock(tmp_path / "state.sqlite", "held"), pytest.raises(JobLocked, match="held is"):
        run_job(job, RunOptions(executor="dask", workers=1))
    assert not (tmp_path / "state.sqlite").exists()
