"""Chrome containers: page regions whose class, id, role or tag says what they are.

`<div class="newsletter-signup">`, `<aside>`, `<nav>`, `role="contentinfo"` mark whole
regions as chrome. Rules name their class tokens in `config/rules/*.toml` (`html.class_tokens`).
A region only counts as chrome when it is small next to the page and is not made of prose:
a theme that wraps the article in `<div class="post has-comments">` or hangs a script hook
like `js-social-images` on it must not veto the article. When no other evidence says where
the article is, a region made of running prose is not vetoed either.
"""

from __future__ import annotations

from collections.abc import Sequence

from lxml import etree

from scraper.cleaners.dom import NO_TOKENS, DomPage
from scraper.cleaners.rules import Rule, RuleSet

MAX_SHARE_OF_PAGE = 0.4
PROSE_BLOCKS = 2
PROSE_SHARE = 0.6
_OWN_TOKEN_ATTRS = ("class", "id", "role")


def token_rules(rules: RuleSet) -> dict[str, Rule]:
    found: dict[str, Rule] = {}
    for rule in rules.rules:
        for token in rule.class_tokens:
            found.setdefault(token, rule)
    return found


def container_vetoes(
    page: DomPage,
    rules: RuleSet,
    chars: Sequence[int],
    protected: Sequence[bool],
    prose: Sequence[bool],
) -> list[str | None]:
    """Per block, the rule id of the smallest chrome region it sits in, or None.

    `chars[i]` is the text size of block i; `protected[i]` marks blocks that other evidence
    says are article text (a region holding most of them is not chrome); `prose[i]` marks
    blocks of running prose.
    """
    lookup = token_rules(rules)
    total = sum(chars) or 1
    protected_total = sum(c for c, p in zip(chars, protected, strict=True) if p) or 1
    region_rule: dict[etree._Element, Rule | None] = {}
    result: list[str | None] = []
    sizes = _region_sizes(page, chars, protected, prose)
    for owner in page.owners:
        rule = None
        node: etree._Element | None = owner
        while node is not None:
            if node not in region_rule:
                region_rule[node] = _region(
                    page.own_tokens.get(node, NO_TOKENS),
                    node,
                    lookup,
                    sizes,
                    total,
                    protected_total,
                )
            if region_rule[node] is not None:
                rule = region_rule[node]
                break
            node = node.getparent()
        result.append(rule.id if rule else None)
    return result


def _region(
    tokens: frozenset[str],
    node: etree._Element,
    lookup: dict[str, Rule],
    sizes: dict[etree._Element, list[int]],
    total: int,
    protected_total: int,
) -> Rule | None:
    if not tokens:
        return None
    rule = next((lookup[t] for t in sorted(tokens) if t in lookup), None)
    if rule is None:
        return None
    chars, protected_chars, prose_chars, prose_blocks = sizes.get(node, [0, 0, 0, 0])
    if chars > MAX_SHARE_OF_PAGE * total or protected_chars > 0.5 * protected_total:
        return None
    unguided = protected_total <= 1
    if unguided and prose_blocks >= PROSE_BLOCKS and prose_chars >= PROSE_SHARE * chars:
        return None
    return rule


def _region_sizes(
    page: DomPage, chars: Sequence[int], protected: Sequence[bool], prose: Sequence[bool]
) -> dict[etree._Element, list[int]]:
    """Per element that holds blocks: text size, protected size, prose size, prose blocks."""
    sizes: dict[etree._Element, list[int]] = {}
    for owner, size, keep, running in zip(page.owners, chars, protected, prose, strict=True):
        node: etree._Element | None = owner
        while node is not None:
            entry = sizes.setdefault(node, [0, 0, 0, 0])
            entry[0] += size
            entry[1] += size if keep else 0
            entry[2] += size if running else 0
            entry[3] += running
            node = node.getparent()
    return sizes
