"""The title and date readers' shortcuts (issue 14, speed): the headings and links come from
the head reader's one walk, and the pre-checks that spare a pattern or a copy of the page's
text answer exactly as what they stand in for."""

from __future__ import annotations

import pytest
from lxml import html

from scraper.config import DEFAULTS_DIR
from scraper.normalize.head_elements import HeadElements
from scraper.normalize.page_dates import DateKeys
from scraper.normalize.printed_dates import _holds_any, _page_holds_any
from scraper.normalize.titles import _HOME_HREF, Headings, _may_be_home

KEYS = DateKeys.load(DEFAULTS_DIR / "dates.toml")

PAGE = """<html><head><title>Headline | Acme</title></head><body>
<header><a href="/"><img src="logo.png" alt="Acme Home"></a><h2>Menu</h2></header>
<h1> </h1><main><h3>Kicker</h3><h1>The <span>real</span> headline</h1>
<h4>Not a heading the reader weighs</h4><h2>First section</h2><h2>Second</h2><h2>Third</h2>
<h2>Fourth</h2><p><a href="https://acme.example/">Acme</a> <a href="/?page=2">Older</a>
<a href="/#top">Top</a> <a href="/index.php">Front page</a> <a href="/news/a/b">Story</a></p>
</main></body></html>"""


def test_the_one_walk_gathers_h1_to_h3_in_page_order() -> None:
    found = HeadElements.of(html.fromstring(PAGE))
    assert [h.tag for h in found.headings] == ["h2", "h1", "h3", "h1", "h2", "h2", "h2", "h2"]
    assert len(found.anchors) == 6


def test_headings_are_read_from_the_gathered_elements() -> None:
    tree = html.fromstring(PAGE)
    seen = Headings.of(tree, HeadElements.of(tree))
    assert seen.h1s == ("The real headline",)
    assert seen.h1_pieces == (("The", "real", "headline"),)
    assert seen.h2s == ("Menu", "First section", "Second")
    assert seen.h2 == "Menu"
    assert seen.texts[:3] == ("Menu", "Kicker", "The real headline")
    assert seen.home_links == {"acme home", "acme", "front page"}


@pytest.mark.parametrize(
    "href",
    [
        "/",
        "",
        "//acme.example/",
        "https://acme.example",
        "HTTPS://ACME.EXAMPLE/INDEX.ASPX",
        "index.html",
        "/index.php",
        "/?",
        "/#",
        "#top",
        "/news/",
        "https://a.example/b/",
        "http://a.example/index.php?x=1",
        "https://a.example/#main",
        "//a.example//",
        "/index.html/",
        "https:/a.example/",
        "http://a.example/index.shtml",
    ],
)
def test_the_home_link_pre_check_never_refuses_what_the_pattern_takes(href: str) -> None:
    if _HOME_HREF.match(href):
        assert _may_be_home(href)


@pytest.mark.parametrize(
    "text",
    [
        "Published 3 March. Last\n  updated: 4 March 2021",
        "Publié le 13 février 2020, mis\u00a0à\n\tjour le 14 février",
        "MISE À JOUR : 14/02/2020",
        "mis à\njournal",
        "misàjour le 3",
        "mis à la jour",
        "Nothing changed here",
        "  Modified\r\n",
        "Zuletzt\taktualisiert am 3. März",
        "",
    ],
)
@pytest.mark.parametrize(
    "words",
    [KEYS.modified_words, ("last updated",), ("mis à jour", "updated"), ("mis  à jour",), ("",)],
)
def test_the_page_label_pre_check_answers_as_the_spaced_text_does(
    text: str, words: tuple[str, ...]
) -> None:
    assert _page_holds_any(text, words) == _holds_any(" ".join(text.split()), words)
