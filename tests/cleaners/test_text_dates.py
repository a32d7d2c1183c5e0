"""The date of a text dump: the header's, the URL's day, then the page's first date line."""

from __future__ import annotations

import pytest

from scraper import clean_html, clean_text
from scraper.cleaners.labels import TITLE
from scraper.cleaners.segment import segment_text
from scraper.cleaners.text_dates import first_printed_date
from scraper.normalize.dates import parse_date


def _story(sentence: str, paragraph: str = "Absatz") -> str:
    """Six numbered paragraphs of one sentence: enough body for the lines above to be read as
    the page's header."""
    return "\n".join(f"{paragraph} {i}: {sentence}" for i in range(6))


_STORY = _story(
    "The story about the river crossing and the old landing stage, long enough to be counted"
    " as the body of an article by the cleaner.",
    "Paragraph",
)
_DEICH = _story(
    "Seit Mittwoch können Radfahrer auf einem neuen Weg oben auf dem Deich von der Schleuse"
    " bis zum Sielhafen fahren, der Weg ist drei Meter breit."
)


def test_the_first_date_line_of_the_page_is_taken() -> None:
    blocks = segment_text(
        "Menu\nHome\nArchive\nJune 2021\nTagged: ferries, 2 comments\n"
        "Posted on 14. Juni 2021 by Ada Brink\n"
        "Comment by Lee on 15 June 2021\n"
    )
    assert first_printed_date(blocks, [None] * len(blocks)) == "2021-06-14T00:00:00"


def test_a_range_or_a_sentence_is_no_date_line() -> None:
    blocks = segment_text(
        "12 Mar 2009 - 4 Nov 2016\n"
        "The ferry was first mentioned in a charter of 3 May 1991, the town says.\n"
    )
    assert first_printed_date(blocks, [None] * len(blocks)) is None


def test_a_text_page_without_a_printed_date_takes_its_url_day() -> None:
    text = f"Ferry landing stays open\n\n{_STORY}\n"
    article = clean_text(text, "https://news.test/2021/06/14/ferry-landing/")
    assert article.published == "2021-06-14T00:00:00"


def test_a_printed_date_that_disagrees_with_the_url_day_gives_way() -> None:
    text = f"Ferry landing stays open\nPublished: 2 March 2020\n\n{_STORY}\n"
    article = clean_text(text, "https://news.test/2021/06/14/ferry-landing/")
    assert article.published == "2021-06-14T00:00:00"


def test_the_slash_order_of_one_page_does_not_leak_into_the_next() -> None:
    german = f"Neuer Radweg am Deich\nVeröffentlicht: 04/05/2022\n\n{_DEICH}\n"
    assert clean_text(german).published == "2022-05-04T00:00:00"
    assert parse_date("04/05/2022") == "2022-04-05T00:00:00"
    english = f"Ferry landing stays open\nPublished: 04/05/2022\n\n{_STORY}\n"
    assert clean_text(english).published == "2022-04-05T00:00:00"


def test_an_html_page_in_en_gb_reads_slash_dates_day_first() -> None:
    body = "".join(f"<p>{line}</p>" for line in _STORY.splitlines())
    page = (
        '<html lang="{lang}"><head><title>Ferry landing stays open</title></head><body>'
        "<h1>Ferry landing stays open</h1><p class='date'>02/10/2020</p>" + body + "</body></html>"
    )
    assert clean_html(page.format(lang="en-GB")).published == "2020-10-02T00:00:00"
    assert clean_html(page.format(lang="en")).published == "2020-02-10T00:00:00"


def test_a_last_updated_stamp_beside_the_headline_is_the_modified_date() -> None:
    text = (
        "Ferry landing stays open\nPublished: 2 March 2020\nLast updated: 9 March 2020\n\n"
        f"{_STORY}\n"
    )
    article = clean_text(text)
    assert article.published == "2020-03-02T00:00:00"
    assert article.modified == "2020-03-09T00:00:00"


def test_a_stamp_above_the_published_line_does_not_win_for_being_nearer() -> None:
    text = (
        "Ferry landing stays open\nAktualisiert am 19.02.2020\nVeröffentlicht am 26.09.2019\n\n"
        f"{_STORY}\n"
    )
    article = clean_text(text)
    assert article.published == "2019-09-26T00:00:00"
    assert article.modified == "2020-02-19T00:00:00"


def test_a_stamp_alone_is_still_the_only_date_there_is() -> None:
    article = clean_text(f"Ferry landing stays open\nUpdated: 9 March 2020\n\n{_STORY}\n")
    assert article.published == "2020-03-09T00:00:00"


def test_a_date_in_the_comments_is_a_readers_not_the_pages() -> None:
    text = (
        "Ferry landing stays open\n\n"
        f"{_STORY}\n"
        "4 Comments\n"
        "Rowan Pike\n"
        "December 14, 2019 8:44 pm\n"
        "Thanks for the update, the crossing saves me forty minutes every morning.\n"
    )
    assert clean_text(text).published is None


def test_one_item_of_a_dated_list_does_not_date_the_page() -> None:
    blocks = segment_text(
        "Alle Beispiele\n"
        "Fagus-Werk Alfeld 2. Oktober 2015 - 12:33\n"
        "Kongresshalle Berlin 2. Oktober 2015 - 12:29\n"
        "Studentendorf Schlachtensee 1. Oktober 2015 - 09:10\n"
        "Kontakt\n"
        "Veröffentlicht am 14. Juni 2021\n"
    )
    assert first_printed_date(blocks, [None] * len(blocks)) == "2021-06-14T00:00:00"


def test_a_release_or_a_registration_day_is_not_the_storys() -> None:
    text = (
        "Kleine Biene, große Welt\n"
        "Release: 14.11.2019\n"
        "Plattform: PC, Konsole\n\n"
        + _story(
            "Das Spiel zeigt den Alltag einer Biene und erzählt ohne Gewalt von der Welt der"
            " Insekten, von Blumen, Wiesen und dem Stock, in dem alle leben."
        )
        + "\n"
    )
    assert clean_text(text).published is None
    forum = (
        "Was ist Freie Software?\n"
        "Registriert: 18.09.2008, 05:56\n"
        "Beitrag von r23 » 21.01.2009, 05:42\n\n"
        + _story(
            "Freie Software darf jeder nutzen, untersuchen, verbreiten und ändern, und genau"
            " darum geht es in diesem Beitrag über Lizenzen und Gemeinschaften."
        )
        + "\n"
    )
    assert clean_text(forum).published == "2009-01-21T05:42:00"


def test_a_last_update_label_above_its_date_marks_the_modified_date() -> None:
    """ "Letzte Aktualisierung:" alone on its line, its date on the next: the modified date,
    and the published one only when the page prints no other."""
    story = _DEICH
    both = clean_text(
        "Neuer Radweg am Deich\nVeröffentlicht am 2. März 2021\nLetzte Aktualisierung:\n"
        f"12.03.2021\n\n{story}\n"
    )
    assert (both.published, both.modified) == ("2021-03-02T00:00:00", "2021-03-12T00:00:00")
    alone = clean_text(f"Neuer Radweg am Deich\nLetzte Aktualisierung: 12.03.2021\n\n{story}\n")
    assert (alone.published, alone.modified) == ("2021-03-12T00:00:00", "2021-03-12T00:00:00")


def test_a_headline_printed_past_the_searched_lines_still_finds_its_date() -> None:
    menu = "\n".join(f"Rubrik {i}" for i in range(420))
    dated = "Erschienen am 14. Juni 2021 im Format Meldung"
    text = f"{menu}\nFähre fährt wieder\n{dated}\n\n{_DEICH}\n"
    blocks = segment_text(text)
    labels = [None] * len(blocks)
    labels[420] = TITLE
    assert first_printed_date(blocks, labels) == "2021-06-14T00:00:00"
    assert first_printed_date(blocks, [None] * len(blocks)) is None


@pytest.mark.parametrize(
    ("url", "iso"),
    [
        ("https://ferries.test/2022/landing", "2022-04-05T00:00:00"),  # "en": American order
        ("https://www.ferries.co.uk/landing", "2022-05-04T00:00:00"),
        ("https://news.test/en-gb/ferries/landing", "2022-05-04T00:00:00"),
        ("https://ferries.io/landing", "2022-04-05T00:00:00"),  # no readers' country
    ],
)
def test_an_english_page_reads_slash_dates_in_its_address_region_order(url: str, iso: str) -> None:
    text = f"Ferry landing stays open\nPublished: 04/05/2022\n\n{_STORY}\n"
    assert clean_text(text, url).published == iso


def test_a_date_beside_the_headline_beats_a_related_storys_under_the_body() -> None:
    """The date line sits in the menu's group of short lines, where the header reader does
    not look; the header's only date is then the first related story's, under the body."""
    story = _story(
        "Seit Mittwoch können Radfahrer auf einem neuen Weg oben auf dem Deich von der"
        " Schleuse bis zum Sielhafen fahren, der Weg ist drei Meter breit.",
    )
    related = "\n".join(
        f"{day}. Juni 2021\nFähre Nummer {day} im Dock\nWeiterlesen" for day in (9, 5, 2)
    )
    menu = "Startseite\nNachrichten\nThemen\nÜber uns\nKontakt\nSuche"
    text = (
        f"Fähre fährt wieder - Hafenblatt\n{menu}\nMeldung 14. Juni 2021\n"
        f"Er sagt: „Die Fähre ist zurück“\nFähre fährt wieder\n{story}\n{story}\n"
        f"Teilen\nDrucken\n{related}\n"
    )
    assert clean_text(text).published == "2021-06-14T00:00:00"


def test_a_top_bars_date_far_above_the_headline_gives_way_to_the_headlines() -> None:
    menu = "\n".join(["Startseite", "Nachrichten", "Themen", "Über uns", "Kontakt", "Suche"] * 2)
    blocks = segment_text(
        f"Mittwoch, 26.02.2020\n{menu}\nFähre fährt wieder\nMeldung 14. Juni 2021\n{_DEICH}\n"
    )
    headline = next(i for i, b in enumerate(blocks) if b.text == "Fähre fährt wieder")
    labels = [None] * len(blocks)
    labels[headline] = TITLE
    assert first_printed_date(blocks, labels) == "2021-06-14T00:00:00"
    assert first_printed_date(blocks, [None] * len(blocks)) == "2020-02-26T00:00:00"
