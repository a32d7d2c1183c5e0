"""The HTML cleaner reads a page's JSON-LD once: the head reader and the date reader share
the graph."""

from __future__ import annotations

import json
from types import SimpleNamespace
from typing import Any

import pytest

from scraper import clean_html
from scraper.normalize import jsonld

_BODY = "".join(
    f"<p>Paragraph {i} of the story about the river crossing and the old landing, long enough"
    " to be counted as the body of an article by the cleaner.</p>"
    for i in range(8)
)
_SCRIPT = (
    '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Ferry landing'
    ' kept open", "datePublished": "2019-06-02T08:00:00Z", "dateModified":'
    ' "2019-06-03T09:30:00Z", "author": {"@type": "Person", "name": "Orla Venn"}}</script>'
)


def test_the_json_ld_is_parsed_once_for_the_head_and_the_dates(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Parsing a page's JSON-LD (often tens of kilobytes of a CMS's `@graph`) a second time
    for the dates cost time for nothing. The parse is counted, not replaced."""
    parsed: list[str] = []

    def counting_loads(text: str) -> Any:
        parsed.append(text)
        return json.loads(text)

    counting_json = SimpleNamespace(loads=counting_loads, JSONDecodeError=json.JSONDecodeError)
    monkeypatch.setattr(jsonld, "json", counting_json)
    page = f"<html><head><title>Ferry landing</title>{_SCRIPT}</head><body>{_BODY}</body></html>"
    article = clean_html(page, "https://news.test/story")
    assert article.title == "Ferry landing kept open"
    assert article.authors == ("Orla Venn",)
    assert (article.published, article.modified) == (
        "2019-06-02T08:00:00+00:00",
        "2019-06-03T09:30:00+00:00",
    )
    assert len(parsed) == 1
