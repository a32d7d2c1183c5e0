"""Pages from standard input (`scraper clean -`): one page, or the records of a WARC on it.

Standard input cannot be read twice nor sought, and its length is unknown, so it is first
copied to an anonymous temporary file (on disk: an archive may be large), which is then read
like a named file: a WARC by its first record, else one page under the input size cap.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from scraper.errors import InputError, ScraperError
from scraper.records import Page
from scraper.sources.base import Failed, Item
from scraper.sources.opening import read_stream_capped, stream_head
from scraper.sources.warc_files import SIGNATURE_BYTES, SIGNATURES

URL_NOT_FOR_ARCHIVES = "--url names one saved page; WARC records carry their own URLs"
STDIN_ORIGIN = "<stdin>"
"""What records from standard input carry as their `input`."""


def stdin_items(
    max_bytes: int, url: str | None = None, stream: BinaryIO | None = None
) -> Iterator[Item]:
    """The items of `stream` (default: standard input, as bytes); `url` is the page's address."""
    from scraper.sources.warc import WarcSource  # warcio: slow to import, only for archives

    source = stream if stream is not None else sys.stdin.buffer
    with tempfile.TemporaryFile() as copy:
        try:
            shutil.copyfileobj(source, copy)
            copy.seek(0)
            head = stream_head(copy, STDIN_ORIGIN, SIGNATURE_BYTES)
        except ScraperError:
            head = b""  # broken gzip: read as a page below, which says so
        except OSError as exc:
            error = InputError(f"{STDIN_ORIGIN}: cannot read: {exc.strerror or exc}")
            yield Failed(STDIN_ORIGIN, url, error)
            return
        if head.lstrip().startswith(SIGNATURES):
            if url is not None:
                yield Failed(STDIN_ORIGIN, None, InputError(URL_NOT_FOR_ARCHIVES))
                return
            yield from WarcSource((), max_bytes).read(copy, Path(STDIN_ORIGIN))
            return
        copy.seek(0)
        try:
            content = read_stream_capped(copy, STDIN_ORIGIN, max_bytes)
        except ScraperError as exc:
            yield Failed(STDIN_ORIGIN, url, exc)
            return
    yield Page(content=content, origin=STDIN_ORIGIN, url=url)
