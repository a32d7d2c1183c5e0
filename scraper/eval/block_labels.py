"""Keep/remove labels for a page's blocks, read off its ground truth: the training signal of
a learned block model.

Full-text truth is a list of paragraphs without positions, so a block's label is found by
matching text. The unit is the scorer's own (`scoring.shingles`, word 4-grams), taken over the
page's blocks read in order: a shingle that starts in one block runs on into the next, so a
one-word heading or menu item is judged with the words around it. "Home" before "News World
Sport" matches nothing in an article, while a sub-heading before the paragraph it heads does.
A block is kept when most of its words lie under a true shingle. Each true shingle is used up
once, in page order, so a teaser that repeats the first paragraph does not make both copies
the article.

Snippet truth (trafilatura-eval) says what must and must not appear; a block holding a
must-snippet is kept, one holding a must-not snippet removed, and the rest stay unknown.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from scraper.eval.scoring import shingles

KEEP_SHARE = 0.5
SHINGLE = 4
_WORD = re.compile(r"\w+")
_SPACE = re.compile(r"\s+")


def shingle_labels(blocks: Sequence[str], truth: str) -> list[bool | None]:
    """Kept when at least `KEEP_SHARE` of the block's words lie under a true shingle of the
    page; `None` for a block without a word."""
    tokens: list[str] = []
    owner: list[int] = []
    for number, text in enumerate(blocks):
        found = _WORD.findall(text)
        tokens.extend(found)
        owner.extend([number] * len(found))
    unused = shingles(truth, SHINGLE)
    width = min(SHINGLE, len(tokens))
    covered_until = -1  # the last token under a true shingle so far
    covered = Counter[int]()
    for i in range(len(tokens) - width + 1 if tokens else 0):
        key = tuple(tokens[i : i + width])
        if unused[key] > 0:
            unused[key] -= 1
            for j in range(max(i, covered_until + 1), i + width):
                covered[owner[j]] += 1
            covered_until = i + width - 1
    words = Counter(owner)
    return [covered[n] / words[n] >= KEEP_SHARE if words[n] else None for n in range(len(blocks))]


def snippet_labels(
    blocks: Sequence[str], with_snippets: Sequence[str], without_snippets: Sequence[str]
) -> list[bool | None]:
    """True for a block holding a must-snippet, False for one holding a must-not snippet (when
    a block holds both, the must wins: the snippet's words are the article's), else None."""
    flat = [_SPACE.sub(" ", text).strip().casefold() for text in blocks]
    labels: list[bool | None] = [None] * len(blocks)
    for snippets, label in ((without_snippets, False), (with_snippets, True)):
        for snippet in snippets:
            wanted = _SPACE.sub(" ", snippet).strip().casefold()
            if not wanted:
                continue
            for n, text in enumerate(flat):
                if wanted in text or (len(text) >= 20 and text in wanted):
                    labels[n] = label
    return labels


def kept_text(blocks: Sequence[str], labels: Sequence[bool | None]) -> str:
    """The text a perfect block classifier would return: the ceiling any block model meets."""
    return "\n".join(text for text, label in zip(blocks, labels, strict=True) if label)
