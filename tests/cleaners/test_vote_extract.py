"""trafilatura's vote through the lean path gives the body its public entry gives."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import trafilatura
from lxml import etree
from lxml.html import HtmlElement

from scraper.cleaners import vote_extract
from scraper.cleaners.dom import drop_code, parse_html
from scraper.cleaners.vote import body_text
from scraper.cleaners.vote_extract import _Lean, _stages, bare_body, extracted_body

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
SENTENCE = "Sentence {} of the report says what the council decided about the bridge repairs."


def _story(paragraphs: int, start: int = 0) -> str:
    return "".join(f"<p>{SENTENCE.format(start + i)}</p>" for i in range(paragraphs))


def _tree(markup: str) -> HtmlElement:
    """The tree as the cleaner hands it to the vote: parsed, code dropped."""
    tree = parse_html(markup)
    drop_code(tree)
    return tree


def _pages() -> Iterator[tuple[str, str]]:
    for folder in sorted(FIXTURES.glob("html-*")):
        yield folder.name, (folder / "page.html").read_text(encoding="utf-8")
    nav = "<nav><ul>" + "".join(f"<li><a href='/{i}'>Section {i}</a></li>" for i in range(30))
    nav += "</ul></nav>"
    yield "comments section", (
        f"<html><body>{nav}<article>{_story(12)}</article>"
        f"<div id='comments' class='comments-area'>{_story(6, 100)}</div></body></html>"
    )
    yield "infinite scroll follow-up", (
        f"<html><body><article><h1>Title</h1>{_story(10)}</article>"
        f"<div class='infinite-scroll-wrap'>{_story(10, 200)}</div></body></html>"
    )
    yield "forum thread", (
        '<html><head><script type="application/ld+json">{"@type": "DiscussionForumPosting"}'
        f"</script></head><body><div class='comment'>{_story(8)}</div></body></html>"
    )
    yield "short page (rescue)", "<html><body><div>Only a line of text here.</div></body></html>"
    lead = " ".join(SENTENCE.format(i) for i in range(4))
    yield "short extraction of a long page (escalation)", (
        f"<html><body>{nav}<article><p>{lead}</p></article>"
        + "".join(f"<div>{SENTENCE.format(i)} {SENTENCE.format(i + 1)}</div>" for i in range(40))
        + "</body></html>"
    )
    yield "long footer (the rendering settles the escalation)", (
        f"<html><body><article>{_story(4)}</article>"
        f"<footer>{_story(40, 300)}</footer></body></html>"
    )
    yield "nothing to extract", "<html><body><nav><a href='/'>Home</a></nav></body></html>"


PAGES = list(_pages())


@pytest.mark.parametrize(("name", "markup"), PAGES, ids=[name for name, _ in PAGES])
def test_the_lean_path_extracts_the_lines_bare_extraction_does(name: str, markup: str) -> None:
    tree = _tree(markup)
    before = etree.tostring(tree)
    assert body_text(_lean()(tree, None)) == body_text(bare_body(tree, None))
    assert etree.tostring(tree) == before  # the cleaner's own tree is left as it was


def test_the_pages_reach_every_stage_the_lean_path_changes() -> None:
    """The pages above are worth comparing on: they prune comments and infinite scroll,
    rescue, escalate, and settle the escalation's test both with and without rendering."""
    stages = _stages()
    seen: dict[str, int] = {}

    def counted(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def call(*args: Any, **kwargs: Any) -> Any:
            seen[name] = seen.get(name, 0) + 1
            return function(*args, **kwargs)

        return call

    watched = replace(
        stages,
        prune=counted("prune", stages.prune),
        baseline=counted("baseline", stages.baseline),
        html2txt=counted("html2txt", stages.html2txt),
        extract_content=counted("extract", stages.extract_content),
    )
    for _name, markup in PAGES:
        _Lean(watched).body(_tree(markup), None)
    assert seen["prune"] >= 2 and seen["baseline"] >= 1 and seen["html2txt"] >= 1
    assert seen["extract"] > len(PAGES)  # some page was extracted again, with recall


@pytest.mark.parametrize(("name", "markup"), PAGES[-5:], ids=[name for name, _ in PAGES[-5:]])
def test_the_bound_answers_the_escalation_test_as_the_rendering_does(
    name: str, markup: str
) -> None:
    stages = _stages()
    lean = _Lean(stages)
    tree = _tree(markup)
    rendered = len(stages.html2txt(tree))
    for extracted in range(0, 3 * rendered + 10, max(1, rendered // 40)):
        expected = extracted < stages.escalation_page_share * rendered
        assert lean._covers_little(tree, extracted) is expected


def test_an_untested_trafilatura_goes_through_bare_extraction(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    vote_extract._extractor.cache_clear()
    monkeypatch.setattr(trafilatura, "__version__", "99.0")
    try:
        assert vote_extract._extractor() is bare_body
    finally:
        vote_extract._extractor.cache_clear()


def test_a_missing_internal_falls_back_to_bare_extraction(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A release that renamed an internal: the lean path is off, bare_extraction votes."""
    import trafilatura.core

    vote_extract._extractor.cache_clear()
    # read by bare_extraction only when it escalates, which the page below does not
    monkeypatch.delattr(trafilatura.core, "ESCALATION_ACCEPT_RATIO")
    try:
        assert vote_extract._extractor() is bare_body
        tree = _tree(f"<html><body><article>{_story(10)}</article></body></html>")
        assert SENTENCE.format(9) in body_text(extracted_body(tree, None))
    finally:
        vote_extract._extractor.cache_clear()


def test_the_tested_version_takes_the_lean_path() -> None:
    """The guard lets the version the lean path was checked on through (else every test
    above would compare bare_extraction with itself)."""
    vote_extract._extractor.cache_clear()
    assert trafilatura.__version__ in vote_extract.TESTED_VERSIONS
    assert vote_extract._extractor() is not bare_body


def _lean() -> vote_extract.Extract:
    return _Lean(_stages()).body
