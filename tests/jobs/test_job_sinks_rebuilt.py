"""Sinks checked against the job state at start: one deleted or cut outside the job is
rebuilt from the state's stored records (the latest of every input), with one warning
line; the sinks left alone are not touched. Real files, real SQLite, real Parquet parts.

Each case: a job run twice (two sets of pages, so the Parquet folder has two parts), the
damage, a third run; then the damaged sink holds every input's record exactly once.
"""

from __future__ import annotations

import logging
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from scraper.errors import SinkError
from scraper.jobs.runner import run_job
from tests.support.held_server import HeldServer
from tests.support.job_helpers import (
    ALL_SINKS,
    copy_fixtures,
    csv_rows,
    held_url_job,
    jsonl,
    parquet_rows,
    sqlite_rows,
    write_job,
)
from tests.support.waiting import STUCK

JOB = """
[job]
name = "s"
state = "state.sqlite"

[[sources]]
type = "files"
paths = ["pages/"]

[execution]
workers = 0
"""


def delete_rows(path: Path) -> None:
    db = sqlite3.connect(str(path))
    db.execute("DELETE FROM articles WHERE rowid % 2 = 0")
    db.commit()
    db.close()


def cut_in_half(path: Path) -> None:
    with open(path, "r+b") as handle:
        handle.truncate(path.stat().st_size // 2)


def first_part(folder: Path) -> Path:
    return sorted(folder.glob("part-*.parquet"))[0]


DAMAGES: dict[str, tuple[str, Callable[[Path], None]]] = {
    "jsonl deleted": ("jsonl", lambda out: (out / "articles.jsonl").unlink()),
    "jsonl cut": ("jsonl", lambda out: cut_in_half(out / "articles.jsonl")),
    "csv deleted": ("csv", lambda out: (out / "articles.csv").unlink()),
    "csv cut": ("csv", lambda out: cut_in_half(out / "articles.csv")),
    "sqlite deleted": ("sqlite", lambda out: (out / "articles.sqlite").unlink()),
    "sqlite rows deleted": ("sqlite", lambda out: delete_rows(out / "articles.sqlite")),
    "parquet folder deleted": ("parquet", lambda out: shutil.rmtree(out / "articles.parquet")),
    "parquet part deleted": ("parquet", lambda out: first_part(out / "articles.parquet").unlink()),
}
READERS: dict[str, tuple[str, Callable[[Path], list[dict[str, Any]]]]] = {
    "jsonl": ("articles.jsonl", jsonl),
    "csv": ("articles.csv", csv_rows),
    "sqlite": ("articles.sqlite", sqlite_rows),
    "parquet": ("articles.parquet", parquet_rows),
}


def two_runs(folder: Path) -> tuple[Path, int]:
    """A job run on 5 pages, then on 5 more: every sink holds 10 records, Parquet in two
    parts. Returns the job file and the number of inputs."""
    copy_fixtures(folder / "pages", limit=5)
    job = write_job(folder, JOB + ALL_SINKS)
    run_job(job)
    more = copy_fixtures(folder / "more", limit=5)
    (folder / "pages/copy-1").mkdir()
    for page in more:
        shutil.copy(page, folder / "pages/copy-1" / page.name)
    run_job(job)
    assert len(list((folder / "out/articles.parquet").glob("part-*"))) == 2
    return job, 10


def snapshot(out: Path, kind: str) -> bytes | list[dict[str, Any]]:
    name, read = READERS[kind]
    path = out / name
    return path.read_bytes() if path.is_file() and kind in ("jsonl", "csv") else read(path)


@pytest.mark.parametrize("case", list(DAMAGES))
def test_a_damaged_sink_is_rebuilt_with_each_record_once(
    case: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    job, inputs = two_runs(tmp_path)
    out = tmp_path / "out"
    damaged, damage = DAMAGES[case]
    others = {kind: snapshot(out, kind) for kind in READERS if kind != damaged}
    damage(out)
    with caplog.at_level(logging.WARNING, logger="scraper.jobs.writer"):
        stats = run_job(job)
    assert stats.outcomes["unchanged"] == inputs and stats.emitted == 0
    warnings = [r.getMessage() for r in caplog.records]
    assert len(warnings) == 1 and warnings[0].startswith(f"{damaged}:{out}/"), warnings
    assert f"rebuilt from the job state ({inputs} records)" in warnings[0]
    name, read = READERS[damaged]
    ids = [row["id"] for row in read(out / name)]
    assert len(ids) == len(set(ids)) == inputs
    for kind, before in others.items():
        assert snapshot(out, kind) == before, f"{kind} was rewritten, yet it was whole"
    caplog.clear()
    run_job(job)
    assert not caplog.records  # rebuilt once: the next run finds every sink whole


def test_the_command_says_what_it_rebuilt_and_exits_0(tmp_path: Path) -> None:
    job, inputs = two_runs(tmp_path)
    (tmp_path / "out/articles.sqlite").unlink()
    result = subprocess.run(
        [sys.executable, "-m", "scraper", "run", str(job), "-q"],
        capture_output=True,
        text=True,
        timeout=STUCK,
    )
    assert result.returncode == 0, result.stderr  # this run's inputs were all unchanged
    sink = tmp_path / "out/articles.sqlite"
    assert result.stderr.splitlines() == [
        f"sqlite:{sink}: rebuilt from the job state ({inputs} records), because it is "
        f"missing (the job state says it holds {inputs} rows)"
    ]
    assert len(sqlite_rows(sink)) == inputs


def test_a_state_without_stored_records_refuses_instead_of_losing_them(tmp_path: Path) -> None:
    job, _inputs = two_runs(tmp_path)
    db = sqlite3.connect(str(tmp_path / "state.sqlite"))
    db.execute("DELETE FROM records")  # what a state from before stored records holds
    db.commit()
    db.close()
    (tmp_path / "out/articles.csv").unlink()
    with pytest.raises(SinkError, match="keeps no copy of 10 of its records"):
        run_job(job)




def test_a_sink_removed_while_the_run_writes_it_is_rebuilt_before_the_run_ends(
    tmp_path: Path,
) -> None:
    """Removed under the run's open handles, the files keep taking writes no one can read;
    the run finds them missing at its end and writes them again, exit 0 and complete."""
    with HeldServer() as server:
        urls = [server.url(f"/page-{i}") for i in range(5)]
        sinks = '[[sinks]]\ntype = "jsonl"\npath = "out/articles.jsonl"\n\n'
        sinks += '[[sinks]]\ntype = "sqlite"\npath = "out/articles.sqlite"\n'
        job = held_url_job(tmp_path, urls, sinks=sinks)
        run = subprocess.Popen(
            [sys.executable, "-m", "scraper", "run", str(job), "-q", "--no-progress"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        server.wait_for_requests(1)  # the sinks are open, nothing is written yet
        (tmp_path / "out/articles.jsonl").unlink()
        (tmp_path / "out/articles.sqlite").unlink()
        server.release()
        _out, err = run.communicate(timeout=STUCK)
    assert run.returncode == 0, err
    lines = err.splitlines()
    assert len(lines) == 2 and all("rebuilt from the job state (5 records)" in x for x in lines)
    assert sorted(r["url"] for r in jsonl(tmp_path / "out/articles.jsonl")) == sorted(
        server.url(f"/page-{i}") for i in range(5)
    )
    assert len(sqlite_rows(tmp_path / "out/articles.sqlite")) == 5
