"""Safe to embed: a per-call time budget, no memory growth, thread safety."""

from __future__ import annotations

import resource
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

import scraper
from scraper.cleaners.deadline import Deadline
from scraper.cleaners.dom import Segmenter, parse_html
from scraper.errors import Timeout

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SPENT = 1e-6
"""A budget spent by the first check on any machine: a microsecond is less than reading the
pages below once takes (hundreds of kB; 512 DOM elements), however fast the machine."""


def _pages() -> list[tuple[str, str]]:
    pages = []
    for case in sorted(FIXTURES.iterdir()):
        for name in ("page.html", "page.txt"):
            if (case / name).exists():
                pages.append((name, (case / name).read_text("utf-8", "replace")))
    return pages


def _long_page(paragraphs: int) -> str:
    body = "".join(
        f"<div class='c{i % 40}'><p>Paragraph {i} says something about the story, in a sentence"
        " long enough to count as prose.</p></div>"
        for i in range(paragraphs)
    )
    return f"<html><body><h1>A long page</h1>{body}</body></html>"


def test_timeout_gives_a_timeout_record_not_a_hang() -> None:
    article = scraper.clean_html(_long_page(4000), "http://127.0.0.1/long", timeout=SPENT)
    assert article.error is not None
    assert article.error.kind == "timeout"
    assert f"longer than {SPENT:g} s" in article.error.message
    assert article.body == ""


def test_the_dom_walk_checks_the_budget_as_it_goes() -> None:
    """One walk over a huge DOM is a single stage, so the budget is also checked inside it
    (every `STRIDE` elements), not only between stages."""
    tree = parse_html(_long_page(4000))
    with pytest.raises(Timeout, match="stopped at segmentation"):
        Segmenter(Deadline(SPENT)).run(tree)


def test_a_generous_budget_changes_nothing() -> None:
    page = _long_page(50)
    assert scraper.clean_html(page, timeout=60).body == scraper.clean_html(page).body
    assert scraper.clean_html(page, timeout=60).error is None


def test_text_cleaner_honours_the_budget_too() -> None:
    text = "\n\n".join(f"Paragraph {i} of a long text dump, with a sentence." for i in range(20000))
    article = scraper.clean_text(text, timeout=SPENT)
    assert article.error is not None and article.error.kind == "timeout"


def test_thread_safe_results_equal_sequential_ones() -> None:
    pages = [(name, text) for name, text in _pages() if name == "page.html"] or _pages()
    clean = [
        scraper.clean_html(text) if name == "page.html" else scraper.clean_text(text)
        for name, text in pages
    ]

    def run(item: tuple[str, str]) -> scraper.Article:
        name, text = item
        return scraper.clean_html(text) if name == "page.html" else scraper.clean_text(text)

    with ThreadPoolExecutor(max_workers=8) as pool:
        parallel = list(pool.map(run, pages * 3))
    assert [a.to_dict() for a in parallel] == [a.to_dict() for a in clean * 3]


def _rss_mib() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize() / 2**20


@pytest.mark.skipif(not Path("/proc/self/statm").exists(), reason="needs /proc")
def test_no_memory_growth_over_repeated_calls() -> None:
    """Warm the caches, then 800 more calls must not grow the process: the full
    10,000-call run is `benchmarks/embed_memory.py` (BENCHMARKS.md)."""
    pages = _pages()
    for name, text in pages * 2:
        scraper.clean_html(text) if name == "page.html" else scraper.clean_text(text)
    before = _rss_mib()
    calls = 0
    while calls < 800:
        for name, text in pages:
            scraper.clean_html(text) if name == "page.html" else scraper.clean_text(text)
            calls += 1
    growth = _rss_mib() - before
    assert growth < 8, f"RSS grew {growth:.1f} MiB over {calls} calls"
