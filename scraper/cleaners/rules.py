"""Chrome rules: named, grouped patterns loaded from `defaults/rules/*.toml`.

A rule recognises one kind of site chrome (a newsletter prompt, a share bar, a comments
header) and names itself, so that every removal can be traced back to it. Rules only judge
short blocks (`max_words`): a paragraph that happens to mention a newsletter is prose, not a
prompt. `scope` says how far a match reaches: the block itself, the list the block heads
(`list`), or the rest of the page (`rest`, for comment sections). A rule whose `action` is
`keep` marks story text that looks like chrome (a journal reference after the last paragraph).
Where a learned block model has the last word (`learned.py`), a rule's match is one of its
features; a rule with `veto = true` still takes its blocks out whatever the model says.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import InitVar, dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Literal

from scraper.cleaners.labels import CODE_GROUPS, RuleId
from scraper.cleaners.prefilter import (
    Gate,
    IndexState,
    LiteralIndex,
    required_gate,
    required_literals,
)
from scraper.cleaners.rule_cache import Derived, RuleFacts, cache_key, read_facts, write_facts
from scraper.config import load_toml
from scraper.errors import ConfigError

CHARS_PER_WORD = 16
_CACHE_SIZE = 50_000
_BULLET = re.compile(r"^\s*(?:[-*•·▪►]|\d{1,3}[.)])\s+")
Scope = Literal["block", "list", "rest"]
_SCOPES = ("block", "list", "rest")
_RULE_KEYS = {
    "id", "description", "patterns", "max_words", "scope", "action", "html", "veto"
}
_ACTIONS = ("remove", "keep")
_HTML_KEYS = {"class_tokens", "story_wrapper"}


@dataclass(frozen=True, slots=True)
class Rule:
    id: RuleId
    group: str
    source: str  # the pattern, compiled at its first search (`pattern`)
    max_words: int = 20
    scope: Scope = "block"
    keep: bool = False
    description: str = ""
    class_tokens: frozenset[str] = frozenset()
    story_wrapper: bool = False  # sites also wrap story text in regions of these classes
    literals: frozenset[str] | None = None
    gate: Gate | None = None  # how a text it matches starts, or what it holds
    veto: bool = False  # removes its blocks even where a block model would keep them

    @property
    def pattern(self) -> re.Pattern[str]:
        """Compiled when first searched: the literal gates keep most rules from ever being
        searched on a small page, and compiling them all cost start-up a tenth of a second."""
        return _compiled(self.source)

    def fits(self, text: str, words: int) -> bool:
        return words <= self.max_words and len(text) <= self.max_words * CHARS_PER_WORD

    def may_match(self, folded: str) -> bool:
        """Whether the lower-cased text passes the gate: starts as one of the pattern's
        anchored alternatives does, or holds the literals of one of the others."""
        if self.gate is None:
            return True
        starts, holds = self.gate
        return folded.startswith(starts) or any(literal in folded for literal in holds)


@dataclass(frozen=True, slots=True)
class _Tier:
    """The rules that may judge a block of up to `words` words, behind their literal index:
    a long paragraph is checked against the few rules long enough for it, not all of them."""

    words: int
    rules: tuple[Rule, ...]
    index: LiteralIndex

    def first(self, text: str, words: int) -> Rule | None:
        folded = text.lower()
        for position in self.index.candidates(folded):  # their literals are in the text
            rule = self.rules[position]
            if (
                rule.fits(text, words)
                and rule.may_match(folded)
                and rule.pattern.search(text) is not None
            ):
                return rule
        return None


@cache
def _compiled(source: str) -> re.Pattern[str]:
    return re.compile(source, re.IGNORECASE)


def _tiers(rules: Sequence[Rule], indexes: Sequence[IndexState] | None) -> tuple[_Tier, ...]:
    """One tier per `max_words` limit; `indexes` are their literal indexes as cached (JSON
    values; ValueError/TypeError/KeyError when they are not), else they are built."""
    limits = sorted({rule.max_words for rule in rules})
    if indexes is not None and len(indexes) != len(limits):
        raise ValueError("cached tiers do not fit the rules")
    tiers = []
    for number, limit in enumerate(limits):
        fitting = tuple(rule for rule in rules if rule.max_words >= limit)
        index = (
            LiteralIndex([r.literals for r in fitting])
            if indexes is None
            else LiteralIndex.from_json(indexes[number])
        )
        tiers.append(_Tier(limit, fitting, index))
    return tuple(tiers)


def _first(tiers: Sequence[_Tier], text: str, words: int) -> Rule | None:
    """The first rule in file order that recognises the text, from the tier for its length."""
    for tier in tiers:
        if words <= tier.words:
            return tier.first(text, words)
    return None


@dataclass(frozen=True, slots=True)
class RuleSet:
    rules: tuple[Rule, ...]
    _seen: dict[tuple[str, int], Rule | None] = field(
        default_factory=dict, compare=False, hash=False, repr=False
    )
    tiers: tuple[_Tier, ...] = field(init=False, compare=False, hash=False, repr=False)
    scoped_tiers: tuple[_Tier, ...] = field(init=False, compare=False, hash=False, repr=False)
    # each class token a rule names, with the first rule (in file order) that names it: what
    # makes an element a chrome region; `class_tokens` are its keys, for set tests
    region_rules: dict[str, Rule] = field(init=False, compare=False, hash=False, repr=False)
    class_tokens: frozenset[str] = field(init=False, compare=False, hash=False, repr=False)
    cached: InitVar[RuleFacts | None] = None  # the tiers' indexes, as `load` found them

    def __post_init__(self, cached: RuleFacts | None) -> None:
        scoped = [r for r in self.rules if r.scope != "block"]
        region_rules: dict[str, Rule] = {}
        for rule in self.rules:
            for token in rule.class_tokens:
                region_rules.setdefault(token, rule)
        object.__setattr__(self, "region_rules", region_rules)
        object.__setattr__(self, "class_tokens", frozenset(region_rules))
        indexes = (None, None) if cached is None else (cached.tiers, cached.scoped_tiers)
        try:
            object.__setattr__(self, "tiers", _tiers(self.rules, indexes[0]))
            object.__setattr__(self, "scoped_tiers", _tiers(scoped, indexes[1]))
        except (ValueError, TypeError, KeyError):  # a cache entry of another shape
            object.__setattr__(self, "tiers", _tiers(self.rules, None))
            object.__setattr__(self, "scoped_tiers", _tiers(scoped, None))

    def match_scoped(self, text: str, words: int) -> Rule | None:
        """The first rule whose reach goes beyond its block (a list or comments header): even
        a block already known to be chrome may start a region of chrome below it."""
        if not self.scoped_tiers or words > self.scoped_tiers[-1].words:
            return None
        return _first(self.scoped_tiers, _BULLET.sub("", text, count=1), words)

    def match(self, text: str, words: int) -> Rule | None:
        """The first rule (in file order, groups sorted by name) that recognises the block.

        A leading bullet or list number is ignored: a menu item is chrome with or without it.
        Results are remembered per text: chrome repeats within a page and across a site.
        The memo is a plain dict: under concurrent use the worst case is a repeated lookup.
        """
        key = (text, words)
        if key in self._seen:
            return self._seen[key]
        found = self._match(_BULLET.sub("", text, count=1), words)
        if len(self._seen) >= _CACHE_SIZE:
            self._seen.clear()
        self._seen[key] = found
        return found

    def _match(self, text: str, words: int) -> Rule | None:
        return _first(self.tiers, text, words)

    @property
    def ids(self) -> list[RuleId]:
        return [rule.id for rule in self.rules]

    @property
    def vetoes(self) -> frozenset[RuleId]:
        return frozenset(rule.id for rule in self.rules if rule.veto and not rule.keep)

    @property
    def groups(self) -> tuple[str, ...]:
        return tuple(sorted({rule.group for rule in self.rules}))

    def facts(self) -> RuleFacts:
        """What the prefilter made of these rules, for `rule_cache.py`."""
        return RuleFacts(
            [(rule.literals, rule.gate) for rule in self.rules],
            [tier.index.to_json() for tier in self.tiers],
            [tier.index.to_json() for tier in self.scoped_tiers],
        )

    @classmethod
    def load(cls, folder: Path) -> RuleSet:
        """The rules of the folder's files. Their literals, gates and indexes come from the
        user's cache when these files were read before (`rule_cache.py`); otherwise every
        pattern is compiled (a bad one is reported here) and read, and the cache written."""
        files = sorted(folder.glob("*.toml"))
        if not files:
            raise ConfigError(f"{folder}: no rule files (*.toml)")
        key = cache_key(files)
        entries = [(path, *entry) for path in files for entry in _entries(path, load_toml(path))]
        facts = read_facts(key, len(entries))
        rules = tuple(
            _rule(path, group, entry, None if facts is None else facts.rules[number])
            for number, (path, group, entry) in enumerate(entries)
        )
        seen: set[str] = set()
        for rule in rules:
            if rule.id in seen:
                raise ConfigError(f"duplicate rule id {rule.id!r}")
            seen.add(rule.id)
        ruleset = cls(rules, cached=facts)
        if facts is None:
            write_facts(key, ruleset.facts())
        return ruleset


def _source(path: Path, rule_id: str, patterns: Sequence[str]) -> str:
    if not patterns or not all(isinstance(p, str) for p in patterns):
        raise ConfigError(
            f"{path}: rule {rule_id!r}: 'patterns' must be a non-empty list of strings"
        )
    return "|".join(f"(?:{p})" for p in patterns)


def _compile(path: Path, rule_id: str, source: str) -> re.Pattern[str]:
    try:
        return _compiled(source)
    except re.error as exc:
        raise ConfigError(f"{path}: rule {rule_id!r}: bad pattern: {exc}") from exc


def _entries(path: Path, data: dict[str, Any]) -> Iterable[tuple[str, dict[str, Any]]]:
    """The file's rule entries, each checked for all but its pattern's meaning."""
    group = data.get("group", {}).get("name")
    if not isinstance(group, str) or not group:
        raise ConfigError(f"{path}: [group] needs a 'name'")
    if group in CODE_GROUPS:
        raise ConfigError(f"{path}: group {group!r} is the code's own (heuristics, metadata)")
    for entry in data.get("rules", []):
        unknown = set(entry) - _RULE_KEYS
        rule_id = entry.get("id")
        if unknown:
            raise ConfigError(f"{path}: rule {rule_id!r}: unknown keys {sorted(unknown)}")
        if not isinstance(rule_id, str) or not rule_id.startswith(group + "."):
            raise ConfigError(f"{path}: rule id {rule_id!r} must start with '{group}.'")
        scope = entry.get("scope", "block")
        if scope not in _SCOPES:
            raise ConfigError(f"{path}: rule {rule_id!r}: scope must be one of {_SCOPES}")
        action = entry.get("action", "remove")
        if action not in _ACTIONS:
            raise ConfigError(f"{path}: rule {rule_id!r}: action must be one of {_ACTIONS}")
        max_words = entry.get("max_words", 20)
        if not isinstance(max_words, int) or max_words < 1:
            raise ConfigError(f"{path}: rule {rule_id!r}: max_words must be a positive integer")
        html = entry.get("html", {})
        if not isinstance(html, dict) or not set(html) <= _HTML_KEYS:
            raise ConfigError(f"{path}: rule {rule_id!r}: 'html' takes only {sorted(_HTML_KEYS)}")
        if not isinstance(html.get("story_wrapper", False), bool):
            raise ConfigError(f"{path}: rule {rule_id!r}: html.story_wrapper must be true or false")
        if not isinstance(entry.get("veto", False), bool):
            raise ConfigError(f"{path}: rule {rule_id!r}: veto must be true or false")
        _source(path, rule_id, entry.get("patterns", []))
        yield group, entry


def _rule(path: Path, group: str, entry: dict[str, Any], facts: Derived | None) -> Rule:
    """The rule an entry checked by `_entries` describes. Without cached `facts` its pattern
    is compiled now (a bad one is an error of its file) and read for its literals and gate."""
    rule_id = entry["id"]
    source = _source(path, rule_id, entry["patterns"])
    if facts is None:
        pattern = _compile(path, rule_id, source)
        facts = required_literals(pattern), required_gate(pattern)
    html = entry.get("html", {})
    return Rule(
        id=RuleId(rule_id),
        group=group,
        source=source,
        max_words=entry.get("max_words", 20),
        scope=entry.get("scope", "block"),
        keep=entry.get("action", "remove") == "keep",
        description=entry.get("description", ""),
        class_tokens=frozenset(html.get("class_tokens", ())),
        story_wrapper=html.get("story_wrapper", False),
        literals=facts[0],
        gate=facts[1],
        veto=entry.get("veto", False),
    )
