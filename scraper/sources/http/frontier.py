"""The frontier: which URL a free worker fetches next.

Workers ask for the next URL whose host is free *now*, so a run of URLs from one slow host
never holds up the others: URLs wait in per-host queues and hosts in a heap ordered by the
time they may next be asked (stale heap entries are skipped: lazy deletion). Input is read
lazily, at most `buffer` URLs ahead.
"""

from __future__ import annotations

import heapq
import itertools
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator

from scraper.sources.http.ratelimit import Politeness, host_key

DEFAULT_BUFFER = 10_000
_POLL = 0.5


class Frontier:
    def __init__(self, urls: Iterable[str], politeness: Politeness, buffer: int = DEFAULT_BUFFER):
        self._input: Iterator[str] | None = iter(urls)
        self._politeness = politeness
        self._buffer = buffer
        self._queues: dict[str, deque[str]] = {}
        self._heap: list[tuple[float, int, str]] = []
        self._scheduled: dict[str, float] = {}
        self._pending = 0
        self._seq = itertools.count()
        self._cond = threading.Condition()
        self._closed = False

    def _push(self, host: str, at: float) -> None:
        """Schedule `host` at `at`, or earlier than it was; later entries go stale."""
        if at < self._scheduled.get(host, float("inf")):
            self._scheduled[host] = at
            heapq.heappush(self._heap, (at, next(self._seq), host))

    def _fill(self) -> None:
        while self._input is not None and self._pending < self._buffer:
            url = next(self._input, None)
            if url is None:
                self._input = None
                return
            host = host_key(url)
            self._queues.setdefault(host, deque()).append(url)
            self._pending += 1
            self._push(host, 0.0)

    def take(self) -> str | None:
        """The next URL to fetch, its host slot already claimed; None when all are handed out
        (or the frontier was closed). Blocks while every pending host must wait."""
        with self._cond:
            while not self._closed:
                self._fill()
                if not self._heap:
                    if self._input is None and self._pending == 0:
                        return None
                    self._cond.wait(_POLL)
                    continue
                at, _, host = self._heap[0]
                if self._scheduled.get(host) != at:
                    heapq.heappop(self._heap)
                    continue
                ready = self._politeness.ready_at(host)
                if ready > at:
                    heapq.heappop(self._heap)
                    del self._scheduled[host]
                    if ready != float("inf"):
                        self._push(host, ready)
                    continue
                now = time.monotonic()
                if at > now:
                    self._cond.wait(min(at - now, _POLL))
                    continue
                heapq.heappop(self._heap)
                del self._scheduled[host]
                return self._hand_out(host)
            return None

    def _hand_out(self, host: str) -> str:
        queue = self._queues[host]
        url = queue.popleft()
        self._pending -= 1
        if queue:
            self._push(host, 0.0)
        else:
            del self._queues[host]
        self._politeness.claim(host)
        return url

    def requeue(self, url: str) -> None:
        """Put a handed-out URL back at the head of its host's queue (call before `done`)."""
        with self._cond:
            self._queues.setdefault(host_key(url), deque()).appendleft(url)
            self._pending += 1

    def done(self, url: str) -> None:
        """The worker has finished with `url`: free its host slot and wake waiting workers."""
        host = host_key(url)
        self._politeness.release(host)
        with self._cond:
            if host in self._queues:
                self._push(host, 0.0)
            self._cond.notify_all()

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._cond.notify_all()
