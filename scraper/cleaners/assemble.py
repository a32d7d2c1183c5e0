"""Labelled blocks plus metadata into the `Article` record.

Every block ends up either in the body or in `removed` with the id that took it out, so a
record always accounts for all of its page's text.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from scraper.cleaners.labels import TOO_LITTLE_TEXT, Label
from scraper.cleaners.slots import slot_setters
from scraper.errors import NoContent
from scraper.normalize.text import content_hash, count_words, join_paragraphs, normalize_paragraph
from scraper.records import Article, Block, ErrorInfo, Page, Removal


@dataclass(slots=True)
class Metadata:
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    published: str | None = None
    modified: str | None = None
    source: str | None = None
    site: str | None = None
    section: str | None = None
    tags: list[str] = field(default_factory=list)
    description: str | None = None
    image: str | None = None
    language: str | None = None
    canonical_url: str | None = None
    sources: dict[str, str] = field(default_factory=dict)
    """Field name → where its value came from ("JSON-LD headline", "`<time datetime>`"),
    noted where a reader chooses it, for `scraper explain`; it never changes a value."""


def site_of(url: str | None) -> str | None:
    """The host of `url` without "www.", or None; a WARC record's target URI is whatever the
    file says, so a malformed one ("http://[x") names no site instead of raising."""
    if not url:
        return None
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    return host.removeprefix("www.") if host else None


def assemble(
    page: Page,
    blocks: Sequence[Block],
    labels: Sequence[Label],
    meta: Metadata,
    min_body_words: int,
    xpath_of: Callable[[int], str] | None = None,
) -> Article:
    """`labels[i]` is None for a body block, else the id of the rule that removed it.

    A body under `min_body_words` is no article: the record becomes a `no_content` error and
    the few kept blocks join `removed`, so nothing of the page goes unaccounted for (which is
    why `NoContent` is not raised here: an exception would lose the removals).
    `xpath_of(i)` is block i's XPath (HTML), asked only for removed blocks: the path walks
    the tree up, which nothing on a kept block needs.
    """
    body = join_paragraphs(b.text for b, label in zip(blocks, labels, strict=True) if label is None)
    words = count_words(body)
    error = None
    if words < min_body_words:
        labels = [label or TOO_LITTLE_TEXT for label in labels]
        error = ErrorInfo(
            NoContent.kind, f"no article body found ({words} words of body, {len(blocks)} blocks)"
        )
    removed = tuple(
        _removal(normalize_paragraph(b.text), label, i, xpath_of(i) if xpath_of else None)
        for i, (b, label) in enumerate(zip(blocks, labels, strict=True))
        if label is not None
    )
    return Article(
        id=page.record_id,
        url=page.url,
        canonical_url=meta.canonical_url,
        title=meta.title and normalize_paragraph(meta.title),
        authors=tuple(dict.fromkeys(meta.authors)),
        published=meta.published,
        modified=meta.modified,
        source=meta.source,
        site=meta.site or site_of(page.url),
        section=meta.section,
        tags=tuple(dict.fromkeys(meta.tags)),
        description=meta.description,
        image=meta.image,
        language=meta.language,
        body=body if error is None else "",
        word_count=words if error is None else 0,
        content_hash=content_hash(body) if error is None else None,
        removed=removed,
        error=error,
        input=page.origin,
        input_offset=page.offset,
    )


_SET_TEXT, _SET_RULE, _SET_INDEX, _SET_XPATH = slot_setters(
    Removal, ("text", "rule", "index", "xpath")
)


def _removal(text: str, rule: str, index: int | None, xpath: str | None) -> Removal:
    """`Removal(text, rule, index, xpath)` built by its slots (`slots.py`): a record holds one
    for every block that left the body, most of a page's. tests/cleaners/test_record_builders.py
    checks that it equals the dataclass's own."""
    removal: Removal = object.__new__(Removal)
    _SET_TEXT(removal, text)
    _SET_RULE(removal, rule)
    _SET_INDEX(removal, index)
    _SET_XPATH(removal, xpath)
    return removal
