"""`HttpSource`: many URLs fetched by a pool of worker threads, one item per URL.

The thread count is the global concurrency limit; the frontier hands each free worker a URL
whose host is ready, and per-host politeness paces every request. Finished items go through
a small bounded queue, so when the consumer (cleaning, writing) is slower than the network
the workers wait instead of piling pages up in memory. A host's robots.txt is fetched as a
task of its own, so no worker sits out a politeness delay between robots.txt and a page.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from scraper.errors import FetchError, ScraperError
from scraper.fetch.base import Failed, Item
from scraper.fetch.frontier import Frontier
from scraper.fetch.http import HttpFetcher

log = logging.getLogger(__name__)
_DONE = object()
QUEUED_PAGES = 2  # with one page per worker, at most workers + 2 pages are held at once
_REQUEUED = object()


@dataclass(slots=True)
class HttpSource:
    urls: Iterable[str]
    fetcher: HttpFetcher

    def pages(self) -> Iterator[Item]:
        politeness = self.fetcher.politeness
        workers = max(1, politeness.config.concurrency)
        frontier = Frontier(self.urls, politeness)
        out: queue.Queue[object] = queue.Queue(maxsize=QUEUED_PAGES)
        threads = [
            threading.Thread(
                target=self._work, args=(frontier, out), daemon=True, name=f"fetch-{i}"
            )
            for i in range(workers)
        ]
        for thread in threads:
            thread.start()
        running = workers
        try:
            while running:
                item = out.get()
                if item is _DONE:
                    running -= 1
                else:
                    yield item  # type: ignore[misc]
        finally:
            frontier.close()
            while running:  # unblock workers stuck on a full queue after an early stop
                if out.get() is _DONE:
                    running -= 1

    def _work(self, frontier: Frontier, out: queue.Queue[object]) -> None:
        try:
            while (url := frontier.take()) is not None:
                try:
                    item = self._robots_first(url, frontier) or self._fetch_one(url)
                finally:
                    frontier.done(url)
                if item is not _REQUEUED:
                    out.put(item)
        finally:
            out.put(_DONE)

    def _robots_first(self, url: str, frontier: Frontier) -> object | None:
        """Fetch a host's robots.txt as a request of its own and put the URL back in line.

        Fetching robots.txt and then the page in one go would keep the worker waiting out
        the host's delay between the two, idle while other hosts are ready."""
        if not self.fetcher.robots_pending(url):
            return None
        try:
            self.fetcher.robots.load(url)
        except ScraperError as exc:
            return Failed(origin=url, url=url, error=exc)
        frontier.requeue(url)
        return _REQUEUED

    def _fetch_one(self, url: str) -> Item:
        try:
            return self.fetcher.fetch(url)
        except ScraperError as exc:
            return Failed(origin=url, url=url, error=exc)
        except Exception as exc:  # a bug must not cost the other URLs their records
            log.exception("unexpected error fetching %s", url)
            return Failed(
                origin=url, url=url, error=FetchError(f"{url}: unexpected error: {exc!r}")
            )
