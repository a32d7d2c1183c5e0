"""Feature rows of the learned block model's input: one per block, in the named order, holding
what the cleaner's own stages found for it."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from scraper.cleaners import cleaners
from scraper.cleaners.block_features import FeatureSpace
from scraper.records import Page

PROSE = (
    "The harbour board moved the first crossing to six in the morning, and the ferry now "
    "leaves before the bakery on the quay opens its doors to the early commuters."
)
HTML = f"""<html><head><title>Ferry timetable changes</title></head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li></ul></nav>
<article><h1>Ferry timetable changes</h1><p>{PROSE}</p><p>{PROSE}</p><p>{PROSE}</p></article>
<div class="newsletter-signup"><p>Sign up for our newsletter</p></div>
</body></html>"""
TEXT = (
    f"Ferry timetable changes\n\nHome | News | Sport\n\n{PROSE}\n\n{PROSE}\n\n"
    "Sign up for our newsletter\n"
)


def space() -> FeatureSpace:
    text_cleaner, _html = cleaners()
    return FeatureSpace(text_cleaner.rules.groups)


def column(names: tuple[str, ...], rows: list[list[float]], name: str) -> list[float]:
    return [row[names.index(name)] for row in rows]


def test_html_rows_name_every_column_and_carry_the_stages_findings() -> None:
    _text, html_cleaner = cleaners()
    judged = html_cleaner.judge(Page(content=HTML, origin="t"), HTML)
    names = space().names
    rows = space().rows(judged.dom.blocks, judged.stats, judged.evidence, judged.hand)
    assert len(rows) == len(judged.dom.blocks) and {len(row) for row in rows} == {len(names)}
    texts = [block.text for block in judged.dom.blocks]
    prose, signup = texts.index(PROSE), texts.index("Sign up for our newsletter")
    assert column(names, rows, "kept")[prose] == 1.0
    assert column(names, rows, "quality.good")[prose] == 1.0
    assert column(names, rows, "kind.p")[prose] == 1.0
    assert column(names, rows, "kept")[signup] == 0.0
    newsletter = column(names, rows, "rule.newsletter")[signup]
    assert newsletter == 1.0 or column(names, rows, "region.newsletter")[signup] == 1.0


def test_text_rows_have_no_votes_and_neighbours_repeat_their_own_values() -> None:
    text_cleaner, _html = cleaners()
    judged = text_cleaner.judge(Page(content=TEXT, origin="t"), TEXT)
    names = space().names
    rows = space().rows(judged.blocks, judged.stats, judged.evidence, judged.hand)
    assert set(column(names, rows, "voted")) == {0.0}
    words, before = column(names, rows, "log_words"), column(names, rows, "log_words@-1")
    kept, kept_after = column(names, rows, "kept"), column(names, rows, "kept@+1")
    assert before[1:] == words[:-1] and before[0] == 0.0
    assert kept_after[:-1] == kept[1:]
    assert column(names, rows, "in_run")[[b.text for b in judged.blocks].index(PROSE)] == 1.0


def test_no_blocks_no_rows() -> None:
    empty = cleaners()[0].judge(Page(content="", origin="t"), "")
    assert empty.blocks == [] and space().rows([], [], empty.evidence, []) == []


def test_rows_made_again_from_an_earlier_labelling_equal_rows_made_afresh() -> None:
    """The learned core's second labelling (with trafilatura's vote) takes the columns of
    the page's own text and shape from the first one's rows: what it judges anew must all
    be written again, an earlier group column cleared included."""
    _text, html_cleaner = cleaners()
    page = Page(content=HTML, origin="t")
    first = html_cleaner.judge(page, HTML, votes="never")
    second = html_cleaner.judge(page, HTML, votes="always")
    blocks, stats = second.dom.blocks, second.stats
    unmatched = replace(
        second.evidence,
        matched=[None] * len(blocks),
        regions=[None] * len(blocks),
        voted=[not v for v in second.evidence.voted or []],
    )
    earlier = space().matrix(first.dom.blocks, first.stats, first.evidence, first.hand)
    names = space().names
    groups = [at for at, name in enumerate(names) if name.startswith(("rule.", "region."))]
    assert earlier[:, groups].any()  # the sign-up line's group, to be cleared
    for evidence, labels in ((second.evidence, second.hand), (unmatched, first.hand)):
        again = space().matrix(blocks, stats, evidence, labels, earlier=earlier)
        fresh = space().matrix(blocks, stats, evidence, labels)
        assert np.array_equal(again, fresh)
        assert not np.array_equal(again, earlier)
    assert not again[:, groups].any()
