"""robots.txt: fetched once per host (scheme + host + port), parsed with Protego, cached.

What a robots.txt fetch ends in decides what is allowed (RFC 9309): a 2xx body is parsed;
4xx means no rules (everything allowed); 5xx after retries means the site cannot say, so
everything is disallowed for now; a failed connection is the page's failure too and is
raised as such. `Crawl-delay` lengthens the host's politeness gap.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from protego import Protego

from scraper.errors import RobotsDisallowed
from scraper.sources.http.ratelimit import Politeness, host_key

ROBOTS_MAX_BYTES = 500_000
ROBOTS_MAX_REDIRECTS = 5  # RFC 9309 2.3.1.2: at least five hops are followed
ROBOTS_TTL = 24 * 3600.0
MAX_HOSTS = 50_000  # well above the frontier's buffer, so rules outlive their queued URLs

RobotsLoader = Callable[[str], tuple[int, bytes]]
"""Fetch a robots.txt URL: (status, body). Raises for connection failures and timeouts."""


@dataclass(frozen=True, slots=True)
class _Rules:
    parser: Protego | None
    allow_all: bool
    fetched: float


def robots_url(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/robots.txt", "", ""))


class RobotsCache:
    """Thread-safe: one fetch per host even when several workers ask at once."""

    def __init__(
        self, loader: RobotsLoader, token: str, politeness: Politeness | None = None
    ) -> None:
        self._loader = loader
        self._token = token
        self._politeness = politeness
        self._rules: OrderedDict[str, _Rules] = OrderedDict()
        self._lock = threading.Lock()
        self._host_locks: dict[str, threading.Lock] = {}

    def is_known(self, url: str) -> bool:
        """Whether the rules for `url`'s host are loaded (and fresh)."""
        with self._lock:
            cached = self._rules.get(robots_url(url))
        return cached is not None and time.monotonic() - cached.fetched < ROBOTS_TTL

    def load(self, url: str) -> None:
        """Load the rules for `url`'s host now (raises what fetching robots.txt raised)."""
        self._rules_for(robots_url(url))

    def check(self, url: str) -> None:
        """Raise RobotsDisallowed unless robots.txt lets our agent fetch `url`."""
        rules = self._rules_for(robots_url(url))
        if rules.allow_all or rules.parser is None:
            if not rules.allow_all:
                raise RobotsDisallowed(f"{url}: robots.txt could not be read (server error)")
            return
        if not rules.parser.can_fetch(url, self._token):
            raise RobotsDisallowed(f"{url}: disallowed by robots.txt for {self._token!r}")

    def _rules_for(self, robots: str) -> _Rules:
        with self._lock:
            lock = self._host_locks.setdefault(robots, threading.Lock())
        with lock:
            with self._lock:
                cached = self._rules.get(robots)
                if cached and time.monotonic() - cached.fetched < ROBOTS_TTL:
                    self._rules.move_to_end(robots)
                    return cached
            rules = self._load(robots)
            with self._lock:
                self._rules[robots] = rules
                while len(self._rules) > MAX_HOSTS:
                    old, _ = self._rules.popitem(last=False)
                    self._host_locks.pop(old, None)
            return rules

    def _load(self, robots: str) -> _Rules:
        status, body = self._loader(robots)
        now = time.monotonic()
        if 400 <= status < 500:
            return _Rules(None, True, now)
        if not 200 <= status < 300:
            return _Rules(None, False, now)
        parser = Protego.parse(body.decode("utf-8", "replace"))
        delay = parser.crawl_delay(self._token)
        if delay and self._politeness is not None:
            self._politeness.set_crawl_delay(host_key(robots), float(delay))
        return _Rules(parser, False, now)
