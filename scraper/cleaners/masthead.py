"""The name of the site a text page came from: its masthead, confirmed by its copyright line.

A text dump usually opens with the site's name and ends with "© 2021 The Name Ltd. All rights
reserved." When a top line agrees with a copyright holder, that is the site's name (in the
masthead's casing unless the masthead shouts in capitals); a copyright holder alone, stripped
of its legal suffixes, is the next best evidence; a page title of the form "Story — Site"
gives the part that is not the story's title.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from scraper.cleaners.features import BlockStats
from scraper.cleaners.labels import HEURISTIC, Label, group_of
from scraper.records import Block

TOP_LINES = 3
_COPYRIGHT = re.compile(
    r"(?:©|\(c\)|copyright)\s*(?:©\s*)?(?:\d{4}(?:\s*[-–]\s*\d{4})?)?\s*,?\s*(?:by\s+)?"
    r"([^.|·•©]{2,80})",
    re.IGNORECASE,
)
_MARKS = ("(c)", "copyright")
_LEGAL = re.compile(
    r"(?:[\s,]+(?:ltd|limited|inc|llc|plc|gmbh|ag|co|corp|corporation|company|media|group|"
    r"association|holdings|publishing|publications|all rights reserved|s\.?a|s\.?l)\.?)+$",
    re.IGNORECASE,
)
_TITLE_SPLIT = re.compile(r"\s+[-–—|·•:]\s+")


def copyright_holders(blocks: Sequence[Block]) -> list[str]:
    """The names copyright lines give. A line without "©", "(c)" or "copyright" is skipped
    before the pattern runs: this reads every block of every page."""
    holders = []
    for block in blocks:
        if "©" not in block.text:
            lowered = block.text.lower()  # once, not once for each mark
            if not any(mark in lowered for mark in _MARKS):
                continue
        match = _COPYRIGHT.search(block.text)
        if match:
            holder = _LEGAL.sub("", match.group(1).strip(" ,"))
            if holder and not re.search(r"\d", holder) and len(holder.split()) <= 6:
                holders.append(holder.strip())
    return holders


def _key(name: str) -> str:
    return re.sub(r"^the\s+", "", name.casefold()).strip()


def _prefer_casing(masthead: str, holder: str) -> str:
    return holder if masthead.isupper() and not holder.isupper() else masthead


def site_name(
    blocks: Sequence[Block],
    stats: Sequence[BlockStats],
    labels: Sequence[Label],
    title: str | None,
) -> str | None:
    holders = copyright_holders(blocks)
    tops = _top_names(blocks, stats, labels, title)
    for top in tops:
        for holder in holders:
            if _key(top) == _key(holder) or _key(holder).startswith(_key(top) + " "):
                return _prefer_casing(top, holder)
            if _key(top).startswith(_key(holder)):
                return holder
    if holders:
        return holders[0]
    return tops[0] if tops else None


def _top_names(
    blocks: Sequence[Block],
    stats: Sequence[BlockStats],
    labels: Sequence[Label],
    title: str | None,
) -> list[str]:
    """Short name-like lines at the very top, and the non-title part of a "Story — Site" line."""
    names: list[str] = []
    for i in range(min(TOP_LINES, len(blocks))):
        label = labels[i]
        if label is not None and group_of(label) != HEURISTIC:
            continue
        text = blocks[i].text
        parts = _TITLE_SPLIT.split(text)
        if title and len(parts) >= 2 and any(_key(p) == _key(title) for p in parts):
            names.extend(p for p in parts if _key(p) != _key(title) and len(p.split()) <= 6)
        elif (
            stats[i].words <= 4
            and not stats[i].terminal
            and not stats[i].in_menu_group
            and (stats[i].title_ratio >= 0.5 or text.isupper())
            and text != title
        ):
            names.append(text)
    return names
