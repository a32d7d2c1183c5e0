"""The compiled walk (`_walk.pyx`) finds what the Python walk finds: the same blocks (text,
kind, path, link density, tokens), owners, named elements and marked elements, in the same
order, on every fixture page and on markup built to reach its corners. Where the package was
installed without it (no compiler), these tests say so and skip; the Python walk is then the
only one and the rest of the suite is its test."""

from __future__ import annotations

from dataclasses import astuple
from pathlib import Path

import pytest
from lxml import etree, html

from scraper.cleaners import cleaners, dom
from scraper.cleaners.deadline import Deadline
from scraper.cleaners.dom import DomPage, Segmenter, drop_code, parse_html
from scraper.compiled import compiled
from scraper.config import CleanerConfig
from scraper.errors import Timeout

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
NAMED = cleaners(CleanerConfig())[1].rules.class_tokens

needs_compiled = pytest.mark.skipif(
    dom.COMPILED_WALK is None, reason="the package was installed without the compiled walk"
)


def _found(page: DomPage) -> tuple[object, ...]:
    return (
        [astuple(block) for block in page.blocks],
        page.owners,
        list(page.own_tokens.items()),
        page.marked,
    )


def _same_both_ways(tree: etree._Element) -> DomPage:
    for named in (NAMED, None):
        python = Segmenter(named=named, compiled=False).run(tree)
        compiled = Segmenter(named=named).run(tree)
        assert _found(compiled) == _found(python)
    return compiled


@needs_compiled
@pytest.mark.parametrize(
    "page", sorted(FIXTURES.glob("*/page.html")), ids=lambda path: path.parent.name
)
def test_every_fixture_page_walks_the_same(page: Path) -> None:
    tree = parse_html(page.read_bytes())
    drop_code(tree)
    assert _same_both_ways(tree).blocks


CORNERS = """<html><body class="page  home" id="top">
<div class="" id="">Empty names</div>
<div class="a&amp;b" ID="x" data-x="1" hidden>Entity in a name, an upper-case key</div>
<p style="DISPLAY : None">Hidden by style</p><p style="color: red">Shown</p>
<p class="hidden lg:flex">Shown on large screens</p>
<span class="byline" rel="author">By Someone</span><time datetime="2020-01-01">Jan 1</time>
<og:meta class="x">A prefixed tag</og:meta>
<div itemprop="articleBody" role="main">Lead <a class="more" href="#">linked words</a> tail
<b class="x y">bold</b><br>one break<br><br>two breaks <section>nested block</section> after
</div>
<table><tr><td class="cell">a cell</td><td>another</td></tr></table>
<ul class="share"><li><a href="#"> </a></li><li>   </li></ul>
<pre>  code
   kept  </pre>
</body></html>"""


@needs_compiled
def test_names_entities_breaks_and_whitespace_walk_the_same() -> None:
    found = _same_both_ways(parse_html(CORNERS))
    texts = [block.text for block in found.blocks]
    assert "one break" in " ".join(texts) and "two breaks" in texts
    assert any("@hidden" in block.tokens for block in found.blocks)


@needs_compiled
def test_comments_instructions_and_their_tails_walk_the_same() -> None:
    """`parse_html` drops comments and processing instructions, but a tree parsed elsewhere
    keeps them: they are no blocks, while the text after them is."""
    markup = (
        "<html><body><p>before<!-- a note -->after the note</p><?pi x?>tail of a pi</body></html>"
    )
    tree = html.document_fromstring(markup)
    found = _same_both_ways(tree)
    assert [block.text for block in found.blocks] == ["beforeafter the note", "tail of a pi"]


@needs_compiled
def test_a_page_without_body_walks_the_same() -> None:
    found = _same_both_ways(html.fragment_fromstring("<div><p>alone</p></div>"))
    assert [block.text for block in found.blocks] == ["alone"]


@needs_compiled
def test_the_compiled_walk_checks_the_budget() -> None:
    tree = parse_html("<html><body>" + "<p>x</p>" * 4000 + "</body></html>")
    with pytest.raises(Timeout, match="stopped at segmentation"):
        Segmenter(Deadline(1e-9)).run(tree)


def test_the_python_walk_is_chosen_when_asked_or_when_lxml_changed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    walk = (dom._walk_module, "walk")
    monkeypatch.setenv("SCRAPER_PURE_PYTHON", "1")
    assert compiled(*walk, reads_lxml=True) is None
    monkeypatch.delenv("SCRAPER_PURE_PYTHON")
    monkeypatch.setattr(etree, "__version__", "0.0.0")  # built for another lxml
    assert compiled(*walk, reads_lxml=True) is None
    assert Segmenter(compiled=False).compiled is False
