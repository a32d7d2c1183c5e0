"""One fetch run, wired from typed configs: discovery, de-duplication, filters, the worker
pool, the validator cache and the raw-response folder.

`FetchRun.items()` yields one item per unique input URL (plus one `Failed` per sitemap or
feed that could not be read). Cleaning is the caller's step, so the same run feeds
`scraper fetch`, fixture recording and benchmarks that only measure fetching.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import requests

from scraper.errors import SinkError
from scraper.fetch.base import Failed, Item
from scraper.fetch.cache import HttpCache
from scraper.fetch.crawl import HttpSource
from scraper.fetch.discover import Discovery, DiscoveryConfig
from scraper.fetch.http import FetchConfig, HttpFetcher, make_session
from scraper.fetch.ratelimit import Politeness, PolitenessConfig
from scraper.fetch.raw import RawStore
from scraper.fetch.urls import UrlFilter, UrlList
from scraper.records import Page


@dataclass(frozen=True, slots=True)
class FetchJob:
    """Everything a fetch run is configured with; each part belongs to one component."""

    fetch: FetchConfig = field(default_factory=FetchConfig)
    politeness: PolitenessConfig = field(default_factory=PolitenessConfig)
    discovery: DiscoveryConfig = field(default_factory=DiscoveryConfig)
    url_filter: UrlFilter = field(default_factory=UrlFilter)
    cache_path: Path | None = None
    raw_dir: Path | None = None


class FetchRun:
    def __init__(self, job: FetchJob, session: requests.Session | None = None) -> None:
        self.job = job
        self.session = session or make_session(job.fetch, job.politeness)
        self.cache = HttpCache(job.cache_path) if job.cache_path else None
        self.fetcher = HttpFetcher(self.session, job.fetch, Politeness(job.politeness), self.cache)
        self.raw = RawStore(job.raw_dir) if job.raw_dir else None
        self.urls = UrlList(job.url_filter)

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
        discovery = Discovery(self._load, self.job.discovery)
        for expansion in [*map(discovery.sitemap, sitemaps), *map(discovery.feed, feeds)]:
            for entry in expansion:
                if isinstance(entry, Failed):
                    failed.append(entry)
                else:
                    found.append(entry)
        return list(self.urls(found)), failed

    def _load(self, url: str) -> bytes:
        return self.fetcher.get(url, max_bytes=self.job.discovery.max_bytes).body

    def items(
        self, urls: Iterable[str], sitemaps: Iterable[str] = (), feeds: Iterable[str] = ()
    ) -> Iterator[Item]:
        pages, failed = self.discover(urls, sitemaps, feeds)
        yield from failed
        for item in HttpSource(pages, self.fetcher).pages():
            if self.raw is not None and isinstance(item, Page):
                try:
                    self.raw.save(item, item.origin, int(item.extras.get("status", 0)) or None)
                except OSError as exc:
                    raise SinkError(f"{self.raw.root}: cannot save a raw page: {exc}") from exc
            yield item

    def close(self) -> None:
        self.session.close()
        if self.cache is not None:
            self.cache.close()
