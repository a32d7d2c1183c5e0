"""Structured metadata of an HTML page: JSON-LD, Open Graph, Dublin Core and `<meta>` tags.

Publishers state title, authors, dates, section and tags in the head far more reliably than
in the visible text, so these are read first; the visible header (byline and date lines near
the headline) fills what the head leaves out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin

from lxml import etree

from scraper.normalize.authors import NameBook
from scraper.normalize.dates import parse_date
from scraper.normalize.head_elements import HeadElements
from scraper.normalize.head_tags import (
    clean_tags,
    first_tag,
    link_href,
    meta_keywords,
    meta_tags,
    page_language,
    read_links,
)
from scraper.normalize.head_title import head_title
from scraper.normalize.jsonld import JsonLdGraph, first_url, json_ld_of, plain_text, types_of
from scraper.normalize.title_choice import TitleWeights
from scraper.normalize.titles import Headings, TitleCandidates

_ARTICLE_TYPES = {
    "article", "newsarticle", "blogposting", "reportagenewsarticle", "analysisnewsarticle",
    "opinionnewsarticle", "reviewnewsarticle", "backgroundnewsarticle", "report",
    "scholarlyarticle", "techarticle", "liveblogposting", "posting", "socialmediaposting",
    "webpage", "medicalwebpage", "review", "recipe", "howto", "discussionforumposting",
}  # fmt: skip
_SITE_TYPES = {"website", "organization", "newsmediaorganization"}
_META_DATE_KEYS = (
    "article:published_time", "og:published_time", "datepublished", "publishdate", "pubdate",
    "publish-date", "date", "dc.date", "dc.date.issued", "dcterms.date", "dcterms.created",
    "sailthru.date", "parsely-pub-date", "article.published", "published_time", "citation_date",
    "citation_publication_date", "originalpublicationdate", "dc.date.created", "created",
)  # fmt: skip
_META_AUTHOR_KEYS = (
    "author", "article:author", "dc.creator", "dcterms.creator", "parsely-author",
    "sailthru.author", "byl", "citation_author", "twitter:creator:name",
)  # fmt: skip
_META_SITE_KEYS = ("og:site_name", "application-name", "dc.publisher", "publisher")
_STATED_TITLES = (
    ("og:title", "og"), ("twitter:title", "twitter"), ("dc.title", "meta"),
    ("dcterms.title", "meta"), ("parsely-title", "meta"), ("title", "meta"),
)  # fmt: skip


@dataclass(slots=True)
class HeadMetadata:
    title: str | None = None
    cue_title: str | None = None
    """The title as the head reads it before the visible headings vote (`head_title`): what
    the body's headline cues match, so that the body does not move with the title choice."""
    h1: str | None = None
    title_candidates: TitleCandidates = field(default_factory=TitleCandidates)
    authors: list[str] = field(default_factory=list)
    published: str | None = None
    site_name: str | None = None
    publisher: str | None = None
    section: str | None = None
    tags: list[str] = field(default_factory=list)
    language: str | None = None
    canonical_url: str | None = None
    description: str | None = None
    image: str | None = None
    profile_links: list[str] = field(default_factory=list)
    json_ld: JsonLdGraph = field(default_factory=JsonLdGraph)  # read once; dates use it too
    sources: dict[str, str] = field(default_factory=dict)
    """Field → where the head stated it ("JSON-LD headline", "`<meta og:image>`"), noted
    where the value is chosen, for `scraper explain`."""


def read_head(tree: etree._Element, names: NameBook, titles: TitleWeights) -> HeadMetadata:
    """Structured data first (JSON-LD, then Open Graph, Dublin Core and other `<meta>`), then
    the visible headline and tag links for what the head leaves out."""
    meta = HeadMetadata()
    found = HeadElements.of(tree)
    tags = meta_tags(found.metas)
    graph = meta.json_ld = json_ld_of(found.scripts)
    for node in graph.nodes:
        _read_json_ld(node, graph, meta)
    sources = meta.sources
    for name, source in _JSON_LD_SOURCES.items():
        if getattr(meta, name):
            sources[name] = source
    _read_title(tree, found, tags, names, meta, titles)
    if not meta.authors:
        key = next((k for k in _META_AUTHOR_KEYS if k in tags), None)
        meta.authors = [a for a in tags.get(key or "", []) if not a.startswith("http")]
        if meta.authors:
            sources["authors"] = f"`<meta {key}>`"
    if meta.published is None:
        for key in _META_DATE_KEYS:
            if key in tags and (iso := parse_date(tags[key][0])):
                meta.published = iso
                sources["published"] = f"`<meta {key}>`"
                break
    _take(meta, "section", tags, "article:section", "section", "parsely-section")
    if not meta.section:
        meta.section = _breadcrumb_section(graph, meta.title, names)
        sources["section"] = "JSON-LD BreadcrumbList (its last crumb)"
    meta.site_name = _site_name(tags, meta)
    tag_links, meta.profile_links = read_links(found.anchors, names)
    keywords = meta_keywords(tags)
    if not meta.tags:
        sources["tags"] = "`<meta>` tags or keywords" if keywords else "links marked `rel=tag`"
    meta.tags = clean_tags(meta.tags or keywords or tag_links, names)
    description_keys = ("og:description", "description", "twitter:description", "dc.description")
    _take(meta, "description", tags, *description_keys)
    _take(meta, "image", tags, "og:image", "og:image:url", "twitter:image")
    if not meta.image:
        meta.image = link_href(found.links, "image_src")
        sources["image"] = "`<link rel=image_src>`"
    meta.language = page_language(tree, tags)
    sources["language"] = "`<html lang>`" if tree.get("lang") else "`<meta>` locale or language"
    meta.canonical_url = link_href(found.links, "canonical")
    sources["canonical_url"] = "`<link rel=canonical>`"
    _take(meta, "canonical_url", tags, "og:url")
    return meta


_JSON_LD_SOURCES = {
    "title": "JSON-LD headline", "authors": "JSON-LD author", "published": "JSON-LD "
    "datePublished", "publisher": "JSON-LD publisher", "section": "JSON-LD articleSection",
    "tags": "JSON-LD keywords", "description": "JSON-LD description", "image": "JSON-LD image",
    "site_name": "JSON-LD name of the WebSite or Organization",
}  # fmt: skip


def _take(meta: HeadMetadata, name: str, tags: dict[str, list[str]], *keys: str) -> None:
    """`meta.<name>` from the first of `keys` the page has, unless it is set already; noting
    which key gave it."""
    if getattr(meta, name):
        return
    for key in keys:
        if tags.get(key):
            setattr(meta, name, tags[key][0])
            meta.sources[name] = f"`<meta {key}>`"
            return


def _read_title(
    tree: etree._Element,
    found: HeadElements,
    tags: dict[str, list[str]],
    names: NameBook,
    meta: HeadMetadata,
    titles: TitleWeights,
) -> None:
    """The headline the stated titles (JSON-LD, Open Graph, Dublin Core), the `<title>` and
    the visible headings agree on (`best_title`), and the head's own reading of it, the cue
    the body's headline is found by (`head_title`; the first `<h2>` when nothing else names
    the page)."""
    stated = [("json_ld", meta.title)] if meta.title else []
    stated += [(source, tags[key][0]) for key, source in _STATED_TITLES if tags.get(key)]
    page_title = found.title.text if found.title is not None else None
    page_title = " ".join((page_title or "").split()) or None
    if page_title and names.is_navigation(page_title):
        page_title = None  # "Home"
    seen = Headings.of(tree, found, titles.kicker_marks)
    meta.h1 = seen.h1
    sites = [first_tag(tags, "og:site_name", "application-name"), meta.site_name, meta.publisher]
    named = [s for s in sites if s]
    first = stated[0][1] if stated else None
    meta.cue_title = head_title(first, page_title, seen, named[0] if named else None)
    meta.cue_title = meta.cue_title or seen.h2
    meta.title_candidates = TitleCandidates.of(
        stated, page_title, seen, named, names, meta.cue_title
    )
    meta.title = meta.title_candidates.best(titles)
    meta.sources["title"] = meta.title_candidates.sources_of(meta.title)


def absolute_url(base: str | None, reference: str | None) -> str | None:
    """`reference` resolved against the page's URL; as given when either is malformed."""
    if not reference:
        return None
    try:
        return urljoin(base or "", reference)
    except ValueError:
        return reference


def _site_name(tags: dict[str, list[str]], meta: HeadMetadata) -> str | None:
    """The site's own name: never a URL (`article:publisher` is often a Facebook page), a
    social handle ("@acme") or the section label some templates put in `og:site_name`."""
    section = (meta.section or "").casefold()
    stated = [(tags.get(k, [""])[0], f"`<meta {k}>`") for k in _META_SITE_KEYS]
    stated += [
        (meta.site_name or "", meta.sources.get("site_name", "")),
        (meta.publisher or "", "JSON-LD publisher"),
        (tags.get("article:publisher", [""])[0], "`<meta article:publisher>`"),
    ]
    usable = (
        (n, source)
        for n, source in stated
        if n and not n.startswith(("@", "http://", "https://", "www."))
    )
    name, source = next(((n, s) for n, s in usable if n.casefold() != section), (None, ""))
    if name:
        meta.sources["site_name"] = source
    return name


def _breadcrumb_section(graph: JsonLdGraph, title: str | None, names: NameBook) -> str | None:
    """The last crumb of a JSON-LD BreadcrumbList that is neither the article itself nor
    a navigation label ("Home")."""
    for node in graph.nodes:
        if "breadcrumblist" not in types_of(node):
            continue
        items = node.get("itemListElement")
        crumbs = (
            [graph.resolve(i) for i in items if isinstance(i, dict)]
            if isinstance(items, list)
            else []
        )
        crumbs.sort(key=lambda c: c.get("position") if isinstance(c.get("position"), int) else 0)
        labels = [graph.names(c.get("name") or _named_item(graph, c)) for c in crumbs]
        kept = [n[0] for n in labels if n and n[0] != title and not names.is_navigation(n[0])]
        return kept[-1] if kept else None
    return None


def _named_item(graph: JsonLdGraph, crumb: dict[str, Any]) -> Any:
    item = graph.resolve(crumb.get("item"))
    return item.get("name") if isinstance(item, dict) else None


def _read_json_ld(item: dict[str, Any], graph: JsonLdGraph, meta: HeadMetadata) -> None:
    kinds = types_of(item)
    if not kinds & _ARTICLE_TYPES:
        if kinds & _SITE_TYPES:
            meta.site_name = meta.site_name or next(iter(graph.names(item.get("name"))), None)
        return
    headline = item.get("headline") or item.get("name")
    if isinstance(headline, str) and not meta.title:
        meta.title = plain_text(headline) or None
    if not meta.authors:
        meta.authors = graph.people(item.get("author") or item.get("creator"))
    if meta.published is None and isinstance(item.get("datePublished"), str):
        meta.published = parse_date(item["datePublished"])
    meta.publisher = meta.publisher or next(iter(graph.names(item.get("publisher"))), None)
    section = item.get("articleSection")
    if isinstance(section, list):
        section = next((s for s in section if isinstance(s, str)), None)
    if isinstance(section, str) and section.strip():
        meta.section = meta.section or plain_text(section)
    keywords = item.get("keywords")
    if isinstance(keywords, str):
        keywords = keywords.split(",")
    if isinstance(keywords, list) and not meta.tags:
        meta.tags = [k for k in keywords if isinstance(k, str)]
    description = item.get("description")
    if isinstance(description, str) and not meta.description:
        meta.description = plain_text(description) or None
    meta.image = meta.image or first_url(item.get("image") or item.get("thumbnailUrl"))
    language = item.get("inLanguage")
    if isinstance(language, str) and not meta.language:
        meta.language = language.split("-")[0].lower()[:3] or None
