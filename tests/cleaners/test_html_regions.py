"""Page regions the HTML cleaner must read right: layout-table columns, caption-classed
regions that hold the story, a comments link above the article."""

from __future__ import annotations

import scraper
from scraper.cleaners.dom import DomPage, segment_html
from scraper.cleaners.labels import LAYOUT_COLUMN
from scraper.cleaners.layout import side_columns

STORY = [
    "The council met on Tuesday evening to vote on the new harbour plan, which has divided "
    "the town for the better part of two years and filled every meeting since the spring.",
    "Supporters said the plan would bring work back to the quay and give the fishing fleet a "
    "safe berth in winter storms, when the old wall has let the sea through twice already.",
    "Opponents argued that the cost had doubled since the first estimate and that the town "
    "could not carry the debt if the promised grants from the region failed to arrive.",
    "After three hours of debate the plan passed by seven votes to four, and work on the "
    "first stage of the new breakwater is now expected to begin early next year.",
]
SIDEBAR = [
    "Mar 11 - Monthly meeting at the public library, 7:30 pm. Speaker on local history.",
    "Boat for sale: 18 ft dinghy with trailer, good condition, offers to the harbour office.",
]


def _page(story_cells: list[list[str]], sidebar: list[str]) -> str:
    story = "".join(
        "<td valign=top><font size=2>" + "<br><br>".join(cell) + "</font></td>"
        for cell in story_cells
    )
    side = "<br><br>".join(sidebar)
    return (
        "<html><head><title>Harbour plan passes</title></head><body>"
        "<table width=780><tr><td colspan=3>HOME | NEWS | CONTACT</td></tr><tr>"
        "<td width=150><font size=1><a href=a.html>About us</a><br>"
        "<a href=b.html>Officers</a><br>You are visitor number 1234</font></td>"
        f"{story}<td width=160><font size=1>{side}</font></td>"
        "</tr></table></body></html>"
    )


def _side_cells(markup: str) -> tuple[DomPage, list[bool]]:
    """Every block voted, the story's paragraphs as its prose."""
    page = segment_html(markup)
    words = [float(len(b.text.split())) if b.text in STORY else 0.0 for b in page.blocks]
    return page, side_columns(page.owners, [True] * len(page.blocks), words)


def test_side_cells_of_a_layout_row_leave_the_body() -> None:
    article = scraper.clean_html(_page([STORY], SIDEBAR), "http://harbour.test/news/1.html")
    assert not article.error
    for paragraph in STORY:
        assert paragraph in article.body
    for notice in SIDEBAR:
        assert notice not in article.body
        assert any(r.text == notice and r.rule == LAYOUT_COLUMN for r in article.removed)
    assert "visitor number" not in article.body


def test_a_row_whose_cells_share_the_prose_is_not_layout() -> None:
    """A story set in two columns: neither cell holds four fifths of the prose."""
    page, side = _side_cells(_page([STORY[:2], STORY[2:]], SIDEBAR))
    assert not any(s for s, b in zip(side, page.blocks, strict=True) if b.text in STORY)
    assert not any(side)  # and so nothing else in that row is judged a side column


def test_a_layout_row_is_found_through_nested_tables() -> None:
    nested = (
        _page([STORY], SIDEBAR)
        .replace("<td valign=top><font size=2>", "<td valign=top><table><tr><td><font size=2>")
        .replace("</font></td><td width=160>", "</font></td></tr></table></td><td width=160>")
    )
    page, side = _side_cells(nested)
    flagged = {b.text for s, b in zip(side, page.blocks, strict=True) if s}
    assert set(SIDEBAR) <= flagged
    assert not flagged & set(STORY)


def _photo_blog(wrapper_class: str) -> str:
    """A photo blog: each picture and the paragraphs about it in one small region."""
    posts = "".join(
        f'<div class="{wrapper_class}"><img src="p{i}.jpg"><p>{paragraph}</p></div>'
        for i, paragraph in enumerate(STORY)
    )
    return (
        "<html><head><title>Harbour plan passes</title></head><body>"
        "<nav><a href=/>Home</a> <a href=/news>News</a> <a href=/about>About</a></nav>"
        f"<div class=post><h1>Harbour plan passes</h1>{posts}</div>"
        "<footer>Copyright 2024 Harbour Times. All rights reserved.</footer></body></html>"
    )


def test_caption_regions_that_hold_the_story_are_the_story() -> None:
    article = scraper.clean_html(_photo_blog("caption-image"), "http://photos.test/1.html")
    assert not article.error
    for paragraph in STORY:
        assert paragraph in article.body
    assert not any(r.rule == "media.caption" for r in article.removed)


def test_regions_of_other_chrome_classes_stay_chrome_even_when_voted() -> None:
    """A few hundred voted characters in a comments section do not make it the story (only
    rules marked story_wrapper give way on so little)."""
    article = scraper.clean_html(_photo_blog("comment-body"), "http://photos.test/2.html")
    assert not any(paragraph in article.body for paragraph in STORY[1:])


def test_a_caption_region_of_paragraphs_is_story_and_a_short_one_is_a_caption() -> None:
    long_caption = " ".join(STORY[:2] + STORY[:2])  # 4 sentences, ~700 characters
    page = (
        "<html><head><title>Harbour plan passes</title></head><body><article>"
        "<h1>Harbour plan passes</h1>"
        + "".join(f"<p>{p}</p>" for p in STORY)
        + '<figure><img src="a.jpg"><figcaption class="caption">The new breakwater, as drawn '
        "by the harbour board.</figcaption></figure>"
        + f'<div class="caption-text"><p>{long_caption}</p></div>'
        + "".join(f"<p>{p}</p>" for p in reversed(STORY))
        + "</article></body></html>"
    )
    article = scraper.clean_html(page, "http://harbour.test/news/2.html")
    assert long_caption in article.body
    assert "as drawn by the harbour board" not in article.body


def test_a_comments_link_under_the_teaser_does_not_cut_the_story() -> None:
    """A "1 Comment" meta line after a one-paragraph teaser is no comments section when the
    article goes on for far longer below it; a real comments header at the end still is."""
    teaser = STORY[0]
    comment = "What a waste of public money, the old wall was fine for fifty years and more."
    page = (
        "<html><head><title>Harbour plan passes</title></head><body><article>"
        f"<h1>Harbour plan passes</h1><p>{teaser}</p>"
        "<p>1 Comment » | Published in Local news, Harbour | 1 Comment</p>"
        + "".join(f"<p>{p}</p>" for p in STORY[1:] + STORY[1:] + STORY[1:])
        + f"<h3>1 Comment</h3><p>{comment}</p></article></body></html>"
    )
    article = scraper.clean_html(page, "http://harbour.test/news/3.html")
    for paragraph in STORY:
        assert paragraph in article.body
    assert comment not in article.body


def test_a_comments_region_larger_than_the_story_is_still_chrome() -> None:
    """Sixty comments can outweigh the story they follow: a region the extractor left out
    entirely is chrome however large, while the story's own wrapper (`post has-comments`,
    which holds the voted text) is not. No header and no per-comment classes here: only the
    region's name says what it is."""
    comments = "".join(
        f"<dt>{i + 1}. Reader {i} - October 26, 2012</dt><dd><p>I have lived by the harbour "
        f"for {i + 10} years and I think the council has once again ignored what the people "
        "who actually work on the quay have been telling it at every meeting.</p></dd>"
        for i in range(60)
    )
    story = "".join(f"<p>{paragraph}</p>" for paragraph in STORY)
    markup = (
        "<html><head><title>Harbour plan passes</title></head><body>"
        f"<div class='post has-comments'><article><h1>Harbour plan passes</h1>{story}</article>"
        f"<div id='comments'><dl>{comments}</dl></div></div></body></html>"
    )
    article = scraper.clean_html(markup, "http://harbour.test/news/2.html")
    assert not article.error
    for paragraph in STORY:
        assert paragraph in article.body
    assert "Reader" not in article.body and "lived by the harbour" not in article.body
    assert any(r.rule == "comments.section" for r in article.removed)


def test_sections_named_like_chrome_that_hold_all_the_votes_are_the_story() -> None:
    """A test report whose every section carries a BEM modifier `--Ads` (and a real ad box
    beside them): the sections hold nearly all of a sizeable voted text, so their class is
    not chrome on this page, while the ad box still is."""
    sections = "".join(
        f"<section class='Report__Section Report__Section--Ads'><h2>Part {i}</h2>"
        + "".join(f"<p>{paragraph}</p>" for paragraph in STORY)
        + "</section>"
        for i in range(3)
    )
    markup = (
        "<html><head><title>Grill test</title></head><body><main><h1>Grill test</h1>"
        "<p>We tested the discounter's new charcoal grill for three weeks, from the first "
        "assembly to the last sausage, and here is what we found out about it.</p>"
        f"{sections}<div class='ad-box'><p>Advertisement: Buy the new grill now, only "
        "49.99!</p></div></main></body></html>"
    )
    article = scraper.clean_html(markup, "http://reports.test/grill.html")
    assert not article.error
    assert "We tested the discounter's new charcoal grill" in article.body
    assert article.body.count(STORY[2]) == 3
    assert "Buy the new grill" not in article.body


def test_a_comment_column_in_a_data_table_does_not_cut_the_article() -> None:
    """"Comment" heading a table column matches the comments-header rule, but a header row
    of short cells is no comments section: the article below the table stays."""
    rows = "".join(
        f"<tr><td>step {i}</td><td>done</td><td>checked by the night shift</td></tr>"
        for i in range(4)
    )
    markup = (
        "<html><head><title>Harbour works</title></head><body><article><h1>Harbour works</h1>"
        + "".join(f"<p>{paragraph}</p>" for paragraph in STORY[:2])
        + f"<table><tr><td>Task</td><td>Status</td><td>Comment</td></tr>{rows}</table>"
        + "".join(f"<p>{paragraph}</p>" for paragraph in STORY[2:])
        + "</article></body></html>"
    )
    article = scraper.clean_html(markup, "http://harbour.test/news/4.html")
    assert not article.error
    for paragraph in STORY:
        assert paragraph in article.body
