"""Chrome containers: page regions whose class, id, role or tag says what they are.

`<div class="newsletter-signup">`, `<aside>`, `<nav>`, `role="contentinfo"` mark whole
regions as chrome. Rules name their class tokens in `defaults/rules/*.toml` (`html.class_tokens`).
A region only counts as chrome when it is small next to the page (or, large, when the votes
left it out) and is not made of prose: a theme that wraps the article in
`<div class="post has-comments">` or hangs a script hook like `js-social-images` on it must
not veto the article. When no other evidence says where the article is, a region made of
running prose is not vetoed either.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from lxml import etree

from scraper.cleaners.dom import DomPage
from scraper.cleaners.labels import Label, RuleId
from scraper.cleaners.rules import Rule, RuleSet

MAX_SHARE_OF_PAGE = 0.4
VOTED_SHARE = 0.1
PROSE_BLOCKS = 2
PROSE_SHARE = 0.6
ARTICLE_SHARE = 0.5
NEARLY_ALL = 0.75
SIZEABLE_VOTES = 1500  # characters
STORY_CHARS = 600


@dataclass(frozen=True, slots=True)
class ChromeRegions:
    """The page's elements whose class, id, role or tag names a chrome rule, and per block
    the named regions around it, innermost first: what the names say, whatever the votes
    (found once per page however many times it is labelled)."""

    named: dict[etree._Element, Rule]
    chains: list[tuple[etree._Element, ...]]


def chrome_regions(page: DomPage, rules: RuleSet) -> ChromeRegions:
    lookup = rules.region_rules
    named = {
        node: rule
        for node, tokens in page.own_tokens.items()
        if (rule := next((lookup[t] for t in sorted(tokens) if t in lookup), None))
    }
    return ChromeRegions(named, _chains(page.owners, named) if named else [])


def container_vetoes(
    page: DomPage,
    rules: RuleSet,
    chars: Sequence[int],
    protected: Sequence[bool],
    prose: Sequence[bool],
    regions: ChromeRegions | None = None,
) -> list[Label]:
    """Per block, the rule id of the smallest chrome region it sits in, or None.

    `chars[i]` is the text size of block i; `protected[i]` marks blocks that other evidence
    says are article text (a region holding most of them is not chrome); `prose[i]` marks
    blocks of running prose. `regions`: the page's `chrome_regions`, where already found.
    """
    regions = regions or chrome_regions(page, rules)
    named, chains = regions.named, regions.chains
    if not named:
        return [None] * len(page.owners)
    sizes = _region_sizes(chains, chars, protected, prose)
    total = sum(chars) or 1
    protected_total = sum(c for c, p in zip(chars, protected, strict=True) if p) or 1
    cleared = _holding_the_article(chains, named, chars, protected, prose)
    verdict: dict[etree._Element, Rule | None] = {}
    result: list[Label] = []
    for chain in chains:
        rule = None
        for node in chain:  # innermost first
            if node not in verdict:
                verdict[node] = (
                    None
                    if named[node].id in cleared
                    else _region(named[node], sizes[node], total, protected_total)
                )
            if verdict[node] is not None:
                rule = verdict[node]
                break
        result.append(rule.id if rule else None)
    return result


def _holding_the_article(
    chains: Sequence[tuple[etree._Element, ...]],
    named: dict[etree._Element, Rule],
    chars: Sequence[int],
    votes: Sequence[bool],
    prose: Sequence[bool],
) -> set[RuleId]:
    """Rules whose regions, taken together, hold the article on this page, so their class
    names are not chrome here, however small each region is.

    A rule marked `story_wrapper` needs most of the voted text or most of the running prose:
    a photo blog wraps each picture and its paragraphs in `<div class="caption-image">`. Any
    other rule needs nearly all of a sizeable voted text: a test report whose every section
    is `<section class="TestReport__Section--Ads">`, a site whose paragraphs sit in
    `pnlTeaser` panels. (Comments or a sidebar the extractor strayed into hold part of the
    votes, or all of a few hundred characters.)"""
    story = {rule.id for rule in named.values() if rule.story_wrapper}
    voted_total = sum(c for c, v in zip(chars, votes, strict=True) if v)
    cleared = {
        rule_id
        for rule_id, size in _held(chains, named, chars, votes).items()
        if size > (ARTICLE_SHARE if rule_id in story else NEARLY_ALL) * voted_total
        and (rule_id in story or voted_total >= SIZEABLE_VOTES)
    }
    prose_total = sum(c for c, p in zip(chars, prose, strict=True) if p)
    held_prose = _held(chains, named, chars, prose, story)
    cleared.update(r for r, size in held_prose.items() if size > ARTICLE_SHARE * prose_total)
    return cleared


def _held(
    chains: Sequence[tuple[etree._Element, ...]],
    named: dict[etree._Element, Rule],
    chars: Sequence[int],
    marked: Sequence[bool],
    only: set[RuleId] | None = None,
) -> dict[RuleId, int]:
    """Per rule, the marked text inside its regions (each block counted once per rule)."""
    held: dict[RuleId, int] = {}
    for chain, size, mark in zip(chains, chars, marked, strict=True):
        if mark and chain:
            for rule_id in {named[node].id for node in chain}:
                if only is None or rule_id in only:
                    held[rule_id] = held.get(rule_id, 0) + size
    return held


def _chains(
    owners: Sequence[etree._Element], named: dict[etree._Element, Rule]
) -> list[tuple[etree._Element, ...]]:
    """Per block, the named regions around it, innermost first. Each element's chain is
    worked out once: blocks share their ancestors."""
    memo: dict[etree._Element, tuple[etree._Element, ...]] = {}
    result = []
    for owner in owners:
        path: list[etree._Element] = []
        node: etree._Element | None = owner
        while node is not None and node not in memo:
            path.append(node)
            node = node.getparent()
        chain = memo[node] if node is not None else ()
        for element in reversed(path):
            if element in named:
                chain = (element, *chain)
            memo[element] = chain
        result.append(memo[owner])
    return result


def _region(rule: Rule, size: list[int], total: int, protected_total: int) -> Rule | None:
    chars, protected_chars, prose_chars, prose_blocks = size
    unguided = protected_total <= 1
    if protected_chars > 0.5 * protected_total:
        return None
    # a large region may be the article's wrapper, unless the votes left it (nearly) all out:
    # sixty comments under a short story outweigh it and are still comments
    if chars > MAX_SHARE_OF_PAGE * total and (unguided or protected_chars > VOTED_SHARE * chars):
        return None
    if unguided and prose_blocks >= PROSE_BLOCKS and prose_chars >= PROSE_SHARE * chars:
        return None
    if rule.story_wrapper and prose_chars >= STORY_CHARS and prose_chars >= PROSE_SHARE * chars:
        return None  # a caption is a line or two; paragraphs of prose are the story
    return rule


def _region_sizes(
    chains: Sequence[tuple[etree._Element, ...]],
    chars: Sequence[int],
    protected: Sequence[bool],
    prose: Sequence[bool],
) -> dict[etree._Element, list[int]]:
    """Per named region: text size, protected size, prose size, prose blocks."""
    sizes: dict[etree._Element, list[int]] = {}
    for chain, size, keep, running in zip(chains, chars, protected, prose, strict=True):
        for node in chain:
            entry = sizes.setdefault(node, [0, 0, 0, 0])
            entry[0] += size
            entry[1] += size if keep else 0
            entry[2] += size if running else 0
            entry[3] += running
    return sizes
