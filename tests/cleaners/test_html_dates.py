"""The HTML cleaner's dates: stated ones first, the URL's day, then htmldate's search."""

from __future__ import annotations

import pytest

from scraper import clean_html
from tests.support.http_server import LocalServer

_BODY = "<h1>Council keeps the old ferry landing open for three more summers</h1>" + "".join(
    f"<p>Paragraph {i} of the story about the river crossing and the old landing, long enough"
    " to be counted as the body of an article by the cleaner.</p>"
    for i in range(8)
)


def _page(head: str = "") -> str:
    return f"<html><head><title>Ferry landing</title>{head}</head><body>{_BODY}</body></html>"


@pytest.mark.parametrize(
    "script",
    [
        '<script>window.__DATA__ = {"review": {"datePublished": "2016-11-04T10:00:00Z"}};</script>',
        '<script type="application/json">{"datePublished": "2016-11-04T10:00:00Z"}</script>',
    ],
)
def test_a_date_only_in_a_script_is_found(script: str) -> None:
    """The cleaner drops scripts before it segments; the search must still see them."""
    article = clean_html(_page(head=script), "https://news.test/story")
    assert article.error is None
    assert article.published == "2016-11-04T10:00:00+00:00"
    assert article.modified is None


def test_published_and_modified_both_reach_the_record() -> None:
    head = (
        '<meta property="article:published_time" content="2021-12-14T15:41:07+01:00">'
        '<meta property="article:modified_time" content="2022-02-04T15:33:00+01:00">'
    )
    article = clean_html(_page(head=head), "https://news.test/story")
    assert (article.published, article.modified) == (
        "2021-12-14T15:41:07+01:00",
        "2022-02-04T15:33:00+01:00",
    )
    assert article.to_dict()["modified"] == "2022-02-04T15:33:00+01:00"


def test_a_page_with_no_date_anywhere_has_none() -> None:
    article = clean_html(_page(), "https://news.test/story")
    assert article.error is None
    assert (article.published, article.modified) == (None, None)


def test_markup_that_starts_like_a_url_is_never_fetched() -> None:
    """htmldate downloads a string that looks like a URL (http…, no space); the cleaner
    gives it a parsed tree, so a page's own text can never make it fetch anything."""
    server = LocalServer(("127.0.0.1",), bomb=False)
    try:
        markup = server.url("/article") + "<html><body><h1>Title</h1><p>Text.</p></body></html>"
        article = clean_html(markup, None)
        assert article.published is None  # no date, so the search did run
        assert server.state.hits == []
    finally:
        server.close()
