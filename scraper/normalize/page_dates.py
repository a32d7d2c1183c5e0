"""Which dates are the story's: when it was published and when it last changed, told apart.

Publishers state both in many places and under many names: JSON-LD (`datePublished`,
`dateModified`), `<meta>` tags under Open Graph, Dublin Core, `itemprop` and `http-equiv`
names, `<time>` elements, and the URL itself (`/2019/10/22/slug`). The names are data
(`defaults/dates.toml`); this module only decides the order of trust. When a page states no
date in its markup, htmldate reads the rest of it (its title, abbreviations, images, free
text in many languages) and gives the earliest plausible date: the published, not a comment's
or a "last updated" one.

A full date in the URL is the one the site filed the story under; a structured date that
disagrees with it by more than a day is a republication stamp or a site-wide template value.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from lxml import etree, html

from scraper.config import load_toml
from scraper.normalize.dates import date_in_line, parse_date
from scraper.normalize.jsonld import JsonLdGraph, read_json_ld
from scraper.normalize.printed_dates import label_pattern, printed_date, printed_modified

_URL_DATE = re.compile(
    r"/((?:19|20)\d{2})[/-](\d{1,2})[/-](\d{1,2})(?=[/_.-]|$)"  # /2019/10/22/, /2019-10-22-
    r"|/((?:19|20)\d{2})(\d{2})(\d{2})(?=/)"  # a whole path segment: /20220503/
)
_URL_DAY_FIRST = re.compile(r"/(\d{1,2})-(\d{1,2})-((?:19|20)\d{2})(?=[/_.-]|$)")  # /29-10-2021
_ISO_DAY = re.compile(r"^\s*((?:19|20)\d{2})-(\d{2})-(\d{2})(?!\d)")
_DUBLIN_CORE_COLON = re.compile(r"^(dc|dcterms):")  # "DCTERMS:created" is "dcterms.created"
_HTMLDATE_FORMAT = "%Y-%m-%dT%H:%M:%S%z"
_ARTICLE_TYPE = re.compile(r"article|posting|report|review|webpage|recipe|howto", re.I)
_MAX_DATE_TEXT = 80
SEARCH_MAX_CHARS = 1_000_000
"""How much of a page htmldate searches: its cost grows with the page (about 0.6 s a MB,
measured), a story's date is printed near its top, and a 45 MB page must still finish
within the cleaner's time budget."""
URL_AGREEMENT_DAYS = 1
_PATH_LOCALE = re.compile(r"[a-z]{2}[-_][a-z]{2}")
_LOCALE_SEGMENTS = 3
"""A locale is one of the path's first two segments ("/en-gb/…", "/news/en-gb/…")."""


@dataclass(frozen=True, slots=True)
class DateKeys:
    """The names pages state their dates under, published and modified apart, most trusted
    first (`defaults/dates.toml`)."""

    meta_published: tuple[str, ...] = ()
    meta_modified: tuple[str, ...] = ()
    json_ld_published: tuple[str, ...] = ()
    json_ld_modified: tuple[str, ...] = ()
    modified_label: re.Pattern[str] | None = None
    modified_words: tuple[str, ...] = ()
    """The labels lowercased: a text none of them is in holds no stamp, which substring
    searches in C tell far sooner than the label pattern (an alternation tried at every
    position: ~60 µs a line, 3.5 ms a page)."""
    slash_month_first: frozenset[str] = frozenset()
    """The locales that write `04/05/2022` for April 5; every other one means 4 May."""
    host_regions: frozenset[str] = frozenset()
    """Country-code domains whose pages name their readers' region (".uk", ".au")."""

    @classmethod
    def load(cls, path: Path) -> DateKeys:
        data = load_toml(path)
        meta, json_ld = data.get("meta", {}), data.get("json_ld", {})
        return cls(
            meta_published=tuple(k.lower() for k in meta.get("published", ())),
            meta_modified=tuple(k.lower() for k in meta.get("modified", ())),
            json_ld_published=tuple(json_ld.get("published", ())),
            json_ld_modified=tuple(json_ld.get("modified", ())),
            modified_label=label_pattern(data.get("labels", {}).get("modified", ())),
            modified_words=tuple(w.lower() for w in data.get("labels", {}).get("modified", ())),
            slash_month_first=frozenset(
                _locale_key(locale) for locale in data.get("slash_dates", {}).get("month_first", ())
            ),
            host_regions=frozenset(
                region.lower() for region in data.get("slash_dates", {}).get("host_regions", ())
            ),
        )

    def slash_day_first(self, locale: str | None) -> bool:
        """Whether a page in this locale (`en-GB`, `de`, `pt_BR`) writes the day before the
        month in a slash date. A locale is matched whole: "en" (no region said) is listed as
        month-first, "en-GB" is not. A page whose locale is unknown keeps the month-first
        reading, as does a cleaner given no list."""
        if not locale or not self.slash_month_first:
            return False
        return _locale_key(locale) not in self.slash_month_first

    def url_locale(self, url: str | None, language: str | None) -> str | None:
        """The locale of a page whose language alone names no region, as its address tells
        it: a locale segment of the path ("/en-gb/news/…"), else the language in the country
        of a `host_regions` domain ("en" on "….co.uk" is "en-uk"), else the language. Other
        country-code domains (".io", ".tv") name no readers' country."""
        if not url or not language or "-" in language:
            return language
        parts = urlsplit(url)
        for segment in parts.path.lower().split("/")[1:_LOCALE_SEGMENTS]:
            if _PATH_LOCALE.fullmatch(segment) and segment.startswith(language.lower()):
                return segment
        country = (parts.hostname or "").rsplit(".", 1)[-1]
        return f"{language}-{country}" if country in self.host_regions else language


def declared_locale(tree: etree._Element) -> str | None:
    """The locale a page's root element declares (`lang`, `xml:lang`): "en-GB" where the
    language code alone would say "en"."""
    value = tree.get("lang") or tree.get("xml:lang")  # as the HTML parser names it
    return value.strip() or None if value else None


def _locale_key(locale: str) -> str:
    return locale.strip().lower().replace("_", "-")


@dataclass(frozen=True, slots=True)
class PageDates:
    """`sources` says where each stated date was read ("JSON-LD datePublished"), for
    `scraper explain`."""

    published: str | None = None
    modified: str | None = None
    sources: Mapping[str, str] = field(default_factory=dict)


def stated_dates(
    tree: etree._Element, keys: DateKeys, json_ld: JsonLdGraph | None = None
) -> PageDates:
    """Published and modified as the page's structured data states them (JSON-LD, then
    `<meta>` and `itemprop` values), each None when the page does not say. `json_ld` is the
    page's graph when the head reader has parsed it already."""
    graph = json_ld if json_ld is not None else read_json_ld(tree)
    objects = [item for item in graph.nodes if _is_article(item)]
    values = _stated_values(tree)
    sources: dict[str, str] = {}
    published = _first_json_ld(objects, keys.json_ld_published, "published", sources) or (
        _first_meta(values, keys.meta_published, "published", sources)
    )
    modified = _first_json_ld(objects, keys.json_ld_modified, "modified", sources) or (
        _first_meta(values, keys.meta_modified, "modified", sources)
    )
    if modified is None:
        modified = printed_modified(tree, keys.modified_label, keys.modified_words)
        if modified:
            sources["modified"] = "an 'Updated' line printed in the page"
    return PageDates(published, modified, sources)


_STATING = etree.XPath("//meta | //*[@itemprop]")
"""The elements that can state a date: metas and microdata properties."""


def url_date(url: str | None) -> str | None:
    """The full date a URL's path files the story under (`/2019/10/22/…`), else None."""
    match = _URL_DATE.search(url or "")
    if match:
        year, month, day = (int(part) for part in match.groups() if part is not None)
    elif day_first := _URL_DAY_FIRST.search(url or ""):
        day, month, year = (int(part) for part in day_first.groups())
    else:
        return None
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def searched_date(tree: html.HtmlElement, url: str | None) -> str | None:
    """htmldate's published date for a page whose markup states none: it reads the title,
    abbreviations, image names, the free text and the page's scripts (so the tree must
    still have them). Always a parsed tree, never a string: htmldate downloads a string that
    looks like a URL. The tree is of the page's first `SEARCH_MAX_CHARS` only.

    Not its extensive search: that one hands free text to dateparser, which costs 1.7 s of
    regex compilation at its first call in a process and then about 9 ms a page; measured on
    the evaluation set it adds 0.020 to date accuracy as-is and 0.036 visible (BENCHMARKS.md,
    Metadata), and it halved the HTML cleaner's speed. htmldate is imported here, at the first
    HTML page without a stated date: a text page never needs it."""
    from htmldate import find_date as htmldate_find_date

    try:
        found = htmldate_find_date(
            tree,
            url=url,
            original_date=True,
            extensive_search=False,
            outputformat=_HTMLDATE_FORMAT,
        )
    except (ValueError, TypeError, OverflowError):
        found = None
    return parse_date(found) if found else printed_date(tree)


def story_date(candidates: Sequence[str | None], url: str | None) -> str | None:
    """The first candidate, unless the URL files the story under a day it disagrees with."""
    filed = url_date(url)
    chosen = next((c for c in candidates if c), None)
    if filed and (chosen is None or not _same_day(chosen, filed)):
        return parse_date(filed)
    return chosen


def headline_date(beside_headline: str | None, marked: str | None) -> str | None:
    """The date printed beside the headline over the first element marked as a date (a
    `<time>` may belong to a sidebar's teaser), unless both name the same day: the marked
    one then usually has the time as well."""
    if beside_headline is None or marked is None:
        return beside_headline or marked
    return marked if _same_day(marked, beside_headline[:10], days=0) else beside_headline


def _same_day(iso: str, day: str, days: int = URL_AGREEMENT_DAYS) -> bool:
    match = _ISO_DAY.match(iso)
    if not match:
        return False
    found = date(int(match[1]), int(match[2]), int(match[3]))
    return abs((found - date.fromisoformat(day)).days) <= days


def _stated_values(tree: etree._Element) -> dict[str, str]:
    values: dict[str, str] = {}
    for element in _STATING(tree):  # in document order, selected in C (a page has thousands)
        if element.tag == "meta":
            key = (
                element.get("property")
                or element.get("name")
                or element.get("itemprop")
                or element.get("http-equiv")
            )
            value = element.get("content")
        elif element.get("itemprop"):
            key = element.get("itemprop")
            value = element.get("datetime") or element.get("content") or _date_text(element, key)
        else:
            continue
        if key and value and value.strip():
            values.setdefault(_DUBLIN_CORE_COLON.sub(r"\1.", key.strip().lower()), value.strip())
    return values


def _date_text(element: etree._Element, key: str) -> str | None:
    """The printed text of an element whose microdata names a date but gives no value."""
    if "date" not in key.lower():
        return None
    return " ".join("".join(element.itertext()).split())[:_MAX_DATE_TEXT] or None


def _first_meta(
    values: Mapping[str, str], keys: Sequence[str], name: str, sources: dict[str, str]
) -> str | None:
    """The first key's date; `sources[name]` says which key gave it."""
    for key in keys:
        if key in values and (iso := _parse_stated(values[key])):
            sources[name] = f"`<meta>` or `itemprop` {key}"
            return iso
    return None


def _first_json_ld(
    objects: Sequence[dict[str, Any]], keys: Sequence[str], name: str, sources: dict[str, str]
) -> str | None:
    for item in objects:
        for key in keys:
            value = item.get(key)
            if isinstance(value, str) and (iso := _parse_stated(value)):
                sources[name] = f"JSON-LD {key}"
                return iso
    return None


def _parse_stated(value: str) -> str | None:
    """A stated date: one that opens with an ISO day is that day (a malformed offset after it
    must not let the parser read it day-first), else whatever the date parser makes of it."""
    iso = parse_date(value) or date_in_line(value)
    match = _ISO_DAY.match(value)
    if match and not (iso and iso.startswith(match.group(0).strip())):
        return parse_date(match.group(0).strip())
    return iso


def _is_article(item: dict[str, Any]) -> bool:
    kind = item.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return any(isinstance(k, str) and _ARTICLE_TYPE.search(k) for k in kinds)
