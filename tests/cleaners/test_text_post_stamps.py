"""A post's meta line with its two stamps, published and modified on the same day, as
WordPress themes print them with the writer and the categories on one line. Names are
invented user names or common given names with invented surnames."""

from __future__ import annotations

import pytest

from scraper.cleaners.byline_forms import dated_name
from scraper.cleaners.header_words import HeaderWords
from scraper.normalize.authors import NameBook


@pytest.mark.parametrize(
    ("line", "writer"),
    [
        ("November 26, 2017 November 26, 2017 quillmoth btw17, Bundestagswahl", "quillmoth"),
        ("1. November 2016 1. November 2016 quillmoth", "quillmoth"),
        (
            "Andrew Pellow Politique scientifique française 20 janvier 2020 20 janvier 2020 "
            "évaluation, HCERES 0 Comment",
            "Andrew Pellow",
        ),
        ("Brindlefox 2. Februar 2020 2. Februar 2020 Radtouren Berlin", "Brindlefox"),
    ],
)
def test_the_writer_beside_a_posts_two_stamps(
    line: str, writer: str, names: NameBook, words: HeaderWords
) -> None:
    byline = dated_name(line, names, words)
    assert byline is not None and byline.authors == (writer,)


@pytest.mark.parametrize(
    "line",
    [
        "2. Februar 2020 2. Februar 2020 Radtouren Berlin",  # categories, no writer
        "2. Februar 2020 3. Februar 2020 quillmoth",  # two days: a range, no stamps
        "Allgemein 2. Februar 2020 2. Februar 2020",  # a menu label
        "Hildesheimer Presse 1. November 2023 1. November 2023 Bockenem, Nordstraße",  # outlet
    ],
)
def test_no_writer_beside_two_stamps(line: str, names: NameBook, words: HeaderWords) -> None:
    byline = dated_name(line, names, words)
    assert byline is None or not byline.authors
