"""The head's `<meta>` tags, `<link>`s and tag links, read into plain values for
`metadata.read_head`."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

from lxml import etree

from scraper.normalize.authors import NameBook
from scraper.normalize.marked import in_comments, separated_text

_MAX_TAGS = 30
_DUBLIN_CORE = re.compile(r"^(dc|dcterms):")  # "dc:title" is "DC.title"
_MAX_PROFILE_LINKS = 10


def meta_keywords(tags: dict[str, list[str]]) -> list[str]:
    if "article:tag" in tags:
        return tags["article:tag"]
    keywords = first_tag(tags, "news_keywords", "keywords", "parsely-tags")
    return [k for k in re.split(r"[,;]", keywords or "") if k.strip()]


def read_links(anchors: Iterable[etree._Element], names: NameBook) -> tuple[list[str], list[str]]:
    """The texts of `rel="tag"`/`rel="category"` links (the tags a blog engine prints under
    a post) and of links to writers' profile pages outside the comments."""
    tags: list[str] = []
    profiles: list[str] = []
    for link in anchors:
        rel = (link.get("rel") or "").lower().split()
        if "tag" in rel or "category" in rel:
            tags.append("".join(link.itertext()))
            continue
        wanted = len(profiles) < _MAX_PROFILE_LINKS and names.is_profile_link(link.get("href", ""))
        if wanted and not in_comments(link):
            profiles.append(separated_text(link))
    return tags, profiles


def clean_tags(raw: Iterable[str], names: NameBook) -> list[str]:
    """Entities decoded (twice-encoded ones too), duplicates and navigation labels out."""
    tags: list[str] = []
    for entry in raw:
        tag = " ".join(html.unescape(html.unescape(entry)).split()).strip(" #,;")
        if tag and len(tag) <= 80 and not names.is_navigation(tag) and tag not in tags:
            tags.append(tag)
    return tags[:_MAX_TAGS]


def meta_tags(metas: Iterable[etree._Element]) -> dict[str, list[str]]:
    """Every `<meta>` value by its lower-cased key, in document order: a page may name
    several authors or tags with one meta tag each."""
    found: dict[str, list[str]] = {}
    for element in metas:
        keys = element.get("property") or element.get("name") or element.get("itemprop")
        value = element.get("content")
        if not (keys and value and value.strip()):
            continue
        text = " ".join(html.unescape(value).split())
        for key in keys.lower().split():  # property="dc:title og:title" states both
            values = found.setdefault(_DUBLIN_CORE.sub(r"\1.", key), [])
            if text not in values:
                values.append(text)
    return found


def first_tag(tags: dict[str, list[str]], *keys: str) -> str | None:
    for key in keys:
        if tags.get(key):
            return tags[key][0]
    return None


def page_language(tree: etree._Element, tags: dict[str, list[str]]) -> str | None:
    value = tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang")
    value = value or first_tag(tags, "og:locale", "content-language", "language")
    if not value:
        return None
    code = re.split(r"[-_]", value.strip().lower())[0]
    return code if re.fullmatch(r"[a-z]{2,3}", code) else None


def link_href(links: Iterable[etree._Element], rel: str) -> str | None:
    for link in links:
        href: str | None = link.get("href")
        if (link.get("rel") or "").strip().lower() == rel and href:
            return href.strip()
    return None
