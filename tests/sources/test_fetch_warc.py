"""WARC and WET input, from files the test writes with warcio (no committed binaries)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from scraper.cli import cli
from scraper.records import Page
from scraper.sources.base import Failed
from scraper.sources.warc import WarcSource
from tests.support.warc_files import PROSE, write_warc, write_wet


def test_warc_response_records_become_pages_with_provenance(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    write_warc(path)
    items = list(WarcSource((path,)).pages())
    assert [i.url for i in items] == ["http://a.test/1", "http://a.test/2", "http://a.test/3"]
    page, missing, pdf = items
    assert isinstance(page, Page) and page.content_type == "html"
    assert page.encoding == "iso-8859-1" and "café".encode("latin-1") in page.content  # inflated
    assert page.extras["warc_record_id"].startswith("<urn:uuid:") and page.offset == 0
    assert isinstance(missing, Failed) and missing.kind == "http_status" and missing.offset
    assert isinstance(pdf, Failed) and pdf.kind == "unsupported_type"


def test_uncompressed_warc_and_size_cap(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc"
    write_warc(path, compress=False)
    items = list(WarcSource((path,), max_bytes=100).pages())
    assert isinstance(items[0], Failed) and items[0].kind == "too_large"
    assert len(items) == 3


def test_broken_and_missing_files_are_one_error_each(tmp_path: Path) -> None:
    broken = tmp_path / "broken.warc.gz"
    broken.write_bytes(b"this is not a warc file at all\n" * 10)
    items = list(WarcSource((broken, tmp_path / "missing.warc")).pages())
    assert [(i.kind, i.origin) for i in items if isinstance(i, Failed)] == [
        ("input", str(broken)),
        ("input", str(tmp_path / "missing.warc")),
    ]


def test_scraper_clean_reads_warc_and_wet(tmp_path: Path) -> None:
    write_warc(tmp_path / "a.warc.gz")
    write_wet(tmp_path / "b.warc.wet.gz")
    out = tmp_path / "out" / "records.jsonl"
    out.parent.mkdir()
    result = CliRunner().invoke(
        cli,
        [
            "clean",
            str(tmp_path / "a.warc.gz"),
            str(tmp_path / "b.warc.wet.gz"),
            "-q",
            "-o",
            str(out),
        ],
    )
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert result.exit_code == 1  # the 404 and the PDF are error records
    by_url = {r["url"]: r for r in records}
    assert set(by_url) == {
        "http://a.test/1",
        "http://a.test/2",
        "http://a.test/3",
        "http://b.test/0",
        "http://b.test/1",
    }
    assert "Le café déjà ouvert." in by_url["http://a.test/1"]["body"]
    assert by_url["http://b.test/0"]["title"] == "Ferry timetable 0"
    assert PROSE in by_url["http://b.test/1"]["body"]
    assert by_url["http://a.test/2"]["error"]["kind"] == "http_status"
