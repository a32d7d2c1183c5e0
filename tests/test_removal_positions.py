"""`removed[]` entries say where each block was: its index, and for HTML its element's XPath,
which finds that element again in the saved page; the sinks keep them, and an older Parquet
dataset resumed by a newer version keeps its rows."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from lxml import html

from scraper import clean
from scraper.jobs.sinks.base import Mark, Row
from scraper.records import ARTICLE_SCHEMA, Article, Removal
from tests.conftest import FIXTURES, SEED

PAGE = FIXTURES / "html-01-news-html5-inline-boxes" / "page.html"


def test_an_html_removal_names_the_element_it_came_from() -> None:
    article = clean(str(PAGE))
    jsonschema.validate(article.to_dict(), ARTICLE_SCHEMA)
    tree = html.parse(str(PAGE))
    assert article.removed
    for removal in article.removed:
        assert removal.xpath is not None and removal.index is not None
        (element,) = tree.xpath(removal.xpath)
        found = " ".join(element.text_content().split())
        assert removal.text.split()[0] in found, (removal, found)
    indexes = [r.index for r in article.removed]
    assert indexes == sorted(set(indexes))  # reading order, each block once


def test_a_text_removal_has_an_index_and_no_xpath(seed_text: str) -> None:
    article = clean(str(SEED))
    paragraphs = [" ".join(p.split()) for p in seed_text.split("\n\n") if p.strip()]
    assert article.removed
    for removal in article.removed:
        assert removal.xpath is None
        assert removal.index is not None and removal.text in " ".join(paragraphs)


def test_a_removal_round_trips_and_older_records_still_read() -> None:
    removal = Removal("Share this", "share.buttons", 3, "/html/body/div[2]")
    again = Article.from_dict(Article(id="a", removed=(removal,)).to_dict())
    assert again.removed == (removal,)
    old = Article.from_dict({"id": "b", "removed": [{"text": "Menu", "rule": "nav.menu"}]})
    assert old.removed == (Removal("Menu", "nav.menu"),)


def test_an_older_parquet_dataset_gains_the_positions_when_resumed(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    from scraper.jobs.sinks.parquet import ParquetSink, arrow_schema

    folder = tmp_path / "articles.parquet"
    folder.mkdir()
    old_removed = pa.list_(pa.struct([("text", pa.string()), ("rule", pa.string())]))
    schema = pa.schema(
        [pa.field("removed", old_removed) if f.name == "removed" else f for f in arrow_schema(pa)]
    )
    old = {name: [None] for name in schema.names}
    old |= {"id": ["old"], "authors": [[]], "tags": [[]]}
    old["removed"] = [[{"text": "Menu", "rule": "nav.menu"}]]
    part = folder / "part-000000000001-000000000001.parquet"
    pq.write_table(pa.table(old, schema=schema), str(part))
    sink = ParquetSink(folder)
    sink.open(Mark(1, 1))
    record = clean(str(PAGE)).to_dict()
    sink.write([Row(2, record, json.dumps(record))])
    sink.close()
    table = pq.read_table(str(folder)).to_pydict()
    menu = {"text": "Menu", "rule": "nav.menu", "index": None, "xpath": None}
    assert table["removed"][0] == [menu]
    assert table["removed"][1] == record["removed"]
