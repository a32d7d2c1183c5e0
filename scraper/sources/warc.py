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

import io
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import DecompressingBufferedReader
from warcio.limitreader import LimitReader

from scraper.config import DEFAULT_MAX_INPUT_BYTES
from scraper.errors import HTTPStatus, InputError, ScraperError, TooLarge
from scraper.records import Page
from scraper.sources.base import Failed, Item, Source
from scraper.sources.http.body import page_kind
from scraper.sources.opening import open_regular
from scraper.sources.raw import charset_of
from scraper.sources.warc_files import SIGNATURE_BYTES, SIGNATURES

PAGE_RECORDS = ("response", "conversion")
MAX_HEADER_BYTES = 1_000_000


class _HeaderCappedReader(DecompressingBufferedReader):
    """warcio's reader with a budget on `readline`, which is how record headers (WARC and
    HTTP) are read: a line only ends at a newline, so a gzip member that inflates to one
    3 GB "header line" would otherwise be read whole into memory. The budget is renewed by
    every `read`, i.e. once per record body.

    It also notes how the stream ended: warcio stops quietly at the end of the file, also
    inside a gzip member (whose record may have been read whole)."""

    _budget = MAX_HEADER_BYTES
    ended_in_gzip = False
    member_cut = False

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

    def close_decompressor(self) -> None:
        self.ended_in_gzip = self.decompressor is not None
        self.member_cut = self.ended_in_gzip and not self.decompressor.eof
        super().close_decompressor()


class _Records(ArchiveIterator):
    """warcio's record iterator over a `_HeaderCappedReader`."""

    def __init__(self, stream: BinaryIO) -> None:
        super().__init__(stream)
        self.reader = self.checked = _HeaderCappedReader(self.fh)


class _Cut(Exception):
    """The archive ends (or stops making sense) inside a record."""


@dataclass(slots=True)
class _Progress:
    """How far one archive has been read: for the message when reading stops early."""

    whole: int = 0
    start: int = 0

    def stopped(self, path: Path, detail: str) -> str:
        read = f"{self.whole:,} whole WARC records read, up to byte {self.start:,}"
        return f"{path}: {detail}; {read}"


def _check_length(record: Any, start: int) -> None:
    """Raise `_Cut` for a record without a length: its headers ended early. (warcio reads
    a WARC record whose Content-Length is not a number as an empty record.)"""
    declared = record.rec_headers.get_header("Content-Length") if record.format == "warc" else None
    if record.length is None or (declared is not None and not declared.strip().isdigit()):
        raise _Cut(
            f"archive cut short or damaged: the record at byte {start:,} has no valid "
            "Content-Length (its headers are cut or damaged)"
        )


def _check_whole(record: Any, start: int) -> None:
    """Raise `_Cut` unless all of the (already drained) record was there."""
    stream = record.raw_stream
    if isinstance(stream, LimitReader) and stream.limit > 0:
        raise _Cut(
            f"archive cut short: the {record.rec_type} record at byte {start:,} lacks the "
            f"last {stream.limit:,} of its {record.length:,} bytes"
        )


def _check_end(reader: _HeaderCappedReader, start: int, size: int) -> None:
    """Raise `_Cut` when the file ended inside a record that warcio then skipped quietly:
    inside a gzip member, or (uncompressed) inside a record's headers."""
    inside_record = start < size and not reader.ended_in_gzip  # a trailing empty member is fine
    if not (reader.member_cut or inside_record):
        return
    where = (
        f"inside the record that starts at byte {start:,}"
        if start < size
        else "before the end of its last gzip member"
    )
    raise _Cut(f"archive cut short: the file ends at byte {size:,}, {where}")


def check_signature(stream: BinaryIO, path: Path) -> None:
    """Refuse a file that does not start like a WARC (or ARC) record: warcio would skip
    through garbage with warnings and yield nothing, which would hide the problem."""
    raw = stream.read(SIGNATURE_BYTES)
    stream.seek(0)
    head, packed, ended = raw, "", not raw
    if raw.startswith(b"\x1f\x8b"):
        inflater = zlib.decompressobj(31)
        try:
            head = inflater.decompress(raw, 64)
        except zlib.error as exc:
            raise InputError(f"{path}: not a WARC archive: broken gzip data: {exc}") from exc
        packed, ended = " (inflated)", inflater.eof
    start = head.lstrip()
    if start.startswith(SIGNATURES):
        return
    cut = not ended and len(raw) < SIGNATURE_BYTES
    if cut and any(s.startswith(start) for s in SIGNATURES):
        message = f"archive cut short: the file ends at byte {len(raw):,}, in its first record"
        raise InputError(_Progress().stopped(path, message))
    found = f"starts with {head[:32]!r}{packed}" if head else f"is empty{packed}"
    raise InputError(f"{path}: not a WARC archive: a record starts with WARC/, the file {found}")


@dataclass(frozen=True, slots=True)
class WarcSource(Source):
    paths: tuple[Path, ...]
    max_bytes: int = DEFAULT_MAX_INPUT_BYTES

    def pages(self) -> Iterator[Item]:
        for path in self.paths:
            yield from self._file(path)

    def _file(self, path: Path) -> Iterator[Item]:
        try:
            stream = open_regular(path)
        except InputError as exc:
            yield Failed(str(path), None, exc)
            return
        with stream:
            yield from self.read(stream, path)

    def read(self, stream: BinaryIO, path: Path) -> Iterator[Item]:
        """Items of one open WARC/WET stream (seekable); `path` names it in the items. An
        archive that ends inside a record gives its whole records, then one error item."""
        try:
            check_signature(stream, path)
        except InputError as exc:
            yield Failed(str(path), None, exc)
            return
        progress = _Progress()
        error: ScraperError
        try:
            yield from self._records(stream, path, progress)
            return
        except _Cut as exc:
            error = InputError(progress.stopped(path, str(exc)))
        except TooLarge as exc:
            error = TooLarge(progress.stopped(path, str(exc)))
        except OSError as exc:
            error = InputError(progress.stopped(path, f"cannot read: {exc.strerror or exc}"))
        except Exception as exc:  # warcio trips over malformed records in many ways
            # (AttributeError on a response without a target URI, found by fuzzing); the
            # stream cannot be followed past it, but the rest of the batch goes on
            detail = (
                f"archive cut short or damaged: the record at byte {progress.start:,} "
                f"cannot be read ({type(exc).__name__}: {' '.join(str(exc).split())})"
            )
            error = InputError(progress.stopped(path, detail))
        yield Failed(str(path), None, error)  # keyed by the file: no page has that key

    def _records(self, stream: BinaryIO, path: Path, progress: _Progress) -> Iterator[Item]:
        records = _Records(stream)
        for record in records:
            _check_length(record, progress.start)
            item = self._item(path, record) if record.rec_type in PAGE_RECORDS else None
            records.read_to_end()  # only now is it known whether the record was whole
            _check_whole(record, progress.start)
            progress.whole += 1
            if item is not None:
                yield replace(item, offset=progress.start)
            # where the next record starts (warcio's offsets only go back on broken gzip)
            progress.start = max(progress.start, records.offset)
        _check_end(records.checked, progress.start, stream.seek(0, io.SEEK_END))

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
