"""The segmenter's fast paths give what the plain code gives: blocks built without the
dataclass's `__init__`, tokens read only where an element has naming attributes."""

from __future__ import annotations

from dataclasses import fields

from scraper.cleaners.dom import _html_block, element_tokens, parse_html, segment_html
from scraper.records import Block

PAGE = """<html><body>
<nav class="site-nav"><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li></ul></nav>
<article id="post-42" class="entry hentry"><h1 itemprop="headline">A headline</h1>
<div class="entry-content">Opening words <b>in bold</b> and <a href="/x">a link</a>.
<p>A paragraph of its own.</p> tail text after the paragraph<br><br>and a second paragraph
</div><aside>Aside text</aside></article>
<footer><p style="display: none">Hidden line</p></footer></body></html>"""


def test_an_html_block_equals_the_dataclass_built_one() -> None:
    tokens = frozenset({"entry", "content"})
    fast = _html_block("Some text.", 3, "p", "body/div/p", 0.25, tokens)
    plain = Block(
        text="Some text.", index=3, kind="p", path="body/div/p", link_density=0.25,
        tokens=tokens, blank_before=True,
    )  # fmt: skip
    assert fast == plain and hash(fast) == hash(plain)
    assert [getattr(fast, f.name) for f in fields(Block)] == [
        getattr(plain, f.name) for f in fields(Block)
    ]


def test_blocks_gather_inline_text_tails_and_breaks() -> None:
    blocks = segment_html(PAGE).blocks
    texts = [b.text for b in blocks]
    assert texts == [
        "Home", "News", "A headline", "Opening words in bold and a link.",
        "A paragraph of its own.", "tail text after the paragraph", "and a second paragraph",
        "Aside text", "Hidden line",
    ]  # fmt: skip
    assert [b.index for b in blocks] == list(range(len(blocks)))
    opening = blocks[3]
    assert opening.kind == "div" and opening.path == "body/article/div"
    assert 0 < opening.link_density < 0.5
    assert blocks[0].link_density == 1.0
    assert {"site-nav", "site", "nav", "<nav>"} <= blocks[0].tokens
    assert {"post-42", "post", "42", "entry", "hentry", "<article>"} <= opening.tokens
    assert "itemprop:headline" in blocks[2].tokens
    assert "<aside>" in blocks[7].tokens and "@hidden" in blocks[8].tokens


def test_element_tokens_of_elements_without_naming_attributes() -> None:
    tree = parse_html('<html><body><aside><a href="/x">x</a><span>y</span></aside></body></html>')
    aside = tree.find(".//aside")
    assert aside is not None
    assert element_tokens(aside) == frozenset({"<aside>"})
    assert element_tokens(aside[0]) == frozenset() == element_tokens(aside[1])
