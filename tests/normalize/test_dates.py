from __future__ import annotations

from contextvars import copy_context
from datetime import datetime, timezone

import pytest

from scraper.normalize.date_lines import labelled_date, names_other_day
from scraper.normalize.date_words import date_words
from scraper.normalize.dates import (
    date_in_line,
    find_date,
    parse_date,
    read_slash_dates_day_first,
)

NOW = datetime(2026, 11, 28, tzinfo=timezone.utc)


@pytest.mark.parametrize(
    ("line", "iso"),
    [
        ("Tue Aug 22, 2017 1:35PM", "2017-08-22T13:35:00"),
        ("14 November 2022", "2022-11-14T00:00:00"),
        ("June 9, 2021", "2021-06-09T00:00:00"),
        ("2019-03-03T09:15Z", "2019-03-03T09:15:00+00:00"),
        ("Published: 03/04/2021 09:12 EST", "2021-03-04T09:12:00-05:00"),
        ("03.05.2023, 16:45 Uhr", "2023-05-03T16:45:00"),
        ("Tue Jul 17 14:22:09 EDT 2001", "2001-07-17T14:22:09-04:00"),
        ("7:00 a.m. UTC Jan. 18, 2024", "2024-01-18T07:00:00+00:00"),
        ("Mon, 12 Mar 2018 10:00:00 +0100", "2018-03-12T10:00:00+01:00"),
        ("12 de marzo de 2021", "2021-03-12T00:00:00"),
        ("Updated: 25/12/2020", "2020-12-25T00:00:00"),
        ("March 3, 2021 8:00 AM ET", "2021-03-03T08:00:00"),
        ("01-11-2023 10:29", "2023-11-01T10:29:00"),
        ("Posted 03/04/2021", "2021-03-04T00:00:00"),
    ],
)
def test_date_lines_become_iso_8601(line: str, iso: str) -> None:
    assert date_in_line(line, NOW) == iso


@pytest.mark.parametrize(
    "line",
    [
        "Updated 5 hours ago",
        "Syria peace talks in 2017 postponed",
        "2012",
        "1 of 2017",
        "Page 3 of 12",
        "The 2019 season opener drew 40,000 fans on June 9.",
        "Call 555-1234 today",
        "Aug 22, 2099",
        "Februar 2020",
        "Posted: March 2019",
        "Jan. 2021",
    ],
)
def test_lines_that_are_not_dates(line: str) -> None:
    assert date_in_line(line, NOW) is None


def test_parse_date_rejects_impossible_dates() -> None:
    assert parse_date("31 February 2020") is None
    assert parse_date("no date here") is None


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("Posted on 28. Juli 2019 28. Juli 2019 Author Andreas Kalt", "2019-07-28"),
        ("Veröffentlicht am 06.12.2022", "2022-12-06"),
        ("Tine 2. Februar 2020 Radtouren Berlin", "2020-02-02"),
        ("06.11.2023 13:30 von Olga", "2023-11-06"),
        ("15 августа 2016, 13:43", "2016-08-15"),
        ("3 marca 2021", "2021-03-03"),
        ("11 грудня 2020", "2020-12-11"),
    ],
)
def test_labelled_date_reads_a_date_after_a_few_words(text: str, day: str) -> None:
    found = labelled_date(text)
    assert found is not None
    assert found.startswith(day)


@pytest.mark.parametrize(
    "text",
    [
        "14 Oct 2014 - 10 Aug 2017",  # an archive's span
        "Verreist vom 17.05.2018 bis 20.05.2018",  # a stay
        "Diese Seite wurde zuletzt am 29. Januar 2020 um 13:22 Uhr geändert.",  # a sentence
        "Kinostart: 02. April 2015 im Verleih der Constantin Film",  # another day than the text's
        "Kundenbewertung 02.05.2020 um 08:11 Uhr",
        "Mitglied seit 3. März 2012",
        "Abgerufen von www.example.org/edition/, Zugriff am 20.05.2018.",  # a citation's access
        "Anlässlich des Jahrestags am 11. September 2001 sprach der Präsident " * 3,  # too long
    ],
)
def test_labelled_date_refuses_ranges_sentences_and_long_lines(text: str) -> None:
    assert labelled_date(text) is None


def test_a_word_after_a_time_is_not_taken_for_its_zone() -> None:
    """ "13:30 von Olga": the finder read "von" as a zone, the parser refused it, and the
    line lost its date."""
    assert find_date("06.11.2023 13:30 von Olga") == ("2023-11-06T13:30:00", (0, 17))
    assert find_date("Oct 13, 2020 at 4:48 pm EDT") == ("2020-10-13T16:48:00-04:00", (0, 27))


@pytest.mark.parametrize(
    ("day_first", "iso"),
    [(False, "2022-04-05T00:00:00"), (True, "2022-05-04T00:00:00")],
)
def test_slash_dates_follow_the_order_set_for_the_context(day_first: bool, iso: str) -> None:
    def read() -> str | None:
        read_slash_dates_day_first(day_first)
        return parse_date("04/05/2022")

    assert copy_context().run(read) == iso
    assert parse_date("04/05/2022") == "2022-04-05T00:00:00"  # the order did not leak out


def test_day_first_slash_order_leaves_iso_and_impossible_months_alone() -> None:
    def read() -> tuple[str | None, str | None, str | None]:
        read_slash_dates_day_first(True)
        return parse_date("2022-05-04"), parse_date("12/25/2022"), parse_date("25/12/2022")

    assert copy_context().run(read) == (
        "2022-05-04T00:00:00",
        "2022-12-25T00:00:00",
        "2022-12-25T00:00:00",
    )


def test_date_words_come_from_the_config_file() -> None:
    words = date_words()
    assert {"märz", "августа", "października"} <= words.month_names
    assert "montag" in words.month_and_day_names
    assert words.zone_offsets["CEST"] == 2 * 3600
    assert "ist" in words.ambiguous_zones


_LEAD = " of the press release goes on for a good while after its dateline, " * 4


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("27.1.2022 - Bei der Erinnerung" + _LEAD, "2022-01-27"),
        ("Wien, 14. Dezember 2021 – Aufgrund der steigenden" + _LEAD, "2021-12-14"),
        ("Pressemitteilung vom 3. Mai 2022 | Kiel – Die Fähre" + _LEAD, "2022-05-03"),
        ("(3. Mai 2022) Die Fähre nach Kiel" + _LEAD, "2022-05-03"),
        ("01.02.2022 „Der Arbeitsmarkt ist gut in das Jahr gestartet" + _LEAD, "2022-02-01"),
    ],
)
def test_a_long_paragraph_opening_with_a_dateline_gives_its_date(text: str, day: str) -> None:
    found = labelled_date(text)
    assert found is not None
    assert found.startswith(day)


@pytest.mark.parametrize(
    "text",
    [
        "26.01.2022 Strava wertet mit einem Update sein Routen-Tool auf" + _LEAD,  # run in
        "Am 3. März 2021 - sagte der Bürgermeister" + _LEAD,  # inside the sentence
        "The council met on 3 March 2021 – and decided" + _LEAD,
        "Ferries ran from 3 May 2022 | and" + _LEAD,  # a label of more than a word
        "(3. Mai 2022 fuhr die Fähre) nach Kiel" + _LEAD,  # an aside, not a dateline
    ],
)
def test_a_long_paragraph_with_a_date_elsewhere_gives_none(text: str) -> None:
    assert labelled_date(text) is None


@pytest.mark.parametrize(
    ("line", "iso"),
    [
        ("06.11.23", "2023-11-06T00:00:00"),
        ("Veröffentlicht am 19.10.19 um 14:34 Uhr", "2019-10-19T14:34:00"),
        ("11/08/23 5:19pm", "2023-11-08T17:19:00"),  # month first, as "en" pages write it
        ("26/10/13, 03:48 pm", "2013-10-26T15:48:00"),  # a day past twelve comes first
    ],
)
def test_a_two_digit_year_is_this_centurys(line: str, iso: str) -> None:
    assert date_in_line(line, NOW) == iso


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("Swantje Schemmerling | 06.11.23", "2023-11-06"),
        ("28.01.22 / 0 Kommentare", "2022-01-28"),
        ("1.11.23 20:19 von Lars Sobiraj Lesezeit: 4 Min.", "2023-11-01"),
    ],
)
def test_a_short_year_date_beside_a_few_words_is_read(text: str, day: str) -> None:
    found = labelled_date(text)
    assert found is not None
    assert found.startswith(day)


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("Version 2.4.12", "Stand: 2.4.12"),  # a release's number
        ("Firmware 1.11.23", "Datum 1.11.23"),
        ("Kernel 5.10.13.2", "am 5.10.13"),  # a longer run of numbers
        ("Server 10.0.0.12", "Server 10.01.12"),
        ("Patch 1.2.95", "am 1.2.25"),  # a year past this century's: a version, not 1995
    ],
)
def test_numbers_shaped_like_short_year_dates_are_no_dates(text: str, date: str) -> None:
    """Each refused number beside the same shape that is read as a day."""
    assert find_date(text, NOW) is None
    assert labelled_date(text) is None
    assert find_date(date, NOW) is not None


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("By Martin Jendrischik On 12. Dezember 2022", "2022-12-12"),
        ("Veröffentlicht von SeglerBlog am 23. Februar 2020", "2020-02-23"),
        ("Accueil | Par Loïc Le Clerc | 30 septembre 2018", "2018-09-30"),
        ("Von Deutscher Tennis Bund 4. 2. 2022.", "2022-02-04"),
    ],
)
def test_a_byline_may_name_its_writer_before_the_date(text: str, day: str) -> None:
    found = labelled_date(text)
    assert found is not None
    assert found.startswith(day)


def test_as_many_words_before_a_date_without_a_byline_word_are_a_sentence() -> None:
    """The same count of words before the date: signed, a byline; unsigned, a sentence."""
    assert labelled_date("Geschrieben von der Redaktion Nord am 3. März 2021") is not None
    assert labelled_date("Die Stadt feierte das Jubiläum am 3. März 2021") is None
    assert labelled_date("Posted by the ferry desk staff on 3 March 2021") is not None
    assert labelled_date("The council will meet the ferry staff on 3 March 2021") is None


@pytest.mark.parametrize(
    ("line", "iso"),
    [("13. 1. 2020", "2020-01-13T00:00:00"), ("4. 2. 2022, 10:15 Uhr", "2022-02-04T10:15:00")],
)
def test_a_dotted_date_may_be_spaced(line: str, iso: str) -> None:
    assert date_in_line(line, NOW) == iso


@pytest.mark.parametrize(
    "text",
    [
        "Night Porter - (posted 03/14/07)",  # a list item's aside
        'Harbour Notes 05/21/13 "The Ferry Edition"',  # a title's episode number
        "Clara Beck. Born 2/9/14. Future sailor",  # words and a full stop run into it
        "Plugin build [2.14.19_443]",
    ],
)
def test_a_short_year_date_run_into_text_is_no_date(text: str) -> None:
    assert find_date(text, NOW) is None
    assert labelled_date(text) is None


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("von Jana Roth Erstellt am 02.03.23 um 09:10, geändert am 02.03.23", "2023-03-02"),
        ("Harbour Notes | 05/21/13", "2013-05-21"),
    ],
)
def test_a_short_year_date_after_a_label_or_separator_is_read(text: str, day: str) -> None:
    found = find_date(text, NOW)
    assert found is not None
    assert found[0].startswith(day)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        (
            "Der Beitrag wurde am Dienstag, den 3. März 2020 um 10:15 Uhr veröffentlicht und"
            " wurde unter Allgemein, Fähren, Häfen abgelegt. Du kannst den Antworten folgen.",
            "2020-03-03",
        ),
        (
            "This entry was posted on March 3, 2020 and is filed under Ferries, Harbours. You"
            " can follow any responses to this entry through the RSS 2.0 feed. You can leave a"
            " response, or trackback from your own site.",
            "2020-03-03",
        ),
        (
            "Die alte Fähre wurde am 4. Mai 2011 um 20:01 Uhr gepostet und unter Häfen abgelegt.",
            "2011-05-04",
        ),
        ("Häfen (2 / 5) 06.11.2023 13:30 von Jana Roth Foto: Archiv", "2023-11-06"),
    ],
)
def test_a_sentence_stating_the_publication_gives_its_date(text: str, day: str) -> None:
    found = labelled_date(text)
    assert found is not None
    assert found.startswith(day)


@pytest.mark.parametrize(
    "text",
    [
        "Die neue Fähre zwischen den beiden Inseln fährt seit dem 4. Mai 2011 jeden Morgen um"
        " sieben, wie der Betreiber in seinem Jahresbericht schreibt, den er gestern vorlegte.",
        "Die Fähre der Reederei aus dem Norden fuhr am 4. Mai 2011 zum ersten Mal",
    ],
)
def test_a_sentence_with_a_date_and_no_publication_word_gives_none(text: str) -> None:
    assert labelled_date(text) is None


def test_icon_glyphs_before_a_date_are_no_words_of_its_label() -> None:
    line = "\ue192 45 Min. \ue202 einfach \ue916 12.05.2009 \ue26a 380 kcal"
    assert labelled_date(line) == "2009-05-12T00:00:00"


@pytest.mark.parametrize(
    "text",
    [
        "— Jana Roth (@jroth) 2. Juni 2018",
        "A post shared by Harbour Office (@harbouroffice) on Jun 16, 2019 at 7:30am PDT",
    ],
)
def test_an_embedded_posts_credit_dates_the_post_not_the_page(text: str) -> None:
    assert labelled_date(text) is None
    assert names_other_day(text)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        (
            "Nach drei Jahren legt die alte Fähre wieder am Sielhafen an. Was hat der Verein"
            " im Winter am Boot gemacht? Montag, 6. Januar 2020",
            "2020-01-06",
        ),
        ("Startseite Häfen„Die Fähre ist zurück“ 01.05.2017", "2017-05-01"),
    ],
)
def test_a_date_closing_a_line_after_its_last_sentence_is_read(text: str, day: str) -> None:
    found = labelled_date(text)
    assert found is not None
    assert found.startswith(day)


def test_a_list_items_title_ending_in_a_date_gives_none() -> None:
    assert labelled_date("Fährhaus Notizen: Neue Fahrpläne für den Sommer 21.11.2022") is None


def _in_order(day_first: bool, text: str) -> str | None:
    def read() -> str | None:
        read_slash_dates_day_first(day_first)
        return parse_date(text, NOW)

    return copy_context().run(read)


def test_remembered_dates_keep_the_slash_order_they_were_read_in() -> None:
    """parse_date remembers what it parsed: the same string read with the other slash order
    must not get the first order's answer back."""
    answers = [_in_order(day_first, "04/05/2022") for day_first in (True, False, True, False)]
    assert answers == [
        "2022-05-04T00:00:00",
        "2022-04-05T00:00:00",
        "2022-05-04T00:00:00",
        "2022-04-05T00:00:00",
    ]


def test_remembered_dates_keep_the_year_they_were_read_in() -> None:
    """A two-digit year is this century's only up to next year: the same string, remembered,
    still depends on when it is read."""
    before, after = datetime(2020, 1, 1, tzinfo=timezone.utc), datetime(2024, 1, 1)
    answers = [parse_date("06.11.23", now) for now in (after, before, after, before)]
    assert answers == ["2023-11-06T00:00:00", None, "2023-11-06T00:00:00", None]


def test_long_texts_are_parsed_but_not_remembered() -> None:
    from scraper.normalize import dates

    text = "15 November 2021" + " " * dates.MEMO_CHARS
    remembered = dates._remembered.cache_info().currsize
    assert parse_date(text) == "2021-11-15T00:00:00"
    assert dates._remembered.cache_info().currsize == remembered
    assert parse_date(text.strip()) == "2021-11-15T00:00:00"
