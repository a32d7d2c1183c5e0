"""The literal prefilters skip only searches that could not match."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from scraper.cleaners.prefilter import LiteralIndex, required_gate, required_literals
from scraper.cleaners.rules import RuleSet
from scraper.config import CleanerConfig

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def _pattern(*alternatives: str, flags: int = re.IGNORECASE) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{a})" for a in alternatives), flags)


def test_anchored_alternatives_give_the_words_a_match_starts_with() -> None:
    pattern = _pattern(r"^(share|tweet|e-?mail)\b[\s|]*$", r"^Print( this)?$")
    assert required_gate(pattern) == (("e", "print", "share", "tweet"), ())


def test_other_alternatives_give_the_literals_a_match_holds() -> None:
    pattern = _pattern(r"^share( on)?$", r"\bshare (this|the) (post|story)\b", r"^\d+ shares?$")
    holds = (" share", "share the post", "share the story", "share this post", "share this story")
    assert required_gate(pattern) == (("share",), holds)


@pytest.mark.parametrize(
    "pattern",
    [
        _pattern(r"\bshare this\b", r"\bcookies?\b"),  # none anchored: the literal index will do
        _pattern(r"^share$", r"^\d+$"),  # one alternative neither starts nor holds a word
        _pattern(r"^(recipe )?rating$", r"^\w+ \w+$"),  # the first word is optional
        _pattern(r"^share$", flags=re.IGNORECASE | re.MULTILINE),  # ^ starts every line
        _pattern(r"(?m:^share$)"),  # so it does in this group
        re.compile(r"^Share$"),  # case matters: lower-casing the text would not do
    ],
)
def test_no_gate_when_some_match_may_start_otherwise(pattern: re.Pattern[str]) -> None:
    assert required_gate(pattern) is None


def test_literal_index_names_the_patterns_whose_literals_a_text_holds() -> None:
    patterns = [_pattern(r"subscribe now"), _pattern(r"^\w+$"), _pattern(r"\bcookies?\b")]
    index = LiteralIndex([required_literals(p) for p in patterns])
    assert index.candidates("please subscribe now, we use cookies") == [0, 1, 2]
    assert index.candidates("a paragraph of prose") == [1]


def _fixture_lines() -> list[str]:
    lines: list[str] = []
    for page in sorted(FIXTURES.glob("*/page.*")):
        text = re.sub(r"<[^>]+>", "\n", page.read_text(encoding="utf-8", errors="replace"))
        lines.extend(" ".join(line.split()) for line in text.splitlines() if line.strip())
    return lines


def test_no_bundled_rule_matches_a_line_its_filters_would_skip() -> None:
    """Every line of every fixture page that a bundled rule's pattern matches passes that
    rule's filters: its literals are in the line, and it passes its gate."""
    rules = RuleSet.load(CleanerConfig().rules_dir).rules
    lines = _fixture_lines()
    matched = 0
    for rule in rules:
        for line in lines:
            if rule.pattern.search(line) is None:
                continue
            matched += 1
            folded = line.lower()
            assert rule.literals is None or any(lit in folded for lit in rule.literals), line
            assert rule.may_match(folded), (rule.id, line)
    assert matched > 100  # the fixtures hold chrome of many kinds
    assert sum(rule.gate is not None for rule in rules) >= 10
