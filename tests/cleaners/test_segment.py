from __future__ import annotations

import pytest
from lxml import etree

import scraper
from scraper.cleaners.dom import HIDDEN, drop_code, parse_html, segment_html
from scraper.cleaners.segment import segment_text, wrap_width
from scraper.cleaners.vote import trafilatura_text
from scraper.errors import ParseError

WRAPPED = """Subject line

The county has released the draft revision of the flood insurance map
for the creek watershed, and the public comment period opens on Monday
next week. This is the first full revision since 1984.

Based on our preliminary count, about 640 parcels will be added to the
hazard area, mostly in the two neighbourhoods downstream of the bridge,
and about 95 parcels will be removed from it, the office said today.
  * First item of a list
  * Second item
"""


def test_hard_wrapped_paragraphs_are_joined() -> None:
    blocks = segment_text(WRAPPED)
    texts = [b.text for b in blocks]
    assert texts[0] == "Subject line"
    assert texts[1].startswith("The county has released") and texts[1].endswith("since 1984.")
    assert "\n" not in texts[1]
    assert texts[-2:] == ["* First item of a list", "* Second item"]


def test_one_paragraph_per_line_is_left_alone() -> None:
    text = "\n".join(f"Paragraph {i} " + "word " * (5 + 13 * (i % 4)) for i in range(12))
    assert wrap_width(text.splitlines()) is None
    assert len(segment_text(text)) == 12


def test_blank_lines_and_columns_are_kept_as_evidence() -> None:
    blocks = segment_text("Masthead\nNews   Sport   Weather\n\nBody starts here.")
    assert [b.blank_before for b in blocks] == [True, False, True]
    assert blocks[1].cells == ("News", "Sport", "Weather")
    assert blocks[1].rule_text == "News | Sport | Weather"
    assert blocks[1].path == "line:2"


@pytest.mark.parametrize(
    "markup",
    [
        "<html><body>" + "<div>" * 300 + "deep" + "</div>" * 300 + "<p>after</p></body></html>",
        "<html><body><p>" + "word " * 2_100_000 + "</p><p>after</p></body></html>",
    ],
    ids=["nesting past 255", "text node over 10 MB"],
)
def test_html_past_the_parser_limits_is_a_parse_error(markup: str) -> None:
    """libxml2 stops at its limits and hands back a truncated tree; that must not pass for
    the whole page."""
    with pytest.raises(ParseError, match="parser's limits"):
        parse_html(markup)


def test_control_characters_are_dropped_and_the_extractor_reads_the_same_tree() -> None:
    """A stray control character must neither reach a record nor make trafilatura (which sets
    text on a copy of our tree) give up on the page."""
    sentence = "Sentence number {} of the story\x07 tells what the council decided."
    story = " ".join(sentence.format(i) for i in range(40))
    tree = parse_html(f"<html><body><nav>Home</nav><article><p>{story}</p></article></body></html>")
    text = "".join(tree.itertext())
    assert "Sentence number 39" in text and not any(ord(c) < 32 and c not in "\t\n\r" for c in text)
    extracted = trafilatura_text(tree, None)
    assert "Sentence number 39 of the story tells what the council decided." in extracted
    assert parse_html("<p>a\ufffeb\uffffc</p>").findtext(".//p") == "abc"


@pytest.mark.parametrize(
    ("classes", "hidden"),
    [
        ("story hidden", True),
        ("d-none", True),
        ("hidden lg:flex navigation", False),  # Tailwind: shown from large screens up
        ("d-none d-md-block", False),  # Bootstrap: shown from medium screens up
        ("hidden-xs", False),  # hidden on phones only
        ("hidden-gems-column", False),
    ],
)
def test_classes_that_hide_an_element_mark_its_blocks_hidden(classes: str, hidden: bool) -> None:
    page = segment_html(f"<html><body><div class='{classes}'><p>Some text</p></div></body></html>")
    assert (HIDDEN in page.blocks[0].tokens) is hidden


def test_a_hidden_second_copy_of_the_story_stays_out_of_the_body() -> None:
    """Templates print the story twice, one copy hidden for another layout; trafilatura's
    text votes cannot tell the copies apart."""
    story = "".join(
        f"<p>Paragraph {i}: the harbour board met on Tuesday and agreed, after a long and "
        "heated debate about costs, to rebuild the northern breakwater next spring.</p>"
        for i in range(5)
    )
    markup = (
        "<html><head><title>Breakwater</title></head><body>"
        f"<article class='story hidden'>{story}</article><article class='story'>{story}</article>"
        "</body></html>"
    )
    article = scraper.clean_html(markup, "http://harbour.test/news/3.html")
    assert article.body.count("Paragraph 0:") == 1 and article.body.count("Paragraph 4:") == 1


def test_code_is_dropped_but_json_ld_and_the_text_after_it_stay() -> None:
    tree = parse_html(
        "<html><head><script type='application/ld+json'>{\"@type\": \"NewsArticle\"}</script>"
        "<style>p {color: red}</style></head><body><p>Before <script>var x = 1;</script>after"
        "<svg><text>chart label</text></svg> end.</p></body></html>"
    )
    drop_code(tree)
    assert tree.findtext(".//p") == "Before after end."
    assert [s.get("type") for s in tree.iter("script")] == ["application/ld+json"]
    assert tree.find(".//style") is None
    assert "chart label" not in etree.tostring(tree, encoding="unicode")


def test_the_parser_reads_a_surrogate_pair_as_its_character_and_drops_a_lone_half() -> None:
    """A str made with `surrogateescape` (or by joining UTF-16 halves) reaches the parser;
    no record could hold a lone half as UTF-8."""
    tree = parse_html("<p>ferry \ud83d\ude00 time\udc80table</p>")
    assert tree.findtext(".//p") == "ferry \U0001f600 timetable"
