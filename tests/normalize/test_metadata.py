"""Head and marked metadata: one test per failure class of issue 14 (titles, site, tags,
authors, description, image), each on a small page written for it."""

from __future__ import annotations

from functools import cache

import pytest
from lxml import html

from scraper.config import CleanerConfig
from scraper.normalize.authors import NameBook
from scraper.normalize.marked import read_marked, separated_text
from scraper.normalize.metadata import HeadMetadata, absolute_url, read_head
from scraper.normalize.title_choice import TitleWeights


@cache
def title_weights() -> TitleWeights:
    return TitleWeights.load(CleanerConfig().config_dir / "titles.toml")


def head_of(markup: str, names: NameBook) -> HeadMetadata:
    return read_head(html.document_fromstring(markup), names, title_weights())


def test_json_ld_author_given_by_id_is_resolved_within_the_graph(names: NameBook) -> None:
    page = """<html><head><script type="application/ld+json">{"@graph": [
      {"@type": "Article", "headline": "Ferry fares frozen", "author": {"@id": "#p7"}},
      {"@type": "Person", "@id": "#p7", "name": "Orla Venn"}]}</script></head></html>"""
    assert head_of(page, names).authors == ["Orla Venn"]


def test_json_ld_markup_and_entities_leave_names_and_headlines(names: NameBook) -> None:
    page = """<html><head><script type="application/ld+json">{"@type": "NewsArticle",
      "headline": "Salt &amp; pepper prices", "author": {"@type": "Person",
      "name": "<a href='/staff/ib'>Ines Brandt</a>"}}</script></head><body></body></html>"""
    meta = head_of(page, names)
    assert meta.authors == ["Ines Brandt"]
    assert meta.title == "Salt & pepper prices"


def test_json_ld_organisation_author_is_no_person(names: NameBook) -> None:
    page = """<html><head><script type="application/ld+json">{"@type": "NewsArticle",
      "author": [{"@type": "Organization", "name": "Harbour Desk"},
                 {"@type": "Person", "name": "Tam Rooke"}]}</script></head><body></body></html>"""
    assert head_of(page, names).authors == ["Tam Rooke"]


def test_every_author_meta_is_kept(names: NameBook) -> None:
    page = """<html><head><meta name="author" content="Lia Moss">
      <meta name="author" content="Per Dahl"></head><body></body></html>"""
    assert head_of(page, names).authors == ["Lia Moss", "Per Dahl"]


def test_blank_first_h1_falls_through_to_the_next_heading(names: NameBook) -> None:
    page = """<html><body><h1><a href="/"><img src="logo.png"></a></h1>
      <h1>Night trains return to the coast line</h1></body></html>"""
    assert head_of(page, names).title == "Night trains return to the coast line"


def test_post_title_element_then_h2_when_there_is_no_h1(names: NameBook) -> None:
    marked = """<html><body><h2>Latest</h2>
      <div class="post-title">Council backs the new cycle lanes</div></body></html>"""
    assert head_of(marked, names).title == "Council backs the new cycle lanes"
    bare = "<html><body><h2>Council backs the new cycle lanes</h2><p>Text.</p></body></html>"
    assert head_of(bare, names).title == "Council backs the new cycle lanes"


def test_title_that_is_only_a_domain_is_no_title(names: NameBook) -> None:
    page = """<html><head><title>www.quayside-times.test</title></head>
      <body><h1>Dock strike ends after nine days</h1></body></html>"""
    assert head_of(page, names).title == "Dock strike ends after nine days"


@pytest.mark.parametrize("separator", ["»", "~", "›", "/", "::", "«"])
def test_site_suffix_after_uncommon_separators_is_split(names: NameBook, separator: str) -> None:
    page = f"<html><head><title>Dock strike ends after nine days {separator} Quayside</title>"
    assert head_of(page + "</head><body></body></html>", names).title == (
        "Dock strike ends after nine days"
    )


def test_absurdly_long_title_is_capped(names: NameBook) -> None:
    sentence = "Dock strike ends after nine days."
    long_title = sentence + " " + " ".join(["and more words"] * 120)
    title = head_of(f"<html><head><title>{long_title}</title></head></html>", names).title
    assert title == sentence


def test_site_skips_urls_handles_and_section_labels(names: NameBook) -> None:
    page = """<html><head><meta property="article:publisher" content="https://fb.test/quay">
      <meta name="twitter:site" content="@quayside"><meta property="og:site_name" content="Sport">
      <meta property="article:section" content="Sport">
      <meta name="application-name" content="Quayside Times"></head><body></body></html>"""
    assert head_of(page, names).site_name == "Quayside Times"


def test_site_is_none_when_only_a_handle_is_given(names: NameBook) -> None:
    page = '<html><head><meta name="twitter:site" content="@quay"></head><body></body></html>'
    assert head_of(page, names).site_name is None


def test_tags_from_every_article_tag_meta_with_entities_decoded(names: NameBook) -> None:
    page = """<html><head><meta property="article:tag" content="Ports &amp;amp; docks">
      <meta property="article:tag" content="Strikes"></head><body></body></html>"""
    assert head_of(page, names).tags == ["Ports & docks", "Strikes"]


def test_tags_from_rel_tag_links_without_navigation_labels(names: NameBook) -> None:
    page = """<html><body><p>Story.</p><a rel="tag" href="/t/1">Home</a>
      <a rel="category tag" href="/c/2">Harbours</a><a rel="tag" href="/t/3">Ferries</a>
      </body></html>"""
    assert head_of(page, names).tags == ["Harbours", "Ferries"]


def test_navigation_label_as_the_only_tag_gives_no_tags(names: NameBook) -> None:
    page = '<html><head><meta name="keywords" content="News"></head><body></body></html>'
    assert head_of(page, names).tags == []


def test_description_and_image_from_open_graph_then_json_ld(names: NameBook) -> None:
    page = """<html><head><meta property="og:description" content="Nine days, then a deal.">
      <meta property="og:image" content="https://img.test/strike.jpg"></head></html>"""
    meta = head_of(page, names)
    assert (meta.description, meta.image) == (
        "Nine days, then a deal.",
        "https://img.test/strike.jpg",
    )
    ld = """<html><head><script type="application/ld+json">{"@type": "Article",
      "description": "A deal.", "image": [{"@type": "ImageObject", "url": "/a.jpg"}]}
      </script></head></html>"""
    meta = head_of(ld, names)
    assert (meta.description, meta.image) == ("A deal.", "/a.jpg")


def test_inline_elements_of_a_byline_are_kept_apart() -> None:
    byline = html.fragment_fromstring(
        '<div class="byline"><a href="/a/ro">Rosa Ortega</a><span>Reporter</span>'
        "<span> on <b>May</b> 3</span></div>"
    )
    assert separated_text(byline) == "Rosa Ortega | Reporter on May 3"
    marked = read_marked([byline])
    assert marked.author_texts == ["Rosa Ortega | Reporter on May 3"]


def test_words_split_by_spacing_elements_are_not_cut() -> None:
    name = html.fragment_fromstring('<span class="author"><b>Rosa</b> <i>Ortega</i></span>')
    assert separated_text(name) == "Rosa Ortega"


@pytest.mark.parametrize(
    ("title", "headline"),
    [
        ("Tide tables for March - quayside-tides.test", "Tide tables for March"),
        ("Rising tides | Quayside", "Rising tides"),
        ("Rising tides | Harbour news", "Rising tides | Harbour news"),  # no part is the site
    ],
)
def test_a_domain_or_the_site_name_is_cut_from_a_short_title(
    names: NameBook, title: str, headline: str
) -> None:
    page = f"""<html><head><title>{title}</title>
      <meta property="og:site_name" content="Quayside"></head><body></body></html>"""
    assert head_of(page, names).title == headline


@pytest.mark.parametrize(
    "title", ["Site Name: Ischgl", "Ischgl | Site Name", "Ischgl « Site Name", "Ischgl – Trails"]
)
def test_the_title_part_a_heading_repeats_is_the_headline(names: NameBook, title: str) -> None:
    page = f"<html><head><title>{title}</title></head><body><h2>Ischgl</h2></body></html>"
    assert head_of(page, names).title == "Ischgl"


def test_links_to_writers_pages_are_read_outside_the_comments(names: NameBook) -> None:
    page = """<html><body><p>By <a href="/by/rhona-kell">Rhona Kell</a></p>
      <a href="/sport/">Sport</a><div class="comments"><a href="/author/tam">Tam</a></div>
      </body></html>"""
    assert head_of(page, names).profile_links == ["Rhona Kell"]


def test_the_only_h1_wins_over_a_title_naming_the_site(names: NameBook) -> None:
    head = "<html><head><title>Das Leben und ich</title></head>"
    sole = head + '<body><a href="/">Das Leben und ich</a><h1>Nebelsuppe</h1></body></html>'
    assert head_of(sole, names).title == "Nebelsuppe"
    seo = "<html><head><title>Leben im Tal: Nebelsuppe und Sonne</title></head>"
    headline = seo + "<body><h1>Nebelsuppe im Tal</h1></body></html>"
    assert head_of(headline, names).title == "Nebelsuppe im Tal"
    section = seo + "<body><h1>Wetterdienst</h1></body></html>"  # no word of the <title>
    assert head_of(section, names).title == "Leben im Tal: Nebelsuppe und Sonne"
    two = head + "<body><h1>Blog</h1><h1>Nebelsuppe</h1></body></html>"
    assert head_of(two, names).title == "Das Leben und ich"
    stated = '<meta property="og:title" content="Das Leben und ich">'  # the site's name too
    assert head_of(sole.replace("</head>", stated + "</head>"), names).title == "Nebelsuppe"


def test_space_separated_meta_properties_and_dublin_core_prefixes(names: NameBook) -> None:
    page = """<html><head><meta property="dc:creator twitter:creator" content="Rhona Kell">
      <meta property="x:title dc:title" content="Harbour dues rise"></head></html>"""
    meta = head_of(page, names)
    assert (meta.title, meta.authors) == ("Harbour dues rise", ["Rhona Kell"])


def test_image_urls_resolve_against_the_page_and_survive_malformed_ones() -> None:
    assert absolute_url("https://quay.test/a/b", "/m/x.jpg") == "https://quay.test/m/x.jpg"
    assert absolute_url("http://[not-a-host]/a", "x.jpg") == "x.jpg"
    assert absolute_url("https://quay.test/", None) is None


def test_section_from_a_json_ld_breadcrumb_list(names: NameBook) -> None:
    page = """<html><head><title>Dock strike ends</title><script type="application/ld+json">
      {"@type": "BreadcrumbList", "itemListElement": [
        {"@type": "ListItem", "position": 3, "name": "Dock strike ends"},
        {"@type": "ListItem", "position": 1, "name": "Home"},
        {"@type": "ListItem", "position": 2, "item": {"@id": "/ports", "name": "Ports"}}]}
      </script></head><body></body></html>"""
    assert head_of(page, names).section == "Ports"


def test_a_marked_post_title_wins_over_a_site_title_and_a_logo_h1(names: NameBook) -> None:
    page = """<html><head><title>St. Brannock Choir</title></head><body>
      <h1>St. Brannock Choir</h1><h1>Menu</h1><h2 class="entry-title">Choir history</h2>
      </body></html>"""
    assert head_of(page, names).title == "Choir history"


def test_a_navigation_label_is_no_title(names: NameBook) -> None:
    page = "<html><head><title>Home</title></head><body><h2>Time to say goodbye</h2></body></html>"
    assert head_of(page, names).title == "Time to say goodbye"


def test_a_box_around_the_headline_and_its_date_is_no_post_title(names: NameBook) -> None:
    page = """<html><head><title>Quay notes</title></head><body>
      <div class="post-title"><h2>Harbour dues rise</h2><time>7. Juni</time></div>
      <h2 class="entry-title">Harbour dues rise</h2></body></html>"""
    assert head_of(page, names).title == "Harbour dues rise"
