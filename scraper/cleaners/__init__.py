"""Cleaning entry points: a page (bytes or text) in, one `Article` out, never an exception
for bad input: failures become error records.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path

from scraper.cleaners.deadline import Deadline
from scraper.cleaners.html import HtmlCleaner
from scraper.cleaners.rules import RuleSet
from scraper.cleaners.sites import SiteRules
from scraper.cleaners.text import TextCleaner
from scraper.config import CleanerConfig
from scraper.errors import InternalError, ScraperError
from scraper.fetch.decode import decode_bytes, looks_like_html
from scraper.normalize.authors import NameBook
from scraper.records import Article, Page, error_article

__all__ = ["clean_page", "clean_page_as", "cleaners"]
log = logging.getLogger(__name__)


@lru_cache(maxsize=8)
def cleaners(config: CleanerConfig | None = None) -> tuple[TextCleaner, HtmlCleaner]:
    """Cleaners for a config, built once: loading rules is the expensive part of start-up."""
    config = config or CleanerConfig()
    rules = RuleSet.load(config.rules_dir)  # one rule set, and one memo of its matches
    names = NameBook.load(config.config_dir / "names.toml")
    sites = SiteRules.load(config.sites_dir)
    return TextCleaner(config, rules, names), HtmlCleaner(config, rules, names, sites)


def page_text(page: Page) -> str:
    """The page as text, without NUL characters (HTML parsers turn them into U+FFFD, which
    would put text into the body that the page never had) and without lone surrogates (a str
    made with `surrogateescape` has them; no record holding one can be written as UTF-8)."""
    if isinstance(page.content, str):
        text = page.content
    else:
        text, _codec = decode_bytes(page.content, page.encoding)
    if "\x00" in text:
        text = text.replace("\x00", "")
    try:  # a strict encode finds a surrogate several times faster than a regex search
        text.encode("utf-8")
    except UnicodeEncodeError:  # pairs become the character they encode; lone halves go
        text = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "ignore")
    return text


def clean_page_as(
    page: Page, kind: str, config: CleanerConfig | None = None, timeout: float | None = None
) -> Article:
    """Clean a page as `kind` ("text" or "html"); errors become an error record.

    `timeout` (seconds) overrides the config's budget; past it the record is a `timeout` error.
    """
    text_cleaner, html_cleaner = cleaners(config)
    deadline = Deadline(timeout if timeout is not None else text_cleaner.config.timeout)
    try:
        text = page_text(page)
        if kind == "html":
            return html_cleaner.clean(page, text, deadline)
        return text_cleaner.clean(page, text, deadline)
    except ScraperError as exc:
        return error_article(page, exc.kind, str(exc))
    except RecursionError:
        return error_article(page, "parse", "document nested too deeply to clean")
    except MemoryError:
        return error_article(page, "too_large", "document needs more memory than allowed")
    except Exception as exc:  # a bug must cost one record, not the batch
        log.exception("unexpected error cleaning %s", page.url or page.origin)
        message = f"unexpected {type(exc).__name__}: {exc} (a bug in scraper: please report it)"
        return error_article(page, InternalError.kind, message)


def clean_page(
    page: Page, config: CleanerConfig | None = None, timeout: float | None = None
) -> Article:
    """Clean a page whose kind is decided from its content (the file extension only breaks ties)."""
    try:
        text = page_text(page)
    except ScraperError as exc:
        return error_article(page, exc.kind, str(exc))
    kind = (
        "html" if looks_like_html(text) or (page.content_type == "html" and "<" in text) else "text"
    )
    return clean_page_as(
        Page(
            content=text,
            origin=page.origin,
            url=page.url,
            offset=page.offset,
            content_type=kind,
            encoding=page.encoding,
            headers=page.headers,
            fetched_at=page.fetched_at,
        ),
        kind,
        config,
        timeout,
    )


def load_and_clean(path: Path, config: CleanerConfig | None = None) -> Article:
    from scraper.fetch.files import load_page

    try:
        page = load_page(path, (config or CleanerConfig()).max_input_bytes)
    except ScraperError as exc:
        return error_article(Page(b"", str(path)), exc.kind, str(exc))
    return clean_page(page, config)
