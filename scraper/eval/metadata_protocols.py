"""The three forms a page is given in to the metadata evaluation, and the extractors that read
title, authors and date from each.

- `as-is`: the page as it was served.
- `visible`: the page with every `<script type="application/ld+json">` and every `<meta>`
  removed before anything reads it: what a reader sees (and what a site without structured
  data serves), so that what is measured is the reading of the page itself.
- `text`: the page rendered to whole-page text with `html_text.extract_text(html,
  guess_layout=True)`, as `benchmarks/text_accuracy.py` renders it, read by `clean_text`: the
  form of a text dump. The baselines read HTML only, so they run in the first two protocols.

Each extractor is a module-level function `html, url → JSON text` (`{"title", "authors",
"date"}`), the shape `eval.pool` carries, so the worker pool of the body evaluation runs these
too, with its timeouts and crash handling. Every extractor is given the page's URL where the
dataset has one, in every protocol (an address comes with a page however it is stored).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable

from scraper.eval.baselines import Extractor

PROTOCOLS = ("as-is", "visible", "text")
FIELDS = ("title", "authors", "date")
SCRAPER, TRAFILATURA, HTMLDATE = "scraper", "trafilatura", "htmldate"
NAMES = (SCRAPER, TRAFILATURA, HTMLDATE)
BASELINES = (TRAFILATURA, HTMLDATE)
ANSWERS: dict[str, tuple[str, ...]] = {
    SCRAPER: FIELDS,
    TRAFILATURA: FIELDS,
    HTMLDATE: ("date",),
}
"""The fields each extractor gives; it is scored on those only."""

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def visible_html(html: str) -> str:
    """The page without JSON-LD scripts and `<meta>` elements (lxml; control characters,
    which lxml refuses, dropped first)."""
    import lxml.html

    parser = lxml.html.HTMLParser(encoding="utf-8", no_network=True)
    tree = lxml.html.document_fromstring(_CONTROL.sub("", html).encode("utf-8"), parser=parser)
    hidden = [
        element
        for element in tree.iter("meta", "script")
        if element.tag == "meta"
        or (element.get("type") or "").strip().lower() == "application/ld+json"
    ]
    for element in hidden:
        element.drop_tree()
    return str(lxml.html.tostring(tree, encoding="unicode", method="html"))


def text_dump(html: str) -> str:
    """The whole page as text, one block a line, as the text benchmark renders it."""
    import html_text

    return str(html_text.extract_text(_CONTROL.sub("", html), guess_layout=True))


def _found(
    title: str | None, authors: Iterable[str], date: str | None, error: str | None = None
) -> str:
    found = {"title": title, "authors": list(authors), "date": date}
    return json.dumps(found | ({"error": error} if error else {}))


def _scraper(article: object) -> str:
    """The record's fields, also when it is an error record (no body found, say): it still
    carries what was read of the page's title, authors and date, and so does what users get."""
    from scraper.records import Article

    assert isinstance(article, Article)
    error = article.error.kind if article.error else None
    return _found(article.title, article.authors, article.published, error)


def scraper_as_is(html: str, url: str | None) -> str:
    from scraper.cleaners import clean_html

    return _scraper(clean_html(html, url))


def scraper_visible(html: str, url: str | None) -> str:
    from scraper.cleaners import clean_html

    return _scraper(clean_html(visible_html(html), url))


def scraper_text(html: str, url: str | None) -> str:
    from scraper.cleaners import clean_text

    return _scraper(clean_text(text_dump(html), url))


def _trafilatura(html: str, url: str | None) -> str:
    from trafilatura import bare_extraction

    document = bare_extraction(html, url=url, with_metadata=True)
    if document is None:
        return _found(None, (), None)
    keys = ("title", "author", "date")
    fields = document if isinstance(document, dict) else {k: getattr(document, k) for k in keys}
    author = fields.get("author")
    return _found(fields.get("title"), [author] if author else [], fields.get("date"))


def trafilatura_as_is(html: str, url: str | None) -> str:
    return _trafilatura(html, url)


def trafilatura_visible(html: str, url: str | None) -> str:
    return _trafilatura(visible_html(html), url)


def htmldate_as_is(html: str, url: str | None) -> str:
    from htmldate import find_date

    return _found(None, (), find_date(html, url=url))


def htmldate_visible(html: str, url: str | None) -> str:
    from htmldate import find_date

    return _found(None, (), find_date(visible_html(html), url=url))


EXTRACTORS: dict[tuple[str, str], Extractor] = {
    ("as-is", SCRAPER): scraper_as_is,
    ("as-is", TRAFILATURA): trafilatura_as_is,
    ("as-is", HTMLDATE): htmldate_as_is,
    ("visible", SCRAPER): scraper_visible,
    ("visible", TRAFILATURA): trafilatura_visible,
    ("visible", HTMLDATE): htmldate_visible,
    ("text", SCRAPER): scraper_text,
}
"""(protocol, extractor) → function; a pair not here does not apply (no baseline reads text)."""

REQUIRES: dict[str, tuple[str, ...]] = {
    SCRAPER: ("scraper.cleaners", "lxml.html", "html_text"),
    TRAFILATURA: ("trafilatura", "lxml.html"),
    HTMLDATE: ("htmldate", "lxml.html"),
}


def task_name(protocol: str, extractor: str) -> str:
    """The pool's name of one (protocol, extractor) pair."""
    return f"{protocol}:{extractor}"
