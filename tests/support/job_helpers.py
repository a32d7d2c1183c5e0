"""Helpers for the job tests: job files written into a temporary folder, and the outputs
of every sink read back as plain records."""

from __future__ import annotations

import csv
import json
import shutil
import sqlite3
from pathlib import Path
from typing import Any

from tests.conftest import FIXTURES

ALL_SINKS = """
[[sinks]]
type = "jsonl"
path = "out/articles.jsonl"

[[sinks]]
type = "sqlite"
path = "out/articles.sqlite"

[[sinks]]
type = "csv"
path = "out/articles.csv"

[[sinks]]
type = "parquet"
path = "out/articles.parquet"
"""


HELD_URL_JOB = """
[job]
name = "held"
state = "state.sqlite"

[[sources]]
type = "urls"
urls = [{urls}]

[fetch]
timeout = 300
retries = 0
robots = false
allow_networks = ["127.0.0.0/8"]

[politeness]
rate = 0

[dedup]
exact = false
near = false

[execution]
workers = {workers}
"""
"""A URL job meant for `tests.support.held_server.HeldServer`: requests wait on the server for
as long as the test holds them (the 300 s timeout never fires first), none is retried or
paced, and no record is a duplicate, so every page gives one record."""


def held_url_job(folder: Path, urls: list[str], workers: int = 0, sinks: str = "") -> Path:
    """`folder/job.toml` for a held URL job; `sinks` (job-file text) defaults to the JSONL
    sink next to the job file (`held.jsonl`)."""
    listed = ", ".join(f'"{url}"' for url in urls)
    return write_job(folder, HELD_URL_JOB.format(urls=listed, workers=workers) + sinks)


def copy_fixtures(folder: Path, copies: int = 1, limit: int | None = None) -> list[Path]:
    """Fixture pages copied into `folder/copy-N/<case>.txt` (a copy is a new input)."""
    cases = sorted(p for p in FIXTURES.glob("*/page.txt"))[:limit]
    made = []
    for n in range(copies):
        target = folder / f"copy-{n}"
        target.mkdir(parents=True, exist_ok=True)
        for page in cases:
            made.append(target / f"{page.parent.name}.txt")
            shutil.copy(page, made[-1])
    return made


def write_job(folder: Path, body: str, name: str = "job.toml") -> Path:
    path = folder / name
    path.write_text(body, encoding="utf-8")
    return path


def jsonl(path: Path) -> list[dict[str, Any]]:
    """Every line must be a whole JSON record: a half-written line fails here."""
    text = path.read_text(encoding="utf-8")
    assert text == "" or text.endswith("\n"), "the file ends in a partial line"
    return [json.loads(line) for line in text.splitlines()]


def csv_rows(path: Path) -> list[dict[str, Any]]:
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def committed_inputs(state: Path) -> int:
    """Inputs a job has committed to its state file so far, read as another process sees
    them: a read-only connection, which sees committed transactions only (0 before the job
    has created its tables)."""
    try:
        db = sqlite3.connect(f"file:{state}?mode=ro", uri=True)
    except sqlite3.OperationalError:
        return 0
    try:
        return int(db.execute("SELECT COUNT(*) FROM inputs").fetchone()[0])
    except sqlite3.OperationalError:
        return 0
    finally:
        db.close()


def sqlite_rows(path: Path) -> list[dict[str, Any]]:
    db = sqlite3.connect(str(path))
    db.row_factory = sqlite3.Row
    try:
        return [dict(row) for row in db.execute("SELECT * FROM articles")]
    finally:
        db.close()


def parquet_rows(path: Path) -> list[dict[str, Any]]:
    import pyarrow.parquet as pq

    if not any(path.glob("*.parquet")):
        return []
    return pq.read_table(str(path)).to_pylist()
