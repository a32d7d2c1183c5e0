"""Which dates are the story's: published and modified told apart, each from its own names."""

from __future__ import annotations

import pytest
from lxml import html

from scraper.config import DEFAULTS_DIR
from scraper.normalize.page_dates import (
    DateKeys,
    declared_locale,
    headline_date,
    searched_date,
    stated_dates,
    story_date,
    url_date,
)

KEYS = DateKeys.load(DEFAULTS_DIR / "dates.toml")


def _page(head: str, body: str = "<p>Text of the story.</p>") -> html.HtmlElement:
    return html.fromstring(f"<html><head>{head}</head><body>{body}</body></html>")


def test_json_ld_graph_gives_published_and_modified_apart() -> None:
    tree = _page(
        '<script type="application/ld+json">{"@graph": ['
        '{"@type": "WebSite", "datePublished": "2001-01-01"},'
        '{"@type": "NewsArticle", "datePublished": "2021-03-04T08:00:00+01:00",'
        ' "dateModified": "2021-03-06T10:30:00+01:00"}]}</script>'
    )
    dates = stated_dates(tree, KEYS)
    assert dates.published == "2021-03-04T08:00:00+01:00"
    assert dates.modified == "2021-03-06T10:30:00+01:00"


@pytest.mark.parametrize(
    ("head", "published", "modified"),
    [
        (
            '<meta name="DCTERMS.issued" content="2019-05-02">'
            '<meta name="DC.date.modified" content="2019-06-01">',
            "2019-05-02T00:00:00",
            "2019-06-01T00:00:00",
        ),
        (
            '<meta property="article:modified_time" content="2022-02-04T15:33:00+01:00">'
            '<meta property="article:published_time" content="2021-12-14T15:41:07+01:00">',
            "2021-12-14T15:41:07+01:00",
            "2022-02-04T15:33:00+01:00",
        ),
        (
            '<meta http-equiv="last-modified" content="2018-07-09 11:00">',
            None,
            "2018-07-09T11:00:00",
        ),
        ('<meta itemprop="datePublished" content="2017-10-31">', "2017-10-31T00:00:00", None),
        ('<meta name="DCTERMS:created" content="2019-09-26">', "2019-09-26T00:00:00", None),
    ],
)
def test_meta_names_beyond_the_common_ones(
    head: str, published: str | None, modified: str | None
) -> None:
    dates = stated_dates(_page(head), KEYS)
    assert (dates.published, dates.modified) == (published, modified)


def test_an_embedded_video_s_dates_are_not_the_story_s() -> None:
    tree = _page(
        '<script type="application/ld+json">{"@type": "VideoObject",'
        ' "uploadDate": "2015-01-16T14:53:35+01:00", "datePublished": "2015-01-16"}</script>'
        '<meta property="article:published_time" content="2017-12-01T12:01:11+01:00">'
    )
    assert stated_dates(tree, KEYS).published == "2017-12-01T12:01:11+01:00"


def test_itemprop_on_body_elements_is_read() -> None:
    tree = _page(
        "",
        '<span itemprop="datePublished" content="2020-08-01T09:00:00Z">1 Aug</span>'
        '<time itemprop="dateModified" datetime="2020-08-03T12:00:00Z">3 Aug</time>',
    )
    dates = stated_dates(tree, KEYS)
    assert dates.published == "2020-08-01T09:00:00+00:00"
    assert dates.modified == "2020-08-03T12:00:00+00:00"


def test_microdata_without_a_value_gives_its_printed_date() -> None:
    tree = _page(
        "",
        '<p><span itemprop="datePublished">Published: March 3, 2021</span>'
        ' <span itemprop="dateModified">4 March 2021, 10:15</span></p>',
    )
    dates = stated_dates(tree, KEYS)
    assert (dates.published, dates.modified) == ("2021-03-03T00:00:00", "2021-03-04T10:15:00")


def test_a_malformed_offset_does_not_turn_an_iso_day_around() -> None:
    tree = _page('<meta property="article:published_time" content="2022-05-04-0305:49:00-10800">')
    assert stated_dates(tree, KEYS).published == "2022-05-04T00:00:00"


def test_modified_alone_is_never_taken_for_published() -> None:
    tree = _page('<meta property="article:modified_time" content="2023-01-02T03:04:05Z">')
    dates = stated_dates(tree, KEYS)
    assert dates.published is None
    assert dates.modified == "2023-01-02T03:04:05+00:00"


@pytest.mark.parametrize(
    ("url", "day"),
    [
        ("https://blog.test/2019/10/22/a-story/", "2019-10-22"),
        ("https://site.test/home/2017/7/12/unter-uns", "2017-07-12"),
        ("https://news.test/2020-02-18-masks-stolen.html", "2020-02-18"),
        ("https://news.test/2020-presidential-race-12-34", None),
        ("https://news.test/pais/20220503/juicio-recta-final", "2022-05-03"),
        ("https://news.test/story/20220503123/", None),
        ("https://news.test/id-20220503/", None),
        ("https://news.test/2019/13/45/not-a-day", None),
        ("https://news.test/2011/07/only-a-month/", None),
        ("https://verein.test/meldungen/29-10-2021", "2021-10-29"),
        ("https://verein.test/meldungen/29-10-2021-feier.html", "2021-10-29"),
        ("https://verein.test/termine/31-02-2021", None),
        (None, None),
    ],
)
def test_url_date_is_a_full_day_in_the_path(url: str | None, day: str | None) -> None:
    assert url_date(url) == day


def test_url_day_wins_over_a_stated_date_that_disagrees() -> None:
    url = "https://blog.test/2017/07/12/story"
    assert story_date(["2019-06-17T18:28:00+02:00"], url) == "2017-07-12T00:00:00"


def test_stated_date_that_agrees_with_the_url_keeps_its_time() -> None:
    url = "https://blog.test/2017/07/12/story"
    assert story_date([None, "2017-07-12T23:30:00-05:00"], url) == "2017-07-12T23:30:00-05:00"


def test_no_url_day_keeps_the_first_candidate() -> None:
    assert story_date([None, "2020-01-01T00:00:00", "2021-01-01T00:00:00"], None) == (
        "2020-01-01T00:00:00"
    )


@pytest.mark.parametrize(
    ("body", "day"),
    [
        ("<p class='meta'>Veröffentlicht am 3. März 2021</p><p>Der Text.</p>", "2021-03-03"),
        ("<div><time datetime='2016-09-14T10:00:00'>14 Sep</time><p>Text.</p></div>", "2016-09-14"),
        ("<p>Publié le 12 février 2020 à 07h45</p><p>Le texte.</p>", "2020-02-12"),
    ],
)
def test_searched_date_reads_a_page_without_structured_dates(body: str, day: str) -> None:
    found = searched_date(_page("<title>Story</title>", body), None)
    assert found is not None
    assert found.startswith(day)


def test_searched_date_finds_nothing_in_a_page_without_dates() -> None:
    assert searched_date(_page("<title>Story</title>", "<p>No date at all.</p>"), None) is None


@pytest.mark.parametrize(
    ("beside", "marked", "chosen"),
    [
        ("2023-10-25T00:00:00", "2022-04-13T11:46:45+02:00", "2023-10-25T00:00:00"),
        ("2024-03-27T00:00:00", "2024-03-27T14:00:00+00:00", "2024-03-27T14:00:00+00:00"),
        (None, "2022-04-13T11:46:45+02:00", "2022-04-13T11:46:45+02:00"),
        ("2023-10-25T00:00:00", None, "2023-10-25T00:00:00"),
    ],
)
def test_the_date_beside_the_headline_beats_a_marked_one_elsewhere(
    beside: str | None, marked: str | None, chosen: str
) -> None:
    assert headline_date(beside, marked) == chosen


@pytest.mark.parametrize(
    ("body", "modified"),
    [
        (
            "<p>Publié le 12 février 2020 à 07h45, mis à jour le 13 février 2020 à 10h00</p>",
            "2020-02-13T10:00:00",
        ),
        (
            "<div><span>Last Updated:</span> <time>January 7, 2025</time></div>",
            "2025-01-07T00:00:00",
        ),
        (
            "<p>By Jo Pike | Updated 4 March 2021 10:15 GMT | 3 min read</p>",
            "2021-03-04T10:15:00+00:00",
        ),
        ("<p>Aktualisiert am 05.03.2021, 09:12 Uhr</p>", "2021-03-05T09:12:00"),
        ("<p>The app was updated on March 3, 2021 to fix a bug in the login screen.</p>", None),
        ("<p>Updated</p><p>Something else happened on 3 March 2021.</p>", None),
    ],
)
def test_a_printed_modified_stamp(body: str, modified: str | None) -> None:
    dates = stated_dates(_page("", body), KEYS)
    assert (dates.published, dates.modified) == (None, modified)


def test_a_stated_modified_date_beats_a_printed_one() -> None:
    tree = _page(
        '<meta property="article:modified_time" content="2021-03-06T08:00:00Z">',
        "<p>Updated 4 March 2021</p>",
    )
    assert stated_dates(tree, KEYS).modified == "2021-03-06T08:00:00+00:00"


@pytest.mark.parametrize(
    ("body", "day"),
    [
        ("<div><h5>Datum:</h5>03.11.2021<br></div><p>Der Text.</p>", "2021-11-03"),
        ("<p><b>Aktualisiert am </b>17.01.2021.</p>", "2021-01-17"),
        (
            "<p>So long, and thanks for all the fish!</p><p>Benni<br>10. September 2017</p>",
            "2017-09-10",
        ),
    ],
)
def test_searched_date_reads_a_date_in_the_text_after_an_element(body: str, day: str) -> None:
    """A label in an element of its own and the date in the text after it, or a date on the
    line after a `<br>`: the date is no element's own text."""
    found = searched_date(_page("<title>Story</title>", body), None)
    assert found is not None
    assert found.startswith(day)


@pytest.mark.parametrize(
    ("locale", "day_first"),
    [
        ("de", True),
        ("en-GB", True),
        ("pt_BR", True),
        ("en", False),
        ("en-US", False),
        ("EN-us", False),
        (None, False),
    ],
)
def test_slash_order_of_a_locale(locale: str | None, day_first: bool) -> None:
    assert KEYS.slash_day_first(locale) is day_first


def test_a_cleaner_given_no_slash_list_keeps_the_month_first_reading() -> None:
    assert DateKeys().slash_day_first("de") is False


@pytest.mark.parametrize(
    ("root", "locale"),
    [
        ('<html lang="en-GB">', "en-GB"),
        ('<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="en-GB">', "en-GB"),
        ('<html lang=" ">', None),
        ("<html>", None),
    ],
)
def test_declared_locale_of_the_root_element(root: str, locale: str | None) -> None:
    tree = html.fromstring(f"{root}<head></head><body><p>Text.</p></body></html>")
    assert declared_locale(tree) == locale
