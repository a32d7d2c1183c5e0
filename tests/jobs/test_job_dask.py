"""The Dask executor on a real `distributed.LocalCluster` (2 worker processes): the same
records as a local run, state and sinks written by the client only, and politeness per
host across the cluster, checked from the server's log. And the connect step on its own: a
closed port on 127.0.0.1 and a real scheduler without workers."""

from __future__ import annotations

import logging
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from scraper.config import CleanerConfig
from scraper.errors import ConfigError
from scraper.jobs.runner import RunOptions, run_job
from tests.support.http_server import LocalServer, serve
from tests.support.job_helpers import (
    ALL_SINKS,
    copy_fixtures,
    jsonl,
    parquet_rows,
    sqlite_rows,
    write_job,
)
from tests.support.pacing import ACROSS_PROCESSES, gaps, shortest_gap
from tests.support.waiting import STUCK, wait_until

distributed = pytest.importorskip("distributed")
from scraper.jobs.executors.dask import WORKER_WAIT, DaskExecutor  # noqa: E402

pytestmark = pytest.mark.dask


@pytest.fixture(scope="module")
def cluster() -> Iterator[str]:
    with distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        silence_logs=logging.ERROR,
    ) as local:
        yield local.scheduler_address


@pytest.fixture(scope="module")
def server() -> Iterator[LocalServer]:
    yield from serve()


FILES_JOB = """
[job]
name = "d"
state = "state.sqlite"

[[sources]]
type = "files"
paths = ["pages/"]

[execution]
workers = 0
"""


def test_cli_on_a_scheduler_gives_the_records_of_a_local_run(tmp_path: Path, cluster: str) -> None:
    for name in ("local", "dask"):
        copy_fixtures(tmp_path / name / "pages", copies=2, limit=12)
        write_job(tmp_path / name, FILES_JOB + ALL_SINKS)
    run_job(tmp_path / "local" / "job.toml")
    command = [sys.executable, "-m", "scraper", "run", str(tmp_path / "dask" / "job.toml")]
    result = subprocess.run(
        [*command, "--scheduler", cluster], capture_output=True, text=True, timeout=180
    )
    assert result.returncode in (0, 1), result.stderr
    assert "24 inputs, 24 records emitted" in result.stderr
    local = jsonl(tmp_path / "local" / "out/articles.jsonl")
    remote = jsonl(tmp_path / "dask" / "out/articles.jsonl")
    assert remote == local  # same ids, bodies, duplicate pointers, and the same order
    assert len(sqlite_rows(tmp_path / "dask" / "out/articles.sqlite")) == 24
    assert len(parquet_rows(tmp_path / "dask" / "out/articles.parquet")) == 24
    again = subprocess.run(
        [*command, "--scheduler", cluster], capture_output=True, text=True, timeout=180
    )
    assert "0 records emitted" in again.stderr and "unchanged 24" in again.stderr


def test_urls_partitioned_by_host_keep_politeness_across_workers(
    tmp_path: Path, cluster: str, server: LocalServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    import scraper.jobs.executors.dask

    monkeypatch.setattr(scraper.jobs.executors.dask, "CHUNK_URLS", 3)  # several chunks per host
    hosts = ("127.0.0.1", "127.0.0.2", "127.0.0.3")
    urls = [server.url(f"/article/dask-{i}", host=h) for h in hosts for i in range(7)]
    listed = ", ".join(f'"{u}"' for u in urls)
    job = write_job(
        tmp_path,
        f"""
[job]
name = "web"

[[sources]]
type = "urls"
urls = [{listed}]

[fetch]
robots = false
allow_networks = ["127.0.0.0/8"]

[politeness]
rate = 5

[execution]
executor = "dask"
""",
    )
    started = time.monotonic()
    stats = run_job(job, RunOptions(scheduler=cluster))
    assert stats.emitted == len(urls) and stats.errors == 0
    assert {r["url"] for r in jsonl(tmp_path / "web.jsonl")} == set(urls)
    for host in hosts:  # 5 a second, across chunks and workers
        times = server.state.arrivals(host, "/article/dask-", since=started)
        assert len(times) == 7
        assert min(gaps(times)) >= shortest_gap(5, ACROSS_PROCESSES), (host, gaps(times))


@pytest.fixture
def workerless() -> Iterator[distributed.LocalCluster]:
    """A real scheduler that has no worker (until a test scales it up)."""
    with distributed.LocalCluster(
        n_workers=0, processes=True, dashboard_address=":0", silence_logs=logging.ERROR
    ) as local:
        yield local


def test_an_unreachable_scheduler_is_exit_2_with_a_one_line_message(tmp_path: Path) -> None:
    copy_fixtures(tmp_path / "pages", limit=2)
    job = write_job(tmp_path, FILES_JOB + ALL_SINKS)
    with socket.socket() as closed:  # bound, never listening: connections are refused
        closed.bind(("127.0.0.1", 0))
        address = f"tcp://127.0.0.1:{closed.getsockname()[1]}"
        command = [sys.executable, "-m", "scraper", "run", str(job), "--scheduler", address]
        result = subprocess.run(command, capture_output=True, text=True, timeout=STUCK)
    assert result.returncode == 2, result.stderr
    assert f"Error: cannot reach the Dask scheduler at {address}: " in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out/articles.jsonl").exists()


def test_a_scheduler_without_workers_is_waited_for_with_a_notice(
    tmp_path: Path, workerless: distributed.LocalCluster
) -> None:
    """The run says that it waits; once a worker joins, it runs to the end."""
    pages = copy_fixtures(tmp_path / "pages", limit=3)
    job = write_job(tmp_path, FILES_JOB + ALL_SINKS)
    address = workerless.scheduler_address
    command = [sys.executable, "-m", "scraper", "run", str(job), "--scheduler", address]
    run = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    lines: list[str] = []
    assert run.stderr is not None
    reader = threading.Thread(target=lambda: lines.extend(run.stderr or ()), daemon=True)
    reader.start()
    try:
        wait_until(lambda: any("has no workers; waiting" in line for line in lines), "notice")
        workerless.scale(1)
        assert run.wait(timeout=STUCK) in (0, 1)
    finally:
        run.kill()
    reader.join(timeout=STUCK)
    notice = f"the Dask scheduler at {address} has no workers; waiting up to {WORKER_WAIT:g} s"
    assert any(notice in line for line in lines), lines
    assert len(jsonl(tmp_path / "out/articles.jsonl")) == len(pages)


def test_no_worker_within_the_wait_is_a_config_error(
    workerless: distributed.LocalCluster, capsys: pytest.CaptureFixture[str]
) -> None:
    address = workerless.scheduler_address
    with pytest.raises(ConfigError, match=f"no worker joined the Dask scheduler at {address}"):
        DaskExecutor(CleanerConfig(), 0, address, worker_wait=1.0)
    assert "has no workers; waiting up to 1 s" in capsys.readouterr().err
