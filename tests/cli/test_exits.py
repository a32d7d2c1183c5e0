"""Problems found before the work (or instead of it) exit 2 with one line on stderr and no
traceback: a damaged job state, a setting past its ceiling, an output path whose folder is
missing. Each command runs as a real subprocess, on real files."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from scraper.jobs.ceilings import MAX_BYTES, MAX_WORKERS
from scraper.jobs.runner import run_job
from tests.conftest import SEED
from tests.support.job_helpers import copy_fixtures, write_job
from tests.support.waiting import STUCK

JOB = """
[job]
name = "x"
state = "state.sqlite"

[[sources]]
type = "files"
paths = ["pages/"]

[execution]
workers = 0
"""
HUGE = 9223372036854775807


def scraper(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "scraper", *args], capture_output=True, text=True, timeout=STUCK
    )


def refused(result: subprocess.CompletedProcess[str]) -> str:
    """The one line a command refused with (exit 2, no traceback)."""
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_a_state_damaged_in_the_middle_is_refused(tmp_path: Path) -> None:
    copy_fixtures(tmp_path / "pages")
    job = write_job(tmp_path, JOB)
    run_job(job)
    state = tmp_path / "state.sqlite"
    # Junk over the inputs table's root page, which lies inside the file (page 1 is the
    # header): a b-tree page, so the damage is one the integrity check must see (junk that
    # fell on a free page or a record's overflow page would go unnoticed by any reader).
    db = sqlite3.connect(str(state))
    (root,) = db.execute("SELECT rootpage FROM sqlite_master WHERE name = 'inputs'").fetchone()
    (page_size,) = db.execute("PRAGMA page_size").fetchone()
    db.close()
    assert root > 1
    with open(state, "r+b") as handle:
        handle.seek((root - 1) * page_size)
        handle.write(bytes(range(256)) * (page_size // 256))
    line = refused(scraper("run", str(job)))
    assert line.startswith(f"Error: {state}: the job state is damaged (")
    assert "restore it from a backup, or remove it and the job's outputs" in line


@pytest.mark.parametrize(
    ("section", "key", "ceiling"),
    [("cleaner", "max_input_bytes", MAX_BYTES), ("fetch", "max_bytes", MAX_BYTES),
     ("execution", "workers", MAX_WORKERS), ("cleaner", "min_body_words", 2**31 - 1)],
)  # fmt: skip
def test_an_integer_past_its_ceiling_is_refused_at_load(
    section: str, key: str, ceiling: int, tmp_path: Path
) -> None:
    copy_fixtures(tmp_path / "pages", limit=1)
    body = JOB.replace("[execution]\nworkers = 0", "") + f"\n[{section}]\n{key} = {HUGE}\n"
    line = refused(scraper("run", str(write_job(tmp_path, body))))
    assert f"{section}.{key}: must be an integer ≥ " in line and f"≤ {ceiling}, not {HUGE}" in line
    assert not (tmp_path / "state.sqlite").exists()


def test_a_number_past_its_ceiling_is_refused_at_load(tmp_path: Path) -> None:
    job = write_job(tmp_path, JOB + "\n[fetch]\ntimeout = 1e300\n")
    assert "fetch.timeout: must be a number ≥ 0.1 and ≤ 86400" in refused(scraper("run", str(job)))


@pytest.mark.parametrize(
    "args",
    [("run", "job.toml", "--workers", str(HUGE)), ("fetch", "http://127.0.0.1:9/", "--max-bytes",
     str(HUGE)), ("fetch", "http://127.0.0.1:9/", "--timeout", "1e300")],
)  # fmt: skip
def test_an_option_past_its_ceiling_is_a_usage_error(args: tuple[str, ...]) -> None:
    result = scraper(*args)
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    assert "is not in the range" in result.stderr


def output_commands(tmp_path: Path, target: Path) -> dict[str, list[str]]:
    return {
        "clean -o": ["clean", str(SEED), "-o", str(target)],
        "fetch -o": ["fetch", "http://127.0.0.1:9/never", "-o", str(target)],
        "eval --json": ["eval", str(tmp_path), "--json", str(target)],
        "eval --per-page": ["eval", str(tmp_path), "--per-page", str(target)],
    }


@pytest.mark.parametrize("command", ["clean -o", "fetch -o", "eval --json", "eval --per-page"])
def test_an_output_in_a_missing_folder_is_refused_before_any_work(
    command: str, tmp_path: Path
) -> None:
    target = tmp_path / "missing/dir/x.jsonl"
    line = refused(scraper(*output_commands(tmp_path, target)[command]))
    flag = {"-o": "--output"}.get(command.split()[1], command.split()[1])
    assert line == f"Error: {flag} {target}: the folder {target.parent} does not exist"
    assert not (tmp_path / "missing").exists()  # no folder made on a typo


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes anywhere")
def test_an_output_in_a_read_only_folder_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir(mode=0o500)
    line = refused(scraper("clean", str(SEED), "-o", str(folder / "x.jsonl")))
    assert line.endswith(f"the folder {folder} is not writable")
