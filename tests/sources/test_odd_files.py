"""Inputs that are not regular files: a dangling symbolic link, a FIFO, a socket, a device.
Each is one `input` error record, through `scraper clean` (folder, glob or named) and a files
job, and a FIFO is never opened (opening one for reading blocks until a writer comes, so a
run that opened it would hang: the runs here are real processes under a hang guard)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.http_server import ARTICLE
from tests.support.job_helpers import jsonl, write_job
from tests.support.waiting import STUCK

EXPECTED = {
    "article.html": None,
    "gone.html": "dangling symbolic link (to ",
    "pipe.html": "not a regular file (a FIFO (named pipe)); not read",
    "pipe.warc.gz": "not a regular file (a FIFO (named pipe)); not read",
    "socket.txt": "not a regular file (a socket); not read",
    "null.txt": "not a regular file (a character device); not read",
}
"""File name → what its error message must say (None: it is a page and becomes an article)."""


@pytest.fixture
def odd_folder(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "in"
    folder.mkdir()
    html = ARTICLE.format(title="Harbour board meets", extra="The ferry timetable changes.")
    (folder / "article.html").write_text(html, encoding="utf-8")
    (folder / "gone.html").symlink_to(folder / "deleted.html")
    os.mkfifo(folder / "pipe.html")
    os.mkfifo(folder / "pipe.warc.gz")
    os.mkfifo(folder / "article.html.json")  # where a saved page's sidecar would be: ignored
    (folder / "null.txt").symlink_to("/dev/null")
    with socket.socket(socket.AF_UNIX) as listener:
        listener.bind(str(folder / "socket.txt"))
        yield folder


def scraper(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "scraper", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=STUCK, cwd=cwd)


def check_records(records: list[dict[str, object]], folder: Path) -> None:
    by_origin = {}
    for record in records:
        error = record["error"]
        assert error is None or isinstance(error, dict)
        name = error["message"].split(":")[0] if error else str(folder / "article.html")
        by_origin[Path(name).name] = error
    assert sorted(by_origin) == sorted(EXPECTED) and len(records) == len(EXPECTED)
    assert by_origin.pop("article.html") is None
    for name, error in by_origin.items():
        assert error is not None and error["kind"] == "input", (name, error)
        assert error["message"].startswith(f"{folder / name}: {EXPECTED[name]}"), error


@pytest.mark.parametrize("form", ["folder", "glob", "named"])
def test_scraper_clean_gives_one_error_record_per_odd_file(odd_folder: Path, form: str) -> None:
    args = {
        "folder": [str(odd_folder)],
        "glob": [str(odd_folder / "*[!n]")],  # a glob takes any name: all but the .json
        "named": [str(odd_folder / name) for name in sorted(EXPECTED)],
    }[form]
    result = scraper("clean", *args, cwd=odd_folder.parent)
    assert result.returncode == 1, result.stderr
    check_records([json.loads(line) for line in result.stdout.splitlines()], odd_folder)
    assert "error:input 5" in result.stderr


def test_a_files_job_records_each_odd_file_as_an_input_error(odd_folder: Path) -> None:
    job = write_job(
        odd_folder.parent,
        """
[job]
name = "odd"
state = "state.sqlite"

[[sources]]
type = "files"
paths = ["in/"]

[[sinks]]
type = "jsonl"
path = "out/articles.jsonl"
""",
    )
    result = scraper("run", str(job), cwd=odd_folder.parent)
    assert result.returncode == 1, result.stderr
    check_records(jsonl(odd_folder.parent / "out/articles.jsonl"), odd_folder)
