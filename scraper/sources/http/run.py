"""One fetch run, wired from typed configs: discovery, de-duplication, filters, the worker
pool, the validator cache and the raw-response folder.

`FetchRun.items()` yields one item per unique input URL (plus one `Failed` per sitemap or
feed that could not be read). Cleaning is the caller's step, so the same run feeds
`scraper fetch`, fixture recording and benchmarks that only measure fetching.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

import requests

from scraper.errors import SinkError
from scraper.records import Page
from scraper.sources.base import Failed, Item
from scraper.sources.discover import Discovery
from scraper.sources.http.cache import HttpCache
from scraper.sources.http.crawl import HttpSource
from scraper.sources.http.fetcher import HttpFetcher, make_session
from scraper.sources.http.ratelimit import Politeness
from scraper.sources.http.settings import FetchSettings
from scraper.sources.raw import RawStore
from scraper.sources.urls import UrlFilter, UrlList


class FetchRun:
    """`cache_path`: the validator cache (None: no conditional requests); `raw_dir`: where
    raw responses are saved (None: nowhere)."""

    def __init__(
        self,
        settings: FetchSettings,
        url_filter: UrlFilter | None = None,
        cache_path: Path | None = None,
        raw_dir: Path | None = None,
        session: requests.Session | None = None,
    ) -> None:
        self.settings = settings
        self.session = session or make_session(settings.fetch, settings.politeness)
        self.cache = HttpCache(cache_path) if cache_path else None
        politeness = Politeness(settings.politeness)
        self.fetcher = HttpFetcher(self.session, settings.fetch, politeness, self.cache)
        self.raw = RawStore(raw_dir) if raw_dir else None
        self.urls = UrlList(url_filter or UrlFilter())

    @property
    def counts(self) -> Counter[str]:
        """URLs dropped before fetching, by reason (`duplicate`, `filtered`)."""
        return self.urls.counts

    def discover(
        self, urls: Iterable[str], sitemaps: Iterable[str] = (), feeds: Iterable[str] = ()
    ) -> tuple[list[str], list[Failed]]:
        """All page URLs, normalised and de-duplicated, and the sitemaps/feeds that failed."""
        found: list[str] = list(urls)
        failed: list[Failed] = []
        discovery = Discovery(self._load, self.settings.discovery)
        for expansion in [*map(discovery.sitemap, sitemaps), *map(discovery.feed, feeds)]:
            for entry in expansion:
                if isinstance(entry, Failed):
                    failed.append(entry)
                else:
                    found.append(entry)
        return list(self.urls(found)), failed

    def _load(self, url: str) -> bytes:
        return self.fetcher.get(url, max_bytes=self.settings.discovery.max_bytes).body

    def items(
        self, urls: Iterable[str], sitemaps: Iterable[str] = (), feeds: Iterable[str] = ()
    ) -> Iterator[Item]:
        pages, failed = self.discover(urls, sitemaps, feeds)
        yield from failed
        for item in HttpSource(pages, self.fetcher).pages():
            if self.raw is not None and isinstance(item, Page):
                try:
                    self.raw.save(item, item.origin, item.status)
                except OSError as exc:
                    raise SinkError(f"{self.raw.root}: cannot save a raw page: {exc}") from exc
            yield item

    def close(self) -> None:
        self.session.close()
        if self.cache is not None:
            self.cache.close()
