"""`scraper run` over URLs while the server it fetches from is killed and started again.

Two outages, both against the real thing (the server and the job are processes of their
own, killed with SIGKILL):

- a short one, inside the fetcher's retry window: the run rides over it and every URL
  becomes an article in that one run;
- a long one, during which the job itself is killed too: the resumed run finishes the URLs
  the dead run never reached, and the next run re-checks the URLs that failed while the
  server was down. Nothing is lost: every URL ends with an article record, no URL has two
  articles, and nothing fetched before the outage is emitted again.
"""

from __future__ import annotations

import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path

from tests.support.job_helpers import jsonl, write_job
from tests.support.server_process import Outage, ServerProcess
from tests.support.waiting import STUCK, wait_until

PAGES = 28
"""Enough that the job is still fetching when a test acts on what it has written so far:
a dozen URLs or more are left, two seconds of its pacing (6 a second) on any machine."""
JOB = """
[job]
name = "outage"
state = "state.sqlite"

[[sources]]
type = "urls"
urls = [{urls}]

[fetch]
timeout = 2
retries = {retries}
robots = false
allow_networks = ["127.0.0.0/8"]

[politeness]
rate = 6

[dedup]
exact = false
near = false

[execution]
workers = 0
"""


def job_file(folder: Path, port: int, retries: int) -> tuple[Path, list[str]]:
    urls = [f"http://127.0.0.1:{port}/article/outage-{i}" for i in range(PAGES)]
    listed = ", ".join(f'"{u}"' for u in urls)
    return write_job(folder, JOB.format(urls=listed, retries=retries)), urls


def run(job: Path) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "scraper", "run", str(job), "--no-progress", "-q"]
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def kill(process: subprocess.Popen) -> None:  # type: ignore[type-arg]
    process.send_signal(signal.SIGKILL)
    process.wait(10)


def lines_of(path: Path, needle: str = "") -> int:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return 0
    return sum(1 for line in text.splitlines() if needle in line)


def wait_for(
    path: Path,
    count: int,
    needle: str = "",
    job: subprocess.Popen[bytes] | None = None,
) -> None:
    """Until `path` holds `count` whole lines with `needle` in them (the job's own output,
    not the clock, says when it has got that far). A `job` that ends first fails the wait
    at once, with what it printed, rather than after `STUCK` seconds with nothing to go on."""

    def written() -> bool:
        return lines_of(path, needle) >= count or (job is not None and job.poll() is not None)

    wait_until(written, f"{count} lines with {needle!r}")
    if lines_of(path, needle) < count and job is not None:
        _out, err = job.communicate()
        raise AssertionError(
            f"the job ended ({job.returncode}) after {lines_of(path)} lines, before {count} "
            f"with {needle!r}: {err.decode(errors='replace')}"
        )


def latest(records: list[dict]) -> dict[str, dict]:  # type: ignore[type-arg]
    """The last record per URL (JSONL is a log: a later record of an input replaces it)."""
    return {r["url"]: r for r in records}


def test_a_short_outage_is_ridden_over_in_one_run(tmp_path: Path) -> None:
    """The server is killed once the job has written 6 records and stays down until the job
    has been turned away twice (a request and its retry), then comes back at once: the
    outage lasts about one backoff, well inside the six retries."""
    server = ServerProcess()
    job, urls = job_file(tmp_path, server.port, retries=6)
    comeback = ServerProcess(server.port, hold=True)
    job_run = run(job)
    try:
        wait_for(tmp_path / "outage.jsonl", 6, job=job_run)
        server.kill()
        with Outage(server.port) as outage:
            outage.wait_for_attempts(2)
        comeback.release()
        _out, err = job_run.communicate(timeout=STUCK)
    finally:
        kill(job_run)
        server.kill()
        comeback.kill()
    records = jsonl(tmp_path / "outage.jsonl")
    assert job_run.returncode == 0, err.decode()
    assert sorted(r["url"] for r in records) == sorted(urls)
    assert all(r["error"] is None for r in records)


def test_a_long_outage_and_a_killed_job_lose_nothing(tmp_path: Path) -> None:
    server = ServerProcess()
    job, urls = job_file(tmp_path, server.port, retries=0)
    first = run(job)
    out = tmp_path / "outage.jsonl"
    try:
        wait_for(out, 6, job=first)  # some pages fetched
        server.kill()
        wait_for(out, 2, '"kind": "connection"', job=first)  # a few URLs fail while it is down
        assert first.poll() is None, "the job finished before it could be killed"
        kill(first)  # ... and the job dies too, mid-run
        before = jsonl(tmp_path / "outage.jsonl")
        server = ServerProcess(server.port)
        resumed = run(job)
        _out, err = resumed.communicate(timeout=STUCK)
        assert resumed.returncode in (0, 1), err.decode()
        after_resume = jsonl(tmp_path / "outage.jsonl")
        rerun = run(job)
        _out, err = rerun.communicate(timeout=STUCK)
        assert rerun.returncode == 0, err.decode()
    finally:
        kill(first)
        server.kill()
    records = jsonl(tmp_path / "outage.jsonl")
    failed_early = {r["url"] for r in before if r["error"]}
    fetched_early = {r["url"] for r in before if not r["error"]}
    assert fetched_early and failed_early, "the outage did not fall inside the first run"
    assert all(r["error"]["kind"] == "connection" for r in before if r["error"])
    # the resumed run did every URL the killed run had not committed, once
    assert sorted(latest(after_resume)) == sorted(urls)
    assert Counter(r["url"] for r in after_resume).most_common(1)[0][1] == 1
    # the next run turned each early failure into its article, and emitted nothing else
    assert sorted(r["url"] for r in records[len(after_resume) :]) == sorted(failed_early)
    assert all(r["error"] is None for r in latest(records).values())
    articles = Counter(r["url"] for r in records if r["error"] is None)
    assert sorted(articles) == sorted(urls) and set(articles.values()) == {1}
