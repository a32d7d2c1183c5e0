"""The headline of a text dump chosen by agreement with its title line (cleaners/
headline_choice.py) and the title line's site part told by the host name (title_line.py).
Pages, names and outlets here are invented."""

from __future__ import annotations

from pathlib import Path

import scraper
from scraper.cleaners.header_lines import Header
from scraper.cleaners.header_words import HeaderWords
from scraper.cleaners.headline_choice import HeadlineWeights, choose_headline
from scraper.cleaners.segment import segment_text
from scraper.cleaners.title_line import site_parts, spells_host, use_headline
from scraper.config import CleanerConfig
from tests.support.header_pages import PARAGRAPH

WEIGHTS = CleanerConfig().config_dir / "text_titles.toml"
STORY = [
    "The ferry company said on Monday that the crossing would run every hour from May, after "
    "the harbour board agreed to share the cost of a second boat.",
    "Commuters had asked for more crossings for years, since the single boat was often full "
    "before eight in the morning and left people waiting on the pier in the rain.",
    "The second boat is being refitted at a yard up the coast and should arrive in April, "
    "when crews will start training on the new route across the bay.",
]


def _title(*lines: str, url: str | None = None) -> str | None:
    return scraper.clean_text("\n\n".join([*lines, *STORY, "© Tollgate Lamp"]), url).title


def test_a_longer_headline_over_a_standfirst_beats_the_title_lines_story_part() -> None:
    title = _title(
        "Hourly ferry from May | Tollgate Lamp",
        "Tollgate Lamp",
        "News",
        "Travel",
        "Hourly ferry across the bay from May",
        "Commuters waited years for more crossings",
        "Published 3 February 2025",
    )
    assert title == "Hourly ferry across the bay from May"


def test_the_site_glued_on_with_a_colon_is_left_off() -> None:
    title = _title(
        "Second ferry for the bay: what changes | Ferries",
        "Bay ferry watch",
        "Contact",
        "Menu",
        "Second ferry for the bay",
    )
    assert title == "Second ferry for the bay"


def test_a_headline_printed_twice_beats_the_masthead_under_the_title_line() -> None:
    title = _title(
        "Ferry timetable changes | Tollgate Lamp",
        "Tollgate Lamp",
        "Menu",
        "Travel",
        "Ferry timetable: what changes in May",
        "Ferry timetable: what changes in May",
        "Reading time two minutes",
        "Updated 4 February 2025",
    )
    assert title == "Ferry timetable: what changes in May"


def test_the_title_line_part_that_spells_the_host_is_the_site() -> None:
    blocks = segment_text(
        "\n\n".join(["Bay ferry - Tollgate Harbour News", "Home", "Bay ferry", PARAGRAPH])
    )
    assert site_parts(blocks, Header(), 3, "www.tollgateharbour.net") == {"tollgate harbour news"}
    assert site_parts(blocks, Header(), 3, "ferries.example.org") == set()


def test_spells_host_needs_most_of_the_part_or_of_the_label() -> None:
    assert spells_host("Kestrel Almanac", "kestrel-almanac.org")
    assert spells_host("Harbour Wiki", "harbour.fandom.com")
    assert spells_host("tollgate.net", "www.tollgate.net")
    assert not spells_host("Tollgate council votes on the ferry budget", "tollgate.net")
    assert not spells_host("Kestrel Almanac", None)
    assert not spells_host("Bay", "bay.org")  # a label under four letters names nothing


def test_a_masthead_title_line_hands_the_title_to_no_line_sharing_its_words() -> None:
    """A dump that opens with the masthead, not a document title: "Support the Lantern"
    shares its words but the headline above the byline stays the title."""
    title = _title(
        "The Lantern",
        "Support the Lantern",
        "Sign in",
        "News | Opinion | Sport",
        "This article is more than 1 year old",
        "My neighbour's hedge blocks the light and I don't know what to say",
        "Imogen Thrale",
        "Saturday 13 January 2024 07.00 GMT",
    )
    assert title == "My neighbour's hedge blocks the light and I don't know what to say"


def test_a_menu_label_read_as_the_section_goes_with_the_pick_it_stood_over() -> None:
    lines = [
        "Ferry notes - Harbour News",
        "Home",
        "Ferry notes",
        "Ports",
        "Finches",
        "Harbour News",
    ]
    blocks = segment_text("\n\n".join([*lines, PARAGRAPH]))
    header = Header(title="Harbour News", section="Finches")
    header.use(5, "meta.title")
    header.use(4, "meta.section")
    use_headline(header, 2, blocks)
    assert (header.title, header.section) == ("Ferry notes", None)
    assert 4 not in header.used


def test_the_weights_come_from_config_and_the_default_keeps_the_reading() -> None:
    loaded = HeadlineWeights.load(WEIGHTS)
    assert loaded.agreement > 0 and loaded.least_agreement <= 1
    blocks = segment_text(
        "\n\n".join(["Hourly ferry | Lamp", "Menu", "Hourly ferry across the bay", PARAGRAPH])
    )
    header = Header(title="Menu")
    header.use(1, "meta.title")
    labels: list[str | None] = ["x", "x", "x", None]
    choose_headline(blocks, labels, header, HeadlineWeights(), HeaderWords())
    assert header.title == "Menu"
    choose_headline(blocks, labels, header, loaded, HeaderWords())
    assert header.title == "Hourly ferry across the bay"


def test_weights_file_unknown_keys_are_ignored(tmp_path: Path) -> None:
    path = tmp_path / "text_titles.toml"
    path.write_text("[headline]\nagreement = 2.5\nnot_a_weight = 9\n", encoding="utf-8")
    assert HeadlineWeights.load(path) == HeadlineWeights(agreement=2.5)


def _title_over_chrome(chrome: str) -> str | None:
    """A page that prints no headline, only the site's chrome between its menu and its date
    line: the title line's story is the headline, not the chrome shaped like one."""
    return _title(
        "Hourly ferry across the bay | Tollgate Lamp",
        "Bay news and travel",
        chrome,
        "Published 3 February 2025",
    )


def test_a_cookie_notice_heading_above_the_date_line_is_no_headline() -> None:
    title = _title_over_chrome("Diese Webseite verwendet Cookies")
    assert title is not None and title.startswith("Hourly ferry across the bay")


def test_a_menu_button_above_the_date_line_is_no_headline() -> None:
    title = _title_over_chrome("MENU Close menu")
    assert title is not None and title.startswith("Hourly ferry across the bay")


def test_a_php_warning_above_the_date_line_is_no_headline() -> None:
    title = _title_over_chrome("Warning: Cannot modify header information in /var/www/index.php")
    assert title is not None and title.startswith("Hourly ferry across the bay")


def test_the_chrome_patterns_know_share_bars_and_mail_addresses() -> None:
    chrome = HeaderWords.load(CleanerConfig().config_dir / "header.toml").chrome
    assert chrome.search("Teilen Pin it Mailen Drucken")
    assert chrome.search("redaktion@example.org")
    assert not chrome.search("Cookies backen mit Oma")
    assert not chrome.search("Share prices fall as ferry costs rise")


def test_a_kicker_line_ending_with_a_colon_joins_the_headline_the_title_line_prints_whole() -> None:
    title = _title(
        "Ferry strike at the old pier: Crews walk out at dawn | Tollgate Lamp",
        "Bay news and travel",
        "Ferry strike at the old pier:",
        "Crews walk out at dawn",
        "Published 3 February 2025",
    )
    assert title == "Ferry strike at the old pier: Crews walk out at dawn"


def test_a_label_ending_with_a_colon_over_the_headline_stays_apart() -> None:
    title = _title(
        "Crews walk out at dawn | Tollgate Lamp",
        "Bay news and travel",
        "Search for:",
        "Crews walk out at dawn",
        "Published 3 February 2025",
    )
    assert title == "Crews walk out at dawn"


def _over_section(line: str) -> str | None:
    """The headline chosen when the section of the title line is read as the headline and
    `line` opens the body."""
    lines = ["Crews walk out at dawn on the bay ferries - Travel - Bay Lamp", "Travel", "© Lamp"]
    blocks = segment_text("\n\n".join([*lines, line, PARAGRAPH]))
    header = Header(title="Travel")
    header.use(1, "meta.title")
    labels: list[str | None] = ["x", "x", "x", None, None]
    weights = HeadlineWeights.load(WEIGHTS)
    choose_headline(blocks, labels, header, weights, HeaderWords(), "baylamp.example")
    return header.title


def test_a_headline_holding_the_title_lines_story_after_a_kicker_beats_the_section() -> None:
    headline = "Second walkout this winter: Crews walk out at dawn on the bay ferries"
    assert _over_section(headline) == headline


def test_a_standfirst_glued_to_the_headline_by_a_bare_space_is_cut_off() -> None:
    title = _title(
        "Crews walk out at dawn | Tollgate Lamp",
        "Bay news and travel",
        "Crews walk out at dawn Union calls for new talks in March",
        "Published 3 February 2025",
    )
    assert title == "Crews walk out at dawn"


def test_a_headline_going_on_in_lower_case_or_after_a_colon_is_kept_whole() -> None:
    for headline in (
        "Crews walk out at dawn in the harbour",
        "Crews walk out at dawn : Union calls for talks",
    ):
        title = _title(
            "Crews walk out at dawn | Tollgate Lamp",
            "Bay news and travel",
            headline,
            "Published 3 February 2025",
        )
        assert title == headline


def test_the_title_line_repeated_over_a_by_line_is_the_headline_not_part_of_the_byline() -> None:
    headline = "Fährhafen Seewinkel in Lindau erweitert"  # read as "Name in Place" first
    title = _title(
        headline,
        "Main Menu",
        "21.12.2024",
        "Öffentlich",
        headline,
        "von Arian Schlichenmayer",
        "Der Fährhafen Seewinkel in Lindau © Bay Pictures",
    )
    assert title == headline


def test_a_one_word_section_read_before_gives_way_to_the_headline_under_it() -> None:
    headline = "¿Cuándo zarpa el primer ferry del verano hacia la isla?"
    lines = ["Primer ferry del verano hacia la isla | respuestas | Diario Bahía", "Inicio"]
    blocks = segment_text("\n\n".join([*lines, "Suscríbete", "respuestas", headline, PARAGRAPH]))
    header = Header(title="respuestas")
    header.use(3, "meta.title")
    labels: list[str | None] = ["x", "x", "x", "x", None, None]
    weights = HeadlineWeights.load(WEIGHTS)
    choose_headline(blocks, labels, header, weights, HeaderWords(), "diariobahia.example")
    assert header.title == headline


def test_a_kicker_glued_before_the_title_lines_story_is_cut_off() -> None:
    title = _title(
        "Ferry crews walk out at dawn - Tollgate Lamp",
        "Tollgate Lamp",
        "Travel",
        "Harbour strike Ferry crews walk out at dawn",
        "Published 3 February 2025",
    )
    assert title == "Ferry crews walk out at dawn"


def test_a_kicker_the_title_line_sets_off_with_a_colon_is_cut_off_when_glued() -> None:
    title = _title(
        "Harbour strike: ferry crews walk out | Tollgate Lamp",
        "Tollgate Lamp",
        "Travel",
        "Harbour strike Ferry crews walk out at dawn over pay",
        "Published 3 February 2025",
    )
    assert title == "Ferry crews walk out at dawn over pay"


def test_a_headline_the_title_line_prints_whole_keeps_its_opening_words() -> None:
    title = _title(
        "Harbour strike Ferry crews walk out | Tollgate Lamp",
        "Tollgate Lamp",
        "Travel",
        "Harbour strike Ferry crews walk out",
        "Published 3 February 2025",
    )
    assert title == "Harbour strike Ferry crews walk out"


def test_a_sentence_is_not_cut_after_a_short_word_in_lower_case() -> None:
    title = _title(
        "Bigger boat for the bay? - Tollgate Lamp",
        "Tollgate Lamp",
        "Travel",
        "Does the town need a Bigger boat for the bay?",
        "Published 3 February 2025",
    )
    assert title == "Does the town need a Bigger boat for the bay?"


def test_a_headline_with_a_colon_of_its_own_is_not_cut() -> None:
    title = _title(
        "Harbour strike: crews walk out at dawn | Tollgate Lamp",
        "Tollgate Lamp",
        "Travel",
        "Harbour strike: Union says Crews walk out at dawn",
        "Published 3 February 2025",
    )
    assert title == "Harbour strike: Union says Crews walk out at dawn"


def test_a_wiki_tagline_is_no_headline_however_well_it_agrees_with_the_title_line() -> None:
    title = _title(
        "Harbour/Ferry timetable – Kestrelwiki",
        "Harbour/Ferry timetable",
        "Aus Kestrelwiki",
        "< Harbour",
    )
    assert title == "Harbour/Ferry timetable"


def test_an_ellipsis_printed_as_one_mark_matches_three_dots_in_the_title_line() -> None:
    title = _title(
        "Seafog. | Notes from the pier...",
        "Notes from the pier…",
        "Home",
        "Contact",
        "Seafog.",
        "Published 3 February 2025 by Ada",
    )
    assert title == "Seafog."


def test_a_kicker_line_over_the_headline_gives_way_when_the_title_line_joins_them() -> None:
    title = _title(
        "Ferry strike across the whole bay today: Crews walk out | Tollgate Lamp",
        "Tollgate Lamp",
        "Travel",
        "Ferry strike across the whole bay today",
        "Crews walk out",
    )
    assert title == "Crews walk out"


def test_a_heading_with_a_glued_kicker_under_a_repeat_of_the_title_line_is_the_headline() -> None:
    title = _title(
        "Ferry crews walk out at dawn | Tollgate Lamp",
        "Tollgate Lamp",
        "Travel",
        "Ferry crews walk out at dawn",
        "Harbour strike Ferry crews walk out at dawn over the new rota",
        "Published 3 February 2025",
    )
    assert title == "Ferry crews walk out at dawn over the new rota"


def test_a_standfirst_under_a_repeat_of_the_title_line_is_no_headline() -> None:
    title = _title(
        "Ferry crews walk out at dawn | Tollgate Lamp",
        "Tollgate Lamp",
        "Travel",
        "Ferry crews walk out at dawn",
        "Harbour strike Ferry crews walk out at dawn, and the union says why.",
        "Published 3 February 2025",
    )
    assert title == "Ferry crews walk out at dawn"
