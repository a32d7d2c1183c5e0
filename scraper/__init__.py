"""scraper: scrape web pages and clean boilerplate out of them into article records.

The public API is small: `clean_text`, `clean_html` and `clean` turn one page into one
`Article`; bad input gives an `Article` whose `error` says what went wrong, never an exception.
`run_job` runs a job file (sources → cleaning → de-duplication → sinks, resumable).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from scraper import errors
from scraper.cleaners import clean_page, clean_page_as, load_and_clean
from scraper.config import CleanerConfig
from scraper.records import Article, Page

if TYPE_CHECKING:
    from scraper.job import JobConfig, RunOptions
    from scraper.pipeline import RunStats

__all__ = [
    "Article",
    "CleanerConfig",
    "Page",
    "clean",
    "clean_html",
    "clean_text",
    "errors",
    "run_job",
]
__version__ = "0.1.0"


def clean_text(
    text: str,
    url: str | None = None,
    *,
    config: CleanerConfig | None = None,
    timeout: float | None = None,
) -> Article:
    """Clean a plain-text page (a whole-page text dump) into an article record.

    `timeout` is a time budget in seconds (default: the config's, 30 s); past it the record
    is an error of kind `timeout`.
    """
    page = Page(content=text, origin=url or "<text>", url=url)
    return clean_page_as(page, "text", config, timeout)


def clean_html(
    html: str | bytes,
    url: str | None = None,
    *,
    config: CleanerConfig | None = None,
    timeout: float | None = None,
) -> Article:
    """Clean an HTML page into an article record.

    Bytes are decoded with the declared charset, else detection. `timeout` is a time budget
    in seconds (default: the config's, 30 s); past it the record is an error of kind
    `timeout`. Safe to call from many threads at once.
    """
    page = Page(content=html, origin=url or "<html>", url=url)
    return clean_page_as(page, "html", config, timeout)


def clean(
    source: str | Path | bytes, url: str | None = None, *, config: CleanerConfig | None = None
) -> Article:
    """Clean a file (path) or raw bytes, deciding text vs HTML from the content."""
    if isinstance(source, bytes):
        return clean_page(Page(content=source, origin=url or "<bytes>", url=url), config)
    return load_and_clean(Path(source), config)


def run_job(job: str | Path | JobConfig, options: RunOptions | None = None) -> RunStats:
    """Run a job file (or a loaded `scraper.job.JobConfig`) to the end, resuming it if a
    previous run was interrupted; returns what the run did. See `scraper.job`."""
    from scraper.job import run_job as run

    return run(job, options)
