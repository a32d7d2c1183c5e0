"""WARC and WET files written with warcio for the tests (no committed binaries): a crawl
with a page, a request, a 404, a PDF and a metadata record, and a WET file of two pages."""

from __future__ import annotations

import gzip
import io
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from tests.support.http_server import ARTICLE

PROSE = (
    "The harbour board met on Tuesday evening to discuss the new ferry timetable, which has "
    "drawn complaints from commuters who say the early sailing leaves too soon for them."
)


def http(status: str, ctype: str, **extra: str) -> StatusAndHeaders:
    headers = [("Content-Type", ctype), *((k.replace("_", "-"), v) for k, v in extra.items())]
    return StatusAndHeaders(status, headers, protocol="HTTP/1.1")


def write_warc(path: Path, compress: bool = True) -> None:
    html = ARTICLE.format(title="Café owners meet", extra="Le café déjà ouvert.").encode("latin-1")
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=compress)
        records = [
            (
                "http://a.test/1",
                "response",
                gzip.compress(html),
                http("200 OK", "text/html; charset=iso-8859-1", Content_Encoding="gzip"),
            ),
            ("http://a.test/1", "request", b"GET /1 HTTP/1.1\r\nHost: a.test\r\n\r\n", None),
            ("http://a.test/2", "response", b"gone", http("404 Not Found", "text/html")),
            ("http://a.test/3", "response", b"%PDF-1.4", http("200 OK", "application/pdf")),
            ("http://a.test/4", "metadata", b"fetchTimeMs: 12\r\n", None),
        ]
        for uri, kind, payload, headers in records:
            writer.write_record(
                writer.create_warc_record(
                    uri, kind, payload=io.BytesIO(payload), http_headers=headers
                )
            )


def write_wet(path: Path) -> None:
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=True)
        for i in range(2):
            text = f"Ferry timetable {i}\n\n{PROSE}\n\n{PROSE}\n\nShare this article\n"
            writer.write_record(
                writer.create_warc_record(
                    f"http://b.test/{i}",
                    "conversion",
                    payload=io.BytesIO(text.encode()),
                    warc_content_type="text/plain",
                )
            )
