"""Header lines of text pages, third round: a byline that credits more than the writer (a
second writer, an illustrator), labels that name the kind of piece ("Artikel von"), and a bare
preposition far from the headline that opens a phrase, not a byline. Names are invented."""

from __future__ import annotations

import pytest

from scraper.cleaners.byline_forms import date_and_name, labelled_byline
from scraper.cleaners.header_lines import Header
from scraper.cleaners.header_words import HeaderWords
from scraper.cleaners.page_byline import read_page_byline
from scraper.cleaners.segment import segment_text
from scraper.config import CleanerConfig
from scraper.normalize.authors import NameBook
from tests.support.header_pages import PARAGRAPH

CONFIG = CleanerConfig().config_dir


@pytest.mark.parametrize(
    ("line", "author"),
    [
        # another role's credit after the writer's name ends it
        ("Text von Edda Vorlauf Illustration von Tamsin Orrell", "Edda Vorlauf"),
        ("Text von Edda Vorlauf Fotos von Tamsin Orrell", "Edda Vorlauf"),
        # a second writer after "und": the first one is a writer of the story
        ("Autoren Edda Vorlauf und Tamsin Orrell", "Edda Vorlauf"),
        # labels that name the kind of piece before "von"
        ("Artikel von Tamsin Orrell", "Tamsin Orrell"),
        ("Ein Interview von Edda Vorlauf", "Edda Vorlauf"),
        ("Eine Kolumne von Tamsin Orrell", "Tamsin Orrell"),
        ("05.02.2020 - Redaktion: Edda Vorlauf (Pressesprecherin)", "Edda Vorlauf"),
        ("February 4, 2020 • words written by Tamsin Orrell • Art by Koichi", "Tamsin Orrell"),
        ("Text & Fotos: Edda Vorlauf 0 337", "Edda Vorlauf"),
        ("Escribe Tamsin Orrell en Territorio", "Tamsin Orrell"),
    ],
)
def test_a_byline_crediting_more_than_the_writer(
    line: str, author: str, names: NameBook, words: HeaderWords
) -> None:
    byline = labelled_byline(line, names, words)
    assert byline is not None and byline.authors == (author,)


@pytest.mark.parametrize(
    "line",
    [
        "Vom Bellyboot und Angel-Kajak angeln",  # "und" joins no writers here
        "Interview: Edda Vorlauf",  # the interviewer or the one interviewed: no label
        "Redaktion Tamsin Orrell",  # "Redaktion" labels a name only with its colon
    ],
)
def test_phrases_and_ambiguous_labels_are_no_byline(
    line: str, names: NameBook, words: HeaderWords
) -> None:
    assert labelled_byline(line, names, words) is None


def _page_byline(*lines: str, names: NameBook, words: HeaderWords) -> list[str]:
    blocks = segment_text("\n\n".join(lines))
    header = Header()
    header.use(0, "meta.title")
    read_page_byline(blocks, header, names, words)
    return header.authors


@pytest.mark.parametrize("phrase", ["von Einheimischen", "Von Newsletter", "By Appointment"])
def test_one_capitalised_word_after_a_bare_preposition_is_a_phrase(
    phrase: str, names: NameBook, words: HeaderWords
) -> None:
    assert _page_byline("Orchard care", PARAGRAPH, phrase, names=names, words=words) == []


@pytest.mark.parametrize(
    ("lines", "author"),
    [
        (("by", "quillmoth42"), "quillmoth42"),  # a user name is no word of a phrase
        (("von Brindlefox am 12.06.2017",), "Brindlefox"),  # a date makes it a byline
        (("Geschrieben von Brindlefox",), "Brindlefox"),  # a label that is more than "von"
    ],
)
def test_a_bare_preposition_still_signs_a_user_name_or_a_dated_line(
    lines: tuple[str, ...], author: str, names: NameBook, words: HeaderWords
) -> None:
    found = _page_byline("Orchard care", PARAGRAPH, *lines, names=names, words=words)
    assert found == [author]


@pytest.mark.parametrize(
    "line",
    [
        "Edda Vorlauf Zuletzt geändert am 06.11.2023",
        "Edda Vorlauf bearbeitet 06.11.2023",
    ],
)
def test_a_name_beside_a_labelled_date_drops_the_label(
    line: str, names: NameBook, words: HeaderWords
) -> None:
    byline = date_and_name(line, names, words)
    assert byline is not None and byline.authors == ("Edda Vorlauf",)
