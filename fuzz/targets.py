"""The fuzz targets: one function per entry point, taking the fuzzer's bytes.

Each target feeds the bytes to the code under test and checks what must hold for *any*
input, so a finding is either an exception escaping or a broken promise (an `AssertionError`):
the public cleaners return one well-formed record and never raise; the WARC reader yields
only `Page`s and `Failed`s, each of which becomes exactly one record. The targets import
nothing from atheris, so the regression tests and `--replay` run them without it.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path

import scraper
from scraper.cleaners import clean_page_as
from scraper.jobs.sinks.jsonl import dumps
from scraper.records import Article, Page
from scraper.sources.base import Failed
from scraper.sources.warc import WarcSource

ISO = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}([+-]\d{2}:\d{2})?$")
MAX_RECORD_BYTES = 1_000_000


def check_record(article: Article) -> None:
    """The promises of every record, article or error."""
    assert isinstance(article, Article)
    if article.error is not None:
        assert article.error.kind and article.error.message, article.error
        assert article.error.kind != "internal", article.error.message  # a caught bug
        assert article.body == "" and article.word_count == 0
    else:
        assert article.body and article.word_count > 0
        assert article.body == article.body.strip() and "\n\n\n" not in article.body
    assert article.published is None or ISO.match(article.published), article.published
    dumps(article).encode("utf-8")  # what the JSONL sink writes


def _text(data: bytes) -> str:
    """The bytes as text, every byte kept (invalid UTF-8 becomes lone surrogates)."""
    return data.decode("utf-8", "surrogateescape")


def clean_html(data: bytes) -> None:
    """As bytes (decoding, sniffing) and, when the first byte is odd, as text as well."""
    check_record(scraper.clean_html(data))
    if data[:1] and data[0] & 1:
        check_record(scraper.clean_html(_text(data[1:])))


def clean_text(data: bytes) -> None:
    check_record(scraper.clean_text(_text(data)))


def warc(data: bytes) -> None:
    source = WarcSource((), max_bytes=MAX_RECORD_BYTES)
    for item in source.read(io.BytesIO(data), Path("fuzz.warc")):
        assert isinstance(item, Page | Failed), item
        if isinstance(item, Failed):
            check_record(item.to_article())
        else:
            assert isinstance(item.content, bytes) and len(item.content) <= MAX_RECORD_BYTES
            check_record(clean_page_as(item, item.content_type or "html"))


TARGETS: dict[str, Callable[[bytes], None]] = {
    "clean_html": clean_html,
    "clean_text": clean_text,
    "warc": warc,
}
