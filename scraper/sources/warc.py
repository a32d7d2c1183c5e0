"""Pages from WARC and WET files (gzip or not), read as a stream with warcio.

warcio over fastwarc: it is pure Python (no wheel to match to the platform), it both reads
and writes (tests build their WARC/WET files with it instead of committing binaries), and it
undoes chunked transfer and gzip/deflate content encoding of stored responses. Parsing speed
is not the bottleneck here: cleaning a page costs far more than reading its record.

WARC `response` records become HTML pages (plain-text responses become text), WET
`conversion` records become text pages; every such record yields one item, keeping its
target URI (`url`), file (`origin`), byte offset and `WARC-Record-ID` (`extras`). Records
that are not pages (request, metadata, warcinfo, ...) yield nothing.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import DecompressingBufferedReader
from warcio.exceptions import ArchiveLoadFailed

from scraper.config import DEFAULT_MAX_INPUT_BYTES
from scraper.errors import HTTPStatus, InputError, ScraperError, TooLarge
from scraper.records import Page
from scraper.sources.base import Failed, Item, Source
from scraper.sources.http.body import page_kind
from scraper.sources.raw import charset_of

WARC_SUFFIXES = (".warc", ".warc.gz", ".wet", ".wet.gz", ".arc", ".arc.gz")
PAGE_RECORDS = ("response", "conversion")
MAX_HEADER_BYTES = 1_000_000


class _HeaderCappedReader(DecompressingBufferedReader):
    """warcio's reader with a budget on `readline`, which is how record headers (WARC and
    HTTP) are read: a line only ends at a newline, so a gzip member that inflates to one
    3 GB "header line" would otherwise be read whole into memory. The budget is renewed by
    every `read`, i.e. once per record body."""

    _budget = MAX_HEADER_BYTES

    def readline(self, length: int | None = None) -> bytes:
        limit = self._budget if length is None else min(length, self._budget)
        line: bytes = super().readline(limit)
        self._budget -= len(line)
        if self._budget <= 0 and not line.endswith(b"\n"):
            raise TooLarge(f"record headers over the {MAX_HEADER_BYTES:,}-byte cap")
        return line

    def read(self, length: int | None = None) -> bytes:
        self._budget = MAX_HEADER_BYTES
        data: bytes = super().read(length)
        return data


class _Records(ArchiveIterator):
    """warcio's record iterator over a `_HeaderCappedReader`."""

    def __init__(self, stream: BinaryIO) -> None:
        super().__init__(stream)
        self.reader = _HeaderCappedReader(self.fh)


def is_warc(path: Path) -> bool:
    return path.name.lower().endswith(WARC_SUFFIXES)


def check_signature(stream: BinaryIO, path: Path) -> None:
    """Refuse a file that does not start like a WARC (or ARC) record: warcio would skip
    through garbage with warnings and yield nothing, which would hide the problem."""
    head = stream.read(512)
    stream.seek(0)
    if head.startswith(b"\x1f\x8b"):
        try:
            head = zlib.decompressobj(31).decompress(head, 64)
        except zlib.error as exc:
            raise InputError(f"{path}: broken gzip data: {exc}") from exc
    if not head.lstrip().startswith((b"WARC/", b"filedesc://")):
        raise InputError(f"{path}: not a WARC file (no WARC/ record header at the start)")


@dataclass(frozen=True, slots=True)
class WarcSource(Source):
    paths: tuple[Path, ...]
    max_bytes: int = DEFAULT_MAX_INPUT_BYTES

    def pages(self) -> Iterator[Item]:
        for path in self.paths:
            yield from self._file(path)

    def _file(self, path: Path) -> Iterator[Item]:
        try:
            with open(path, "rb") as stream:
                yield from self.read(stream, path)
        except OSError as exc:
            yield Failed(str(path), None, InputError(f"{path}: cannot read: {exc.strerror}"))

    def read(self, stream: BinaryIO, path: Path) -> Iterator[Item]:
        """Items of one open WARC/WET stream (seekable); `path` names it in the items."""
        try:
            check_signature(stream, path)
            records = _Records(stream)
            for record in records:
                if record.rec_type in PAGE_RECORDS:
                    item = self._item(path, record)
                    # only after the content is read: asking earlier skips past it
                    yield replace(item, offset=records.get_record_offset())
        except InputError as exc:
            yield Failed(str(path), None, exc)
        except TooLarge as exc:
            yield Failed(str(path), None, TooLarge(f"{path}: {exc}"))
        except OSError as exc:
            yield Failed(str(path), None, InputError(f"{path}: cannot read: {exc.strerror}"))
        except (ArchiveLoadFailed, EOFError, ValueError) as exc:
            yield Failed(str(path), None, InputError(f"{path}: not a readable WARC file: {exc}"))
        except Exception as exc:  # warcio trips over malformed records in many ways
            # (AttributeError on a response without a target URI, found by fuzzing); the
            # stream cannot be followed past it, but the rest of the batch goes on
            message = f"{path}: not a readable WARC file: {type(exc).__name__}: {exc}"
            yield Failed(str(path), None, InputError(message))

    def _item(self, path: Path, record: Any) -> Item:
        """`record`: warcio's ArcWarcRecord, which warcio does not type."""
        headers = record.rec_headers
        url = headers.get_header("WARC-Target-URI")
        extras = {
            "warc_record_id": headers.get_header("WARC-Record-ID") or "",
            "warc_type": record.rec_type,
        }
        try:
            return self._page(path, record, url, extras)
        except ScraperError as exc:
            return Failed(str(path), url, exc)

    def _page(self, path: Path, record: Any, url: str | None, extras: dict[str, str]) -> Page:
        http = record.http_headers
        http_headers: dict[str, str] = {}
        status = None
        if record.rec_type == "response" and http is not None:
            status = http.get_statuscode()
            if not str(status).startswith("2"):
                raise HTTPStatus(f"{url}: stored response is HTTP {status}", int(status))
            http_headers = dict(http.headers)
            content_type = http.get_header("Content-Type")
            kind = page_kind(content_type, url or str(path)) or "html"
        else:
            content_type = record.rec_headers.get_header("Content-Type")
            kind = "text"
        content = record.content_stream().read(self.max_bytes + 1)
        if len(content) > self.max_bytes:
            raise TooLarge(f"{url}: record is over the {self.max_bytes:,}-byte cap")
        return Page(
            content=content,
            origin=str(path),
            url=url,
            content_type=kind,
            encoding=charset_of(content_type) or ("utf-8" if kind == "text" else None),
            headers=http_headers,
            fetched_at=record.rec_headers.get_header("WARC-Date"),
            status=int(status) if status else None,
            sniff=False,  # the record type says what it is
            extras=extras,
        )


def warc_paths(paths: Iterable[Path]) -> tuple[Path, ...]:
    return tuple(p for p in paths if is_warc(p))
