"""Header lines of text pages read by their role: outlet lines, byline forms, credits, the
headline the title line repeats. Outlet names here are invented and share no word with
scraper/defaults/names.toml, so only the role can tell them."""

from __future__ import annotations

import re

import pytest

import scraper
from scraper.cleaners.byline_forms import date_and_name, name_and_outlet, posted_byline
from scraper.cleaners.features import block_stats
from scraper.cleaners.header_lines import Header, labelled_source
from scraper.cleaners.header_words import HeaderWords
from scraper.cleaners.outlets import NO_OUTLETS, OutletEvidence, gather_outlets, outlet_key
from scraper.cleaners.segment import segment_text
from scraper.cleaners.title_line import title_line_date, title_line_parts, use_title_line
from scraper.cleaners.under_headline import read_under_headline
from scraper.config import CleanerConfig, load_toml
from scraper.normalize.authors import Byline, NameBook
from scraper.normalize.language import stopwords
from tests.support.header_pages import PARAGRAPH

WORDS = HeaderWords.load(CleanerConfig().config_dir / "header.toml")


def _listed_words() -> set[str]:
    data = load_toml(CleanerConfig().config_dir / "names.toml")["organisations"]
    return {w.lower() for w in data["words"]} | {
        w.lower() for name in data["names"] for w in name.split()
    }


def _page(*header: str, paragraphs: int = 5, footer: tuple[str, ...] = ()) -> str:
    return "\n\n".join([*header, *[PARAGRAPH] * paragraphs, *footer])


def _evidence(text: str) -> OutletEvidence:
    blocks = segment_text(text)
    stats = block_stats(blocks, stopwords("en"))
    return gather_outlets(blocks, stats, range(len(blocks)))


def test_invented_outlets_share_no_word_with_the_word_list(names: NameBook) -> None:
    for outlet in ("Halvard Lantern", "Quillfeather", "Larchmont Beacon", "Tollgate Evening Lamp"):
        assert not set(re.findall(r"\w+", outlet.lower())) & _listed_words()
        assert not names.is_organisation(outlet)


def test_a_name_above_and_below_the_headline_is_an_outlet() -> None:
    text = _page(
        "Halvard Lantern",
        "Dock workers vote to end the walkout at the river port",
        "Halvard Lantern",
    )
    evidence = _evidence(text)
    assert evidence.shown("Halvard Lantern")
    assert evidence.shown("the halvard lantern")  # case and a leading "The" do not matter


def test_a_headline_printed_twice_is_no_outlet() -> None:
    """Breadcrumb then heading: nothing longer that is no sentence stands between them."""
    text = _page("Flood Wall Plans", "Flood Wall Plans", PARAGRAPH, "Flood Wall Plans")
    assert not _evidence(text).shown("Flood Wall Plans")


def test_a_copyright_holder_confirms_but_does_not_show_an_outlet() -> None:
    evidence = _evidence(_page("News today", footer=("© 2024 Quillfeather. All rights reserved.",)))
    assert evidence.confirmed("Quillfeather")
    assert not evidence.shown("Quillfeather")  # a blog's owner is printed the same way


def test_outlet_key_ignores_case_spacing_and_the() -> None:
    assert outlet_key("The  Pinecrest Almanac.") == outlet_key("pinecrest almanac")


@pytest.mark.parametrize(
    ("line", "source"),
    [
        ("Source: Orchard Valley Sentinel", "Orchard Valley Sentinel"),
        ("Courtesy of the Pinecrest Almanac", "Pinecrest Almanac"),
        ("Republished from Fernhill Quarterly", "Fernhill Quarterly"),
        ("Reprinted with permission of Saltmarsh Courant.", "Saltmarsh Courant"),
        ("Photo courtesy of Jane Doe", None),
        ("Source code is on our project page, along with the build notes", None),
    ],
)
def test_labelled_source(line: str, source: str | None) -> None:
    assert labelled_source(line, WORDS) == source


def test_posted_on_date_by_name_with_comment_count(names: NameBook) -> None:
    assert posted_byline(
        "Posted on March 3, 2021 by Maren Okafor · 12 Comments", names, WORDS
    ) == Byline(("Maren Okafor",), None, "2021-03-03T00:00:00")
    assert posted_byline(
        "Posted on 2019-05-14 by Lukas Brandt | 3 Comments", names, WORDS
    ) == Byline(("Lukas Brandt",), None, "2019-05-14T00:00:00")
    assert posted_byline("Read more stories by Lukas Brandt", names, WORDS) is None


def test_by_name_comma_outlet_needs_the_outlet_printed_elsewhere(names: NameBook) -> None:
    line = "By Tobias Whitcombe, Larchmont Beacon"
    evidence = _evidence(_page("Larchmont Beacon", "Schools", line))
    assert name_and_outlet(line, names, evidence) == Byline(
        ("Tobias Whitcombe",), "Larchmont Beacon"
    )
    assert name_and_outlet(line, names, NO_OUTLETS) is None  # may be two people


def test_name_bar_outlet_needs_a_masthead_or_credit(names: NameBook) -> None:
    line = "Ines Marlow | Quillfeather"
    evidence = _evidence(_page("Quillfeather", "Space", line))
    assert name_and_outlet(line, names, evidence) == Byline(("Ines Marlow",), "Quillfeather")
    menu = _evidence(_page("Weather", "Sign In | Join Us", *["Menu"] * 4, "Join Us"))
    assert name_and_outlet("Sign In | Join Us", names, menu) is None


def test_title_line_parts() -> None:
    assert title_line_parts("Story about things – Site Name") == ["Story about things", "Site Name"]
    assert title_line_parts("Site | News | A story") == ["Site", "News", "A story"]


def test_headline_repeated_by_the_title_line_wins() -> None:
    blocks = segment_text(
        "Council approves flood wall | Brackenridge Ledger\n\nBrackenridge Ledger\n\n"
        "Latest\n\nCouncil approves flood wall\n\n" + PARAGRAPH
    )
    header = Header(title="Latest")
    header.use(2, "meta.title")
    labels: list[str | None] = ["x", "x", "x", "x", None]
    use_title_line(blocks, labels, header)
    assert header.title == "Council approves flood wall"
    assert header.used == {3: "meta.title"}


def test_a_masthead_title_line_printed_in_the_footer_is_no_headline() -> None:
    blocks = segment_text("KRVT 12\n\nStorm closes roads\n\n" + PARAGRAPH + "\n\nKRVT 12")
    header = Header(title="Storm closes roads")
    header.use(1, "meta.title")
    use_title_line(blocks, ["x", "x", None, "x"], header)
    assert header.title == "Storm closes roads"


def test_seed_shaped_page_of_an_unlisted_outlet() -> None:
    text = _page(
        "Find Your Next Role - BROWSE OPENINGS",
        "Ports and Shipping",
        "Halvard Lantern",
        "Dock Workers Vote To End Week Long Walkout",
        "Halvard Lantern",
        "Wed Mar 8, 2023 9:10AM",
    )
    article = scraper.clean_text(text)
    assert article.title == "Dock Workers Vote To End Week Long Walkout"
    assert article.source == "Halvard Lantern"
    assert article.authors == ()
    assert article.published == "2023-03-08T09:10:00"
    assert "Halvard Lantern" not in article.body


def _read_under(*lines: str) -> Header:
    blocks = segment_text("\n\n".join(lines))
    stats = block_stats(blocks, stopwords("en"))
    header = Header(title=blocks[0].text)
    header.use(0, "meta.title")
    read_under_headline(
        blocks, stats, header, NameBook.load(CleanerConfig().config_dir / "names.toml"), WORDS
    )
    return header


def test_by_label_and_name_on_two_lines_under_the_headline() -> None:
    header = _read_under(
        "Replacing old capacitors", "By", "Lukas Brandt", "May 14, 2019", PARAGRAPH
    )
    assert header.authors == ["Lukas Brandt"]
    assert [iso for _, iso in header.dates] == ["2019-05-14T00:00:00"]


def test_date_name_and_comment_count_under_the_headline() -> None:
    header = _read_under(
        "Cider and copyright", "23.06.2016 - Markus Reuter - 91 Comments", PARAGRAPH
    )
    assert header.authors == ["Markus Reuter"]
    assert [iso for _, iso in header.dates] == ["2016-06-23T00:00:00"]


def test_bare_name_under_a_standfirst() -> None:
    header = _read_under("How firms protect their staff", PARAGRAPH, "Marie Roevekamp", PARAGRAPH)
    assert header.authors == ["Marie Roevekamp"]


def test_under_the_headline_fills_only_what_is_missing() -> None:
    blocks = segment_text("A headline here\n\nBy Jane Doe\n\nMay 14, 2019\n\n" + PARAGRAPH)
    header = Header(
        title="A headline here", authors=["Sam Lee"], dates=[(9, "2020-01-01T00:00:00")]
    )
    header.use(0, "meta.title")
    stats = block_stats(blocks, stopwords("en"))
    read_under_headline(
        blocks, stats, header, NameBook.load(CleanerConfig().config_dir / "names.toml"), WORDS
    )
    assert header.authors == ["Sam Lee"]


def _title_after(first_line: str, picked: str) -> str | None:
    story = "Brain scans show how unconscious signals become conscious thought in volunteers."
    blocks = segment_text(f"{first_line}\n\n{picked}\n\n{story} {PARAGRAPH}")
    header = Header(title=picked)
    header.use(1, "meta.title")
    use_title_line(blocks, ["x", "x", None], header)
    return header.title


def test_title_line_story_told_by_the_body_replaces_an_unrelated_pick() -> None:
    line = "Unconscious signals become conscious thought - Health Site"
    assert _title_after(line, "Please accept our privacy terms") == (
        "Unconscious signals become conscious thought"
    )


def test_an_advert_first_line_the_body_does_not_tell_is_no_title() -> None:
    line = "The Largest Career Network for Defense Jobs - JOIN NOW"
    assert _title_after(line, "Brain study results announced") == "Brain study results announced"


def test_published_on_date_von_name(names: NameBook) -> None:
    line = "Veröffentlicht am 13. März 2019 von Michael Veeser-Dombrowski"
    assert posted_byline(line, names, WORDS) == Byline(
        ("Michael Veeser-Dombrowski",), None, "2019-03-13T00:00:00"
    )


def test_a_date_in_the_title_line_is_the_last_fallback() -> None:
    blocks = segment_text("Port strike ends - Information - May 11, 2022\n\n" + PARAGRAPH)
    assert title_line_date(blocks) == "2022-05-11T00:00:00"
    assert title_line_date(segment_text("May 2022 sales report\n\n" + PARAGRAPH)) is None


def test_bare_name_after_a_short_standfirst_and_counts() -> None:
    header = _read_under(
        "Telescope opens to astronomers",
        "It can detect fast radio bursts.",
        "321,046",
        "Elizabeth Gibney",
        PARAGRAPH,
    )
    assert header.authors == ["Elizabeth Gibney"]


def test_a_section_name_after_another_line_is_no_byline() -> None:
    header = _read_under("Telescope opens to astronomers", "Space News", "Deep Space", PARAGRAPH)
    assert header.authors == []


def test_von_label_on_its_own_line() -> None:
    header = _read_under("Ein guter Rutsch", "Von", "Robert Maier", "31. Dezember 2019", PARAGRAPH)
    assert header.authors == ["Robert Maier"]
    assert [iso for _, iso in header.dates] == ["2019-12-31T00:00:00"]


def test_a_line_of_figures_is_no_headline() -> None:
    text = _page("Abmelden", "19.10.19, 12:00 Uhr", "Von", "Thomas Steinberg")
    assert scraper.clean_text(text).title != "19.10.19, 12:00 Uhr"


@pytest.mark.parametrize(
    ("line", "byline"),
    [
        (
            "Shana Nys Dambrot November 6, 2023",
            Byline(("Shana Nys Dambrot",), None, "2023-11-06T00:00:00"),
        ),
        (
            "Gesine Engels-Krone, 02.01.2023, 11:08 Uhr",
            Byline(("Gesine Engels-Krone",), None, "2023-01-02T11:08:00"),
        ),
        ("Thu Jul 20, 2023", None),
        ("Wien Mittwoch, 12.02.2020", None),
        ("Updated March 3, 2021", None),
    ],
)
def test_a_name_beside_a_date_on_one_line(
    names: NameBook, line: str, byline: Byline | None
) -> None:
    assert date_and_name(line, names, WORDS) == byline


def test_a_line_with_a_date_is_no_headline() -> None:
    text = _page(
        "Regional Desk",
        "Klimavorreiter im Oberland geplant",
        "From around the region November 6, 2023 write your comment",
    )
    assert scraper.clean_text(text).title == "Klimavorreiter im Oberland geplant"


def _story_with_foot(foot: str) -> str:
    paragraphs = [f"{PARAGRAPH} This was said at meeting number {n} of the year." for n in range(6)]
    return "\n\n".join(["Regional Desk", "Witch hazel in winter frost", *paragraphs, foot])


def test_a_labelled_byline_at_the_foot_names_the_author() -> None:
    assert scraper.clean_text(_story_with_foot("Text: Ursula Eggers")).authors == ("Ursula Eggers",)


def test_a_bare_name_at_the_foot_is_no_byline() -> None:
    assert scraper.clean_text(_story_with_foot("Ursula Eggers")).authors == ()
