from __future__ import annotations

from dataclasses import replace

import jsonschema

import scraper
from scraper.records import ARTICLE_SCHEMA, Article, Page, error_article


def test_article_and_error_records_validate_against_schema(seed_text: str) -> None:
    article = scraper.clean_text(seed_text)
    error = error_article(Page(b"", "missing.txt"), "input", "missing.txt: no such file")
    for record in (article, error):
        jsonschema.validate(record.to_dict(), ARTICLE_SCHEMA)


def test_every_error_kind_is_in_the_schema_and_no_other() -> None:
    kinds = ARTICLE_SCHEMA["properties"]["error"]["oneOf"][1]["properties"]["kind"]["enum"]
    assert {"blocked_address", "timeout", "input", "no_content", "parse"} <= set(kinds)
    blocked = error_article(Page(b"", "u"), "blocked_address", "10.0.0.1 is a private address")
    jsonschema.validate(blocked.to_dict(), ARTICLE_SCHEMA)
    invented = error_article(Page(b"", "u"), "oops", "not a kind")
    try:
        jsonschema.validate(invented.to_dict(), ARTICLE_SCHEMA)
    except jsonschema.ValidationError:
        return
    raise AssertionError("an unknown error kind passed the schema")


def test_schema_rejects_a_bad_date() -> None:
    record = Article(id="x", published="22/08/2017").to_dict()
    try:
        jsonschema.validate(record, ARTICLE_SCHEMA)
    except jsonschema.ValidationError:
        return
    raise AssertionError("a non-ISO date passed the schema")


def test_round_trip_through_dict(seed_text: str) -> None:
    article = scraper.clean_text(seed_text)
    assert article.blocks
    assert Article.from_dict(article.to_dict(blocks=True)) == article
    assert Article.from_dict(article.to_dict()) == replace(article, blocks=())


def test_id_is_stable_per_input_and_differs_between_inputs() -> None:
    a = Page("x", origin="pages/a.txt")
    assert a.record_id == Page("other text", origin="pages/a.txt").record_id
    assert a.record_id != Page("x", origin="pages/b.txt").record_id
    assert (
        Page("x", origin="w.warc", offset=0).record_id
        != Page("x", origin="w.warc", offset=9).record_id
    )
    by_url = Page("x", origin="a", url="https://example.org/a")
    assert by_url.record_id == Page("y", origin="b", url="https://example.org/a").record_id


def test_duplicate_of_is_optional_nullable_and_a_string() -> None:
    record = Article(id="x").to_dict()
    jsonschema.validate(record, ARTICLE_SCHEMA)  # `scraper clean` records have no such key
    jsonschema.validate({**record, "duplicate_of": None}, ARTICLE_SCHEMA)
    jsonschema.validate({**record, "duplicate_of": "0123456789abcdef01234567"}, ARTICLE_SCHEMA)
    try:
        jsonschema.validate({**record, "duplicate_of": 7}, ARTICLE_SCHEMA)
    except jsonschema.ValidationError:
        return
    raise AssertionError("a non-string duplicate_of passed the schema")


def test_description_and_image_reach_the_record_and_validate() -> None:
    page = (
        '<html><head><meta name="description" content="Rye wins the prize.">'
        '<meta property="og:image" content="/media/rye.jpg"></head><body><h1>Rye loaf wins</h1>'
        "<p>The bakery on the high street won the regional bread prize with its rye loaf, "
        "made from grain grown four miles away.</p></body></html>"
    )
    record = scraper.clean_html(page, url="https://bakery.test/news/rye").to_dict()
    jsonschema.validate(record, ARTICLE_SCHEMA)
    assert record["description"] == "Rye wins the prize."
    assert record["image"] == "https://bakery.test/media/rye.jpg"
    assert Article.from_dict(record).to_dict() == record
