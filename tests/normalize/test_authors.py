from __future__ import annotations

import pytest

from scraper.normalize.authors import Byline, NameBook


@pytest.mark.parametrize(
    ("line", "byline"),
    [
        ("By Jane Doe and Sam Lee", Byline(("Jane Doe", "Sam Lee"))),
        ("Jane Doe | Reuters", Byline(("Jane Doe",), "Reuters")),
        (
            "by Paulo Coelho on July 17, 2012",
            Byline(("Paulo Coelho",), None, "2012-07-17T00:00:00"),
        ),
        ("Posted by admin on March 3, 2019", Byline((), None, "2019-03-03T00:00:00")),
        ("Written by Mary-Ann O'Neil, Staff Writer", Byline(("Mary-Ann O'Neil",))),
        ("By Marcus Bell, Senior Editor", Byline(("Marcus Bell",))),
        ("Author: Klaus Müller", Byline(("Klaus Müller",))),
        ("Von Anna Schmidt und Peter Weber", Byline(("Anna Schmidt", "Peter Weber"))),
        ("Words by Lena Ortiz / Photographs by Tom Bay", Byline(("Lena Ortiz",))),
        ("By The Associated Press", Byline((), "The Associated Press")),
        ("By Staff", Byline(())),
        ("By John Smith, Anna Lee and Bob Brown", Byline(("John Smith", "Anna Lee", "Bob Brown"))),
        ("By Peter Hollmann/SP-X", Byline(("Peter Hollmann",), "SP-X")),
        ("By Jane Doe/John Roe", Byline(("Jane Doe", "John Roe"))),
        (
            "Submitted by Ada Brennan on Wednesday, December 17, 2003",
            Byline(("Ada Brennan",), None, "2003-12-17T00:00:00"),
        ),
        (
            "Penned by Ada Brennan at 8/08/2012 01:00:00 PM",
            Byline(("Ada Brennan",), None, "2012-08-08T13:00:00"),
        ),
    ],
)
def test_bylines(names: NameBook, line: str, byline: Byline) -> None:
    assert names.parse_byline(line) == byline


@pytest.mark.parametrize(
    "line",
    [
        "Iran Press TV",
        "Syria peace talks in Astana postponed",
        "Weapons of Mass Destruction (WMD)",
        "Newsdrift - Your news, all in one place",
        "Bypass road opens next week",
    ],
)
def test_lines_that_are_not_bylines(names: NameBook, line: str) -> None:
    assert names.parse_byline(line) is None


def test_organisations_are_told_from_people(names: NameBook) -> None:
    assert names.is_organisation("Iran Press TV")
    assert names.is_organisation("Reuters")
    assert not names.is_organisation("Jane Doe")
    assert names.is_person("Jane Doe") and not names.is_person("Staff")


@pytest.mark.parametrize(
    ("line", "byline"),
    [
        ("By Nina Holt for Reuters", Byline(("Nina Holt",), "Reuters")),
        ("By Nina Holt - Quayside", Byline(("Nina Holt",), "Quayside")),
        ("Nina Holt | Quayside Times", Byline(("Nina Holt",), "Quayside Times")),
        ("By Nina Holt | Twitter | Email", Byline(("Nina Holt",))),
        ("By Nina Holt Edit", Byline(("Nina Holt",))),
        ("By Nina Holt | More articles", Byline(("Nina Holt",))),
    ],
)
def test_bylines_with_outlets_and_profile_links(names: NameBook, line: str, byline: Byline) -> None:
    assert names.parse_byline(line) == byline


def test_profile_and_button_words_are_no_names(names: NameBook) -> None:
    assert not names.is_person("Twitter Facebook")
    assert not names.is_person("Edit")
    assert names.is_navigation("Uncategorized") and not names.is_navigation("Harbours")


@pytest.mark.parametrize(
    ("text", "handle"),
    [("jancak", "jancak"), ("@tide_watcher", "tide_watcher"), ("admin", None), ("Posted", None)],
)
def test_a_lone_user_handle_is_read_but_not_a_label(
    names: NameBook, text: str, handle: str | None
) -> None:
    assert names.handle(text) == handle


def test_a_sidebar_of_writers_is_no_byline(names: NameBook) -> None:
    byline = ["By Rhona Kell", "Sam Lee"]
    sidebar = ["Ola Brun", "Ines Vey", "Tom Aske", "Lia Moss", "Per Dahl"]
    assert names.authors_of(byline + sidebar) == ["Rhona Kell", "Sam Lee", "Ola Brun"]


def test_a_handle_is_found_apart_from_names_and_never_a_domain(names: NameBook) -> None:
    assert names.authors_of(["tidewatcher"]) == []
    assert names.handle_of(["By", "tidewatcher", "quay"]) == ["tidewatcher"]
    assert names.handle_of(["quayside-news.de"]) == []


@pytest.mark.parametrize(
    ("href", "profile"),
    [
        ("https://news.test/by/rhona-kell", True),
        ("/author/rhona/", True),
        ("/about/editors/rhona-kell", True),
        ("/sport/by-the-numbers", False),
        ("/author", False),
        ("https://[ccpa-preferences]/author/x", False),
        # URLs the quick refusal before parsing must leave to the parser
        ("  author/rhona-kell", True),
        ("Author/Rhona-Kell", True),
        ("news:by/rhona-kell", True),
        ("https://news.test/au\tthor/rhona-kell", True),
        ("https://news.test/author\n/rhona-kell", True),
        ("//author/rhona-kell", False),
        ("https://news.test/stories?by=rhona/x", False),
        ("author", False),
    ],
)
def test_profile_links(names: NameBook, href: str, profile: bool) -> None:
    assert names.is_profile_link(href) is profile


@pytest.mark.parametrize("label", ["Von", "By:", "Veröffentlicht", "Gesponserte Inhalte", "Publié"])
def test_labels_beside_bylines_are_no_authors(names: NameBook, label: str) -> None:
    assert names.authors_of([label]) == []


@pytest.mark.parametrize(
    ("line", "byline"),
    [
        (
            "James Lynch | from | University of Michigan | Last updated on 20 Feb, 2020",
            Byline(("James Lynch",), "University of Michigan", "2020-02-20T00:00:00"),
        ),
        ("By Rhona Kell | Updated daily for subscribers", Byline(("Rhona Kell",))),
        ("By Jane Doe and Sam Lee Follow", Byline(("Jane Doe", "Sam Lee"))),
    ],
)
def test_affiliations_and_trailing_phrases_are_no_people(
    names: NameBook, line: str, byline: Byline
) -> None:
    assert names.parse_byline(f"By {line}" if not line.startswith("By") else line) == byline


@pytest.mark.parametrize("credit", ["CC BY", "Creative Commons Attribution", "publisher", "zvg"])
def test_licence_and_picture_credits_are_no_authors(names: NameBook, credit: str) -> None:
    assert names.authors_of([credit]) == [] and names.handle_of([credit]) == []


SENTENCES = (
    "Von Gezeitenkraftwerken über Wellenbojen bis hin zu Strömungsturbinen: ein Überblick",
    "Von der Marktstraße zieht der Umzug weiter – Bürgermeister eröffnet das Fest",
    "By Lamplight we walked home through the quiet town",
)


@pytest.mark.parametrize(
    ("sentence", "line", "byline"),
    [
        (SENTENCES[0], "Von Hans Müller aus Berlin", Byline(("Hans Müller",))),
        (SENTENCES[1], "By Will Knight in San Francisco", Byline(("Will Knight",))),
        (SENTENCES[2], "By Jane Doe staff writer", Byline(("Jane Doe",))),
        (SENTENCES[0], "Posted by Wortfänger under Just For Fun, Notizen", Byline(("Wortfänger",))),
        (
            SENTENCES[1],
            "By ODA TRELLVIK and MAREK VOSS in print",
            Byline(("ODA TRELLVIK", "MAREK VOSS")),
        ),
    ],
)
def test_a_sentence_after_a_by_word_is_no_byline_while_a_full_name_still_signs(
    names: NameBook, sentence: str, line: str, byline: Byline
) -> None:
    assert names.parse_byline(sentence) is None
    assert names.parse_byline(line) == byline


@pytest.mark.parametrize(
    ("line", "author"),
    [
        ("Autor: Rechtsanwalt Sebastian Ortlepp", "Sebastian Ortlepp"),
        ("Von Fachanwältin Maria Kessler", "Maria Kessler"),
    ],
)
def test_a_job_title_before_a_full_name_is_cut(names: NameBook, line: str, author: str) -> None:
    byline = names.parse_byline(line)
    assert byline is not None and byline.authors == (author,)


def test_a_job_title_stays_before_a_name_that_is_not_full_without_it(names: NameBook) -> None:
    assert names.parse_byline("Von Rechtsanwalt Ortlepp") == Byline(())


@pytest.mark.parametrize("name", ["Dienstag", "Montag", "Mittwoch", "Tuesday", "Dezember"])
def test_a_day_or_month_name_is_no_person(names: NameBook, name: str) -> None:
    assert not names.is_person(name)
    byline = names.parse_byline(f"Di {name} - 14.30 - 16.00 Uhr")
    assert byline is None or byline.authors == ()


@pytest.mark.parametrize("name", ["Reiner Kolbeck", "Waltraud Senftl", "Tilman Ebersbach"])
def test_common_given_names_open_a_full_name(names: NameBook, name: str) -> None:
    assert names.is_full_name(name)
