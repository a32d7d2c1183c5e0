"""The heading right above the body: the article's own headline, by where it stands.

A page's `<h1>` may be its logo, its section's name or a widget's, and its headline may be an
`<h2>` with no word of the `<title>`; but the headline is printed where the article begins.
Once the blocks are labelled, the heading nearest above the first kept block (or that block
itself) is evidence the title choice weighs (`TitleCandidates.best`).
"""

from __future__ import annotations

from collections.abc import Sequence

from scraper.cleaners.labels import TITLE, Label
from scraper.records import Block

LEAD_TAGS = ("h1", "h2", "h3")
LEAD_REACH = 6
"""How many blocks above the body's first the headline may stand: past a date line, a
byline, a share bar and an image caption, not past the whole page's chrome."""

KICKER_WORDS = 6
"""A headline may carry a kicker run into it ("Recipe of the week Lentil soup…") that the
title choice cut off (`glued_kicker.py`): up to this many words before the title."""


def lead_heading(blocks: Sequence[Block], labels: Sequence[Label]) -> str | None:
    """The text of the nearest `<h1>`–`<h3>` at or above the first kept block, within
    `LEAD_REACH` blocks; a heading of a higher level right above it is the headline it
    heads ("<h2>Headline</h2><h3>First section</h3>")."""
    first = next((i for i, label in enumerate(labels) if label is None), None)
    if first is None:
        return None
    at = next(
        (i for i in range(first, max(first - LEAD_REACH, 0) - 1, -1) if _level(blocks[i])),
        None,
    )
    if at is None:
        return None
    while at > 0 and 0 < _level(blocks[at - 1]) < _level(blocks[at]):
        at -= 1
    return blocks[at].text or None


def _level(block: Block) -> int:
    return LEAD_TAGS.index(block.kind) + 1 if block.kind in LEAD_TAGS else 0


def drop_lead_title(blocks: Sequence[Block], labels: list[Label], title: str | None) -> None:
    """The body's first block, when it is a heading that says the record's title (maybe
    after a kicker, see `KICKER_WORDS`), is the headline printed above the story: it goes to
    the title, not the body. Whichever stage kept it (a block model sure of a heading, the
    hand-set stages where no extractor voted it out), the record would say it twice."""
    first = next((i for i, label in enumerate(labels) if label is None), None)
    if first is None or not title or not _level(blocks[first]):
        return
    heading = blocks[first].text.split()
    said = title.split()
    kicker = len(heading) - len(said)
    if 0 <= kicker <= KICKER_WORDS and _folded(heading[kicker:]) == _folded(said):
        labels[first] = TITLE


def _folded(words: list[str]) -> str:
    return " ".join(words).casefold()
