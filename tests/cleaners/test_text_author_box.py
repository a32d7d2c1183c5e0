"""A bare full name far from the headline, told to be the byline by what stands next to it:
the desk the writer belongs to, the writer's mail address or bio, or a date a day off the
story's (a time zone apart). Press contacts and footer links are no such credit. Names are
common given names with invented surnames."""

from __future__ import annotations

import pytest

from scraper.cleaners import clean_text
from scraper.cleaners.header_lines import Header
from scraper.cleaners.header_words import HeaderWords
from scraper.cleaners.page_byline import (
    read_name_above_role,
    read_name_beside_date,
    read_page_byline,
)
from scraper.cleaners.segment import segment_text
from scraper.normalize.authors import NameBook
from tests.support.header_pages import PARAGRAPH


def _above_role(*lines: str, names: NameBook, words: HeaderWords) -> list[str]:
    header = Header()
    read_name_above_role(segment_text("\n\n".join(lines)), header, names, words)
    return header.authors


@pytest.mark.parametrize(
    "credit",
    [
        "Mitglied der Tollgate-Redaktion",
        "Member of the newsroom",
        "andrew.pellow@tollgate-lamp.example",
        "Andrew Pellow has covered the city council and its building plans since 2015.",
    ],
)
def test_a_full_name_above_its_desk_address_or_bio_signs_the_story(
    credit: str, names: NameBook, words: HeaderWords
) -> None:
    lines = (PARAGRAPH, "Andrew Pellow", credit, PARAGRAPH)
    assert _above_role(*lines, names=names, words=words) == ["Andrew Pellow"]


@pytest.mark.parametrize(
    "after",
    [
        "Andrew Pellow auf Instagram folgen!",  # a link that repeats the name, no bio
        "Pressesprecherin der Stadtwerke",  # a press contact's job
        "Tel.: 030 1234 567",
        "Kontakt",  # a footer's link under a site named after its owner
        "Mitglieder und Ehrenamt in der Region Nord bei uns",  # no desk word
        "Die Stadt hat den Plan am Dienstag beschlossen, sagte Andrew Pellow am Abend.",
    ],
)
def test_a_full_name_above_other_lines_signs_nothing(
    after: str, names: NameBook, words: HeaderWords
) -> None:
    lines = (PARAGRAPH, "Andrew Pellow", after, PARAGRAPH)
    assert _above_role(*lines, names=names, words=words) == []


def _beside_date(line: str, published: str, names: NameBook, words: HeaderWords) -> list[str]:
    header = Header()
    blocks = segment_text("\n\n".join([PARAGRAPH, "Kathrin Hofmeister", line, PARAGRAPH]))
    read_name_beside_date(blocks, header, names, words, published)
    return header.authors


def test_a_full_name_beside_the_day_before_the_story_signs_it(
    names: NameBook, words: HeaderWords
) -> None:
    """ "03/05/2022 22:46" printed for a story dated 4 May in another time zone."""
    published = "2022-05-04T01:46:00"
    assert _beside_date("03.05.2022 22:46", published, names, words) == ["Kathrin Hofmeister"]
    assert _beside_date("05.05.2022 08:10", published, names, words) == ["Kathrin Hofmeister"]
    assert _beside_date("02.05.2022 22:46", published, names, words) == []  # a commenter's


def test_a_mail_address_between_the_name_and_the_story_day_still_signs(
    names: NameBook, words: HeaderWords
) -> None:
    header = Header()
    lines = [PARAGRAPH, "Kathrin Hofmeister", "k.hofmeister@example.org", "04.05.2022, 05:45"]
    read_name_beside_date(segment_text("\n\n".join(lines)), header, names, words, "2022-05-04")
    assert header.authors == ["Kathrin Hofmeister"]


def test_a_full_name_under_the_headline_printed_twice_signs_the_story() -> None:
    """Headline, date, the headline again (its spacing changed), a standfirst, the name."""
    standfirst = (
        "Harbour towns along the coast are raising their walls, and the council wants the work "
        "done before the storms of next winter arrive."
    )
    page = "\n\n".join(
        [
            "Tollgate Lamp",
            "Home | News | Region",
            "Harbour walls: the council raises them next spring",
            "12.03.2024, 15:59 Uhr",
            "Harbour walls : the council raises them next spring",
            standfirst,
            "Kathrin Hofmeister",
            PARAGRAPH,
            PARAGRAPH,
        ]
    )
    assert clean_text(page).authors == ("Kathrin Hofmeister",)


@pytest.mark.parametrize(
    "line", ["Andrew Pellow Redakteur", "– Andrew Pellow", "- Andrew Pellow", "— Andrew Pellow"]
)
def test_a_full_name_with_its_job_or_a_signature_dash_signs_the_story(
    line: str, names: NameBook, words: HeaderWords
) -> None:
    lines = (PARAGRAPH, line, "Teilen", PARAGRAPH)
    assert _above_role(*lines, names=names, words=words) == ["Andrew Pellow"]


def test_a_list_of_dashed_names_or_a_commenters_colon_signs_nothing(
    names: NameBook, words: HeaderWords
) -> None:
    listed = (PARAGRAPH, "- Andrew Pellow", "- Kathrin Hofmeister", PARAGRAPH)
    assert _above_role(*listed, names=names, words=words) == []
    commenter = (PARAGRAPH, "Andrew Pellow:", "Teilen", PARAGRAPH)
    assert _above_role(*commenter, names=names, words=words) == []


def _page_byline(line: str, names: NameBook, words: HeaderWords) -> list[str]:
    blocks = segment_text("\n\n".join(["Orchard care", PARAGRAPH, line, PARAGRAPH]))
    header = Header()
    header.use(0, "meta.title")
    read_page_byline(blocks, header, names, words)
    return header.authors


@pytest.mark.parametrize(
    "line",
    [
        "© 2017 VON DER HALDE Werbeagentur.",
        "Copyright 2020 by Tollgate Lamp",
        "Por último, se ofreció que la junta tome en cuenta a los trabajadores del puerto.",
        "Author Contributions: Conception and design: A. Pellow, K. Hofmeister.",
    ],
)
def test_a_copyright_notice_or_a_sentence_is_no_signed_line(
    line: str, names: NameBook, words: HeaderWords
) -> None:
    assert _page_byline(line, names, words) == []


@pytest.mark.parametrize(
    ("line", "author"),
    [
        ("Von Andrew Pellow", "Andrew Pellow"),
        ("Geschrieben von Andrew Pellow.", "Andrew Pellow"),  # short: a byline with a full stop
    ],
)
def test_a_short_signed_line_still_signs(
    line: str, author: str, names: NameBook, words: HeaderWords
) -> None:
    assert _page_byline(line, names, words) == [author]


def test_a_comment_count_label_beside_the_date_is_no_writer() -> None:
    lines = [
        "Tollgate Lamp",
        "Home | News | Region",
        "Harbour wall to be raised next spring",
        "Veröffentlicht am: 28. Oktober 2023 | Anzahl Kommentare: noch keine",
        PARAGRAPH,
        PARAGRAPH,
    ]
    assert clean_text("\n\n".join(lines)).authors == ()


@pytest.mark.parametrize(
    ("line", "author"),
    [("责任编辑：焦雨", "焦雨"), ("责任编辑： 孔德华", "孔德华"), ("记者 王小明", "王小明")],
)
def test_a_chinese_label_signs_with_the_name_after_it(
    line: str, author: str, names: NameBook, words: HeaderWords
) -> None:
    assert _page_byline(line, names, words) == [author]


@pytest.mark.parametrize("line", ["Autor:innen dieser Ausgabe", "责任编辑：新华网北京频道编辑部"])
def test_a_gendered_label_or_a_long_chinese_desk_signs_nothing(
    line: str, names: NameBook, words: HeaderWords
) -> None:
    assert _page_byline(line, names, words) == []


@pytest.mark.parametrize(
    ("lines", "author"),
    [
        (("Por", "Andrew Pellow @apellow"), "Andrew Pellow"),
        (("By Andrew Pellow @apellow · 5 min read",), "Andrew Pellow"),
        (("By @apellow",), "apellow"),  # the handle alone is the name
    ],
)
def test_the_writers_handle_after_the_name_ends_it(
    lines: tuple[str, ...], author: str, names: NameBook, words: HeaderWords
) -> None:
    blocks = segment_text("\n\n".join(["Orchard care", PARAGRAPH, *lines, PARAGRAPH]))
    header = Header()
    header.use(0, "meta.title")
    read_page_byline(blocks, header, names, words)
    assert header.authors == [author]


def test_durch_signs_like_von_but_not_a_phrase(names: NameBook, words: HeaderWords) -> None:
    """ "durch" is how some German blog themes print "by"."""
    assert _page_byline("durch Andrew Pellow", names, words) == ["Andrew Pellow"]
    assert _page_byline("Durch Corona", names, words) == []
    assert _page_byline("Durch die Hintertür ins Rathaus", names, words) == []
