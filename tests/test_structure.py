"""The body's structure and its renderers, on hand-made blocks: exact Markdown and HTML."""

from __future__ import annotations

import html
import json

import jsonschema
from hypothesis import given
from hypothesis import strategies as st

from scraper.records import ARTICLE_SCHEMA, Article, ErrorInfo
from scraper.structure import BodyBlock, Link, to_html, to_markdown

BLOCKS = (
    BodyBlock("heading", "Tide tables", level=2),
    BodyBlock(
        "paragraph", "See the units guide for *heights*.", links=(Link(8, 19, "https://h.test/u"),)
    ),
    BodyBlock("item", "first", level=0),
    BodyBlock("item", "second", level=0),
    BodyBlock("item", "second, a", level=1, ordered=True),
    BodyBlock("item", "second, b", level=1, ordered=True),
    BodyBlock("item", "third", level=0),
    BodyBlock("table", rows=(("Day", "High"), ("Mon", "06|12")), head=1),
    BodyBlock("code", "x = 1\n\nprint(x)"),
    BodyBlock("quote", "Time and tide <wait>."),
    BodyBlock("caption", "The harbour at dawn"),
    BodyBlock("paragraph", "1. is not a list here"),
)


def test_markdown_of_every_kind() -> None:
    assert to_markdown("Tides & times", BLOCKS, links=True) == (
        "# Tides & times\n\n"
        "## Tide tables\n\n"
        "See the [units guide](https://h.test/u) for \\*heights\\*.\n\n"
        "- first\n"
        "- second\n"
        "    1. second, a\n"
        "    2. second, b\n"
        "- third\n\n"
        "| Day | High |\n"
        "|---|---|\n"
        "| Mon | 06\\|12 |\n\n"
        "```\nx = 1\n\nprint(x)\n```\n\n"
        "> Time and tide \\<wait>.\n\n"
        "*The harbour at dawn*\n\n"
        "1\\. is not a list here\n"
    )


def test_markdown_leaves_links_out_unless_asked() -> None:
    assert "[units guide]" not in to_markdown(None, BLOCKS)
    assert "See the units guide for" in to_markdown(None, BLOCKS)


def test_html_of_every_kind_is_escaped_and_nests_lists() -> None:
    assert to_html("Tides & times", BLOCKS, links=True) == (
        "<article>\n"
        "<h1>Tides &amp; times</h1>\n"
        "<h2>Tide tables</h2>\n"
        '<p>See the <a href="https://h.test/u">units guide</a> for *heights*.</p>\n'
        "<ul><li>first</li><li>second<ol><li>second, a</li><li>second, b</li></ol></li>"
        "<li>third</li></ul>\n"
        "<table><thead><tr><th>Day</th><th>High</th></tr></thead>"
        "<tbody><tr><td>Mon</td><td>06|12</td></tr></tbody></table>\n"
        "<pre><code>x = 1\n\nprint(x)</code></pre>\n"
        "<blockquote><p>Time and tide &lt;wait&gt;.</p></blockquote>\n"
        '<p class="caption">The harbour at dawn</p>\n'
        "<p>1. is not a list here</p>\n"
        "</article>\n"
    )


def test_an_item_whose_parent_was_not_kept_hangs_one_level_down() -> None:
    items = (BodyBlock("item", "top"), BodyBlock("item", "deep", level=3))
    assert to_markdown(None, items) == "- top\n    - deep\n"
    assert (
        to_html(None, items)
        == "<article>\n<ul><li>top<ul><li>deep</li></ul></li></ul>\n</article>\n"
    )


def test_a_code_block_holding_a_fence_gets_a_longer_one() -> None:
    assert to_markdown(None, (BodyBlock("code", "```\nx\n```"),)) == "````\n```\nx\n```\n````\n"


def test_record_round_trips_its_blocks_through_json() -> None:
    article = Article(id="a", title="Tides & times", body="irrelevant", blocks=BLOCKS)
    record = json.loads(json.dumps(article.to_dict(blocks=True, markdown=True)))
    jsonschema.validate(record, ARTICLE_SCHEMA)
    again = Article.from_dict(record)
    assert again == article
    assert again.to_markdown(links=True) == article.to_markdown(links=True)
    assert record["body_markdown"] == to_markdown(None, BLOCKS)


def test_default_record_has_no_structure_keys() -> None:
    record = Article(id="a", body="x", blocks=BLOCKS).to_dict()
    assert "blocks" not in record and "body_markdown" not in record


def test_text_is_the_body_and_a_record_without_blocks_renders_paragraphs() -> None:
    article = Article(id="a", body="One.\n\nTwo <b>.")
    assert article.to_text() == article.body
    assert article.to_markdown() == "One.\n\nTwo \\<b>.\n"
    assert article.to_html() == "<article>\n<p>One.</p>\n<p>Two &lt;b&gt;.</p>\n</article>\n"


def test_error_record_renders_nothing() -> None:
    article = Article(id="a", error=ErrorInfo("no_content", "no article body found"))
    assert article.to_markdown() == article.to_html() == article.to_text() == ""
    assert article.to_dict(markdown=True)["body_markdown"] == ""


_texts = st.text(max_size=40)
_blocks = st.one_of(
    st.builds(BodyBlock, st.just("heading"), _texts, st.integers(1, 6)),
    st.builds(BodyBlock, st.sampled_from(["paragraph", "quote", "caption", "code"]), _texts),
    st.builds(BodyBlock, st.just("item"), _texts, st.integers(0, 4), st.booleans()),
    st.builds(
        BodyBlock,
        st.just("table"),
        rows=st.lists(
            st.lists(_texts, min_size=1, max_size=3).map(tuple), min_size=1, max_size=3
        ).map(tuple),
        head=st.integers(0, 1),
    ),
)


@given(st.lists(_blocks, max_size=8).map(tuple), st.one_of(st.none(), _texts))
def test_any_structure_round_trips_and_renders_escaped(
    blocks: tuple[BodyBlock, ...], title: str | None
) -> None:
    again = tuple(BodyBlock.from_json(json.loads(json.dumps(b.to_json()))) for b in blocks)
    assert again == blocks
    rendered = to_html(title, blocks)
    texts = [
        title or "",
        *(b.text for b in blocks),
        *(c for b in blocks for r in b.rows for c in r),
    ]
    tags = rendered.count("<")
    assert tags == to_html(title, tuple(_blank(b) for b in blocks)).count("<")  # text adds no tag
    for text in texts:
        assert html.escape(text, quote=False) in rendered
    assert isinstance(to_markdown(title, blocks, links=True), str)


def _blank(block: BodyBlock) -> BodyBlock:
    rows = tuple(tuple("" for _ in row) for row in block.rows)
    return BodyBlock(block.kind, "", block.level, block.ordered, rows, block.head)
