"""Pages from files on disk: single files, folders and globs of `.txt`, `.html`, `.htm`
(optionally `.gz`). Folders also list WARC/WET files, which `scraper.sources.warc` reads.

Listing and reading are separate steps so that an unreadable file still becomes one error
record instead of stopping the listing. A saved raw response (see `scraper.sources.raw`) has a
JSON sidecar next to it, `<file name>.json`; when present it gives the page its URL, headers,
charset and fetch time back.
"""

from __future__ import annotations

import glob
import gzip
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from scraper.config import DEFAULT_MAX_INPUT_BYTES
from scraper.errors import DecodeError, InputError, ScraperError, TooLarge
from scraper.records import Page
from scraper.sources.base import Failed, Item, Source
from scraper.sources.opening import open_regular
from scraper.sources.raw import read_sidecar

SUFFIXES = (".txt", ".html", ".htm", ".xhtml", ".text", ".warc", ".wet", ".arc")


def is_page_file(path: Path) -> bool:
    name = path.name.lower().removesuffix(".gz")
    return name.endswith(SUFFIXES)


def expand_inputs(patterns: Iterable[str]) -> Iterator[Path]:
    """Files named directly (any name), page files in folders, glob matches; sorted, no repeats.

    Everything but folders is listed, dangling links, FIFOs and sockets included: reading
    them (`open_regular`) turns each into an error record, where skipping them here would
    leave an input without any record."""
    seen: set[Path] = set()
    for pattern in patterns:
        path = Path(pattern)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if is_page_file(p) and not p.is_dir())
        elif any(ch in pattern for ch in "*?["):
            matches = glob.glob(pattern, recursive=True)
            found = sorted(Path(p) for p in matches if not Path(p).is_dir())
        else:
            found = [path]
        for item in found:
            if item not in seen:
                seen.add(item)
                yield item


def read_capped(path: Path, max_bytes: int = DEFAULT_MAX_INPUT_BYTES) -> bytes:
    """The file's bytes, gunzipped when it is gzip, never more than `max_bytes` in memory."""
    try:
        with open_regular(path) as handle:
            head = handle.read(2)
            handle.seek(0)
            if head == b"\x1f\x8b":
                return _gunzip_capped(handle, path, max_bytes)
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    if len(data) > max_bytes:
        raise TooLarge(f"{path}: larger than the {max_bytes:,}-byte cap")
    return data


def _gunzip_capped(handle: BinaryIO, path: Path, max_bytes: int) -> bytes:
    chunks: list[bytes] = []
    total = 0
    try:
        with gzip.GzipFile(fileobj=handle) as stream:
            while chunk := stream.read(1 << 16):
                total += len(chunk)
                if total > max_bytes:
                    raise TooLarge(f"{path}: decompresses past the {max_bytes:,}-byte cap")
                chunks.append(chunk)
    except (OSError, EOFError, zlib.error) as exc:
        raise DecodeError(f"{path}: broken gzip data: {exc}") from exc
    return b"".join(chunks)


def load_page(path: Path, max_bytes: int = DEFAULT_MAX_INPUT_BYTES) -> Page:
    name = path.name.lower().removesuffix(".gz")
    hint = "html" if name.endswith((".html", ".htm", ".xhtml")) else None
    content = read_capped(path, max_bytes)
    meta = read_sidecar(path)
    if meta is None:
        return Page(content=content, origin=str(path), content_type=hint)
    return Page(
        content=content,
        origin=str(path),
        url=meta.final_url or meta.url,
        content_type=meta.kind or hint,
        encoding=meta.charset,
        headers=meta.headers,
        fetched_at=meta.fetched_at,
        status=meta.status,
    )


@dataclass(frozen=True, slots=True)
class FileSource(Source):
    """Saved pages named by paths, folders or globs: one item per page file found, one per
    page record of a WARC/WET file."""

    patterns: tuple[str, ...]
    max_bytes: int = DEFAULT_MAX_INPUT_BYTES

    def pages(self) -> Iterator[Item]:
        from scraper.sources.warc import WarcSource, is_warc

        for path in expand_inputs(self.patterns):
            if is_warc(path):
                yield from WarcSource((path,), self.max_bytes).pages()
                continue
            try:
                yield load_page(path, self.max_bytes)
            except ScraperError as exc:
                yield Failed(origin=str(path), url=None, error=exc)
