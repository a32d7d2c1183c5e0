"""`scraper run` over folders: pages found by content, the rest counted by reason, and
every record naming its input relative to the job file's folder."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import scraper
from tests.conftest import FIXTURES, SEED

JOB = """[job]
name = "trace"
[[sources]]
type = "files"
paths = ["site"]
[execution]
workers = 0
"""


def _job(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    site.mkdir()
    shutil.copy(next(FIXTURES.glob("html-*/page.html")), site / "story.php")
    shutil.copy(SEED, site / "notes.txt")
    (site / "logo.gif").write_bytes(b"GIF89a\x01\x00\x01\x00\x00\x00\x00" + bytes(40))
    (site / "app.js").write_text("console.log('not a page');\n")
    job = tmp_path / "job.toml"
    job.write_text(JOB)
    return job


def test_a_job_takes_pages_by_content_and_counts_the_rest(tmp_path: Path) -> None:
    job = _job(tmp_path)
    stats = scraper.run_job(job)
    assert stats.emitted == 2 and stats.not_pages == {"binary": 1, "not a page": 1}
    records = [json.loads(line) for line in (tmp_path / "trace.jsonl").read_text().splitlines()]
    assert sorted(r["input"] for r in records) == ["site/notes.txt", "site/story.php"]
    again = scraper.run_job(job)
    assert again.emitted == 0 and again.not_pages == {"binary": 1, "not a page": 1}


def test_the_run_summary_says_what_folders_held_that_was_no_page(tmp_path: Path) -> None:
    job = _job(tmp_path)
    scraper_command = str(Path(sys.executable).with_name("scraper"))
    result = subprocess.run(
        [scraper_command, "run", str(job), "--no-progress"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "skipped in folders: binary 1, not a page 1" in result.stderr
