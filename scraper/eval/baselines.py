"""The extractors `scraper eval` can compare, by name: ours and the baselines.

Each is a module-level function `html, url → text | None`, so a worker process can receive it
by reference, and it imports its library lazily: third-party extractors are optional
(`pip install 'chromecut[eval]'`). `REQUIRES` names the modules each one needs, so a worker can
import them before its clock starts and a missing one is reported before the run.
"""

from __future__ import annotations

import re
from collections.abc import Callable

Extractor = Callable[[str, "str | None"], "str | None"]

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def scraper_extractor(html: str, url: str | None) -> str | None:
    return _scraper_with(html, url, learned=None)


def scraper_learned(html: str, url: str | None) -> str | None:
    """The learned core (`CleanerConfig(learned=True)`), whatever the default is."""
    return _scraper_with(html, url, learned=True)


def scraper_hand(html: str, url: str | None) -> str | None:
    """The hand-set core (`CleanerConfig(learned=False)`), whatever the default is."""
    return _scraper_with(html, url, learned=False)


def _scraper_with(html: str, url: str | None, learned: bool | None) -> str | None:
    """Our body; `learned` None: the default core."""
    from scraper.cleaners import clean_html
    from scraper.config import CleanerConfig

    config = None if learned is None else CleanerConfig(learned=learned)
    article = clean_html(html, url, config=config)
    return None if article.error else article.body


def scraper_title_body(html: str, url: str | None) -> str | None:
    """The headline and the body together, for truths that include the headline."""
    from scraper.cleaners import clean_html

    article = clean_html(html, url)
    if article.error:
        return None
    return f"{article.title}\n{article.body}" if article.title else article.body


def trafilatura_default(html: str, url: str | None) -> str | None:
    """trafilatura's defaults but without comments, as the ScrapingHub benchmark runs it:
    no truth here counts comments as article text."""
    import trafilatura

    return trafilatura.extract(html, url=url, include_comments=False)


def trafilatura_precision(html: str, url: str | None) -> str | None:
    """trafilatura's strongest setting on these sets."""
    import trafilatura

    return trafilatura.extract(html, url=url, include_comments=False, favor_precision=True)


def trafilatura_fast(html: str, url: str | None) -> str | None:
    import trafilatura

    return trafilatura.extract(
        html, url=url, include_comments=False, favor_precision=True, fast=True
    )


def readability_extractor(html: str, url: str | None) -> str | None:
    """readability-lxml's summary, as text with one block per paragraph-level element."""
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


def visible_text(html: str, url: str | None) -> str | None:
    """All visible text of the page: the floor every extractor should beat. (Control
    characters are dropped first: lxml refuses them.)"""
    import html_text

    return html_text.extract_text(_CONTROL.sub("", html), guess_layout=True)


EXTRACTORS: dict[str, Extractor] = {
    "scraper": scraper_extractor,
    "scraper-learned": scraper_learned,
    "scraper-hand": scraper_hand,
    "scraper-title-body": scraper_title_body,
    "trafilatura": trafilatura_default,
    "trafilatura-precision": trafilatura_precision,
    "trafilatura-fast": trafilatura_fast,
    "readability-lxml": readability_extractor,
    "justext": justext_extractor,
    "html-text": visible_text,
}

REQUIRES: dict[str, tuple[str, ...]] = {
    "scraper": ("scraper",),
    "scraper-learned": ("scraper",),
    "scraper-hand": ("scraper",),
    "scraper-title-body": ("scraper",),
    "trafilatura": ("trafilatura",),
    "trafilatura-precision": ("trafilatura",),
    "trafilatura-fast": ("trafilatura",),
    "readability-lxml": ("readability", "lxml.html"),
    "justext": ("justext",),
    "html-text": ("html_text",),
}

DEFAULT = ("scraper",)
BASELINES = ("trafilatura", "trafilatura-precision", "readability-lxml", "justext")
