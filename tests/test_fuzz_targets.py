"""The fuzz targets run on their seeds and on every input fuzzing (or a property test) ever
broke them with, so the harness cannot rot and a fixed finding cannot come back. Runs
without atheris: the targets are plain functions of bytes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import scraper
from fuzz.seeds import PAGE, warc_seeds
from fuzz.targets import TARGETS
from scraper.cli import cli
from scraper.config import CleanerConfig
from tests.conftest import FIXTURES


def warc_response(uri: bytes, html: bytes) -> bytes:
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + html
    return (
        b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: " + uri + b"\r\n"
        b"Content-Type: application/http; msgtype=response\r\n"
        b"Content-Length: %d\r\n\r\n%s\r\n\r\n" % (len(http), http)
    )


REGRESSIONS: list[tuple[str, bytes, str]] = [
    (
        "clean_text",
        b"Ferry \xff timetable\n\n" + b"The harbour board met on Tuesday to discuss it. " * 4,
        "invalid UTF-8 given as text (surrogateescape) reached the record; the sink crashed",
    ),
    (
        "clean_html",
        b"\x01<p>Ferry \xed\xa0\x80 timetable</p><p>"
        + b"The harbour board met on Tuesday to discuss the new timetable. " * 3
        + b"</p>",
        "a lone surrogate in str markup: the record could not be written as UTF-8",
    ),
    (
        "clean_html",
        b"<html><body><p>The \x00harbour board met on Tuesday evening to discuss the\x00 new "
        b"ferry timetable, which drew complaints from commuters.</p></body></html>",
        "NUL bytes became U+FFFD in the body",
    ),
    (
        "clean_html",
        "<p>Grüße aus Köln, sagte der Bürgermeister am Dienstag in der Stadt.</p>".encode(
            "utf-16-le"
        ),
        "UTF-16 without a byte-order mark was rejected as binary",
    ),
    (
        "clean_html",
        b"<html><body>" + b"<div>" * 300 + b"<p>deep</p>" + b"</div>" * 300 + b"</body></html>",
        "nesting past libxml2's limit silently dropped the rest of the page",
    ),
    (
        "warc",
        b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 5\r\n\r\nshort\r\n\r\n",
        "a response record without WARC-Target-URI: warcio raised AttributeError",
    ),
    ("warc", b"\x1f\x8b\x08\x00garbage", "gzip header, no gzip data"),
    (
        "warc",
        warc_response(b"http://a.t]st/1", PAGE.encode()),
        "a target URI urlsplit rejects (Invalid IPv6 URL) raised out of the HTML cleaner",
    ),
    ("warc", b"", "empty file"),
]


def _seeds() -> list[tuple[str, bytes]]:
    texts = sorted(FIXTURES.glob("*/page.txt"))[:3]
    return [
        ("clean_html", PAGE.encode()),
        *(("clean_text", path.read_bytes()) for path in texts),
        *(("warc", data) for data in warc_seeds().values()),
    ]


@pytest.mark.parametrize(("target", "data"), _seeds())
def test_targets_pass_on_their_seeds(target: str, data: bytes) -> None:
    TARGETS[target](data)


@pytest.mark.parametrize(
    ("target", "data"),
    [(t, d) for t, d, _why in REGRESSIONS],
    ids=[why for _t, _d, why in REGRESSIONS],
)
def test_past_findings_stay_fixed(target: str, data: bytes) -> None:
    TARGETS[target](data)


def test_a_malformed_warc_does_not_stop_the_batch(tmp_path: Path) -> None:
    """The fuzzer's first WARC finding, end to end: warcio raised AttributeError out of
    `scraper clean` (a traceback, and no records for the files after it)."""
    (tmp_path / "a.warc").write_bytes(REGRESSIONS[5][1])
    (tmp_path / "b.html").write_text(PAGE, encoding="utf-8")
    result = CliRunner().invoke(cli, ["clean", str(tmp_path / "a.warc"), str(tmp_path / "b.html")])
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert [r["error"]["kind"] if r["error"] else None for r in records] == ["input", None]


def test_a_bug_costs_one_record_not_the_batch() -> None:
    """A cleaner that raises something unexpected (here: a config the types forbid, so
    comparing a word count to None fails) gives an `internal` error record."""
    broken = CleanerConfig(min_body_words=None)  # type: ignore[arg-type]
    article = scraper.clean_text("Ferry timetable\n\n" + PAGE, config=broken)
    assert article.error is not None and article.error.kind == "internal"
    assert "TypeError" in article.error.message
    assert scraper.clean_text("Ferry timetable\n\n" + PAGE).error is None
