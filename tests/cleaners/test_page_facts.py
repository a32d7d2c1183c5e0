"""What labelling finds once a page (`PageFacts`) gives the labels a fresh pass gives, in
whichever order the passes come: without the vote, then with it, as the learned core does."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from scraper.cleaners import cleaners
from scraper.cleaners.dom import Segmenter, drop_code, parse_html
from scraper.cleaners.features import block_stats
from scraper.cleaners.heuristics import BodyWeights
from scraper.cleaners.html_labels import label_blocks, page_facts
from scraper.cleaners.vote import trafilatura_text, votes
from scraper.normalize.language import stopwords

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
PAGES = sorted(FIXTURES.glob("html-*/page.html"))


@pytest.mark.parametrize("path", PAGES, ids=[p.parent.name for p in PAGES])
def test_labels_with_the_page_facts_are_those_of_a_fresh_pass(path: Path) -> None:
    rules = cleaners()[1].rules
    tree = parse_html(path.read_text(encoding="utf-8"))
    drop_code(tree)
    dom = Segmenter().run(tree)
    stats = block_stats(dom.blocks, stopwords("en"))
    n = len(dom.blocks)
    voted = votes(dom.blocks, trafilatura_text(dom.tree, None))
    scrambled = random.Random(n).choices([True, False], k=n)  # votes of another shape
    facts = page_facts(dom, stats, rules)
    for guide in ([False] * n, voted, scrambled, voted):
        fresh = label_blocks(dom, stats, list(guide), rules, BodyWeights())
        shared = label_blocks(dom, stats, list(guide), rules, BodyWeights(), False, facts)
        assert shared == fresh
