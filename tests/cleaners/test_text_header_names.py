"""Header lines of text pages, fourth round: who a bare name line is. A line that is only a
name signs the story by its place alone, so it must be a person's full name (a known given
name first); a label ("von", "Autor:") outranks such a guess. Names here are invented or
common given names with invented surnames."""

from __future__ import annotations

import pytest

from scraper.cleaners import clean_text
from scraper.cleaners.byline_forms import labelled_byline
from scraper.cleaners.header_words import HeaderWords
from scraper.normalize.authors import NameBook
from tests.support.header_pages import PARAGRAPH


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
        # an agency glued to the name after a slash ends it
        ("Autor: Edda Vorlauf/SP-X", "Edda Vorlauf"),
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
