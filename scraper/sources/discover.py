"""Discovery: sitemaps (plain, gzip, index files) and RSS/Atom feeds turned into page URLs.

XML is parsed with entity resolution and network access off (no XXE, no billion laughs),
sitemaps as a stream so a 50 MB sitemap never becomes one big tree. A sitemap or feed that
cannot be fetched or parsed becomes a `Failed` item, so it shows up in the output instead
of silently contributing nothing.
"""

from __future__ import annotations

import gzip
import io
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from lxml import etree

from scraper.errors import DecodeError, ParseError, ScraperError, TooLarge
from scraper.sources.base import Failed
from scraper.sources.urls import normalize_url

Loader = Callable[[str], bytes]
"""Fetch a sitemap or feed URL and return its (content-decoded) body; raises ScraperError."""


@dataclass(frozen=True, slots=True)
class DiscoveryConfig:
    max_bytes: int = 50_000_000
    max_depth: int = 3
    max_sitemaps: int = 1_000
    max_urls: int = 1_000_000


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def gunzip_capped(data: bytes, max_bytes: int, url: str) -> bytes:
    """`data` itself unless it is gzip; then its contents, never more than `max_bytes`."""
    if not data.startswith(b"\x1f\x8b"):
        return data
    out = bytearray()
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as stream:
            while chunk := stream.read(1 << 16):
                out += chunk
                if len(out) > max_bytes:
                    raise TooLarge(f"{url}: decompresses past the {max_bytes:,}-byte cap")
    except (OSError, EOFError, zlib.error) as exc:
        raise DecodeError(f"{url}: broken gzip data: {exc}") from exc
    return bytes(out)


def _safe_iterparse(data: bytes) -> Iterator[tuple[str, etree._Element]]:
    events: Iterator[tuple[str, etree._Element]] = etree.iterparse(
        io.BytesIO(data),
        events=("start", "end"),
        resolve_entities=False,
        no_network=True,
        recover=True,
        huge_tree=False,
    )
    return events


def parse_sitemap(data: bytes, url: str) -> tuple[bool, list[str]]:
    """(is an index, the `<loc>` URLs it lists), resolved against `url`, normalised."""
    is_index, found = False, []
    try:
        for event, element in _safe_iterparse(data):
            name = _local(element.tag)
            if event == "start":
                is_index = is_index or name == "sitemapindex"
                continue
            if name == "loc" and element.text:
                normal = normalize_url(element.text, url)
                if normal:
                    found.append(normal)
            if name in ("url", "sitemap"):
                element.clear()
    except etree.XMLSyntaxError as exc:
        if not found:
            raise ParseError(f"{url}: not a sitemap: {exc}") from exc
    return is_index, found


def parse_feed(data: bytes, url: str) -> list[str]:
    """Item links of an RSS 2.0, RSS 1.0 (RDF) or Atom feed."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise ParseError(f"{url}: not a feed: {exc}") from exc
    if root is None:
        raise ParseError(f"{url}: not a feed (empty document)")
    found: list[str] = []
    for item in root.iter():
        name = _local(item.tag)
        if name == "item":
            found.extend(_rss_link(item))
        elif name == "entry":
            found.extend(_atom_link(item))
    return [n for n in (normalize_url(link, url) for link in found) if n]


def _rss_link(item: etree._Element) -> list[str]:
    for child in item:
        if _local(child.tag) == "link" and (child.text or "").strip():
            return [child.text.strip()]
    for child in item:
        if _local(child.tag) == "guid" and child.get("isPermaLink", "true") == "true":
            return [(child.text or "").strip()]
    about = next((v for k, v in item.attrib.items() if _local(k) == "about"), None)
    return [about] if about else []


def _atom_link(entry: etree._Element) -> list[str]:
    links = [c for c in entry if _local(c.tag) == "link" and c.get("href")]
    for link in links:
        if link.get("rel", "alternate") == "alternate":
            return [link.get("href", "")]
    return []


class Discovery:
    """Expands sitemap and feed URLs into page URLs, fetching through `load`."""

    def __init__(self, load: Loader, config: DiscoveryConfig | None = None) -> None:
        self._load = load
        self.config = config or DiscoveryConfig()

    def _body(self, url: str) -> bytes:
        return gunzip_capped(self._load(url), self.config.max_bytes, url)

    def sitemap(self, url: str) -> Iterator[str | Failed]:
        """Page URLs of a sitemap or sitemap index (depth-first, each sitemap read once)."""
        stack, seen, emitted = [(url, 0)], {url}, 0
        while stack and emitted < self.config.max_urls:
            current, depth = stack.pop()
            try:
                is_index, locs = parse_sitemap(self._body(current), current)
            except ScraperError as exc:
                yield Failed(origin=current, url=current, error=exc)
                continue
            if not is_index:
                for loc in locs[: self.config.max_urls - emitted]:
                    emitted += 1
                    yield loc
                continue
            children = [c for c in locs if c not in seen][: self.config.max_sitemaps - len(seen)]
            if depth >= self.config.max_depth:
                children = []
            seen.update(children)
            stack.extend((child, depth + 1) for child in reversed(children))

    def feed(self, url: str) -> Iterator[str | Failed]:
        try:
            yield from parse_feed(self._body(url), url)
        except ScraperError as exc:
            yield Failed(origin=url, url=url, error=exc)
