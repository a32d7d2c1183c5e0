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


MAX_PATH_CHARS = 4096
"""Longer strings are no path on any common system (PATH_MAX on Linux): `clean` takes them
as the page itself."""
SHOWN_CHARS = 80
"""How much of a rejected path an error message repeats."""


def _is_page_string(source: str) -> bool:
    """Whether the string `clean` was given is a page rather than a path: it starts with `<`
    after whitespace and a byte-order mark, holds a line break or a NUL (which no file name
    typed or listed has), or is longer than any path can be."""
    return (
        source.lstrip("\ufeff \t\f\v").startswith("<")
        or any(ch in source for ch in "\n\r\x00")
        or len(source) > MAX_PATH_CHARS
    )


def _shown(text: str) -> str:
    """`text` as an error message may repeat it: its first `SHOWN_CHARS` characters."""
    if len(text) <= SHOWN_CHARS:
        return text
    return f"{text[:SHOWN_CHARS]}… ({len(text):,} characters)"


def clean(
    source: str | Path | bytes, url: str | None = None, *, config: CleanerConfig | None = None
) -> Article:
    """Clean a file (a path), raw bytes, or a page given as a string, deciding text vs HTML
    from the content. A string is a page when `_is_page_string` says so, else a path: a
    one-line text page goes to `clean_text`. `url` is the page's address (site rules,
    relative links, the record's url and id)."""
    from scraper.cleaners import clean_page
    from scraper.sources.files import load_page

    if isinstance(source, bytes):
        return clean_page(Page(content=source, origin="<bytes>", url=url), config)
    if isinstance(source, str) and _is_page_string(source):
        return clean_page(Page(content=source, origin="<string>", url=url), config)
    path = Path(source)
    try:
        page = load_page(path, (config or CleanerConfig()).max_input_bytes, url)
    except errors.ScraperError as exc:
        message = str(exc).replace(str(path), _shown(str(path)))
        return error_article(Page(b"", str(path), url), exc.kind, message)
    return clean_page(page, config)


def run_job(job: str | Path | JobConfig, options: RunOptions | None = None) -> RunStats:
    """Run a job file (or a loaded `scraper.jobs.jobfile.JobConfig`) to the end, resuming it
    if a previous run was interrupted; returns what the run did. See `scraper.jobs`."""
    from scraper.jobs.runner import run_job as run

    return run(job, options)
