"""An HTTP validator cache in one SQLite file: a second run sends conditional requests.

For each URL that answered 200 with an `ETag` or `Last-Modified`, the cache keeps the
validators, the response headers and the body (zlib-compressed). The next fetch of that URL
sends `If-None-Match` / `If-Modified-Since`; a 304 is then served from the stored body, so
the run still yields the page while the server sends nothing but headers.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from scraper.errors import ConfigError

_SCHEMA = """
CREATE TABLE IF NOT EXISTS responses (
    url TEXT PRIMARY KEY,
    etag TEXT,
    last_modified TEXT,
    final_url TEXT,
    headers TEXT NOT NULL,
    body BLOB NOT NULL,
    stored_at TEXT
)
"""


@dataclass(frozen=True, slots=True)
class CachedResponse:
    url: str
    body: bytes
    headers: Mapping[str, str] = field(default_factory=dict)
    etag: str | None = None
    last_modified: str | None = None
    stored_at: str | None = None

    def conditional_headers(self) -> dict[str, str]:
        headers = {}
        if self.etag:
            headers["If-None-Match"] = self.etag
        if self.last_modified:
            headers["If-Modified-Since"] = self.last_modified
        return headers


class ResponseCache(Protocol):
    """What the fetcher asks of a cache: `HttpCache`, or the validators a job's state kept
    from its last run (`scraper.jobs.executors.base.DictValidators`)."""

    def get(self, url: str) -> CachedResponse | None: ...

    def put(self, response: CachedResponse) -> None: ...


class HttpCache:
    """Thread-safe: one connection behind a lock (writes are small and few per page)."""

    def __init__(self, path: Path) -> None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(str(path), check_same_thread=False)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute(_SCHEMA)
            self._db.commit()
        except (OSError, sqlite3.Error) as exc:
            raise ConfigError(f"{path}: cannot open the HTTP cache: {exc}") from exc
        self._lock = threading.Lock()

    def get(self, url: str) -> CachedResponse | None:
        with self._lock:
            row = self._db.execute(
                "SELECT etag, last_modified, headers, body, stored_at FROM responses WHERE url = ?",
                (url,),
            ).fetchone()
        if row is None:
            return None
        etag, last_modified, headers, body, stored_at = row
        try:
            return CachedResponse(
                url, zlib.decompress(body), json.loads(headers), etag, last_modified, stored_at
            )
        except (zlib.error, ValueError):
            return None

    def put(self, response: CachedResponse) -> None:
        if not (response.etag or response.last_modified):
            return
        row = (
            response.url,
            response.etag,
            response.last_modified,
            response.url,
            json.dumps(dict(response.headers)),
            zlib.compress(response.body, 1),
            response.stored_at,
        )
        with self._lock:
            self._db.execute("INSERT OR REPLACE INTO responses VALUES (?, ?, ?, ?, ?, ?, ?)", row)
            self._db.commit()

    def close(self) -> None:
        with self._lock:
            self._db.close()
