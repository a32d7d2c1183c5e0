"""The raw-response folder: each fetched page saved as it came, with a JSON sidecar.

Layout: `<raw-dir>/<host>/<sha1 of the requested URL>.<html|txt>` plus
`<same name>.json` holding the url, final url, status, headers and fetch time. The sidecar is
named after the whole file name (`abc.html.json`), so a listing sorted by name always puts a
page before its sidecar, and `scraper clean` / the fixture harness read both back through
`scraper.sources.files.load_page`.

Paths are never built from URL text: the folder is the host reduced to `[a-z0-9.-]` (port
after `_`) and the file name is a hash, so no URL can point a write outside the raw folder.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from scraper.errors import InputError
from scraper.records import Page
from scraper.sources.opening import open_regular

SIDECAR_FORMAT = "scraper-raw/1"
MAX_SIDECAR_BYTES = 1_000_000
"""A sidecar holds a URL, a status and headers: one larger than this is not ours."""
_UNSAFE = re.compile(r"[^a-z0-9.-]+")
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:\-]+)", re.IGNORECASE)


def charset_of(content_type: str | None) -> str | None:
    """The charset parameter of a Content-Type header, if it names one."""
    if not content_type:
        return None
    match = _CHARSET.search(content_type)
    return match.group(1) if match else None


@dataclass(frozen=True, slots=True)
class RawMeta:
    """What the sidecar records about one response."""

    url: str
    final_url: str | None = None
    status: int | None = None
    headers: Mapping[str, str] = field(default_factory=dict)
    fetched_at: str | None = None
    kind: str | None = None

    @property
    def charset(self) -> str | None:
        for key, value in self.headers.items():
            if key.lower() == "content-type":
                return charset_of(value)
        return None

    def to_json(self) -> dict[str, Any]:
        return {
            "format": SIDECAR_FORMAT,
            "url": self.url,
            "final_url": self.final_url,
            "status": self.status,
            "headers": dict(self.headers),
            "fetched_at": self.fetched_at,
            "kind": self.kind,
        }


def sidecar_path(page_path: Path) -> Path:
    return page_path.with_name(page_path.name + ".json")


def read_sidecar(page_path: Path) -> RawMeta | None:
    """The sidecar of a saved page, or None when there is none (or it is not ours)."""
    path = sidecar_path(page_path)
    try:
        with open_regular(path) as handle:  # a FIFO named like a sidecar must not block
            data = json.loads(handle.read(MAX_SIDECAR_BYTES).decode("utf-8"))
    except (InputError, OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("format") != SIDECAR_FORMAT:
        return None
    headers = data.get("headers")
    headers = headers if isinstance(headers, dict) else {}
    return RawMeta(
        url=str(data.get("url") or ""),
        final_url=data.get("final_url"),
        status=data.get("status"),
        headers={str(k): str(v) for k, v in headers.items()},
        fetched_at=data.get("fetched_at"),
        kind=data.get("kind") if data.get("kind") in ("html", "text") else None,
    )


def host_folder(url: str) -> str:
    """A folder name for the URL's host that can never climb out of the raw folder."""
    try:
        parts = urlsplit(url)
        host, port = (parts.hostname or "").lower(), parts.port
    except ValueError:
        host, port = "", None
    safe = _UNSAFE.sub("-", host).strip(".-")[:100] or "_"
    return f"{safe}_{port}" if port else safe


def write_raw(path: Path, content: bytes, meta: RawMeta) -> Path:
    """Write a page and its sidecar (each via a temporary file, so a killed run leaves no
    half-written page that looks whole)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    _write_atomic(path, content)
    _write_atomic(sidecar_path(path), json.dumps(meta.to_json(), indent=1).encode("utf-8"))
    return path


def _write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


@dataclass(frozen=True, slots=True)
class RawStore:
    """Saves fetched pages under one folder in the layout above."""

    root: Path

    def path_for(self, url: str, kind: str | None) -> Path:
        digest = hashlib.sha1(url.encode("utf-8", "surrogatepass")).hexdigest()
        return self.root / host_folder(url) / f"{digest}.{'txt' if kind == 'text' else 'html'}"

    def save(self, page: Page, requested_url: str, status: int | None = None) -> Path:
        if isinstance(page.content, str):
            content = page.content.encode(page.encoding or "utf-8", "replace")
        else:
            content = page.content
        meta = RawMeta(
            url=requested_url,
            final_url=page.url,
            status=status,
            headers=dict(page.headers),
            fetched_at=page.fetched_at,
            kind=page.content_type,
        )
        return write_raw(self.path_for(requested_url, page.content_type), content, meta)
