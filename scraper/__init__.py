"""scraper: scrape web pages and clean boilerplate out of them into article records.

The public API is small: `clean_text`, `clean_html` and `clean` turn one page into one
`Article`; bad input gives an `Article` whose `error` says what went wrong, never an exception.
`run_job` runs a job file (sources → cleaning → de-duplication → sinks, resumable).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from scraper import errors
from scraper.config import CleanerConfig
from scraper.records import Article, Page, error_article

if TYPE_CHECKING:
    from scraper.cleaners import clean_html, clean_text
    from scraper.jobs.jobfile import JobConfig
    from scraper.jobs.runner import RunOptions
    from scraper.jobs.stats import RunStats

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
_CLEANERS = ("clean_html", "clean_text")


def __getattr__(name: str) -> Any:
    """`clean_html` and `clean_text` are imported at their first use: the cleaners' libraries
    (lxml, trafilatura, the language model) cost a third of a second, which `scraper --help`
    and a job's client should not pay."""
    if name not in _CLEANERS:
        raise AttributeError(f"module 'scraper' has no attribute {name!r}")
    from scraper import cleaners

    value = getattr(cleaners, name)
    globals()[name] = value
    return value


def clean(
    source: str | Path | bytes, url: str | None = None, *, config: CleanerConfig | None = None
) -> Article:
    """Clean a file (path) or raw bytes, deciding text vs HTML from the content."""
    from scraper.cleaners import clean_page
    from scraper.sources.files import load_page

    if isinstance(source, bytes):
        return clean_page(Page(content=source, origin=url or "<bytes>", url=url), config)
    path = Path(source)
    try:
        page = load_page(path, (config or CleanerConfig()).max_input_bytes)
    except errors.ScraperError as exc:
        return error_article(Page(b"", str(path)), exc.kind, str(exc))
    return clean_page(page, config)


def run_job(job: str | Path | JobConfig, options: RunOptions | None = None) -> RunStats:
    """Run a job file (or a loaded `scraper.jobs.jobfile.JobConfig`) to the end, resuming it
    if a previous run was interrupted; returns what the run did. See `scraper.jobs`."""
    from scraper.jobs.runner import run_job as run

    return run(job, options)
