"""Header lines of text pages read by their role, second round: the title line's parts, bylines
that a label vouches for (user names too), a post's date-and-name meta line, label words left
around names, and a signed line far from the headline. Names and outlets here are invented."""

from __future__ import annotations

from pathlib import Path

import pytest

from scraper.cleaners.byline_forms import byline_of, dated_name, labelled_byline
from scraper.cleaners.features import block_stats
from scraper.cleaners.header_lines import Header, bare_byline, read_lines
from scraper.cleaners.header_words import HeaderWords
from scraper.cleaners.labels import DATE
from scraper.cleaners.page_byline import read_page_byline
from scraper.cleaners.segment import segment_text
from scraper.cleaners.title_line import title_line_spans, use_title_line
from scraper.cleaners.under_headline import read_under_headline
from scraper.config import CleanerConfig
from scraper.normalize.authors import Byline, NameBook
from scraper.normalize.language import stopwords
from tests.support.header_pages import PARAGRAPH

CONFIG = CleanerConfig().config_dir


def _title_after(*lines: str, picked: int | None = None, body_at: int) -> Header:
    blocks = segment_text("\n\n".join(lines))
    header = Header(title=blocks[picked].text if picked is not None else None)
    if picked is not None:
        header.use(picked, "meta.title")
    labels: list[str | None] = ["x" if i < body_at else None for i in range(len(blocks))]
    use_title_line(blocks, labels, header)
    return header


def test_title_line_spans_keep_separators_inside_a_headline() -> None:
    spans = title_line_spans("Office hours – Lab notes – part two | Tamsin's Blog")
    assert "Office hours – Lab notes – part two" in spans
    assert "Tamsin's Blog" in spans
    assert title_line_spans("One headline") == ["One headline"]


def test_a_one_word_part_printed_by_the_body_is_the_headline() -> None:
    header = _title_after(
        "Weirfield - Sights and walks", "Home", "Walks", "Weirfield", PARAGRAPH, body_at=4
    )
    assert header.title == "Weirfield"


def test_a_one_word_part_printed_in_the_menus_is_no_headline() -> None:
    header = _title_after(
        "Harbour wall to be raised next spring - Politics - Tollgate Lamp",
        "Politics",
        "Sport",
        "Politics",
        "Weather",
        "Travel",
        "Harbour wall plans",
        PARAGRAPH,
        picked=6,
        body_at=7,
    )
    assert header.title == "Harbour wall plans"


def test_the_masthead_part_of_the_title_line_is_the_site() -> None:
    header = _title_after(
        "Fieldnotes (4) | quiet harbour notebook",
        "quiet harbour notebook",
        "About",
        "Fieldnotes (4)",
        PARAGRAPH,
        picked=1,
        body_at=4,
    )
    assert header.title == "Fieldnotes (4)"


def test_a_story_printed_only_as_the_first_line_under_the_title_is_kept() -> None:
    header = _title_after(
        "Kestrel Island - Gazetteer", "Kestrel Island", "Menu", PARAGRAPH, body_at=3
    )
    assert header.title == "Kestrel Island"


def test_a_headline_printed_with_other_dashes_and_quotes_is_a_repeat() -> None:
    header = _title_after(
        "Harbour board's plan - what it costs | Tollgate Lamp",
        "Menu",
        "Harbour board’s plan – what it costs",
        PARAGRAPH,
        picked=1,
        body_at=3,
    )
    assert header.title == "Harbour board’s plan – what it costs"


def test_a_headline_that_goes_on_from_the_story_part() -> None:
    header = _title_after(
        "Leasing or buying a van | Tollgate Lamp",
        "Menu",
        "Leasing or buying a van – which pays off?",
        PARAGRAPH,
        picked=1,
        body_at=3,
    )
    assert header.title == "Leasing or buying a van – which pays off?"


def test_a_line_read_as_the_section_yields_to_the_title_line() -> None:
    blocks = segment_text(
        "Digital mourning on the last Sunday | Church news\n\nDigital mourning on the last Sunday"
        "\n\nA chat service remembers the dead\n\n" + PARAGRAPH
    )
    header = Header(title=blocks[2].text, section=blocks[1].text)
    header.use(2, "meta.title")
    header.use(1, "meta.section")
    use_title_line(blocks, ["x", "x", None, None], header)
    assert header.title == "Digital mourning on the last Sunday"
    assert header.section is None


@pytest.mark.parametrize(
    ("line", "author"),
    [
        ("Veröffentlicht am 12. Juni 2017 von minzblatt", "minzblatt"),
        ("Posted on 2015-04-05 by quillmoth | Leave a comment", "quillmoth"),
        ("05.01.2020 | Autor: larkspur | Abgelegt unter: Fotografie", "larkspur"),
        ("Geschrieben von Edda Vorlauf am 25.08.2015 22:30", "Edda Vorlauf"),
        ("Thread starter Brindlefox", "Brindlefox"),
        ("von Oskar Wendehals Twitter Account von Oskar Wendehals", "Oskar Wendehals"),
    ],
)
def test_a_label_vouches_for_the_name_after_it(
    line: str, author: str, names: NameBook, words: HeaderWords
) -> None:
    byline = labelled_byline(line, names, words)
    assert byline is not None and byline.authors == (author,)


@pytest.mark.parametrize(
    "line",
    [
        "Zeige alle Beiträge von Cem Ostrava",  # a profile link: words before the label
        "Ein Projekt von Tamsin Orrell",
        "Autor:innen dieser Ausgabe",
        "Von Montag an gilt der neue Fahrplan",
    ],
)
def test_a_label_after_other_words_or_before_no_name_is_no_byline(
    line: str, names: NameBook, words: HeaderWords
) -> None:
    assert labelled_byline(line, names, words) is None


def test_a_byline_form_that_finds_nobody_gives_way(names: NameBook, words: HeaderWords) -> None:
    assert names.parse_byline("von flerche") == Byline()  # a byline, but nobody named
    found = byline_of("von flerche", names, words)
    assert found is not None and found.authors == ("flerche",)


@pytest.mark.parametrize(
    ("line", "author"),
    [
        ("26. September 2019 Tamsin Orrell Schreibe einen Kommentar", "Tamsin Orrell"),
        ("KettleWhistle 17.10.2019, 13:56 Uhr", "KettleWhistle"),
        ("Brindle · April 19, 2019 · Mac · 7 comments", "Brindle"),
        ("Ravi Oddleton, London, 19.10.2019, 23:38 Uhr", "Ravi Oddleton"),
    ],
)
def test_a_post_meta_line_gives_the_name_beside_the_date(
    line: str, author: str, names: NameBook, words: HeaderWords
) -> None:
    byline = dated_name(line, names, words)
    assert byline is not None and byline.authors == (author,)
    assert byline.published is not None


@pytest.mark.parametrize(
    ("line", "author"),
    [
        ("Ravi Oddleton 1 day ago", "Ravi Oddleton"),
        ("Tamsin Orrell • 8h", "Tamsin Orrell"),
        ("quillmoth vor 2 Stunden", "quillmoth"),
    ],
)
def test_a_name_beside_a_relative_time(
    line: str, author: str, names: NameBook, words: HeaderWords
) -> None:
    byline = dated_name(line, names, words)
    assert byline is not None and byline.authors == (author,)


@pytest.mark.parametrize(
    "line",
    [
        "Updated 2 hours ago",
        "ca. 5 min",
        "CET. 08:11",
        "probe_interval: 1s",  # a config key and its value, no writer and a time
        "Zahlungsziel von 10 Tagen",  # a span of time in a sentence, no stamp
        "Am 31.10.2023, gegen 23:40 Uhr, kam es in der Nordstraße zu einem Einbruch in ein Haus.",
    ],
)
def test_a_relative_time_with_no_name_beside_it(
    line: str, names: NameBook, words: HeaderWords
) -> None:
    assert dated_name(line, names, words) is None


def test_a_headline_with_in_and_a_colon_is_no_name_and_place(names: NameBook) -> None:
    assert bare_byline("These Weeks in Harbourtown: Issue 85", names) is None
    headline = "Rolling Blackouts in Harbourtown Leave Power Experts Stumped"
    assert bare_byline(headline, names) is None
    assert bare_byline("Owen Pritchard at the Vale Stadium", names) == Byline(("Owen Pritchard",))


@pytest.mark.parametrize(
    "line", ["Hamburg 19.10.2019, 12:00 Uhr", "Wien 3. Februar 2022 21:17", "5 Min. 1. Mai 2023"]
)
def test_a_capitalised_word_beside_a_date_and_time_is_no_user_name(
    line: str, names: NameBook, words: HeaderWords
) -> None:
    assert dated_name(line, names, words) is None


@pytest.mark.parametrize(
    ("name", "trimmed"),
    [
        ("Gepostet von Jorinde Saalfeld", "Jorinde Saalfeld"),
        ("Author Redaktion Nord", "Redaktion Nord"),
        ("Jule Radlow Vom", "Jule Radlow"),
        ("Matthieu Hyvert le", "Matthieu Hyvert"),
        ("Lars Sobota Lesezeit", "Lars Sobota"),
        ("Datum", ""),
    ],
)
def test_label_words_left_around_a_name_are_trimmed(
    name: str, trimmed: str, words: HeaderWords
) -> None:
    assert words.trimmed_name(name) == trimmed


def _page_byline(text: str, title_at: int, names: NameBook, words: HeaderWords) -> list[str]:
    blocks = segment_text(text)
    header = Header()
    header.use(title_at, "meta.title")
    read_page_byline(blocks, header, names, words)
    return header.authors


def test_a_signed_line_far_below_the_headline(names: NameBook, words: HeaderWords) -> None:
    text = "\n\n".join(
        ["Orchard care", PARAGRAPH, PARAGRAPH, "Share", "Related", "Autor:", "Edda Vorlauf"]
    )
    assert _page_byline(text, 0, names, words) == ["Edda Vorlauf"]


def test_the_first_signed_line_below_the_headline_wins(names: NameBook, words: HeaderWords) -> None:
    text = "\n\n".join(
        ["Von Tamsin Orrell", "Orchard care", "Geschrieben von Edda Vorlauf", PARAGRAPH]
    )
    assert _page_byline(text, 1, names, words) == ["Edda Vorlauf"]


def test_profile_and_comment_lines_sign_nothing(names: NameBook, words: HeaderWords) -> None:
    text = "\n\n".join(
        ["Orchard care", PARAGRAPH, "Zeige alle Beiträge von Edda Vorlauf", "Tamsin Orrell sagt:"]
    )
    assert _page_byline(text, 0, names, words) == []


def test_a_byline_under_the_headline_replaces_one_read_far_above(
    names: NameBook, words: HeaderWords
) -> None:
    blocks = segment_text(
        "\n\n".join(
            [
                "Tollgate Lamp",
                "Menu",
                "Search",
                "Weather",
                "Harbour wall plans",
                "By Ravi Oddleton",
                PARAGRAPH,
            ]
        )
    )
    header = Header(authors=["Tollgate Lamp"])
    header.use(0, "meta.byline")
    header.use(4, "meta.title")
    stats = block_stats(blocks, stopwords("en"))
    read_under_headline(blocks, stats, header, names, words)
    assert header.authors == ["Ravi Oddleton"]


def test_header_words_come_from_config_and_default_to_none(tmp_path: Path) -> None:
    assert HeaderWords().name_label.search("von Jane Doe") is None
    data = tmp_path / "header.toml"
    data.write_text('[bylines]\nbefore_name = ["penned by"]\n', encoding="utf-8")
    loaded = HeaderWords.load(data)
    assert loaded.name_label.search("penned by Jane Doe") is not None
    assert loaded.name_label.search("von Jane Doe") is None


def test_a_lone_label_takes_its_value_from_the_very_next_line_only(
    names: NameBook, words: HeaderWords
) -> None:
    """A label closing the lines read takes the next line as its value; a label whose next
    line was read already (its date) pairs with nothing further down."""
    blocks = segment_text("Datum:\n03.11.2021\nAutor:\nPeter Hollmann/SP-X\n")
    header = Header()
    read_lines(blocks, [0, 1, 2], header, names, words)
    assert header.authors == ["Peter Hollmann"]
    assert set(header.used) == {0, 1, 2, 3}
    gap = Header()
    gap.use(1, DATE)
    read_lines(blocks, [0, 2], gap, names, words)
    assert gap.authors == ["Peter Hollmann"]
    assert 2 in gap.used and not gap.dates  # "Datum:" did not read "Autor:" as its value


@pytest.mark.parametrize(
    "line",
    [
        "Hofheim am Taunus | Wiesbaden, 11. November 2021",
        "Frankfurt am Main, 3. Mai 2022 12:00",
        "Staff and agencies 29 December, 2007",
        "Think Like a Doctor November 2, 2012, 4:36 pm",
    ],
)
def test_a_place_holding_a_date_word_is_no_name_beside_its_date(
    line: str, names: NameBook, words: HeaderWords
) -> None:
    assert dated_name(line, names, words) is None


def test_an_outlet_before_the_date_is_the_source_and_the_name_after_it_the_writer(
    names: NameBook, words: HeaderWords
) -> None:
    byline = dated_name("The Guardian 14/03/2021 Anna Okonjo", names, words)
    assert byline == Byline(("Anna Okonjo",), "The Guardian", "2021-03-14T00:00:00")
    assert dated_name("Stadtwerke 14/03/2021 Anna Okonjo", names, words) is None


def test_a_guessed_byline_that_holds_a_full_name_outranks_a_signed_line_far_below(
    names: NameBook, words: HeaderWords
) -> None:
    text = "\n\n".join(["Orchard care", PARAGRAPH, PARAGRAPH, "Related", "von Edda Vorlauf"])
    blocks = segment_text(text)
    header = Header()
    header.use(0, "meta.title")
    header.add_byline(1, Byline(("Saoirse Ní Bhraonáin", "Anna Weber")), guessed=True)
    read_page_byline(blocks, header, names, words)
    assert header.authors == ["Saoirse Ní Bhraonáin", "Anna Weber"]


def test_the_next_fields_label_ends_a_labelled_name(names: NameBook, words: HeaderWords) -> None:
    line = "Dezember 26, 2019 von Maren Kategorien: Allgemein | Hinterlasse einen Kommentar"
    byline = labelled_byline(line, names, words)
    assert byline is not None and byline.authors == ("Maren",)
    assert labelled_byline("Von wegen Ruhe: Teuerung kostet Sparer viel", names, words) is None
