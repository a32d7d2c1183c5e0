"""Extractors to compare against, and the runner that scores them side by side.

Every extractor is a function `html, url → text | None` timed in the same process on the
same pages, so docs/s figures are comparable. Third-party extractors are imported lazily:
they are optional (`pip install scraper[eval]`).
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from scraper.evaluate import (
    CorpusScore,
    EvalPage,
    PageScore,
    SnippetCounts,
    corpus_score,
    score_page,
    score_snippets,
)

Extractor = Callable[[str, "str | None"], "str | None"]


def scraper_extractor(html: str, url: str | None) -> str | None:
    import scraper

    article = scraper.clean_html(html, url)
    return None if article.error else article.body


def trafilatura_default(html: str, url: str | None) -> str | None:
    import trafilatura

    return trafilatura.extract(html, url=url, include_comments=False)


def trafilatura_precision(html: str, url: str | None) -> str | None:
    import trafilatura

    return trafilatura.extract(html, url=url, include_comments=False, favor_precision=True)


def trafilatura_fast(html: str, url: str | None) -> str | None:
    import trafilatura

    return trafilatura.extract(
        html, url=url, include_comments=False, favor_precision=True, fast=True
    )


def scraper_title_body(html: str, url: str | None) -> str | None:
    """The headline and the body together, for truths that include the headline."""
    import scraper

    article = scraper.clean_html(html, url)
    if article.error:
        return None
    return f"{article.title}\n{article.body}" if article.title else article.body


def readability_extractor(html: str, url: str | None) -> str | None:
    import lxml.html
    from readability import Document

    summary = Document(html, url=url).summary(html_partial=True)
    tree = lxml.html.fromstring(summary)
    blocks = [
        " ".join(e.text_content().split())
        for e in tree.iter("p", "h1", "h2", "h3", "li", "pre", "blockquote")
    ]
    return "\n".join(b for b in blocks if b) or " ".join(tree.text_content().split())


def justext_extractor(html: str, url: str | None) -> str | None:
    import justext

    paragraphs = justext.justext(html.encode("utf-8", "replace"), justext.get_stoplist("English"))
    return "\n".join(p.text for p in paragraphs if not p.is_boilerplate)


EXTRACTORS: dict[str, Extractor] = {
    "scraper": scraper_extractor,
    "scraper-title-body": scraper_title_body,
    "trafilatura": trafilatura_default,
    "trafilatura-precision": trafilatura_precision,
    "trafilatura-fast": trafilatura_fast,
    "readability-lxml": readability_extractor,
    "justext": justext_extractor,
}


@dataclass(slots=True)
class Outcome:
    """One extractor on one page: its score, and how long it took."""

    page_id: str
    dataset: str
    seconds: float
    shingles: PageScore | None = None
    snippets: SnippetCounts | None = None


def run_one(name: str, page: EvalPage) -> Outcome:
    extractor = EXTRACTORS[name]
    started = time.perf_counter()
    try:
        text = extractor(page.html, page.url)
    except Exception:  # a baseline that crashes on a page scores as an empty extraction
        text = None
    elapsed = time.perf_counter() - started
    outcome = Outcome(page.id, page.dataset, elapsed)
    if page.full_text:
        outcome.shingles = score_page(text or "", page.truth["article_body"] or "")
    else:
        outcome.snippets = score_snippets(
            text, page.truth.get("with_snippets") or (), page.truth.get("without_snippets") or ()
        )
    return outcome


@dataclass(slots=True)
class Report:
    """Scores per extractor and per source dataset, plus docs/s."""

    shingles: dict[str, dict[str, list[PageScore]]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(list))
    )
    snippets: dict[str, dict[str, SnippetCounts]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(SnippetCounts))
    )
    seconds: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    pages: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def add(self, name: str, outcome: Outcome) -> None:
        self.seconds[name] += outcome.seconds
        self.pages[name] += 1
        if outcome.shingles is not None:
            self.shingles[name][outcome.dataset].append(outcome.shingles)
            self.shingles[name]["ALL (full text)"].append(outcome.shingles)
        if outcome.snippets is not None:
            self.snippets[name][outcome.dataset] += outcome.snippets

    def docs_per_second(self, name: str) -> float:
        return self.pages[name] / self.seconds[name] if self.seconds[name] else 0.0

    def table(self, bootstrap: int = 200) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for name in self.pages:
            scores: dict[str, CorpusScore | dict[str, Any]] = {}
            for dataset, pages in sorted(self.shingles[name].items()):
                scores[dataset] = corpus_score(pages, bootstrap=bootstrap)
            for dataset, counts in sorted(self.snippets[name].items()):
                scores[dataset] = counts.as_dict()
            result[name] = {"docs_per_s": self.docs_per_second(name), "datasets": scores}
        return result


def run(pages: Iterable[EvalPage], names: list[str], jobs: int = 1) -> Report:
    """Score each extractor on each page; pages are spread over `jobs` processes."""
    report = Report()
    tasks = [(name, page) for page in pages for name in names]
    for name, outcome in _execute(tasks, jobs):
        report.add(name, outcome)
    return report


def _work(task: tuple[str, EvalPage]) -> tuple[str, Outcome]:
    name, page = task
    return name, run_one(name, page)


def _execute(tasks: list[tuple[str, EvalPage]], jobs: int) -> Iterator[tuple[str, Outcome]]:
    if jobs <= 1:
        yield from map(_work, tasks)
        return
    import multiprocessing

    with multiprocessing.get_context("spawn").Pool(jobs) as pool:
        yield from pool.imap_unordered(_work, tasks, chunksize=8)
