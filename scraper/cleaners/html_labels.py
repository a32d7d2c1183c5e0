"""How the HTML cleaner's evidence becomes one label per block.

Vetoes first: chrome regions by class/id/role/tag (`containers.py`), chrome rules on the
text, link lists, the side cells of layout tables. Then the body: the extractor's votes when
they are trustworthy, with prose, headings and list items between voted blocks recovered;
otherwise our own densest run of prose.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from scraper.cleaners.containers import ChromeRegions, chrome_regions, container_vetoes
from scraper.cleaners.dom import HEADINGS, HIDDEN, DomPage
from scraper.cleaners.evidence import BlockEvidence
from scraper.cleaners.features import BlockStats, Quality, quality
from scraper.cleaners.heuristics import (
    BodyWeights,
    block_score,
    densest_run,
    match_block,
    match_rules,
    rule_hits,
)
from scraper.cleaners.labels import LAYOUT_COLUMN, LINK_LIST, NOT_MAIN_CONTENT, Label
from scraper.cleaners.layout import in_header_row, side_columns
from scraper.cleaners.rules import Rule, RuleSet
from scraper.records import Block

LINK_HEAVY = 0.5
RECOVER_TAGS = HEADINGS | {"li", "blockquote", "pre", "dd", "dt", "figcaption", "td"}
TRUST_SHARE = 0.3


@dataclass(slots=True)
class PageFacts:
    """What labelling reads that no vote changes: each block's size and text quality, the
    chrome regions around it; and the rule each block matched in the last pass, with
    whether it was judged then (matching depends on that, which the votes change for few
    blocks). Found once per page however many times it is labelled: the learned core labels
    a page once without trafilatura's vote, then again with it where it asks for the vote."""

    chars: list[int]
    qualities: list[Quality]
    regions: ChromeRegions
    judged: list[bool] | None = None
    matched: list[Rule | None] = field(default_factory=list)

    def match(
        self, blocks: Sequence[Block], stats: Sequence[BlockStats], rules: RuleSet,
        judged: list[bool],
    ) -> list[Rule | None]:
        """`match_rules`, matching again only the blocks judged otherwise than last time."""
        last = self.judged
        if last is None:
            matched = match_rules(blocks, stats, rules, judged)
        else:
            matched = [
                rule if now == then else match_block(block, s, rules, now)
                for block, s, now, then, rule in zip(
                    blocks, stats, judged, last, self.matched, strict=True
                )
            ]
        self.judged, self.matched = judged, matched
        return matched


def page_facts(dom: DomPage, stats: Sequence[BlockStats], rules: RuleSet) -> PageFacts:
    chars = [len(b.text) for b in dom.blocks]
    qualities = [_dom_quality(b, s) for b, s in zip(dom.blocks, stats, strict=True)]
    return PageFacts(chars, qualities, chrome_regions(dom, rules))


def label_blocks(
    dom: DomPage,
    stats: Sequence[BlockStats],
    voted: list[bool],
    rules: RuleSet,
    weights: BodyWeights,
    trusted: bool = False,
    facts: PageFacts | None = None,
) -> tuple[list[Label], BlockEvidence]:
    """Every block's label from its quality, the chrome regions and rules, the votes and the
    densest run of prose; with what each of them found. `facts`: the page's `page_facts`,
    where another pass found them already."""
    blocks = dom.blocks
    facts = facts or page_facts(dom, stats, rules)
    chars, qualities = facts.chars, list(facts.qualities)
    prose = [q is Quality.GOOD for q in qualities]
    regions = container_vetoes(dom, rules, chars, voted, prose, facts.regions)
    judged = [
        r is None and q is not Quality.BAD for r, q in zip(regions, qualities, strict=True)
    ]
    matched = facts.match(blocks, stats, rules, judged)
    matched = [  # a table's "Comment" column is no comments section
        None if r is not None and r.scope == "rest" and in_header_row(dom.owners[i]) else r
        for i, r in enumerate(matched)
    ]
    hits = rule_hits(matched, stats, weights, voted)
    vetoes = [
        h or r or (LINK_LIST if q is Quality.BAD else None)
        for h, r, q in zip(hits, regions, qualities, strict=True)
    ]
    side = side_columns(
        dom.owners,
        voted,
        [s.words if q is Quality.GOOD else 0.0 for s, q in zip(stats, qualities, strict=True)],
    )
    if any(side):
        voted = [v and not x for v, x in zip(voted, side, strict=True)]
        vetoes = [
            v or (LAYOUT_COLUMN if x else None) for v, x in zip(vetoes, side, strict=True)
        ]
    own = _densest(blocks, stats, qualities, vetoes, weights)
    if trusted or _trust_votes(blocks, voted, own):
        keep = _recover(blocks, voted, vetoes, qualities)
    else:
        keep = own
    labels = [None if k else (v or NOT_MAIN_CONTENT) for k, v in zip(keep, vetoes, strict=True)]
    return labels, BlockEvidence(qualities, matched, hits, own, regions, side, voted)


def _dom_quality(block: Block, stats: BlockStats) -> Quality:
    """Text quality, where links count against a block: a list of links is navigation, while
    a sentence that happens to link its nouns is still prose."""
    if HIDDEN in block.tokens:
        return Quality.BAD
    if block.link_density >= 0.9 or (block.link_density >= LINK_HEAVY and not stats.terminal):
        return Quality.BAD
    q = quality(stats)
    if q is Quality.BAD and block.link_density < 0.2:
        return Quality.SHORT
    return q


def _trust_votes(blocks: Sequence[Block], voted: Sequence[bool], own: Sequence[bool]) -> bool:
    """Follow the extractor unless it kept far less text than our own densest run (it latched
    onto a widget, or gave up)."""
    voted_chars = sum(len(b.text) for b, v in zip(blocks, voted, strict=True) if v)
    own_chars = sum(len(b.text) for b, k in zip(blocks, own, strict=True) if k)
    return voted_chars > 0 and voted_chars >= TRUST_SHARE * own_chars


def _recover(
    blocks: Sequence[Block],
    voted: Sequence[bool],
    vetoes: Sequence[Label],
    qualities: Sequence[Quality],
) -> list[bool]:
    """Voted blocks that no veto removed, plus unvoted prose, headings and list items that
    lie between the first and last voted block."""
    voted_at = [i for i, v in enumerate(voted) if v and vetoes[i] is None]
    if not voted_at:
        return [False] * len(blocks)
    first, last = voted_at[0], voted_at[-1]
    keep = []
    for i, block in enumerate(blocks):
        if vetoes[i] is not None:
            keep.append(False)
        elif voted[i]:
            keep.append(True)
        elif first < i < last:
            keep.append(qualities[i] is Quality.GOOD or block.kind in RECOVER_TAGS)
        else:
            keep.append(False)
    return keep


def _densest(
    blocks: Sequence[Block],
    stats: Sequence[BlockStats],
    qualities: Sequence[Quality],
    vetoes: Sequence[Label],
    weights: BodyWeights,
) -> list[bool]:
    scores = [
        block_score(q, s.words, veto is not None, weights)
        for q, s, veto in zip(qualities, stats, vetoes, strict=True)
    ]
    start, end = densest_run(scores)
    return [start <= i <= end and vetoes[i] is None for i in range(len(blocks))]
