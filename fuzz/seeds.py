"""Seed corpora: real pages from `fixtures/`, and WARC/WET files written with warcio.

Starting from real pages lets the fuzzer mutate markup the cleaners actually take apart
(bylines, date lines, chrome lists) instead of discovering HTML from random bytes.
"""

from __future__ import annotations

import gzip
import io
import json
import os
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

MAX_SEED = 20_000
PAGE = (
    "<html><head><title>Ferry timetable</title></head><body><article><h1>Ferry timetable</h1>"
    "<p>By Jane Smith, March 3, 2021</p><p>The harbour board met on Tuesday evening to discuss "
    "the new ferry timetable, which has drawn complaints from commuters.</p></article></body>"
    "</html>"
)


def _warc(records: list[tuple[str, str, bytes, StatusAndHeaders | None]], compress: bool) -> bytes:
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=compress)
    for uri, kind, payload, http in records:
        body = io.BytesIO(payload)
        writer.write_record(writer.create_warc_record(uri, kind, payload=body, http_headers=http))
    return out.getvalue()


def warc_seeds() -> dict[str, bytes]:
    html = PAGE.encode()
    ok = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], "HTTP/1.1")
    zipped = StatusAndHeaders(
        "200 OK", [("Content-Type", "text/html"), ("Content-Encoding", "gzip")], "HTTP/1.1"
    )
    gone = StatusAndHeaders("404 Not Found", [("Content-Type", "text/html")], "HTTP/1.1")
    response = [
        ("http://a.test/1", "response", html, ok),
        ("http://a.test/2", "response", gzip.compress(html), zipped),
        ("http://a.test/3", "response", b"gone", gone),
        ("http://a.test/1", "request", b"GET /1 HTTP/1.1\r\nHost: a.test\r\n\r\n", None),
    ]
    text = b"Ferry timetable\n\nThe harbour board met on Tuesday evening to discuss it.\n"
    conversion = [("http://a.test/1", "conversion", text, None)]
    return {
        "response.warc": _warc(response, compress=False),
        "response.warc.gz": _warc(response, compress=True),
        "conversion.wet": _warc(conversion, compress=False),
    }


def html_seeds(pages: Path | None, limit: int = 60) -> dict[str, bytes]:
    """A small page, plus the first `limit` pages of a main-content-eval style JSONL file
    (`FUZZ_HTML_SEEDS`), cut to `MAX_SEED` bytes, when one is given."""
    seeds = {"minimal.html": PAGE.encode()}
    if pages is None or not pages.is_file():
        return seeds
    with gzip.open(pages, "rt", encoding="utf-8") as lines:
        for number, line in zip(range(limit), lines, strict=False):
            seeds[f"page-{number}.html"] = json.loads(line)["html"].encode()[:MAX_SEED]
    return seeds


def seed_corpus(target: str, corpus: Path, fixtures: Path) -> None:
    """Fill `corpus` on first use (an existing corpus is the fuzzer's own, kept as is)."""
    if corpus.is_dir() and any(corpus.iterdir()):
        return
    corpus.mkdir(parents=True, exist_ok=True)
    if target == "warc":
        seeds = warc_seeds()
    elif target == "clean_html":
        extra = os.environ.get("FUZZ_HTML_SEEDS")
        seeds = html_seeds(Path(extra) if extra else None)
    else:
        seeds = {p.parent.name: p.read_bytes()[:MAX_SEED] for p in fixtures.glob("*/page.txt")}
    for name, data in seeds.items():
        (corpus / name).write_bytes(data)
