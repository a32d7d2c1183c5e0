"""Chrome containers: page regions whose class, id, role or tag says what they are.

`<div class="newsletter-signup">`, `<aside>`, `<nav>`, `role="contentinfo"` mark whole
regions as chrome. Rules name their class tokens in `config/rules/*.toml` (`html.class_tokens`).
A region only counts as chrome when it is small next to the page: a theme that wraps the
whole article in `<div class="post has-comments">` must not veto the article.
"""

from __future__ import annotations

from collections.abc import Sequence

from lxml import etree

from scraper.clean.dom import DomPage, element_tokens
from scraper.clean.rules import Rule, RuleSet

MAX_SHARE_OF_PAGE = 0.4
_OWN_TOKEN_ATTRS = ("class", "id", "role")


def token_rules(rules: RuleSet) -> dict[str, Rule]:
    found: dict[str, Rule] = {}
    for rule in rules.rules:
        for token in rule.class_tokens:
            found.setdefault(token, rule)
    return found


def container_vetoes(
    page: DomPage, rules: RuleSet, kept_chars: Sequence[int], protected: Sequence[bool]
) -> list[str | None]:
    """Per block, the rule id of the smallest chrome region it sits in, or None.

    `kept_chars[i]` is the text size of block i; `protected[i]` marks blocks that other
    evidence says are article text (a region holding most of them is not chrome).
    """
    lookup = token_rules(rules)
    total = sum(kept_chars) or 1
    protected_total = sum(c for c, p in zip(kept_chars, protected, strict=True) if p) or 1
    region_rule: dict[etree._Element, Rule | None] = {}
    result: list[str | None] = []
    sizes = _region_sizes(page, kept_chars, protected)
    for owner in page.owners:
        rule = None
        node: etree._Element | None = owner
        while node is not None:
            if node not in region_rule:
                region_rule[node] = _region(node, lookup, sizes, total, protected_total)
            if region_rule[node] is not None:
                rule = region_rule[node]
                break
            node = node.getparent()
        result.append(rule.id if rule else None)
    return result


def _region(
    node: etree._Element,
    lookup: dict[str, Rule],
    sizes: dict[etree._Element, tuple[int, int]],
    total: int,
    protected_total: int,
) -> Rule | None:
    tokens = element_tokens(node)
    rule = next((lookup[t] for t in sorted(tokens) if t in lookup), None)
    if rule is None:
        return None
    chars, protected_chars = sizes.get(node, (0, 0))
    if chars > MAX_SHARE_OF_PAGE * total or protected_chars > 0.5 * protected_total:
        return None
    return rule


def _region_sizes(
    page: DomPage, kept_chars: Sequence[int], protected: Sequence[bool]
) -> dict[etree._Element, tuple[int, int]]:
    """Text size of every element that owns blocks, summed up its ancestors."""
    sizes: dict[etree._Element, list[int]] = {}
    for owner, chars, keep in zip(page.owners, kept_chars, protected, strict=True):
        node: etree._Element | None = owner
        while node is not None:
            entry = sizes.setdefault(node, [0, 0])
            entry[0] += chars
            entry[1] += chars if keep else 0
            node = node.getparent()
    return {node: (a, b) for node, (a, b) in sizes.items()}
