"""The first acceptance case: the seed page, cleaned into the right record."""

from __future__ import annotations

import pytest

import scraper
from scraper.config import CleanerConfig


@pytest.mark.parametrize("learned", [False, True], ids=["hand-set", "learned"])
def test_seed_record(seed_text: str, learned: bool) -> None:
    article = scraper.clean_text(seed_text, config=CleanerConfig(learned=learned))
    assert article.error is None
    assert article.title == "Syria peace talks in Astana postponed to mid-September: Kazakhstan"
    assert article.source == "Iran Press TV"
    assert article.section == "Weapons of Mass Destruction (WMD)"
    assert article.published == "2017-08-22T13:35:00"
    assert article.language == "en"
    assert article.body.startswith("The next round of Syria peace talks")
    assert article.body.endswith("suffered in the Syria conflict.")
    assert "\n\nOpposition fails to unify\n\n" in article.body
    rules = {r.text: r.rule for r in article.removed}
    assert rules["Join the mailing list"] == "newsletter.signup"
    assert (
        rules["One Billion Americans: The Case for Thinking Bigger - by Matthew Yglesias"]
        == "ads.product"
    )
    banner = next(t for t in rules if t.startswith("The Largest Security-Cleared"))
    assert rules[banner] == "hiring.banner"


def test_every_block_is_either_body_or_removed(seed_text: str) -> None:
    article = scraper.clean_text(seed_text)
    lines = [line.strip() for line in seed_text.splitlines() if line.strip()]
    accounted = article.body.split("\n\n") + [r.text for r in article.removed]
    assert sorted(accounted) == sorted(lines)


def test_word_count_and_hash_follow_the_body(seed_text: str) -> None:
    import hashlib

    article = scraper.clean_text(seed_text)
    assert article.content_hash == hashlib.sha256(article.body.encode()).hexdigest()
    assert article.word_count == len(article.body.split())
