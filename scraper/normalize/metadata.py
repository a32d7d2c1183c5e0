"""Structured metadata of an HTML page: JSON-LD, Open Graph, Dublin Core and `<meta>` tags.

Publishers state title, authors, dates, section and tags in the head far more reliably than
in the visible text, so these are read first; the visible header (byline and date lines near
the headline) fills what the head leaves out.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from scraper.normalize.dates import parse_date

_ARTICLE_TYPES = {
    "article", "newsarticle", "blogposting", "reportagenewsarticle", "analysisnewsarticle",
    "opinionnewsarticle", "reviewnewsarticle", "backgroundnewsarticle", "report",
    "scholarlyarticle", "techarticle", "liveblogposting", "posting", "socialmediaposting",
    "webpage", "medicalwebpage", "review", "recipe", "howto", "discussionforumposting",
}  # fmt: skip
_TITLE_SEPARATORS = re.compile(r"\s+(?:[|–—•·»:]|-{1,2}|::)\s+")
_META_DATE_KEYS = (
    "article:published_time", "og:published_time", "datepublished", "publishdate", "pubdate",
    "publish-date", "date", "dc.date", "dc.date.issued", "dcterms.date", "dcterms.created",
    "sailthru.date", "parsely-pub-date", "article.published", "published_time", "citation_date",
    "citation_publication_date", "originalpublicationdate", "dc.date.created", "created",
)  # fmt: skip


@dataclass(slots=True)
class HeadMetadata:
    title: str | None = None
    h1: str | None = None
    authors: list[str] = field(default_factory=list)
    published: str | None = None
    site_name: str | None = None
    publisher: str | None = None
    section: str | None = None
    tags: list[str] = field(default_factory=list)
    language: str | None = None
    canonical_url: str | None = None


def read_head(tree: etree._Element) -> HeadMetadata:
    meta = HeadMetadata()
    tags = _meta_tags(tree)
    for item in _json_ld(tree):
        _read_json_ld(item, meta)
    meta.title = meta.title or _first(tags, "og:title", "twitter:title", "dc.title", "title")
    page_title = tree.findtext(".//title")
    h1 = tree.find(".//h1")
    meta.h1 = " ".join("".join(h1.itertext()).split()) if h1 is not None else None
    meta.title = best_title(meta.title, " ".join((page_title or "").split()) or None, meta.h1)
    if not meta.authors:
        author = _first(
            tags,
            "author",
            "article:author",
            "dc.creator",
            "parsely-author",
            "sailthru.author",
            "byl",
            "citation_author",
        )
        if author and not author.startswith("http"):
            meta.authors = [author]
    if meta.published is None:
        for key in _META_DATE_KEYS:
            if key in tags and (iso := parse_date(tags[key])):
                meta.published = iso
                break
    meta.site_name = meta.site_name or _first(
        tags, "og:site_name", "application-name", "twitter:site", "publisher"
    )
    meta.section = meta.section or _first(tags, "article:section", "section", "parsely-section")
    if not meta.tags:
        keywords = _first(tags, "article:tag", "news_keywords", "keywords", "parsely-tags")
        meta.tags = [t.strip() for t in re.split(r"[,;]", keywords or "") if t.strip()][:30]
    meta.language = _language(tree, tags)
    meta.canonical_url = _canonical(tree, tags)
    return meta


def best_title(stated: str | None, page_title: str | None, h1: str | None) -> str | None:
    """The headline: the `<h1>` when the stated title agrees with it, else the stated title
    with a " | Site" part cut off. An `<h1>` that is only the site's name (a forum's, a
    blog's) is the site, not the headline."""
    candidates = [t for t in (stated, page_title) if t]
    if h1 and any(_is_site_part(h1, c) for c in candidates):
        h1 = None
    if h1 and 2 <= len(h1.split()) <= 40 and any(_agrees(h1, c) for c in candidates):
        return h1
    for candidate in candidates:
        return strip_site_suffix(candidate)
    return h1


def strip_site_suffix(title: str) -> str:
    parts = _TITLE_SEPARATORS.split(title)
    if len(parts) < 2:
        return title
    longest = max(parts, key=lambda p: len(p.split()))
    return longest if len(longest.split()) >= 3 else title


def _is_site_part(h1: str, title: str) -> bool:
    parts = [p.casefold() for p in _TITLE_SEPARATORS.split(title)]
    if len(parts) < 2:
        return False
    longest = max(parts, key=len)
    return h1.casefold() in parts and h1.casefold() != longest


def _agrees(h1: str, title: str) -> bool:
    a, b = h1.casefold(), title.casefold()
    return a == b or a in b or (len(b) >= 20 and b in a)


def _meta_tags(tree: etree._Element) -> dict[str, str]:
    found: dict[str, str] = {}
    for element in tree.iter("meta"):
        key = element.get("property") or element.get("name") or element.get("itemprop")
        value = element.get("content")
        if key and value and value.strip():
            found.setdefault(key.strip().lower(), " ".join(value.split()))
    return found


def _first(tags: dict[str, str], *keys: str) -> str | None:
    for key in keys:
        if tags.get(key):
            return tags[key]
    return None


def _json_ld(tree: etree._Element) -> Iterator[dict[str, Any]]:
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(script.text)
        except (json.JSONDecodeError, RecursionError):
            continue
        yield from _objects(data, depth=0)


def _objects(data: Any, depth: int) -> Iterator[dict[str, Any]]:
    if depth > 4:
        return
    if isinstance(data, list):
        for item in data:
            yield from _objects(item, depth + 1)
    elif isinstance(data, dict):
        yield data
        if "@graph" in data:
            yield from _objects(data["@graph"], depth + 1)


def _types(item: dict[str, Any]) -> set[str]:
    kind = item.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return {k.lower() for k in kinds if isinstance(k, str)}


def _names(value: Any) -> list[str]:
    values = value if isinstance(value, list) else [value]
    names = []
    for entry in values:
        name = entry.get("name") if isinstance(entry, dict) else entry
        if isinstance(name, str) and name.strip() and not name.startswith("http"):
            names.append(" ".join(name.split()))
    return names


def _read_json_ld(item: dict[str, Any], meta: HeadMetadata) -> None:
    if not _types(item) & _ARTICLE_TYPES:
        if _types(item) & {"organization", "newsmediaorganization", "website"}:
            meta.site_name = meta.site_name or next(iter(_names(item.get("name"))), None)
        return
    headline = item.get("headline") or item.get("name")
    if isinstance(headline, str) and not meta.title:
        meta.title = " ".join(headline.split())
    if not meta.authors:
        meta.authors = _names(item.get("author") or item.get("creator"))
    if meta.published is None and isinstance(item.get("datePublished"), str):
        meta.published = parse_date(item["datePublished"])
    publisher = _names(item.get("publisher"))
    meta.publisher = meta.publisher or (publisher[0] if publisher else None)
    section = item.get("articleSection")
    if isinstance(section, list):
        section = next((s for s in section if isinstance(s, str)), None)
    if isinstance(section, str) and section.strip():
        meta.section = meta.section or section.strip()
    keywords = item.get("keywords")
    if isinstance(keywords, str):
        keywords = keywords.split(",")
    if isinstance(keywords, list) and not meta.tags:
        meta.tags = [k.strip() for k in keywords if isinstance(k, str) and k.strip()][:30]
    language = item.get("inLanguage")
    if isinstance(language, str) and not meta.language:
        meta.language = language.split("-")[0].lower()[:3] or None


def _language(tree: etree._Element, tags: dict[str, str]) -> str | None:
    value = tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang")
    value = value or tags.get("og:locale") or tags.get("content-language") or tags.get("language")
    if not value:
        return None
    code = re.split(r"[-_]", value.strip().lower())[0]
    return code if re.fullmatch(r"[a-z]{2,3}", code) else None


def _canonical(tree: etree._Element, tags: dict[str, str]) -> str | None:
    for link in tree.iter("link"):
        href: str | None = link.get("href")
        if (link.get("rel") or "").strip().lower() == "canonical" and href:
            return href.strip()
    return tags.get("og:url")


_MARK_AUTHOR = re.compile(
    r"(?:^|[\s_-])(author|authors|byline|by-line|writer|contributor|reporter)(?:$|[\s_-])", re.I
)
_MARK_DATE = re.compile(
    r"(publish|pubdate|posted|post-date|entry-date|created|dateline|timestamp|date)", re.I
)
_MAX_MARKED = 40


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
        if not (is_author or is_date) or _in_comments(element):
            continue
        if is_author:
            text = " ".join("".join(element.itertext()).split())
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


def _in_comments(element: etree._Element) -> bool:
    node: etree._Element | None = element
    for _ in range(12):
        if node is None:
            return False
        if "comment" in (node.get("class") or "").lower() or "comment" in (node.get("id") or ""):
            return True
        node = node.getparent()
    return False
