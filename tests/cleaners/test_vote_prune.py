"""The vote reads the page without the subtrees the first block model is sure are chrome
(`vote_prune_below` in `models.toml`): what it no longer reads it cannot vote for, what it
still reads it votes on as before, and the page itself is left whole."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from scraper.cleaners import cleaners
from scraper.cleaners.dom import Segmenter, parse_html
from scraper.cleaners.vote import sure_chrome_subtrees, trafilatura_text
from scraper.config import CleanerConfig
from scraper.records import Page
from tests.support.block_models import feature_names, models_config, stump

PROSE = (
    "The harbour board moved the first crossing to six in the morning, and the ferry now "
    "leaves before the bakery on the quay opens its doors to the early commuters. {}"
)
QUOTE = (
    "We asked for an earlier boat for years, and now that it is here the whole quay will "
    "have to wake up with it, said the owner of the bakery on the corner of the harbour."
)
RAIL = (
    "The new timetable also moves the evening crossing, which will now leave the quay at a "
    "quarter past nine instead of nine, to wait for the last train from the city."
)  # in a side rail (`related.list` region) trafilatura keeps
PAGE = f"""<html><head><title>Ferry timetable changes</title></head><body>
<div id="top"><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li></ul></div>
<div id="story"><h1>Ferry timetable changes</h1>
<p>{PROSE.format(1)}</p><blockquote>{QUOTE}</blockquote><p>{PROSE.format(2)}</p>
<div class="rail"><p>{RAIL}</p></div>
<p>{PROSE.format(3)}</p><p>{PROSE.format(4)}</p></div>
<div id="side"><p>Most read</p><p>Tide tables</p>after the side box</div>
</body></html>"""


def test_the_largest_subtrees_of_sure_chrome_are_left_out() -> None:
    tree = parse_html(PAGE)
    dom = Segmenter().run(tree)
    texts = [block.text for block in dom.blocks]
    chrome = {"Home", "News", "Most read", "Tide tables"}
    subtrees = sure_chrome_subtrees(dom.owners, [text in chrome for text in texts])
    # the menu's box as a whole, not each item; the side box's paragraphs, not the box, whose
    # own loose text ("after the side box") is a block the model is not sure of
    assert sorted((e.tag, e.get("id")) for e in subtrees) == [
        ("div", "top"), ("p", None), ("p", None),
    ]
    assert {e.text_content() for e in subtrees if e.tag == "p"} == {"Most read", "Tide tables"}
    assert sure_chrome_subtrees(dom.owners, [False] * len(texts)) == []
    assert sure_chrome_subtrees(dom.owners, [True] * len(texts)) == []  # nothing to compare with


def test_the_vote_does_not_read_what_is_left_out_and_the_page_stays_whole() -> None:
    tree = parse_html(PAGE)
    dom = Segmenter().run(tree)
    before = etree.tostring(tree)
    quote = next(o for o, b in zip(dom.owners, dom.blocks, strict=True) if b.text == QUOTE)
    whole = trafilatura_text(tree, None)
    without = trafilatura_text(tree, None, [quote])
    assert "whole quay will have to wake up" in whole
    assert "whole quay will have to wake up" not in without
    assert PROSE.format(4)[:60] in without
    assert etree.tostring(tree) == before


def learned_config(tmp_path: Path, column: str, prune: str) -> CleanerConfig:
    """Models unsure of every block (50 %) but those with `column` set, which the first
    one is sure are chrome (0.7 %): the vote is asked on every page."""
    names = feature_names()
    unsure = stump(names, column, 0.0, 0.0)
    return models_config(tmp_path, stump(names, column, -5.0, 0.0), unsure, unsure, prune)


def voted(tmp_path: Path, column: str, prune: str, text: str) -> tuple[bool, bool]:
    """Whether trafilatura ran, and whether it voted for the block of `text`."""
    judged = cleaners(learned_config(tmp_path, column, prune))[1].judge(
        Page(content=PAGE, origin="t"), PAGE
    )
    assert judged.evidence.voted is not None
    at = [block.text for block in judged.dom.blocks].index(text)
    return judged.extractor_ran, judged.evidence.voted[at]


def test_chrome_the_first_model_is_sure_of_gets_no_vote_once_pruning_is_on(
    tmp_path: Path,
) -> None:
    """The rail's paragraph: sure chrome to the first model, in a chrome region."""
    on = "vote_prune_below = 0.2\n"
    assert voted(tmp_path / "off", "region.related", "", RAIL) == (True, True)
    assert voted(tmp_path / "on", "region.related", on, RAIL) == (True, False)
    assert voted(tmp_path / "prose", "region.related", on, PROSE.format(1)) == (True, True)


def test_prose_the_first_model_doubts_is_still_read(tmp_path: Path) -> None:
    """A quotation the first model is sure is chrome, but that reads as prose and lies in no
    chrome region: the vote still reads it, and can speak for it."""
    on = "vote_prune_below = 0.2\n"
    assert voted(tmp_path, "kind.blockquote", on, QUOTE) == (True, True)
