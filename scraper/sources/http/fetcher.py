"""The HTTP fetcher: one URL in, one `Page` out, or a `ScraperError` saying why not.

It works over a `requests.Session` handed in (pooled keep-alive connections; tests and
callers choose the transport), and does what a careful crawler does for each URL: checks
robots.txt, waits its turn on the host, sends a conditional request when the cache knows
the page, retries what is worth retrying, follows redirects itself (so each hop is paced,
checked against robots.txt and counted) and reads the body under a byte cap and a time budget.
"""

from __future__ import annotations

import os
import random
import threading
import time
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import requests
from requests.structures import CaseInsensitiveDict

from scraper.errors import (
    BlockedAddress,
    ConnectionFailed,
    HTTPStatus,
    InputError,
    Timeout,
    TooManyRedirects,
)
from scraper.records import Page, now_iso
from scraper.sources.http.body import page_kind, read_body
from scraper.sources.http.cache import CachedResponse, ResponseCache
from scraper.sources.http.config import FetchConfig
from scraper.sources.http.guard import GuardedAdapter
from scraper.sources.http.ratelimit import Politeness, PolitenessConfig, host_key
from scraper.sources.http.retry import RETRY_STATUSES, parse_retry_after
from scraper.sources.http.robots import ROBOTS_MAX_BYTES, ROBOTS_MAX_REDIRECTS, RobotsCache
from scraper.sources.raw import charset_of

REDIRECTS = frozenset({301, 302, 303, 307, 308})
# what a 304 may update (RFC 9110 15.4.5); many servers also send a bogus Content-Length: 0
_304_UPDATES = frozenset({"etag", "last-modified", "date", "expires", "cache-control", "vary"})
def make_session(
    config: FetchConfig, politeness: PolitenessConfig | None = None
) -> requests.Session:
    """A session whose connection pools fit the concurrency, sending our User-Agent.

    requests re-reads the environment (proxy variables, ~/.netrc) on every request, which
    cost a quarter of the fetcher's CPU time in profiles. When no proxy is configured, the
    session stops looking (`trust_env = False`) and keeps a CA bundle named in the
    environment; it also means ~/.netrc credentials are never sent to crawled hosts.
    Connections open only to addresses `config.addresses` allows (see `guard.py`)."""
    size = max(10, (politeness or PolitenessConfig()).concurrency)
    session = requests.Session()
    if not urllib.request.getproxies():
        session.trust_env = False
        bundle = os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE")
        if bundle:
            session.verify = bundle
    adapter = GuardedAdapter(
        config.addresses, pool_connections=256, pool_maxsize=size, max_retries=0
    )
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.headers["User-Agent"] = config.user_agent_header
    return session


@dataclass(frozen=True, slots=True)
class Response:
    """A finished exchange: final status, headers (case-insensitive) and (capped) body."""

    url: str
    status: int
    headers: Mapping[str, str]
    body: bytes
    revalidated: bool = False


def check_url(url: str) -> None:
    try:
        parts = urlsplit(url)
    except ValueError as exc:
        raise InputError(f"{url!r}: not a valid URL: {exc}") from exc
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InputError(f"{url!r}: not an http(s) URL")


class HttpFetcher:
    """Thread-safe; share one per run."""

    def __init__(
        self,
        session: requests.Session,
        config: FetchConfig | None = None,
        politeness: Politeness | None = None,
        cache: ResponseCache | None = None,
    ) -> None:
        self.config = config or FetchConfig()
        self.session = session
        self.politeness = politeness or Politeness(PolitenessConfig(rate=0))
        self.cache = cache
        self.robots = RobotsCache(self._load_robots, self.config.robots_token, self.politeness)
        self._rng = random.Random()
        self._rng_lock = threading.Lock()

    def robots_pending(self, url: str) -> bool:
        """True when fetching `url` would first have to fetch its host's robots.txt."""
        try:
            check_url(url)
        except InputError:
            return False
        return self.config.robots and not self.robots.is_known(url)

    def fetch(self, url: str) -> Page:
        """Fetch one page (HTML, XHTML or plain text) and return it undecoded."""
        response = self.get(url, pages_only=True)
        headers = dict(response.headers)
        content_type = response.headers.get("Content-Type")
        return Page(
            content=response.body,
            origin=url,
            url=response.url,
            content_type=page_kind(content_type, response.url),
            encoding=charset_of(content_type),
            headers=headers,
            fetched_at=now_iso(),
            status=response.status,
            revalidated=response.revalidated,
            extras={"requested_url": url},
        )

    def get(self, url: str, pages_only: bool = False, max_bytes: int | None = None) -> Response:
        """Follow redirects to a final 2xx (or 304 served from the cache); raise otherwise."""
        limit = max_bytes or self.config.max_bytes
        return self._follow(url, pages_only, limit, self.config.max_redirects, self.config.robots)

    def _follow(
        self, url: str, pages_only: bool, max_bytes: int, max_redirects: int, obey_robots: bool
    ) -> Response:
        """The redirect loop: each hop is checked (and paced) like a request of its own."""
        check_url(url)
        current = url
        for _hop in range(max_redirects + 1):
            if obey_robots:
                self.robots.check(current)
            response = self._exchange(current, pages_only, max_bytes)
            if response.status in REDIRECTS:
                location = response.headers.get("Location")
                if not location:
                    raise HTTPStatus(f"{current}: redirect without a Location", response.status)
                current = urljoin(current, location)
                check_url(current)
                continue
            if not 200 <= response.status < 300:
                raise HTTPStatus(f"{current}: HTTP {response.status}", response.status)
            return response
        raise TooManyRedirects(f"{url}: more than {max_redirects} redirects")

    def _exchange(self, url: str, pages_only: bool, max_bytes: int) -> Response:
        """One request with retries; redirects and final errors are the caller's to judge."""
        cached = self.cache.get(url) if self.cache else None
        headers = cached.conditional_headers() if cached else {}
        retry = self.config.retry
        for attempt in range(retry.retries + 1):
            try:
                response = self._attempt(url, headers, pages_only, max_bytes)
            except ConnectionFailed:
                if attempt >= retry.retries:
                    raise
                time.sleep(self._backoff(attempt + 1))
                continue
            if response.status == 304 and cached is not None:
                return self._from_cache(cached, response)
            if response.status not in RETRY_STATUSES or attempt >= retry.retries:
                self._store(response)
                return response
            wait = parse_retry_after(response.headers.get("Retry-After"))
            if wait is not None and wait > retry.max_retry_after:
                raise HTTPStatus(
                    f"{url}: HTTP {response.status}, Retry-After {wait:.0f}s is too long to wait",
                    response.status,
                )
            time.sleep(wait if wait is not None else self._backoff(attempt + 1))
        raise AssertionError("unreachable")  # pragma: no cover

    def _attempt(
        self, url: str, headers: dict[str, str], pages_only: bool, max_bytes: int
    ) -> Response:
        timeout = self.config.timeout
        self.config.addresses.check_url(url)  # before taking a politeness turn on the host
        with self.politeness.turn(host_key(url)):
            deadline = time.monotonic() + self.config.response_budget
            try:
                raw = self.session.get(
                    url,
                    headers=headers,
                    stream=True,
                    allow_redirects=False,
                    timeout=(timeout, timeout),
                )
            except requests.exceptions.Timeout as exc:
                raise Timeout(f"{url}: no answer within {timeout:g}s") from exc
            except requests.exceptions.ConnectionError as exc:
                raise ConnectionFailed(f"{url}: connection failed: {_reason(exc)}") from exc
            except requests.exceptions.RequestException as exc:
                raise InputError(f"{url}: {exc}") from exc
            status = raw.status_code
            if status in REDIRECTS or status in RETRY_STATUSES or status == 304 or status >= 400:
                raw.close()
                return Response(url, status, CaseInsensitiveDict(raw.headers), b"")
            if pages_only:
                page_kind(raw.headers.get("Content-Type"), url)  # raises before the body is read
            body = read_body(raw, max_bytes, deadline)
            return Response(url, status, CaseInsensitiveDict(raw.headers), body)

    def _from_cache(self, cached: CachedResponse, fresh: Response) -> Response:
        headers = CaseInsensitiveDict(cached.headers)
        headers.update({k: v for k, v in fresh.headers.items() if k.lower() in _304_UPDATES})
        return Response(cached.url, 200, headers, cached.body, revalidated=True)

    def _store(self, response: Response) -> None:
        if self.cache is None or response.status != 200:
            return
        get = response.headers.get
        self.cache.put(
            CachedResponse(
                response.url,
                response.body,
                dict(response.headers),
                get("etag"),
                get("last-modified"),
                now_iso(),
            )
        )

    def _backoff(self, attempt: int) -> float:
        with self._rng_lock:
            return self.config.retry.backoff_for(attempt, self._rng)

    def _load_robots(self, url: str) -> tuple[int, bytes]:
        try:
            response = self._follow(url, False, ROBOTS_MAX_BYTES, ROBOTS_MAX_REDIRECTS, False)
        except (TooManyRedirects, InputError, BlockedAddress):
            return 404, b""  # unavailable: a redirect we may not follow is no rules at all
        except HTTPStatus as exc:
            if exc.status in REDIRECTS:  # a redirect without a Location: not followable either
                return 404, b""
            return exc.status or 500, b""
        return response.status, response.body


_REASONS = {
    "Connection refused": "connection refused",
    "Name or service not known": "name or service not known",
    "timed out": "timed out",
    "reset": "reset by the server",
    "BadStatusLine": "the answer was not HTTP",
    "RemoteDisconnected": "closed by the server before it answered",
}


def _reason(exc: Exception) -> str:
    text = str(exc)
    for marker, reason in _REASONS.items():
        if marker in text:
            return reason
    return text[:200]
