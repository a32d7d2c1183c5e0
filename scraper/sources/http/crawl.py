"""`HttpSource`: many URLs fetched by a pool of worker threads, one item per URL.

The thread count is the global concurrency limit; the frontier hands each free worker a URL
whose host is ready, and per-host politeness paces every request. Finished items go through
a hand-off bounded by bytes, so when the consumer (cleaning, writing) is slower than the
network the workers wait instead of piling pages up in memory, while many small pages can
still wait there and keep the workers (and their politeness slots) moving. A host's
robots.txt is fetched as a task of its own, so no worker sits out a politeness delay
between robots.txt and a page.
"""

from __future__ import annotations

import logging
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import Enum

from scraper.errors import FetchError, ScraperError
from scraper.records import Page
from scraper.sources.base import Failed, Item, Source
from scraper.sources.http.fetcher import HttpFetcher
from scraper.sources.http.frontier import Frontier

log = logging.getLogger(__name__)
HANDOFF_BYTES = 32_000_000
WORKER_DONE = None  # what a worker thread puts in the handoff when it has no URL left


class _Requeued(Enum):
    """A URL that went back in line behind its host's robots.txt: no item for it yet."""

    REQUEUED = "requeued"


class Handoff:
    """A FIFO bounded by the bytes of the pages in it (one item is always let in). Once
    `abandon`ed (the consumer was stopped by a signal), puts are dropped and never wait."""

    def __init__(self, max_bytes: int = HANDOFF_BYTES) -> None:
        self._items: deque[tuple[Item | None, int]] = deque()
        self._bytes = 0
        self._max = max_bytes
        self._cond = threading.Condition()
        self.abandoned = False

    def abandon(self) -> None:
        with self._cond:
            self.abandoned = True
            self._items.clear()
            self._cond.notify_all()

    def put(self, item: Item | None) -> None:
        size = len(item.content) if isinstance(item, Page) else 0
        with self._cond:
            while self._items and self._bytes + size > self._max and not self.abandoned:
                self._cond.wait()
            if self.abandoned:
                return
            self._items.append((item, size))
            self._bytes += size
            self._cond.notify_all()

    def get(self) -> Item | None:
        with self._cond:
            while not self._items:
                self._cond.wait()
            item, size = self._items.popleft()
            self._bytes -= size
            self._cond.notify_all()
            return item


@dataclass(slots=True)
class HttpSource(Source):
    urls: Iterable[str]
    fetcher: HttpFetcher

    def pages(self) -> Iterator[Item]:
        politeness = self.fetcher.politeness
        workers = max(1, politeness.config.concurrency)
        frontier = Frontier(self.urls, politeness)
        out = Handoff()
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
                if item is WORKER_DONE:
                    running -= 1
                else:
                    yield item
        except KeyboardInterrupt:  # Ctrl-C or SIGTERM: wait for no request in flight
            out.abandon()
            raise
        finally:
            frontier.close()
            while running and not out.abandoned:  # unblock workers on a full queue
                if out.get() is WORKER_DONE:
                    running -= 1

    def _work(self, frontier: Frontier, out: Handoff) -> None:
        try:
            while (url := frontier.take()) is not None:
                try:
                    item = self._robots_first(url, frontier) or self._fetch_one(url)
                finally:
                    frontier.done(url)
                if item is not _Requeued.REQUEUED:
                    out.put(item)
        finally:
            out.put(WORKER_DONE)

    def _robots_first(self, url: str, frontier: Frontier) -> Item | _Requeued | None:
        """Fetch a host's robots.txt as a request of its own and put the URL back in line.

        Fetching robots.txt and then the page in one go would keep the worker waiting out
        the host's delay between the two, idle while other hosts are ready."""
        if not self.fetcher.robots_pending(url):
            return None
        try:
            self.fetcher.robots.load(url)
        except ScraperError as exc:
            error = type(exc)(f"{url}: could not fetch robots.txt: {exc}")
            return Failed(origin=url, url=url, error=error)
        frontier.requeue(url)
        return _Requeued.REQUEUED

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
