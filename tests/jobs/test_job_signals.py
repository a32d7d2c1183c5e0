"""Ctrl-C (SIGINT) and SIGTERM during `scraper run`, `clean` and `fetch`: the summary so
far on stderr, exit 128 + the signal (130, 143), no traceback, no leaked-semaphore warning,
the pool's workers gone, the state committed: a resumed run does the rest, each input once.

Real processes and real signals, sent after an observed event (inputs committed in the
state, lines in the output, a request at the server), never after a sleep.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path

import psutil
import pytest

from tests.support.held_server import HeldServer
from tests.support.job_helpers import (
    ALL_SINKS,
    committed_inputs,
    copy_fixtures,
    csv_rows,
    held_url_job,
    jsonl,
    parquet_rows,
    sqlite_rows,
    write_job,
)
from tests.support.waiting import STUCK, wait_until

JOB = """
[job]
name = "stopped"
state = "state.sqlite"

[[sources]]
type = "files"
paths = ["pages/"]

[execution]
workers = 2
"""
SUMMARY = re.compile(r"^(\d+) inputs, (\d+) records emitted: ", re.MULTILINE)
SIGNALS = {"SIGINT": (signal.SIGINT, 130), "SIGTERM": (signal.SIGTERM, 143)}


def scraper(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "scraper", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def stop(process: subprocess.Popen[str], signum: int) -> tuple[str, list[psutil.Process]]:
    """Send `signum` to the command's own process; returns its stderr and its children."""
    children = psutil.Process(process.pid).children(recursive=True)
    process.send_signal(signum)
    _out, err = process.communicate(timeout=STUCK)
    return err, children


def assert_clean_stop(err: str, code: int, returncode: int, name: str) -> int:
    """Exit code, one summary, no traceback or leak warning; returns the summary's count."""
    assert returncode == code, err
    assert "Traceback" not in err and "leaked" not in err, err
    assert err.strip().endswith(f"stopped by {name}"), err
    summaries = SUMMARY.findall(err)
    assert len(summaries) == 1, err
    return int(summaries[0][0])


@pytest.mark.parametrize("name", list(SIGNALS))
def test_a_stopped_run_says_what_it_did_and_a_resumed_one_finishes(
    name: str, tmp_path: Path
) -> None:
    pages = copy_fixtures(tmp_path / "pages", copies=24)  # 744: far more than one batch
    job = write_job(tmp_path, JOB + ALL_SINKS)
    state = tmp_path / "state.sqlite"
    signum, code = SIGNALS[name]
    run = scraper("run", str(job), "--no-progress")
    wait_until(lambda: committed_inputs(state) >= 20 or run.poll() is not None, "20 committed")
    err, children = stop(run, signum)
    counted = assert_clean_stop(err, code, run.returncode, name)
    committed = committed_inputs(state)
    assert 20 <= committed < len(pages), "the run was stopped mid-way"
    assert counted == committed  # the summary counts every input the state committed
    _gone, alive = psutil.wait_procs(children, timeout=STUCK)
    assert not alive, f"pool workers outlived the run: {[c.pid for c in alive]}"
    assert len(jsonl(tmp_path / "out/articles.jsonl")) == committed  # state and sink agree
    resumed = scraper("run", str(job), "--no-progress", "-q")
    _out, err = resumed.communicate(timeout=300)  # the rest of the work; stuck only past this
    assert resumed.returncode in (0, 1), err
    for sink, rows in (
        ("jsonl", jsonl(tmp_path / "out/articles.jsonl")),
        ("csv", csv_rows(tmp_path / "out/articles.csv")),
        ("sqlite", sqlite_rows(tmp_path / "out/articles.sqlite")),
        ("parquet", parquet_rows(tmp_path / "out/articles.parquet")),
    ):
        counts = Counter(row["id"] for row in rows)
        assert len(counts) == len(pages) and set(counts.values()) == {1}, sink


@pytest.mark.parametrize("name", list(SIGNALS))
def test_a_stopped_clean_keeps_whole_records_and_says_how_many(name: str, tmp_path: Path) -> None:
    copy_fixtures(tmp_path / "pages", copies=12)
    out = tmp_path / "records.jsonl"
    signum, code = SIGNALS[name]
    clean = scraper("clean", str(tmp_path / "pages"), "-o", str(out))

    def lines() -> int:
        return out.read_text().count("\n") if out.exists() else 0

    wait_until(lambda: lines() >= 5 or clean.poll() is not None, "5 records written")
    err, _children = stop(clean, signum)
    counted = assert_clean_stop(err, code, clean.returncode, name)
    records = [json.loads(line) for line in out.read_text().splitlines()]  # each one whole
    assert 5 <= len(records) == counted < 12 * 31


def test_a_stopped_fetch_says_what_it_did(tmp_path: Path) -> None:
    out = tmp_path / "records.jsonl"
    with HeldServer() as server:
        urls = [server.url(f"/page-{i}") for i in range(3)]
        fetch = scraper("fetch", *urls, "-o", str(out), "--allow-network", "127.0.0.0/8",
                        "--ignore-robots", "--no-cache", "--rate", "0")  # fmt: skip
        server.wait_for_requests(1)  # fetching: the command waits for the held answer
        err, _children = stop(fetch, signal.SIGINT)
    assert assert_clean_stop(err, 130, fetch.returncode, "SIGINT") == 0
    assert out.read_text() == ""




def ignores_sigint(pid: int) -> bool:
    """Whether the process has set SIGINT to ignored yet (a pool worker does so when it
    starts; before that, a Ctrl-C would hit the interpreter still starting up)."""
    lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    mask = int(next(line.split()[1] for line in lines if line.startswith("SigIgn:")), 16)
    return bool(mask & (1 << (signal.SIGINT - 1)))


def test_ctrl_c_in_a_terminal_stops_a_url_job_without_waiting_for_its_requests(
    tmp_path: Path,
) -> None:
    """A terminal's Ctrl-C goes to the whole process group, idle pool workers included, while
    the job waits for answers that will not come before the test ends (held, 300 s timeout):
    the job stops at once, with no worker traceback, and the next run fetches every page."""
    with HeldServer() as server:
        urls = [server.url(f"/page-{i}") for i in range(4)]
        job = held_url_job(tmp_path, urls, workers=2)
        run = subprocess.Popen(
            [sys.executable, "-m", "scraper", "run", str(job), "--no-progress"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,  # a group of its own, as a terminal's foreground job
        )
        server.wait_for_requests(1)
        children = psutil.Process(run.pid).children(recursive=True)
        assert children, "the job's pool workers (and resource tracker) run by now"
        wait_until(lambda: all(ignores_sigint(c.pid) for c in children), "workers ready")
        os.killpg(run.pid, signal.SIGINT)
        _out, err = run.communicate(timeout=STUCK)  # before any held request is answered
        assert not server.released.is_set()
        assert assert_clean_stop(err, 130, run.returncode, "SIGINT") == 0
        server.release()
        again = scraper("run", str(job), "--no-progress", "-q")
        _out, err = again.communicate(timeout=STUCK)
    assert again.returncode == 0, err
    assert len(jsonl(tmp_path / "held.jsonl")) == 4
