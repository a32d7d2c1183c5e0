"""Cleaning entry points: a page (bytes or text) in, one `Article` out, never an exception
for bad input: failures become error records.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from functools import lru_cache

from scraper.cleaners.deadline import Deadline
from scraper.cleaners.decode import decode_bytes, looks_like_html, without_surrogates
from scraper.cleaners.header_words import HeaderWords
from scraper.cleaners.headline_choice import HeadlineWeights
from scraper.cleaners.html import HtmlCleaner
from scraper.cleaners.learned import BlockModels
from scraper.cleaners.rules import RuleSet
from scraper.cleaners.sites import SiteRules
from scraper.cleaners.text import TextCleaner
from scraper.config import CleanerConfig
from scraper.errors import (
    ENVIRONMENT_ERRORS,
    EnvironmentFault,
    InternalError,
    ParseError,
    ScraperError,
    environment_message,
)
from scraper.normalize.authors import NameBook
from scraper.normalize.page_dates import DateKeys
from scraper.normalize.title_choice import TitleWeights
from scraper.records import Article, Page, error_article

__all__ = [
    "clean_html", "clean_page", "clean_page_as", "clean_text", "cleaners", "kind_of", "page_text"
]
KINDS = ("html", "text")
log = logging.getLogger(__name__)


@lru_cache(maxsize=8)
def cleaners(config: CleanerConfig | None = None) -> tuple[TextCleaner, HtmlCleaner]:
    """Cleaners for a config, built once: loading rules is the expensive part of start-up."""
    config = config or CleanerConfig()
    rules = RuleSet.load(config.rules_dir)  # one rule set, and one memo of its matches
    names = NameBook.load(config.path("names.toml"))
    sites = SiteRules.load(config.sites_dir)
    dates = DateKeys.load(config.path("dates.toml"))
    titles = TitleWeights.load(config.path("titles.toml"))
    words = HeaderWords.load(config.path("header.toml"))
    headlines = HeadlineWeights.load(config.path("text_titles.toml"))
    models = (
        BlockModels.load(config.models_dir, rules.groups, rules.vetoes) if config.learned else None
    )
    return (
        TextCleaner(
            config, rules, names, dates=dates, header_words=words, headlines=headlines,
            models=models,
        ),
        HtmlCleaner(
            config, rules, names, sites, dates=dates, titles=titles, header_words=words,
            models=models,
        ),
    )


def page_text(page: Page, repair: bool = True) -> str:
    """The page as text, without NUL characters (HTML parsers turn them into U+FFFD, which
    would put text into the body that the page never had) and, where `repair`, without lone
    surrogates (`without_surrogates`). Markup need not be repaired: `parse_html` takes them
    out as it encodes the page for the parser, one encode instead of two."""
    if isinstance(page.content, str):
        text = page.content
    else:
        text, _codec = decode_bytes(page.content, page.encoding)
    if "\x00" in text:
        text = text.replace("\x00", "")
    return without_surrogates(text) if repair else text


def clean_page_as(
    page: Page, kind: str, config: CleanerConfig | None = None, timeout: float | None = None
) -> Article:
    """Clean a page as `kind` ("text" or "html"); errors become an error record.

    `timeout` (seconds) overrides the config's budget; past it the record is a `timeout` error.
    """
    text_cleaner, html_cleaner = cleaners(config)
    deadline = Deadline(timeout if timeout is not None else text_cleaner.config.timeout)
    try:
        text = page_text(page, repair=kind != "html")
        if kind == "html":
            return html_cleaner.clean(page, text, deadline)
        return text_cleaner.clean(page, text, deadline)
    except ScraperError as exc:
        return error_article(page, exc.kind, str(exc))
    except RecursionError:
        return error_article(page, ParseError.kind, "document nested too deeply to clean")
    except ENVIRONMENT_ERRORS as exc:  # the machine's fault, not the page's: retryable
        return error_article(page, EnvironmentFault.kind, environment_message(exc))
    except Exception as exc:  # a bug must cost one record, not the batch
        log.exception("unexpected error cleaning %s", page.url or page.origin)
        message = f"unexpected {type(exc).__name__}: {exc} (a bug in scraper: please report it)"
        return error_article(page, InternalError.kind, message)


def kind_of(page: Page, text: str) -> str:
    """`html` or `text`: what the source says when it knows (`page.sniff` off), else what
    the content shows, the declared type only breaking ties."""
    if not page.sniff and page.content_type in KINDS:
        return page.content_type
    markup = looks_like_html(text) or (page.content_type == "html" and "<" in text)
    return "html" if markup else "text"


def clean_page(
    page: Page, config: CleanerConfig | None = None, timeout: float | None = None
) -> Article:
    """Clean a page as its source says it is, or (`page.sniff`) as its content shows: HTML
    when it looks like markup, with the declared type only breaking ties."""
    if not page.sniff and page.content_type in KINDS:
        return clean_page_as(page, page.content_type, config, timeout)
    try:
        text = page_text(page, repair=False)  # `clean_page_as` repairs a text page
    except ScraperError as exc:
        return error_article(page, exc.kind, str(exc))
    kind = kind_of(page, text)
    return clean_page_as(replace(page, content=text, content_type=kind), kind, config, timeout)


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
    page = Page(content=text, origin="<text>", url=url)
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
    page = Page(content=html, origin="<html>", url=url)
    return clean_page_as(page, "html", config, timeout)
