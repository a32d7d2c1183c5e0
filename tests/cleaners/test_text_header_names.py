"""Header lines of text pages, fourth round: who a bare name line is. A line that is only a
name signs the story by its place alone, so it must be a person's full name (a known given
name first); a label ("von", "Autor:") outranks such a guess. Names here are invented or
common given names with invented surnames."""

from __future__ import annotations

import pytest

from scraper.cleaners import clean_text
from scraper.cleaners.byline_forms import byline_of, date_and_name, dated_name, labelled_byline
from scraper.cleaners.header_lines import Header
from scraper.cleaners.header_words import HeaderWords
from scraper.cleaners.page_byline import (
    read_name_above_role,
    read_name_beside_date,
    read_page_byline,
)
from scraper.cleaners.segment import segment_text
from scraper.config import CleanerConfig
from scraper.normalize.authors import NameBook
from scraper.normalize.name_lines import name_line, people_line
from tests.support.header_pages import PARAGRAPH

NAMES = NameBook.load(CleanerConfig().config_dir / "names.toml")
WORDS = HeaderWords.load(CleanerConfig().config_dir / "header.toml")


def _page(*header: str) -> str:
    return "\n\n".join(["Tollgate Lamp", "Home | News | Region", *header, PARAGRAPH, PARAGRAPH])


@pytest.mark.parametrize(
    "phrase",
    ["Aus der Region", "Green Economy", "Unsere Geschichte", "Printer-Friendly", "Tweet This"],
)
def test_a_phrase_shaped_like_a_name_is_no_full_name(phrase: str, names: NameBook) -> None:
    assert names.is_person(phrase) or len(phrase.split()) < 2  # the shape alone lets it pass
    assert not names.is_full_name(phrase)


@pytest.mark.parametrize(
    "name",
    ["Kathrin Hofmeister", "Dr. Karin Vollrath", "J. R. Hartwell", "Hans-Peter Brennecke"],
)
def test_a_given_name_or_an_initial_opens_a_full_name(name: str, names: NameBook) -> None:
    assert names.is_full_name(name)


def test_a_lone_phrase_under_the_headline_signs_nothing() -> None:
    page = _page("Harbour wall to be raised next spring", "Green Economy")
    assert clean_text(page).authors == ()


def test_a_lone_full_name_under_the_headline_signs_the_story() -> None:
    page = _page("Harbour wall to be raised next spring", "Kathrin Hofmeister")
    assert clean_text(page).authors == ("Kathrin Hofmeister",)


def test_a_name_between_the_headline_and_its_date_needs_no_known_given_name() -> None:
    page = _page("Harbour wall to be raised next spring", "Tamsin Orrell", "12 March 2024")
    assert clean_text(page).authors == ("Tamsin Orrell",)


def test_a_labelled_byline_outranks_a_section_label_beside_a_date() -> None:
    page = _page(
        "Harbour wall to be raised next spring",
        "Aus der Region 6. November 2023 15:00 Kommentar schreiben",
        "von Edda Vorlauf",
    )
    assert clean_text(page).authors == ("Edda Vorlauf",)


@pytest.mark.parametrize(
    ("line", "author"),
    [
        # publishing words before the label, not only dates
        ("Publiziert am 13. Januar 2014 von quendel", "quendel"),
        ("Eingestellt von Brindlefox um 10:52", "Brindlefox"),
        ("Gespeichert von quendel am 24. Juli 2017 - 18:55", "quendel"),
        # a post's category between its label and the byline's label
        ("Posted in Datenschutz by quendel on August 3, 2019", "quendel"),
        # an agency glued to the name after a slash ends it
        ("Autor: Edda Vorlauf/SP-X", "Edda Vorlauf"),
        # a job title after the name is cut, also one with a desk word in it
        ("By Evan Halloran Staff Writer", "Evan Halloran"),
    ],
)
def test_a_labelled_byline_after_publishing_words(
    line: str, author: str, names: NameBook, words: HeaderWords
) -> None:
    byline = labelled_byline(line, names, words)
    assert byline is not None and byline.authors == (author,)


def test_a_comment_signature_is_no_byline(names: NameBook, words: HeaderWords) -> None:
    assert labelled_byline("Kommentar von quendel", names, words) is None


def test_a_label_alone_then_a_name_with_an_agency_tail() -> None:
    page = _page("Harbour wall to be raised next spring", "Datum:", "03.11.2021", PARAGRAPH)
    page += "\n\nAutor:\n\nEdda Vorlauf/SP-X\n\nLesezeit:\n\n4 Minuten"
    assert clean_text(page).authors == ("Edda Vorlauf",)


def _beside_date(*lines: str, published: str) -> list[str]:
    header = Header()
    read_name_beside_date(segment_text("\n\n".join(lines)), header, NAMES, WORDS, published)
    return header.authors


def test_a_full_name_beside_the_story_day_signs_it_wherever_it_stands() -> None:
    lines = (PARAGRAPH, "Harbour wall", "Kathrin Hofmeister", "12.03.2024 - 18:50 Uhr", PARAGRAPH)
    assert _beside_date(*lines, published="2024-03-12T18:50:00") == ["Kathrin Hofmeister"]


def test_a_full_name_beside_another_day_is_a_commenter() -> None:
    lines = (PARAGRAPH, "Kathrin Hofmeister", "14.03.2024 um 10:15 Uhr", PARAGRAPH)
    assert _beside_date(*lines, published="2024-03-12T00:00:00") == []


def test_a_phrase_beside_the_story_day_signs_nothing() -> None:
    lines = (PARAGRAPH, "Aus der Region", "12.03.2024", PARAGRAPH)
    assert _beside_date(*lines, published="2024-03-12T00:00:00") == []


@pytest.mark.parametrize(
    ("line", "desk"),
    [
        ("von Redaktion, 24. Januar 2022", "Redaktion"),
        ("Veröffentlicht am 19. Dezember 2022 von Redaktion", "Redaktion"),
        ("Redaktion - 31. Januar 2022", "Redaktion"),
        ("By Staff and news service reports", "Staff and news service reports"),
        (
            "Eingetragen am 3. Januar 2020, aktualisiert am 3. Januar 2020 vom Support Team",
            "Support Team",
        ),
    ],
)
def test_a_desk_signing_a_story_is_its_author(
    line: str, desk: str, names: NameBook, words: HeaderWords
) -> None:
    byline = byline_of(line, names, words)
    assert byline is not None and byline.authors == (desk,)


def test_a_desk_word_without_a_label_or_a_date_signs_nothing(
    names: NameBook, words: HeaderWords
) -> None:
    assert byline_of("Team EM 2018", names, words) is None
    assert clean_text(_page("Harbour wall to be raised next spring", "Redaktion")).authors == ()


def _signed_line(*lines: str, authors: tuple[str, ...] = (), guessed: bool = False) -> list[str]:
    header = Header(authors=list(authors), guessed=guessed)
    read_page_byline(segment_text("\n\n".join(lines)), header, NAMES, WORDS)
    return header.authors


def test_one_capitalised_word_after_a_bare_vom_is_a_phrase() -> None:
    assert _signed_line(PARAGRAPH, "Vom Blech, mit Streuseln & Co.", PARAGRAPH) == []


def test_a_menu_word_under_a_lone_label_signs_nothing() -> None:
    assert _signed_line(PARAGRAPH, "Autor", "Serien", PARAGRAPH) == []
    assert _signed_line(PARAGRAPH, "Von", "Redaktion", PARAGRAPH) == ["Redaktion"]


def test_a_signed_line_replaces_a_guess_unless_the_guess_is_a_full_name() -> None:
    lines = (PARAGRAPH, "Geschrieben von Edda Vorlauf", PARAGRAPH)
    assert _signed_line(*lines, authors=("Green Economy",), guessed=True) == ["Edda Vorlauf"]
    assert _signed_line(*lines, authors=("Karin Ohlsen",), guessed=True) == ["Karin Ohlsen"]


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("Richard Hollis Education editor", "Richard Hollis"),
        ("Harald Brenner Autor", "Harald Brenner"),
        ("Karin Ohlsen", "Karin Ohlsen"),
        ("Green Economy editor", None),
    ],
)
def test_a_name_line_may_end_with_a_job_title(line: str, name: str | None) -> None:
    assert name_line(NAMES, line) == name


def test_a_full_name_above_a_job_title_signs_the_story() -> None:
    header = Header()
    blocks = segment_text("\n\n".join([PARAGRAPH, "Andrew Pellow", "Political Editor", PARAGRAPH]))
    read_name_above_role(blocks, header, NAMES, WORDS)
    assert header.authors == ["Andrew Pellow"]
    header = Header()
    blocks = segment_text("\n\n".join([PARAGRAPH, "Andrew Pellow", "Kings Road 4", PARAGRAPH]))
    read_name_above_role(blocks, header, NAMES, WORDS)
    assert header.authors == []


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("16. Mai 2019 Markus Tellmann Netzwerk, Windows 2", "Markus Tellmann"),
        ("30. Oktober 2023 Carola Wendisch Kultur", "Carola Wendisch"),
        ("30. Oktober 2023 Juan Carlos Ibarra", "Juan Carlos Ibarra"),
    ],
)
def test_a_post_meta_line_cuts_its_categories_after_the_name(
    line: str, name: str, words: HeaderWords
) -> None:
    byline = dated_name(line, NAMES, words)
    assert byline is not None and byline.authors == (name,)


def test_a_headline_after_its_date_is_no_meta_line(words: HeaderWords) -> None:
    byline = dated_name("23.01.2022 - Dorothea Weller darf noch jubeln", NAMES, words)
    assert byline is None or byline.authors != ("Dorothea Weller",)


def test_a_line_of_names_signs_the_story_with_each() -> None:
    line = "Clara Lindqvist, Siddharth Mehra & Klaus Jellinek"
    assert people_line(NAMES, line) == ("Clara Lindqvist", "Siddharth Mehra", "Klaus Jellinek")
    assert people_line(NAMES, "Bücher, Filme und Serien") == ()
    page = _page("Harbour wall to be raised next spring", line, "12 March 2024")
    assert clean_text(page).authors == ("Clara Lindqvist", "Siddharth Mehra", "Klaus Jellinek")


def test_a_full_name_above_an_author_box_link_or_a_desk_signs_the_story() -> None:
    credits = ("Weitere Beiträge", "Redaktion Tollgate Lamp", "Political Editor", "+ FOLLOW")
    for credit in credits:
        header = Header()
        lines = [PARAGRAPH, "Andrew Pellow", credit, PARAGRAPH]
        read_name_above_role(segment_text("\n\n".join(lines)), header, NAMES, WORDS)
        assert header.authors == ["Andrew Pellow"], credit


def test_a_job_line_between_a_name_and_the_story_day_still_signs() -> None:
    header = Header()
    lines = [PARAGRAPH, "Andrew Pellow", "Redaktion Tollgate Lamp", "25.01.2022 14:47 Uhr"]
    read_name_beside_date(segment_text("\n\n".join(lines)), header, NAMES, WORDS, "2022-01-25")
    assert header.authors == ["Andrew Pellow"]


@pytest.mark.parametrize("line", ["21.01.2022 Aktuelle Meldung", "02.02.2022 • PAID CONTENT"])
def test_a_label_after_a_date_is_no_writer(line: str, words: HeaderWords) -> None:
    assert date_and_name(line, NAMES, words) is None
    byline = dated_name(line, NAMES, words)
    assert byline is None or not byline.authors


def test_after_a_date_a_known_given_name_still_signs(words: HeaderWords) -> None:
    byline = date_and_name("06.11.2023 Karin Ohlsen", NAMES, words)
    assert byline is not None and byline.authors == ("Karin Ohlsen",)
