"""URL normalisation, de-duplication and host/path filters.

Normalising makes one page one URL: lower-case scheme and host (IDNA for non-ASCII hosts),
no default port, no credentials, no fragment, dot segments resolved, `%xx` escapes in upper
case with unreserved characters decoded, common click-tracking parameters dropped. The query
keeps its order: parameters can be order-sensitive on real sites.
"""

from __future__ import annotations

import fnmatch
import re
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urljoin, urlsplit, urlunsplit

_ESCAPE = re.compile(r"%([0-9A-Fa-f]{2})")
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
_TRACKING = re.compile(r"^(utm_[a-z]+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|yclid)$", re.I)
_DEFAULT_PORTS = {"http": 80, "https": 443}
_SAFE = "/%!$&'()*+,;=:@~-._?"


def _fix_escapes(text: str) -> str:
    """Upper-case escapes, decode unreserved characters, escape what must be (spaces, …)."""

    def repl(match: re.Match[str]) -> str:
        char = chr(int(match.group(1), 16))
        return char if char in _UNRESERVED else "%" + match.group(1).upper()

    return quote(_ESCAPE.sub(repl, text), safe=_SAFE)


def _host(hostname: str) -> str | None:
    if ":" in hostname:  # IPv6 literal
        return f"[{hostname}]"
    try:
        return hostname.encode("idna").decode("ascii").lower()
    except UnicodeError:
        return hostname.lower() if hostname.isascii() else None


def normalize_url(url: str, base: str | None = None) -> str | None:
    """The normal form of an http(s) URL (resolved against `base`), or None if it is not one."""
    url = url.strip()
    try:
        parts = urlsplit(urljoin(base, url) if base else url)
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.hostname:
        return None
    host = _host(parts.hostname)
    if host is None:
        return None
    netloc = host if port in (None, _DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    path = urlsplit(urljoin("http://x/", _fix_escapes(parts.path) or "/")).path
    query = "&".join(
        p
        for p in _fix_escapes(parts.query).split("&")
        if p and not _TRACKING.match(p.split("=")[0])
    )
    return urlunsplit((scheme, netloc, path, query, ""))


@dataclass(frozen=True, slots=True)
class UrlFilter:
    """Keep URLs on the given hosts (or their subdomains) and with paths matching the given
    glob patterns; an empty list allows everything."""

    hosts: tuple[str, ...] = ()
    path_globs: tuple[str, ...] = ()

    def allows(self, url: str) -> bool:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        if self.hosts and not any(host == h or host.endswith("." + h) for h in self.hosts):
            return False
        globs = self.path_globs
        return not globs or any(fnmatch.fnmatchcase(parts.path, g) for g in globs)


@dataclass(slots=True)
class UrlList:
    """Normalises, filters and de-duplicates a stream of URLs, counting what it drops.

    A string that is not an http(s) URL is passed through unchanged, so that it still gets
    its own error record from the fetcher instead of disappearing.
    """

    url_filter: UrlFilter = field(default_factory=UrlFilter)
    counts: Counter[str] = field(default_factory=Counter)
    _seen: set[str] = field(default_factory=set)

    def __call__(self, urls: Iterable[str]) -> Iterator[str]:
        for raw in urls:
            normal = normalize_url(raw)
            url = normal or raw.strip()
            if not url:
                continue
            if url in self._seen:
                self.counts["duplicate"] += 1
                continue
            self._seen.add(url)
            if normal and not self.url_filter.allows(url):
                self.counts["filtered"] += 1
                continue
            yield url


def read_url_list(path: Path) -> Iterator[str]:
    """The URLs of a list file, one a line (`#` starts a comment line); `-` is stdin.
    Raises OSError or UnicodeDecodeError when it cannot be read."""
    if str(path) == "-":
        yield from _listed(sys.stdin)
        return
    with open(path, encoding="utf-8") as lines:
        yield from _listed(lines)


def _listed(lines: Iterable[str]) -> Iterator[str]:
    for line in lines:
        url = line.strip()
        if url and not url.startswith("#"):
            yield url
