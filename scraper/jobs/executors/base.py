"""What every executor offers, and the fetch side shared by the local and Dask executors."""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Protocol

from scraper.jobs.pipeline import Result, Task, triage
from scraper.sources.base import Item
from scraper.sources.http.cache import CachedResponse
from scraper.sources.http.crawl import HttpSource
from scraper.sources.http.fetcher import HttpFetcher
from scraper.sources.http.ratelimit import Politeness
from scraper.sources.http.settings import FetchSettings


@dataclass(frozen=True, slots=True)
class UrlTask:
    """A URL to fetch, with what the job knew of it: its fingerprint (to skip an unchanged
    page) and its validators (ETag, Last-Modified, for the URL the page finally came from)."""

    url: str
    prior: str | None = None
    final_url: str | None = None
    etag: str | None = None
    last_modified: str | None = None


class DictValidators:
    """A fetcher cache that only knows validators: a 304 then yields an empty page marked
    `revalidated`, which the pipeline reads as "unchanged" without needing the old body."""

    def __init__(self) -> None:
        self._known: dict[str, tuple[str | None, str | None]] = {}
        self._lock = threading.Lock()

    def add(self, task: UrlTask) -> None:
        if task.etag or task.last_modified:
            with self._lock:
                self._known[task.final_url or task.url] = (task.etag, task.last_modified)

    def get(self, url: str) -> CachedResponse | None:
        with self._lock:
            known = self._known.get(url)
        return None if known is None else CachedResponse(url, b"", {}, *known)

    def put(self, response: CachedResponse) -> None:
        return None


def fetched_tasks(url_tasks: Iterable[UrlTask], fetcher: HttpFetcher) -> Iterator[Task]:
    """Fetch URLs with the worker-thread pool (per-host politeness); one task per URL."""
    priors: dict[str, str | None] = {}
    validators = fetcher.cache if isinstance(fetcher.cache, DictValidators) else None

    def urls() -> Iterator[str]:
        for task in url_tasks:
            priors[task.url] = task.prior
            if validators is not None:
                validators.add(task)
            yield task.url

    item: Item
    for item in HttpSource(urls(), fetcher).pages():
        yield Task(item.origin, item, priors.pop(item.origin, None))


class Ready:
    """Results known without a worker (unchanged inputs), queued in order with futures."""

    def __init__(self, results: list[Result]) -> None:
        self._results = results

    def done(self) -> bool:
        return True

    def result(self) -> list[Result]:
        return self._results


def in_order(
    tasks: Iterable[Task],
    submit: Callable[[list[Task]], Any],
    window: int,
    batch_tasks: int,
    batch_bytes: int,
) -> Iterator[Result]:
    """Results of `tasks` in their order: unchanged inputs are settled here, the others go
    to `submit` in batches (fewer, larger messages to the workers), with at most `window`
    batches in flight so memory stays flat however long the input."""
    pending: deque[Any] = deque()
    batch: list[Task] = []
    size = 0
    for task in tasks:
        unchanged = triage(task)
        if unchanged is None:
            batch.append(task)
            size += len(getattr(task.item, "content", b""))
        if batch and (unchanged or len(batch) >= batch_tasks or size >= batch_bytes):
            pending.append(submit(batch))
            batch, size = [], 0
        if unchanged is not None:
            pending.append(Ready([unchanged]))
        while len(pending) > window or (pending and pending[0].done()):
            yield from pending.popleft().result()
    if batch:
        pending.append(submit(batch))
    while pending:
        yield from pending.popleft().result()


class Executor(Protocol):
    """Turns tasks into results, lazily, with a bounded amount of work in flight."""

    def clean(self, tasks: Iterable[Task]) -> Iterator[Result]:
        """Clean inputs read by the client; results come in the order of the tasks."""

    def fetch(
        self, url_tasks: Iterable[UrlTask], settings: FetchSettings, politeness: Politeness
    ) -> Iterator[Result]:
        """Fetch and clean URLs; `politeness` carries the pacing the client already used
        (discovery) so the first page request to a host still waits its turn."""

    def close(self) -> None: ...
