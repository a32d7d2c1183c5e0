"""The compiled first pass of the marked-title search (`_marks.pyx`) hands `marked_title`
every element its Python loop would take, so both find the same title: on every fixture page
and on markup built for its corners (the node limit, comments and processing instructions
counted as lxml's `iter()` counts them, case, an attribute that is not one text node). Where
the package was installed without it, these tests say so and skip."""

from __future__ import annotations

from collections.abc import Callable
from itertools import islice

import pytest
from lxml import etree, html

from scraper.cleaners.dom import parse_html
from scraper.normalize import post_title
from tests.conftest import FIXTURES

needs_compiled = pytest.mark.skipif(
    post_title.COMPILED_MARKS is None, reason="the package was installed without _marks"
)
LIMIT = post_title.SEARCH_LIMIT


def both_ways(tree: etree._Element) -> tuple[str | None, str | None]:
    compiled = post_title.marked_title(tree)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(post_title, "COMPILED_MARKS", None)
        reference = post_title.marked_title(tree)
    return compiled, reference


def marked_by_python(tree: etree._Element) -> list[etree._Element]:
    """Every element among the first nodes whose marks pass the Python loop's tests."""
    found = []
    for element in islice(tree.iter(), LIMIT + 1):
        marks = f"{element.get('class') or ''} {element.get('id') or ''}"
        named = ("title" in marks.lower() or "head" in marks.lower()) and bool(
            post_title._POST_TITLE.search(marks)
        )
        if isinstance(element.tag, str) and (element.get("itemprop") == "headline" or named):
            found.append(element)
    return found


@needs_compiled
def test_every_fixture_page_gives_the_same_title_both_ways() -> None:
    pages = sorted(FIXTURES.glob("*/page.html"))
    assert len(pages) > 40
    titled = 0
    for page in pages:
        tree = parse_html(page.read_text("utf-8", errors="replace"))
        compiled, reference = both_ways(tree)
        assert compiled == reference, page
        titled += compiled is not None
        candidates = set(post_title.COMPILED_MARKS(tree, LIMIT))  # type: ignore[misc]
        assert set(marked_by_python(tree)) <= candidates, page
    assert titled >= 3  # the search is exercised, not only its misses


def _page(before: str, title_mark: str) -> etree._Element:
    """lxml.html's parse, which keeps comments (`parse_html` drops them, and PIs)."""
    return html.document_fromstring(
        f"<html><body>{before}<div><h2 {title_mark}>The Headline Itself</h2>"
        "<p>Body text.</p></div></body></html>"
    )


def _xml_page(before: str) -> etree._Element:
    """An XML tree, where processing instructions stay what they are."""
    return etree.fromstring(
        f"<html><body>{before}<div><h2 class='entry-title'>The Headline Itself</h2>"
        "<p>Body text.</p></div></body></html>"
    )


@needs_compiled
@pytest.mark.parametrize(
    "mark",
    [
        'class="Entry-TITLE"',
        'id="post_headline"',
        'itemprop="headline"',
        'class="x" id="article-title"',
        'class="entry-&#116;itle"',  # a character reference: one text node after parsing
        'class="pre headline post"',
    ],
)
def test_a_marked_title_is_found_both_ways(mark: str) -> None:
    compiled, reference = both_ways(_page("<!-- c --><?pi x?>", mark))
    assert compiled == reference == "The Headline Itself"


@needs_compiled
@pytest.mark.parametrize("mark", ['class="subtitle-box"', 'class="masthead"', 'itemprop="name"'])
def test_marks_that_name_no_post_title_are_passed_over_both_ways(mark: str) -> None:
    compiled, reference = both_ways(_page("", mark))
    assert compiled is reference is None


@needs_compiled
@pytest.mark.parametrize(
    ("page", "filler"),
    [
        (lambda before: _page(before, 'class="entry-title"'), "<span>x</span>"),
        (lambda before: _page(before, 'class="entry-title"'), "<!-- note -->"),
        (_xml_page, "<?pi note?>"),
        (_xml_page, "<b><i>x</i></b>"),
    ],
)
def test_the_node_limit_counts_as_lxmls_iter_counts(
    page: Callable[[str], etree._Element], filler: str
) -> None:
    """The title is the (n + 3)rd node after n fillers of one node each (html, body, the
    fillers, div, h2): seen while that is within the limit, both ways; comments and
    processing instructions count, as `iter()` yields them."""
    per_filler = len(list(page(filler).iter())) - len(list(page("").iter()))
    found = []
    for spare in (-1, 0, 1):
        fillers = (LIMIT - 3) // per_filler + spare
        compiled, reference = both_ways(page(filler * fillers))
        assert compiled == reference
        found.append(compiled)
    assert found[0] == "The Headline Itself" and found[2] is None
