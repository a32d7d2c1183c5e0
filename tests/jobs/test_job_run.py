"""`run_job` end to end on real files, a real SQLite state and real sinks."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from scraper.errors import SinkError
from scraper.jobs.runner import RunOptions, run_job
from scraper.jobs.sinks.base import COLUMNS
from scraper.jobs.state import JobState
from scraper.records import ARTICLE_SCHEMA, Page
from tests.support.job_helpers import (
    ALL_SINKS,
    copy_fixtures,
    csv_rows,
    jsonl,
    parquet_rows,
    sqlite_rows,
    write_job,
)

JOB = """
[job]
name = "t"
state = "state.sqlite"

[[sources]]
type = "files"
paths = ["pages/"]

[execution]
workers = 0
"""


def test_every_sink_holds_the_same_records_once(tmp_path: Path) -> None:
    pages = copy_fixtures(tmp_path / "pages")
    job = write_job(tmp_path, JOB.replace("workers = 0", "workers = 2") + ALL_SINKS)
    stats = run_job(job)
    assert stats.seen == stats.emitted == len(pages)
    records = jsonl(tmp_path / "out/articles.jsonl")
    ids = [r["id"] for r in records]
    assert len(set(ids)) == len(pages)
    for record in records:
        jsonschema.validate(record, ARTICLE_SCHEMA)
    by_id = {r["id"]: r for r in records}
    for rows, decode in (
        (sqlite_rows(tmp_path / "out/articles.sqlite"), True),
        (csv_rows(tmp_path / "out/articles.csv"), True),
        (parquet_rows(tmp_path / "out/articles.parquet"), False),
    ):
        assert sorted(r["id"] for r in rows) == sorted(ids)
        assert list(rows[0]) == list(COLUMNS)  # the schema's keys but those only asked for
        for row in rows:
            record = by_id[row["id"]]
            assert (row["title"] or None) == record["title"]  # CSV has no null: ""
            assert row["body"] == record["body"]
            authors = json.loads(row["authors"]) if decode else row["authors"]
            assert authors == record["authors"]
            removed = json.loads(row["removed"]) if decode else row["removed"]
            assert removed == record["removed"]
            assert int(row["word_count"]) == record["word_count"]


def test_a_rerun_emits_only_what_changed_or_everything_with_force(tmp_path: Path) -> None:
    pages = copy_fixtures(tmp_path / "pages", limit=6)
    job = write_job(tmp_path, JOB + ALL_SINKS)
    assert run_job(job).emitted == 6
    again = run_job(job)
    assert again.emitted == 0 and again.outcomes["unchanged"] == 6
    text = pages[2].read_text()
    pages[2].write_text(text.replace(". ", ". Indeed, ", 1))
    changed = run_job(job)
    assert changed.emitted == 1 and changed.outcomes["unchanged"] == 5
    lines = jsonl(tmp_path / "out/articles.jsonl")
    assert len(lines) == 7
    changed_id = Page(b"", origin="pages/copy-0/" + pages[2].name).record_id
    assert lines[-1]["id"] == lines[2]["id"] == changed_id
    assert lines[-1]["content_hash"] != lines[2]["content_hash"]
    rows = sqlite_rows(tmp_path / "out/articles.sqlite")
    assert len(rows) == 6  # one row per record id: the new version replaced the old
    row = next(r for r in rows if r["id"] == changed_id)
    assert row["content_hash"] == lines[-1]["content_hash"]
    assert run_job(job, RunOptions(force=True)).emitted == 6
    assert len(jsonl(tmp_path / "out/articles.jsonl")) == 13
    assert len(csv_rows(tmp_path / "out/articles.csv")) == 13
    assert len(parquet_rows(tmp_path / "out/articles.parquet")) == 13


def near_copy_of(text: str) -> str:
    """The same page with one word of its body changed (Jaccard of shingles stays high)."""
    middle = text.index(" the ", len(text) // 2)
    return text[:middle] + " this " + text[middle + 5 :]


def test_duplicates_point_to_the_first_copy_and_are_never_dropped(tmp_path: Path) -> None:
    pages = copy_fixtures(tmp_path / "pages", copies=2, limit=4)
    near = tmp_path / "pages" / "copy-2" / "near.txt"
    near.parent.mkdir()
    near.write_text(near_copy_of(pages[0].read_text()))
    job = write_job(tmp_path, JOB)
    stats = run_job(job)
    assert stats.emitted == 9
    records = jsonl(tmp_path / "t.jsonl")
    firsts, seconds, near_copy = records[:4], records[4:8], records[8]
    for first, second in zip(firsts, seconds, strict=True):
        assert first["duplicate_of"] is None
        assert second["duplicate_of"] == (first["id"] if first["error"] is None else None)
    assert firsts[0]["error"] is None and near_copy["body"] != firsts[0]["body"]
    assert near_copy["duplicate_of"] == firsts[0]["id"]
    assert stats.outcomes["duplicate:near"] == 1
    assert stats.outcomes["duplicate:exact"] == sum(1 for f in firsts if f["error"] is None)


def test_near_duplicates_can_be_turned_off(tmp_path: Path) -> None:
    pages = copy_fixtures(tmp_path / "pages", limit=1)
    (tmp_path / "pages" / "near.txt").write_text(near_copy_of(pages[0].read_text()))
    job = write_job(tmp_path, JOB + "\n[dedup]\nnear = false\n")
    stats = run_job(job)
    assert stats.outcomes["duplicate:near"] == 0
    assert all(r["duplicate_of"] is None for r in jsonl(tmp_path / "t.jsonl"))


def test_a_partial_line_left_by_a_crash_is_cut_on_the_next_run(tmp_path: Path) -> None:
    copy_fixtures(tmp_path / "pages", limit=3)
    job = write_job(tmp_path, JOB + ALL_SINKS)
    run_job(job)
    out = tmp_path / "out/articles.jsonl"
    whole = out.read_bytes()
    with open(out, "ab") as handle:
        handle.write(b'{"id": "half-writ')
    with open(tmp_path / "out/articles.csv", "ab") as handle:
        handle.write(b"half,a,row")
    run_job(job)
    assert out.read_bytes() == whole
    assert len(csv_rows(tmp_path / "out/articles.csv")) == 3


def test_a_sink_never_takes_over_output_it_did_not_write(tmp_path: Path) -> None:
    copy_fixtures(tmp_path / "pages", limit=1)
    (tmp_path / "out").mkdir()
    (tmp_path / "out/articles.jsonl").write_text('{"id": "someone else"}\n')
    job = write_job(tmp_path, JOB + ALL_SINKS)
    with pytest.raises(SinkError, match="not written by this job"):
        run_job(job)
    assert (tmp_path / "out/articles.jsonl").read_text() == '{"id": "someone else"}\n'


def test_the_state_records_every_input_and_its_outcome(tmp_path: Path) -> None:
    pages = copy_fixtures(tmp_path / "pages", limit=5)
    (tmp_path / "pages" / "empty.txt").write_text("")
    job = write_job(tmp_path, JOB)
    run_job(job)
    state = JobState(tmp_path / "state.sqlite")
    try:
        counts = state.counts()
        keys = {row[0] for row in state._db.execute("SELECT key FROM inputs")}
    finally:
        state.close()
    assert sum(counts.values()) == len(pages) + 1
    assert counts.get("error:no_content", 0) >= 1
    assert "pages/empty.txt" in keys  # keys are relative to the job's folder


def test_an_input_listed_by_two_sources_is_processed_once(tmp_path: Path) -> None:
    pages = copy_fixtures(tmp_path / "pages", limit=3)
    job = write_job(tmp_path, JOB + '\n[[sources]]\ntype = "files"\npaths = ["pages/*/*.txt"]\n')
    stats = run_job(job)
    assert stats.emitted == len(pages) and stats.outcomes["already done"] == len(pages)
    assert len(jsonl(tmp_path / "t.jsonl")) == len(pages)


def test_cli_progress_summary_and_exit_codes(tmp_path: Path) -> None:
    import subprocess
    import sys

    copy_fixtures(tmp_path / "pages", limit=3)  # the second fixture is an error page
    job = write_job(tmp_path, JOB)
    command = [sys.executable, "-m", "scraper", "run", str(job)]
    result = subprocess.run([*command, "--progress"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 1, result.stderr  # one input became an error record
    assert "3/3" in result.stderr and "page/s" in result.stderr and "errors=1" in result.stderr
    assert "3 inputs, 3 records emitted: article 2, error:no_content 1" in result.stderr
    assert "removed by rule: " in result.stderr
    again = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert again.returncode == 0 and "3 inputs, 0 records emitted: unchanged 3" in again.stderr
    bad = write_job(tmp_path, JOB.replace("workers = 0", "workers = \"many\""), "bad.toml")
    failed = subprocess.run(
        [sys.executable, "-m", "scraper", "run", str(bad)], capture_output=True, text=True
    )
    assert failed.returncode == 2 and "Traceback" not in failed.stderr
    assert f"{bad}: execution.workers: must be an integer" in failed.stderr
