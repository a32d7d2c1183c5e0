"""Pathological pages (issue 13, item 5): small or ordinary-looking markup that costs far more
than its size, each through `scraper clean` in a process of its own, and a gzip'd 10 MB table
through `scraper fetch` from the local test server: exactly one record of the expected
outcome, with peak RSS (VmHWM) under 1 GB.

Memory is bounded closely: it does not depend on the machine's speed. The seconds are hang
guards only, ten times or more what each page takes on the project's busy 2-core machine
(RELIABILITY.md, "Pathological pages"); before the limits these pages took 36-110 s and
1.1-5.3 GB. The limits themselves are checked cheaply in-process with small configs.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from scraper import CleanerConfig, clean_html, clean_text
from scraper.cleaners.dom import parse_html
from scraper.cleaners.limits import check_elements
from scraper.errors import TooLarge
from tests.support.http_server import ALLOW_LOOPBACK, LocalServer
from tests.support.pathological import BY_NAME
from tests.support.peak import StillRunning, run_scraper

ONE_GB_MIB = 953
"""1 GB (10^9 bytes) in MiB: the target of issue 13 for any page of up to 50 MB."""
HANG_GUARD_S = 120.0
"""Each page takes 0.6-4 s (measured); a hang or a skipped limit (36-110 s) fails."""
CLEANED = ("table-1000x1000.html", "divs-1m.html", "br-500k.html", "sentences-150k.html")
FETCHED = "table-990x1000.html"


@pytest.fixture(scope="module")
def server() -> Iterator[LocalServer]:
    local = LocalServer(bomb=False)
    try:
        yield local
    finally:
        local.close()


def one_record(out: Path) -> dict[str, object]:
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1, f"{len(lines)} records"
    record: dict[str, object] = json.loads(lines[0])
    return record


def outcome(record: dict[str, object]) -> str:
    error = record["error"]
    if isinstance(error, dict):
        assert error["message"] and not record["body"]
        return str(error["kind"])
    assert record["body"] and record["word_count"]
    return "article"


def checked_run(args: list[str]) -> tuple[int, int]:
    try:
        run = run_scraper(args, HANG_GUARD_S)
    except StillRunning as exc:
        pytest.fail(str(exc))
    print(f"{args[0]} {args[-1]}: {run.seconds:.1f} s, {run.peak_mib} MiB")
    return run.status, run.peak_mib


@pytest.mark.parametrize("name", CLEANED)
def test_a_pathological_page_gives_one_record_under_1_gb(name: str, tmp_path: Path) -> None:
    page = BY_NAME[name]
    path = tmp_path / name
    path.write_bytes(page.build())
    out = tmp_path / "out.jsonl"
    status, mib = checked_run(["clean", "-q", "-o", str(out), str(path)])
    kind = outcome(one_record(out))
    assert kind in page.outcomes
    assert status == (0 if kind == "article" else 1)
    assert mib < ONE_GB_MIB, f"{name}: peak RSS {mib} MiB"


def test_a_gzipped_table_through_fetch_gives_one_record_under_1_gb(
    server: LocalServer, tmp_path: Path
) -> None:
    """30 KB on the wire, 9.9 MB and a million cells once decompressed."""
    url = server.url(f"/pathological/{FETCHED}")
    out = tmp_path / "out.jsonl"
    args = ["fetch", "-q", "--rate", "0", "--no-cache", "--retries", "0", *ALLOW_LOOPBACK]
    status, mib = checked_run([*args, "-o", str(out), url])
    record = one_record(out)
    assert record["url"] == url
    assert outcome(record) in BY_NAME[FETCHED].outcomes and status == 1
    assert mib < ONE_GB_MIB, f"peak RSS {mib} MiB"
    assert [hit.path for hit in server.state.hits_for(f"/pathological/{FETCHED}")]


PARAGRAPH = "<p>The harbour board met on Tuesday to discuss the new ferry timetable.</p>"
PAGE = f"<html><body><article>{PARAGRAPH * 30}</article></body></html>"


def test_past_max_elements_a_page_is_too_large_and_says_why() -> None:
    record = clean_html(PAGE, config=CleanerConfig(max_elements=20))
    assert record.error is not None and record.error.kind == "too_large"
    assert "start tags" in record.error.message and "max_elements" in record.error.message
    assert clean_html(PAGE, config=CleanerConfig(max_elements=40)).error is None


def test_the_exact_count_after_parsing_is_held_to_the_same_limit() -> None:
    """The estimate stops most pages before parsing; the parsed tree (which may hold elements
    the parser added) is counted exactly."""
    tree = parse_html(PAGE)
    assert check_elements(tree, CleanerConfig()) == len(list(tree.iter())) == 33
    with pytest.raises(TooLarge, match="33 elements, over the limit of 32"):
        check_elements(tree, CleanerConfig(max_elements=32))


def test_past_the_vote_limits_a_page_is_still_an_article() -> None:
    """Without trafilatura's vote the page is judged by our own signals alone."""
    for config in (CleanerConfig(max_vote_elements=5), CleanerConfig(max_vote_chars=100)):
        record = clean_html(PAGE, config=config)
        assert record.error is None, record.error
        assert record.body.count("The harbour board met on Tuesday") == 30


def test_past_max_lines_a_text_is_too_large() -> None:
    text = "The harbour board met on Tuesday to discuss the new ferry timetable.\n" * 30
    record = clean_text(text, config=CleanerConfig(max_lines=29))
    assert record.error is not None and record.error.kind == "too_large"
    assert "max_lines" in record.error.message
    assert clean_text(text, config=CleanerConfig(max_lines=30)).error is None
