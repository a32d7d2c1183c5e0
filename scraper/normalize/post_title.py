"""The post title a blog template marks ("entry-title", `itemprop="headline"`), found
wherever it is in the page's first nodes; the compiled first pass (`_marks.pyx`) is read here
when the package was built with it."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from itertools import islice
from types import ModuleType

from lxml import etree

from scraper.compiled import compiled

_POST_TITLE = re.compile(
    r"(?:^|[\s_-])(?:entry|post|article|story|news|blog|page)[_-]?(?:title|headline|heading)"
    r"(?:$|[\s_-])|(?:^|\s)headline(?:$|\s)",
    re.IGNORECASE,
)
SEARCH_LIMIT = 5000
"""The nodes a search of the whole page reads, at most (and the links `titles` reads)."""
_NOT_TITLES = ("html", "body", "meta")
_BLOCK_TAGS = frozenset({"div", "p", "time", "ul", "ol", "section", "article", "header", "table"})


def marked_title(tree: etree._Element) -> str | None:
    """The text of the first element marked as the post's title ("entry-title",
    `itemprop="headline"`): a blog template's headline, whatever its `<h1>` holds.

    Every element of the page up to `SEARCH_LIMIT` is looked at, so the marks are
    read in line: every title mark holds "title" or "head", which a substring check finds far
    sooner than the pattern (and the compiled first pass sooner still, `_title_candidates`)."""
    for element in _title_candidates(tree):
        get = element.get
        if get("itemprop") != "headline":
            marks = f"{get('class') or ''} {get('id') or ''}"
            folded = marks.lower()
            if not ("title" in folded or "head" in folded) or not _POST_TITLE.search(marks):
                continue
        if not isinstance(element.tag, str) or element.tag in _NOT_TITLES:
            continue
        text = element_text(element)
        if text and len(text.split()) <= 40 and not _holds_blocks(element):
            return text
    return None


def _title_candidates(tree: etree._Element) -> Iterable[etree._Element]:
    """The page's first `SEARCH_LIMIT` + 1 nodes; with the compiled first pass,
    only those of them that may be marked (`_marks.pyx`), the rest never made proxies."""
    if COMPILED_MARKS is not None and isinstance(tree, etree._Element):
        candidates: list[etree._Element] = COMPILED_MARKS(tree, SEARCH_LIMIT)
        return candidates
    return islice(tree.iter(), SEARCH_LIMIT + 1)


def _marks_module() -> ModuleType:
    import scraper.normalize._marks as module  # type: ignore[import-not-found]

    return module  # type: ignore[no-any-return]


COMPILED_MARKS: Callable[[etree._Element, int], list[etree._Element]] | None = compiled(
    _marks_module, "title_candidates", reads_lxml=True
)


def _holds_blocks(element: etree._Element) -> bool:
    """A "post-header" box around the headline, its date and its byline, not the title."""
    return any(isinstance(d.tag, str) and d.tag in _BLOCK_TAGS for d in element.iterdescendants())


def element_text(element: etree._Element) -> str:
    return " ".join("".join(element.itertext()).split())
