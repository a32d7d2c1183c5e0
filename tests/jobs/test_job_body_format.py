"""Job sinks with `body_format`: the body column in Markdown or HTML, rendered from the
blocks the job state keeps, while the other sinks' records keep their shape."""

from __future__ import annotations

from pathlib import Path

import pytest

import scraper
from scraper.errors import ConfigError
from scraper.jobs.runner import load_job, run_job
from tests.cleaners.test_structure_kept import PAGE, TEXT
from tests.support.job_helpers import csv_rows, jsonl, sqlite_rows, write_job

JOB = """
[job]
name = "t"
state = "state.sqlite"

[[sources]]
type = "files"
paths = ["pages/"]

[[sinks]]
type = "jsonl"
path = "out/plain.jsonl"

[[sinks]]
type = "csv"
path = "out/markdown.csv"
body_format = "markdown"

[[sinks]]
type = "sqlite"
path = "out/html.sqlite"
body_format = "html"

[execution]
workers = 0
"""


def test_each_sink_writes_the_body_in_its_format(tmp_path: Path) -> None:
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages/tides.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "pages/notes.txt").write_text(TEXT, encoding="utf-8")
    run_job(write_job(tmp_path, JOB))
    expected = {
        "notes.txt": scraper.clean_text(TEXT),
        "tides.html": scraper.clean_html(PAGE),
    }
    plain = {Path(r["input"]).name: r for r in jsonl(tmp_path / "out/plain.jsonl")}
    for name, article in expected.items():
        assert plain[name]["body"] == article.body
        assert "blocks" not in plain[name]
    ids = {r["id"]: Path(r["input"]).name for r in plain.values()}
    for row in csv_rows(tmp_path / "out/markdown.csv"):
        article = expected[ids[row["id"]]]
        assert row["body"] == article.to_markdown().split("\n\n", 1)[1]  # without the title
        assert "blocks" not in row
    for row in sqlite_rows(tmp_path / "out/html.sqlite"):
        article = expected[ids[row["id"]]]
        html = article.to_html().replace(f"<h1>{article.title}</h1>\n", "")
        assert row["body"] == html


def test_a_replayed_sink_renders_the_same_body(tmp_path: Path) -> None:
    """A sink rebuilt from the job state renders from the stored blocks, not paragraphs."""
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages/tides.html").write_text(PAGE, encoding="utf-8")
    job = write_job(tmp_path, JOB)
    run_job(job)
    first = (tmp_path / "out/markdown.csv").read_text(encoding="utf-8")
    (tmp_path / "out/markdown.csv").unlink()
    run_job(job)
    assert (tmp_path / "out/markdown.csv").read_text(encoding="utf-8") == first
    assert "| Day of the week |" in first


def test_unknown_body_format_fails_at_load(tmp_path: Path) -> None:
    path = write_job(tmp_path, JOB.replace('body_format = "html"', 'body_format = "xml"'))
    with pytest.raises(ConfigError, match=r"sinks\[3\]\.body_format"):
        load_job(path)
