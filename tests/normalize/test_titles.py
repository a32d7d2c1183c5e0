"""The headline chosen by agreement between the visible headings and the head (issue 14):
one test per class of as-is title misses, each on a small page written for it."""

from __future__ import annotations

from functools import cache

from lxml import html

from scraper.config import CleanerConfig
from scraper.normalize.authors import NameBook
from scraper.normalize.metadata import HeadMetadata, read_head
from scraper.normalize.title_choice import (
    TitleWeights,
    candidates_of,
    part_runs,
    pieced,
    title_words,
)


@cache
def title_weights() -> TitleWeights:
    return TitleWeights.load(CleanerConfig().config_dir / "titles.toml")


def title_of(head: str, body: str, names: NameBook) -> str | None:
    page = f"<html><head>{head}</head><body>{body}</body></html>"
    return read_head(html.document_fromstring(page), names, title_weights()).title


def test_a_logo_h1_longer_than_the_headline_is_the_site_not_the_title(names: NameBook) -> None:
    head = """<title>Footbridge closes | Alder Valley Nature Notes</title>
      <meta property="og:site_name" content="Alder Valley Nature Notes">
      <meta property="og:title" content="Footbridge closes">"""
    body = "<h1><a href='/'>Alder Valley Nature Notes</a></h1><h1>Footbridge closes</h1>"
    assert title_of(head, body, names) == "Footbridge closes"


def test_the_h1_and_og_title_outvote_the_title_and_json_ld_in_other_words(
    names: NameBook,
) -> None:
    head = """<title>Valley pumps: old parts and the repair plan - Courier</title>
      <meta property="og:title" content="Most pumping stations run on decades-old parts">
      <script type="application/ld+json">{"@type": "NewsArticle",
        "headline": "Valley pumps: old parts and the repair plan"}</script>"""
    body = "<h1>Most pumping stations run on decades-old parts</h1><p>Inspectors found…</p>"
    assert title_of(head, body, names) == "Most pumping stations run on decades-old parts"


def test_a_title_that_is_only_the_site_name_gives_way_to_the_only_h1(names: NameBook) -> None:
    head = """<title>Greystone Parish Council</title>
      <meta property="og:site_name" content="Greystone Parish Council">"""
    body = "<h1>Library opens on Sunday afternoons</h1>"
    assert title_of(head, body, names) == "Library opens on Sunday afternoons"


def test_of_several_h1s_the_one_the_head_states_wins(names: NameBook) -> None:
    head = """<title>Sunday hours – Reading Circle | Books | Talks</title>
      <meta property="og:site_name" content="Reading Circle | Books | Talks">
      <meta property="og:title" content="Sunday hours">"""
    body = "<h1>Reading Circle | Books | Talks</h1><h1>Sunday hours</h1><h1>Upcoming talks</h1>"
    assert title_of(head, body, names) == "Sunday hours"


def test_a_menu_label_h1_is_never_the_title(names: NameBook) -> None:
    head = "<title>Menu</title>"
    body = "<h1>Menu</h1><h2>Ferry timetable for the winter</h2>"
    assert title_of(head, body, names) == "Ferry timetable for the winter"


def test_soft_hyphens_do_not_split_words() -> None:
    assert title_words("Wet\xadlands res\xadto\xadra\xadtion") == {"wetlands", "restoration"}


def test_each_run_of_parts_is_a_candidate_but_the_site_name_is_not() -> None:
    assert part_runs("A | B | C") == ["A", "A | B", "B", "B | C", "C"]
    texts = [c.text for c in candidates_of("title", ["Dock strike ends | Quayside"], {"quayside"})]
    assert texts == ["Dock strike ends | Quayside", "Dock strike ends"]


def test_weights_come_from_the_config_file() -> None:
    weights = title_weights()
    assert weights.prior["h1"] > weights.prior["h2"] and weights.agreement > 0
    assert "dachzeile" in weights.kicker_marks and weights.kicker > 0 and weights.prior["lead"] > 0


def test_a_mark_on_a_later_element_of_the_h1_is_no_kicker(names: NameBook) -> None:
    head = "<title>Ferry fares frozen for winter | Harbour Gazette</title>"
    body = "<h1>Ferry fares frozen <span class='label'>for winter</span></h1>"
    seen = head_of(head, body, names).title_candidates
    assert seen.kickers == ()


def test_a_kicker_printed_in_its_own_element_inside_the_h1_is_left_out(names: NameBook) -> None:
    head = """<title>Ferry fares frozen for winter | Harbour Gazette</title>
      <meta property="og:title" content="Ferry fares frozen for winter">"""
    body = "<h1><span class='kicker'>Transport</span> Ferry fares frozen for winter</h1>"
    assert title_of(head, body, names) == "Ferry fares frozen for winter"


def test_a_heading_cut_into_its_pieces() -> None:
    runs = [c.text for c in pieced("h1", 0, ["Transport", "Ferry fares frozen", "in winter"])]
    assert runs == [
        "Transport",
        "Transport Ferry fares frozen",
        "Ferry fares frozen",
        "Ferry fares frozen in winter",
        "in winter",
    ]


def test_a_reading_cut_from_the_title_does_not_outweigh_the_whole_h1(names: NameBook) -> None:
    head = """<title>Fares frozen – what it means | Harbour Gazette</title>
      <meta property="og:site_name" content="Harbour Gazette">
      <meta property="og:title" content="Fares frozen – what it means">"""
    body = "<h1>Harbour Gazette</h1><h1>Fares frozen – what it means</h1><h1>Post navigation</h1>"
    assert title_of(head, body, names) == "Fares frozen – what it means"


def test_a_forum_logo_h1_that_ends_the_title_is_the_site(names: NameBook) -> None:
    head = "<title>Stall at idle after replacing the valve - Kestrel Owners Forum</title>"
    body = "<h1>Kestrel Owners Forum</h1><h2>Stall at idle after replacing the valve</h2>"
    assert title_of(head, body, names) == "Stall at idle after replacing the valve"


def head_of(head: str, body: str, names: NameBook) -> HeadMetadata:
    page = f"<html><head>{head}</head><body>{body}</body></html>"
    return read_head(html.document_fromstring(page), names, title_weights())


def test_a_marked_kicker_the_title_repeats_is_left_out_of_the_headline(names: NameBook) -> None:
    head = "<title>Road works: Bridge lane closes for six weeks | Valley Courier</title>"
    body = (
        "<h1><span class='article-roofline'>Road works</span> "
        "<span>Bridge lane closes for six weeks</span></h1>"
    )
    assert title_of(head, body, names) == "Bridge lane closes for six weeks"


def test_a_small_kicker_running_into_the_headline_is_cut_off(names: NameBook) -> None:
    head = "<title>Recipe of the week | Lentil soup with lemon - Kitchen Notes</title>"
    body = "<h1><span><small>Recipe of the week</small><br>Lentil soup with lemon</span></h1>"
    assert title_of(head, body, names) == "Lentil soup with lemon"


def test_the_heading_above_the_body_that_a_stated_title_repeats_whole_wins(
    names: NameBook,
) -> None:
    stated = "Weekly report on the river levels – what the gauges show"
    head = f"""<title>{stated} – THE VALLEY LEDGER</title>
      <meta property="og:title" content="{stated}">"""
    candidates = head_of(head, f"<h2>{stated}</h2>", names).title_candidates
    assert candidates.best(title_weights()) == "Weekly report on the river levels"
    assert candidates.best(title_weights(), lead=stated) == stated


def test_a_lead_heading_that_is_the_site_name_is_no_candidate(names: NameBook) -> None:
    head = """<title>Mooring fees rise | Harbour Office</title>
      <meta property="og:site_name" content="Harbour Office">"""
    candidates = head_of(head, "<h1>Mooring fees rise</h1>", names).title_candidates
    assert candidates.best(title_weights(), lead="Harbour Office") == "Mooring fees rise"


def test_the_marked_kicker_alone_is_no_title_even_when_the_title_repeats_it(
    names: NameBook,
) -> None:
    head = "<title>Energy Initiative - free power check | Building Green</title>"
    body = (
        "<h1><span class='h1small'>Energy Initiative</span> "
        "Free power check for private homes</h1>"
    )
    assert title_of(head, body, names) == "Free power check for private homes"
