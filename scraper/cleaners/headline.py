"""The headline of a text page's header: the title-shaped line nearest the body.

A headline is a short line that is no sentence, near the body, often just above the byline
or date line, rarely a caption (a credit word: `defaults/header.toml`), a dateline or a bare
name over the date, and never the site's chrome printed there (a cookie notice's heading, a
share bar, a menu button, a PHP warning: `chrome` in the same file); the page's title line,
when it ends or starts with the line, vouches for it. The title line's own reading
(`title_line`) may overrule this pick afterwards.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from scraper.cleaners.features import BlockStats
from scraper.cleaners.header_lines import Header
from scraper.cleaners.header_words import HeaderWords
from scraper.cleaners.labels import BYLINE, DATE
from scraper.normalize.authors import NameBook
from scraper.normalize.dates import find_date
from scraper.records import Block

__all__ = ["pick_title"]

NAME_WORDS = 4


def _title_score(
    block: Block,
    stats: BlockStats,
    distance: int,
    above_meta: bool,
    below_meta: bool,
    doc_title: str | None,
    bare_name: bool,
    caption: re.Pattern[str],
    chrome: re.Pattern[str],
) -> float:
    words = stats.words
    if not 2 <= words <= 30 or block.text.endswith((",", ":", ";")) or stats.in_menu_group:
        return float("-inf")
    if chrome.search(block.text):
        return float("-inf")  # a cookie notice's heading, a share bar: shaped like a headline
    tokens = block.text.split()
    if 2 * sum(any(ch.isalpha() for ch in t) for t in tokens) < len(tokens):
        return float("-inf")  # mostly figures: a date or a count, not a headline
    score = 3.0 - 0.4 * distance + min(words, 14) * 0.25
    if block.text.endswith("."):
        score -= 3.0
    if words > 20:
        score -= 2.0
    if caption.search(block.text):
        score -= 3.0
    if find_date(block.text) is not None:
        score -= 2.0  # a dateline or a "posted on" line, rarely the headline
    if above_meta:
        score += 2.0
    if below_meta and above_meta:
        score -= 4.0  # a line between the byline and the date is a dateline, not the headline
    if above_meta and bare_name:
        score -= 4.0  # a bare name over the date line is the byline
    if doc_title and _same_title(block.text, doc_title):
        score += 4.0
    if block.cells or ":" in block.text.split(" ", 1)[0]:
        score -= 2.0
    return score


def _same_title(text: str, doc_title: str) -> bool:
    a, b = text.strip().lower(), doc_title.strip().lower()
    return a != b and len(a) >= 12 and (b.startswith(a) or b.endswith(a))


def pick_title(
    blocks: Sequence[Block],
    stats: Sequence[BlockStats],
    zone: list[int],
    header: Header,
    doc_title: str | None,
    names: NameBook,
    words: HeaderWords,
) -> int | None:
    """The block most like the headline among the zone's unused ones, or None."""
    candidates = [i for i in zone if i not in header.used]
    if not candidates:
        return None
    anchor = max(zone)
    meta_lines = {i for i, rule in header.used.items() if rule in (BYLINE, DATE)}
    scored = []
    for i in candidates:
        next_line = next((j for j in zone if j > i), None)
        previous = max((j for j in zone if j < i), default=None)
        distance = sum(1 for j in zone if i < j <= anchor)
        score = _title_score(
            blocks[i],
            stats[i],
            distance,
            next_line in meta_lines,
            previous in meta_lines,
            doc_title,
            stats[i].words <= NAME_WORDS and names.is_person(blocks[i].text),
            words.caption,
            words.chrome,
        )
        scored.append((score, i))
    score, best = max(scored)
    return best if score > float("-inf") else None
