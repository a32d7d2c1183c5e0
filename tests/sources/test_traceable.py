"""Every record says where it came from (`input`, `input_offset`), and the sinks keep it."""

from __future__ import annotations

import io
import json
import sqlite3
from pathlib import Path

import jsonschema
import pytest
from warcio.archiveiterator import ArchiveIterator

from scraper.jobs.pipeline import clean_item
from scraper.jobs.sinks.base import COLUMNS, Mark, Row
from scraper.jobs.sinks.sqlite import SqliteSink, create_table_sql
from scraper.records import ARTICLE_SCHEMA, Article, Page
from scraper.sources.files import FileSource
from scraper.sources.stdin import STDIN_ORIGIN, stdin_items
from tests.conftest import SEED
from tests.support.warc_files import write_warc, write_wet

NEW_COLUMNS = ("input", "input_offset")


def records_of(*patterns: str) -> list[dict]:
    records = [clean_item(item).to_dict() for item in FileSource(patterns).pages()]
    for record in records:
        jsonschema.validate(record, ARTICLE_SCHEMA)
    return records


def test_a_saved_page_names_its_file_and_keeps_its_id(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_bytes(SEED.read_bytes())
    missing = tmp_path / "missing.html"
    ok, failed = records_of(str(page), str(missing))
    assert (ok["input"], ok["input_offset"], ok["error"]) == (str(page), None, None)
    assert (failed["input"], failed["error"]["kind"]) == (str(missing), "input")
    # the id is what it was before records named their input: the hash of the path
    assert ok["id"] == Page(b"", str(page)).record_id
    assert failed["id"] == Page(b"", str(missing)).record_id


def test_archive_records_name_the_byte_where_they_start(tmp_path: Path) -> None:
    warc, wet = tmp_path / "crawl.warc.gz", tmp_path / "text.wet.gz"
    write_warc(warc)
    write_wet(wet)
    records = records_of(str(warc), str(wet))
    from_archives = [r for r in records if r["input_offset"] is not None]
    assert {r["input"] for r in from_archives} == {str(warc), str(wet)}
    assert len(from_archives) >= 4  # the WARC's HTML page, 404 and PDF, the WET's 2 pages
    for record in from_archives:
        with open(record["input"], "rb") as archive:
            archive.seek(record["input_offset"])
            first = next(iter(ArchiveIterator(archive)))
            assert first.rec_headers.get_header("WARC-Target-URI") == record["url"]


def test_standard_input_is_one_page_or_an_archive(tmp_path: Path) -> None:
    (page,) = stdin_items(1 << 20, "https://example.org/a", io.BytesIO(SEED.read_bytes()))
    article = clean_item(page)
    assert (article.input, article.url, article.error) == (
        STDIN_ORIGIN,
        "https://example.org/a",
        None,
    )
    warc = tmp_path / "crawl.warc.gz"
    write_warc(warc)
    items = list(stdin_items(1 << 20, None, io.BytesIO(warc.read_bytes())))
    urls = [clean_item(item).url for item in items]
    assert urls[0] == "http://a.test/1" and len(urls) >= 3
    assert all(item.origin == STDIN_ORIGIN and item.offset is not None for item in items)
    (too_big,) = stdin_items(100, None, io.BytesIO(SEED.read_bytes()))
    assert clean_item(too_big).error.kind == "too_large"


def _old_table(path: Path) -> None:
    """An `articles` table as a version without the input columns made it, with one row."""
    db = sqlite3.connect(path)
    sql = create_table_sql()
    for name in NEW_COLUMNS:
        sql = sql.replace(f", {name} TEXT", "").replace(f", {name} INTEGER", "")
    assert "input" not in sql
    db.execute(sql)
    db.execute("INSERT INTO articles (id, url, body) VALUES ('old', 'https://e.org/1', 'x')")
    db.commit()
    db.close()


def test_an_older_sqlite_output_gains_the_columns_when_resumed(tmp_path: Path) -> None:
    path = tmp_path / "articles.sqlite"
    _old_table(path)
    sink = SqliteSink(path)
    assert sink.check(Mark(1, 1)) is None
    sink.open(Mark(1, 1))
    article = Article(id="new", url=None, body="text", input="saved/a.warc", input_offset=812)
    record = article.to_dict()
    sink.write([Row(2, record, json.dumps(record))])
    sink.close()
    db = sqlite3.connect(path)
    columns = [row[1] for row in db.execute("PRAGMA table_info(articles)")]
    rows = dict(db.execute("SELECT id, input || '#' || input_offset FROM articles").fetchall())
    db.close()
    assert set(columns) == set(COLUMNS)
    assert rows == {"old": None, "new": "saved/a.warc#812"}


def test_records_round_trip_their_input() -> None:
    article = Article(id="a", input="crawl.warc.gz", input_offset=0)
    again = Article.from_dict(article.to_dict())
    assert (again.input, again.input_offset) == ("crawl.warc.gz", 0)
    assert Article.from_dict({"id": "b"}).input is None  # a record of an older version


def test_an_older_parquet_dataset_keeps_the_new_columns_when_resumed(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    from scraper.jobs.sinks.parquet import ParquetSink, arrow_schema

    folder = tmp_path / "articles.parquet"
    folder.mkdir()
    schema = pa.schema([f for f in arrow_schema(pa) if f.name not in NEW_COLUMNS])
    old = {name: [None] for name in schema.names}
    old |= {"id": ["old"], "body": ["x"], "authors": [[]], "tags": [[]], "removed": [[]]}
    part = folder / "part-000000000001-000000000001.parquet"
    pq.write_table(pa.table(old, schema=schema), str(part))
    sink = ParquetSink(folder)
    sink.open(Mark(1, 1))
    record = Article(id="new", body="text", input="saved/a.warc", input_offset=812).to_dict()
    sink.write([Row(2, record, json.dumps(record))])
    sink.close()
    table = pq.read_table(str(folder)).to_pydict()
    assert table["input"] == [None, "saved/a.warc"] and table["input_offset"] == [None, 812]
    assert table["id"] == ["old", "new"] and table["body"] == ["x", "text"]
