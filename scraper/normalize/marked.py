"""Author and date elements a page marks up as such: `itemprop`, `rel`, classes, `<time>`.

Between the head's structured data and the visible header lines sits the markup of the
byline itself (`<span class="author">`, `<time datetime>`); its text needs care, since
templates put the name, the role and a "more articles" link side by side with no space.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from lxml import etree

from scraper.normalize.dates import parse_date

_MARK_AUTHOR = re.compile(
    r"(?:^|[\s_-])(author|authors|byline|by-line|writer|contributor|reporter)(?:$|[\s_-])", re.I
)
_MARK_DATE = re.compile(
    r"(publish|pubdate|posted|post-date|entry-date|created|dateline|timestamp|date)", re.I
)
_MAX_MARKED = 40
_MAX_NESTING = 30


@dataclass(slots=True)
class MarkedMetadata:
    """Author and date elements the page marks up as such (itemprop, rel, class, <time>)."""

    author_texts: list[str] = field(default_factory=list)
    dates: list[str] = field(default_factory=list)


def read_marked(candidates: Iterable[etree._Element]) -> MarkedMetadata:
    """Authors and dates from elements marked as such. `candidates` are the page's elements
    that may be (in document order): the segmenter finds them on its walk, for free."""
    marked = MarkedMetadata()
    for element in candidates:
        if len(marked.author_texts) >= _MAX_MARKED:
            break
        tag = element.tag
        itemprop = (element.get("itemprop") or "").lower()
        classes = f"{element.get('class') or ''} {element.get('id') or ''}"
        is_author = (
            itemprop == "author" or element.get("rel") == "author" or _MARK_AUTHOR.search(classes)
        )
        is_date = tag == "time" or itemprop in ("datepublished", "datecreated")
        if not (is_author or is_date) or in_comments(element):
            continue
        if is_author:
            text = separated_text(element)
            if 2 <= len(text) <= 120:
                marked.author_texts.append(text)
        if is_date:
            stamp = element.get("datetime") or element.get("content") or ""
            iso = parse_date(stamp) if stamp else None
            preferred = (
                itemprop == "datepublished"
                or element.get("pubdate") is not None
                or (
                    _MARK_DATE.search(classes)
                    and "modif" not in classes.lower()
                    and "updat" not in classes.lower()
                )
            )
            if iso:
                marked.dates.insert(0, iso) if preferred else marked.dates.append(iso)
    return marked


def separated_text(element: etree._Element) -> str:
    """The element's text with a " | " where two elements' texts touch: a byline's name link
    followed by a role span ("Jane Doe" + "Reporter") must not read as "Jane DoeReporter"."""
    pieces: list[str] = []
    _pieces(element, pieces, depth=0)
    joined = ""
    for piece in pieces:
        touching = joined and joined[-1].isalnum() and piece[0].isalnum()
        joined += (" | " if touching else "") + piece
    return " ".join(joined.split())


def _pieces(node: etree._Element, pieces: list[str], depth: int) -> None:
    if isinstance(node.tag, str) and node.text:
        pieces.append(node.text)
    for child in node:
        if depth < _MAX_NESTING:
            _pieces(child, pieces, depth + 1)
        if child.tail:
            pieces.append(child.tail)


def in_comments(element: etree._Element) -> bool:
    node: etree._Element | None = element
    for _ in range(12):
        if node is None:
            return False
        if "comment" in (node.get("class") or "").lower() or "comment" in (node.get("id") or ""):
            return True
        node = node.getparent()
    return False
