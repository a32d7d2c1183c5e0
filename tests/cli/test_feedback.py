"""What `scraper clean` and `scraper fetch` say on stderr: a progress bar only on a terminal
(seen through a real pseudo-terminal), error lines under `-v` and `-q`, and the summary."""

from __future__ import annotations

import errno
import fcntl
import json
import os
import pty
import shutil
import struct
import subprocess
import sys
import termios
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, SEED
from tests.support.http_server import ALLOW_LOOPBACK, LocalServer, serve

SCRAPER = str(Path(sys.executable).with_name("scraper"))
BAR_RATE = "page/s"
"""The bar's rate unit (tqdm: `unit="page"`); the summary says `pages/s`, so this is the bar."""
FETCH = ["fetch", "--rate", "0", "--no-cache", "--retries", "0", *ALLOW_LOOPBACK]


def on_terminal(*args: str) -> tuple[int, str]:
    """Run the command with stderr on a pseudo-terminal: (exit status, what the terminal got).
    Records must go to `-o`: stdout is not read."""
    leader, follower = pty.openpty()
    # a terminal of 100 columns: tqdm fits its bar to the width, and a new pty has none
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    command = [SCRAPER, *args]
    process = subprocess.Popen(
        command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=follower
    )
    os.close(follower)
    chunks = []
    try:
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError as exc:  # EIO: the last writer closed the terminal
                if exc.errno != errno.EIO:
                    raise
                break
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(leader)
        code = process.wait(timeout=120)
    return code, b"".join(chunks).decode("utf-8", "replace")


def on_pipe(*args: str) -> tuple[int, str]:
    result = subprocess.run([SCRAPER, *args], capture_output=True, text=True, timeout=120)
    return result.returncode, result.stderr


@pytest.fixture
def pages(tmp_path: Path) -> list[str]:
    """Three good pages and a missing one."""
    folder = tmp_path / "pages"
    folder.mkdir()
    for i, fixture in enumerate(sorted(FIXTURES.glob("html-0*/page.html"))[:2]):
        shutil.copy(fixture, folder / f"{i}.html")
    shutil.copy(SEED, folder / "seed.txt")
    return [str(folder), str(tmp_path / "missing.html")]


def test_the_bar_shows_on_a_terminal_only(pages: list[str], tmp_path: Path) -> None:
    out = str(tmp_path / "out.jsonl")
    code, terminal = on_terminal("clean", *pages, "-o", out)
    assert code == 1
    assert BAR_RATE in terminal and "4/4" in terminal and "100%" in terminal
    assert "records written to " + out in terminal
    code, terminal = on_terminal("clean", *pages, "-o", out, "--no-progress")
    assert code == 1 and BAR_RATE not in terminal and "inputs" in terminal
    code, stderr = on_pipe("clean", *pages, "-o", out)
    assert code == 1 and BAR_RATE not in stderr and "\r" not in stderr


def test_summary_says_time_rate_bytes_and_where_records_went(
    pages: list[str], tmp_path: Path
) -> None:
    out = tmp_path / "out.jsonl"
    _, stderr = on_pipe("clean", *pages, "-o", str(out))
    size = sum(p.stat().st_size for p in Path(pages[0]).iterdir())
    lines = stderr.splitlines()
    assert lines[0].startswith("4 inputs, 4 records emitted: article 3, error:input 1")
    took = next(line for line in lines if line.startswith("took "))
    assert " pages/s; read " in took and took.endswith(f"{size / 1000:.1f} KB")
    assert lines[-1] == f"records written to {out}"
    _, to_stdout = on_pipe("clean", str(SEED))
    assert to_stdout.splitlines()[-1] == "records written to stdout"


def test_verbose_adds_error_lines_and_quiet_keeps_only_them(
    pages: list[str], tmp_path: Path
) -> None:
    out = str(tmp_path / "out.jsonl")
    missing = pages[1]
    error = f"error input: {missing}: {missing}: no such file"
    _, normal = on_pipe("clean", *pages, "-o", out)
    _, verbose = on_pipe("clean", *pages, "-o", out, "-v")
    _, quiet = on_pipe("clean", *pages, "-o", out, "-q")
    assert error not in normal
    assert error in verbose.splitlines() and "took " in verbose
    assert quiet.splitlines() == [error]
    code, terminal = on_terminal("clean", *pages, "-o", out, "-q")
    assert code == 1 and BAR_RATE not in terminal and error in terminal
    code, both = on_pipe("clean", *pages, "-q", "-v")
    assert code == 2 and "exclude each other" in both


@pytest.fixture(scope="module")
def server() -> Iterator[LocalServer]:
    yield from serve()


def test_fetch_shows_the_bar_and_counts_http_statuses(server: LocalServer, tmp_path: Path) -> None:
    urls = [server.url(p) for p in ("/article/f1", "/article/f2", "/missing", "/redirect")]
    out = str(tmp_path / "out.jsonl")
    code, terminal = on_terminal(*FETCH, *urls, "-o", out)
    assert code == 1
    assert BAR_RATE in terminal and "4/4" in terminal
    assert "HTTP status: 200 3, 404 1" in terminal  # the redirect counts as where it ended
    code, stderr = on_pipe(*FETCH, *urls, "-o", out, "-v")
    assert BAR_RATE not in stderr
    assert f"error http_status: {server.url('/missing')}: " in stderr
    assert "HTTP status: 200 3, 404 1" in stderr and f"records written to {out}" in stderr
    records = [json.loads(line) for line in Path(out).read_text().splitlines()]
    moved = next(r for r in records if r["input"] == server.url("/redirect"))
    assert moved["url"] == server.url("/article/moved")  # `input`: the URL asked for
    assert {r["input"] for r in records} == set(urls)
