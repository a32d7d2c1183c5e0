"""Per-host politeness: a minimum gap between requests to one host, and a cap on how many
requests to one host are in flight, shared by every worker thread.

The gap is measured from the later of the previous request's start and its end, so a host
never receives two requests closer than its delay even when one response is slow or a
reused connection makes the next request arrive faster than the first. `robots.txt`
`Crawl-delay` can only lengthen a host's gap, up to a ceiling, never shorten it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import urlsplit


@dataclass(frozen=True, slots=True)
class PolitenessConfig:
    """`rate` requests per second per host (0 = no pacing); `host_concurrency` requests in
    flight per host; `concurrency` worker threads in all."""

    rate: float = 1.0
    host_concurrency: int = 1
    concurrency: int = 8
    max_crawl_delay: float = 30.0

    @property
    def delay(self) -> float:
        """Seconds between two requests to one host."""
        return 1.0 / self.rate if self.rate > 0 else 0.0


def host_key(url: str) -> str:
    """What politeness is counted per: scheme-less `host:port`, lower case."""
    try:
        parts = urlsplit(url)
        return f"{(parts.hostname or '').lower()}:{parts.port or ''}"
    except ValueError:
        return ""


@dataclass(slots=True)
class _Host:
    delay: float
    active: int = 0
    in_request: int = 0
    next_at: float = 0.0
    last_at: float = float("-inf")


@dataclass(slots=True)
class Politeness:
    """Thread-safe per-host pacing. Workers hold a host *slot* for a whole fetch (claimed by
    the frontier) and take a *turn* for each request inside it (robots.txt, retries,
    redirects), so every request is paced, not just the first."""

    config: PolitenessConfig = field(default_factory=PolitenessConfig)
    _hosts: dict[str, _Host] = field(default_factory=dict)
    _cond: threading.Condition = field(default_factory=threading.Condition)

    def _host(self, host: str) -> _Host:
        state = self._hosts.get(host)
        if state is None:
            state = self._hosts[host] = _Host(delay=self.config.delay)
        return state

    def set_crawl_delay(self, host: str, seconds: float) -> None:
        """Lengthen a host's gap to its robots.txt Crawl-delay (capped)."""
        with self._cond:
            state = self._host(host)
            wanted = min(max(seconds, 0.0), self.config.max_crawl_delay)
            state.delay = max(self.config.delay, wanted)
            state.next_at = max(state.next_at, state.last_at + state.delay)

    def ready_at(self, host: str) -> float:
        """Monotonic time from which a new slot on `host` could start a request; infinity
        while the host already has its maximum of requests in flight."""
        with self._cond:
            state = self._host(host)
            if state.active >= self.config.host_concurrency:
                return float("inf")
            return state.next_at

    def claim(self, host: str) -> None:
        with self._cond:
            self._host(host).active += 1

    def release(self, host: str) -> None:
        with self._cond:
            self._host(host).active -= 1
            self._cond.notify_all()

    @contextmanager
    def turn(self, host: str) -> Iterator[None]:
        """Wait until `host` may receive a request, and mark the request's start and end."""
        with self._cond:
            state = self._host(host)
            while True:
                wait = state.next_at - time.monotonic()
                if wait <= 0 and state.in_request < self.config.host_concurrency:
                    break
                self._cond.wait(timeout=wait if wait > 0 else None)
            state.in_request += 1
            state.last_at = time.monotonic()
            state.next_at = state.last_at + state.delay
        try:
            yield
        finally:
            with self._cond:
                state.in_request -= 1
                state.last_at = time.monotonic()
                state.next_at = max(state.next_at, state.last_at + state.delay)
                self._cond.notify_all()

    def holds(self) -> dict[str, tuple[float, float]]:
        """Per host: (wall-clock time of its next allowed request, its delay). Wall clock, not
        monotonic, so another process (a Dask worker) can pick up the pacing with `hold`."""
        offset = time.time() - time.monotonic()
        with self._cond:
            return {h: (s.next_at + offset, s.delay) for h, s in self._hosts.items()}

    def hold(self, holds: dict[str, tuple[float, float]]) -> None:
        """Continue the pacing another `Politeness` recorded with `holds`."""
        offset = time.time() - time.monotonic()
        with self._cond:
            for host, (next_at, delay) in holds.items():
                state = self._host(host)
                state.delay = max(state.delay, delay)
                state.next_at = max(state.next_at, next_at - offset)
