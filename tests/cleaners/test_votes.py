"""The vote's matching: a block that is a whole line of the extraction is kept without
counting its trigrams, and the answer is the count's on every block."""

from __future__ import annotations

import random

from scraper.cleaners.features import WORD, trigrams
from scraper.cleaners.vote import MATCH_SHARE, votes
from scraper.records import Block

WORDS = ["Straße", "STRASSE", "ΟΔΟΣ", "οδος", "İstanbul", "council", "bridge", "the", "a", "9"]


def _counted(blocks: list[Block], extracted: str) -> list[bool]:
    """The rule as first written: a short block must be a whole line, a longer one must
    have most of its trigrams in the output."""
    lines = {" ".join(line.split()).casefold() for line in extracted.splitlines()}
    grams = set(trigrams(WORD.findall(extracted.casefold())))
    result = []
    for block in blocks:
        tokens = WORD.findall(block.text.casefold())
        if len(tokens) < 3:
            result.append(block.text.casefold() in lines)
        else:
            found = sum(gram in grams for gram in trigrams(tokens))
            result.append(found >= MATCH_SHARE * (len(tokens) - 2))
    return result


def _line(rng: random.Random) -> str:
    words = (rng.choice(WORDS) + rng.choice(["", ",", ".", " -"]) for _ in range(rng.randint(1, 7)))
    return " ".join(words)


def test_whole_lines_and_counted_blocks_agree_with_the_count() -> None:
    rng = random.Random(15)
    for _ in range(300):
        lines = [_line(rng) for _ in range(rng.randint(0, 8))]
        extracted = "\n".join(rng.choice(["", "- "]) + line for line in lines)
        texts = [rng.choice(lines) for _ in range(4) if lines] + [_line(rng) for _ in range(6)]
        blocks = [Block(text, i) for i, text in enumerate(texts)]
        assert votes(blocks, extracted) == _counted(blocks, extracted)


def test_a_whole_line_is_kept_and_a_short_fragment_of_one_is_not() -> None:
    extracted = "\nThe council met.\nIt voted to repair the bridge on Monday.\n- Bridge\n"
    blocks = [
        Block("THE COUNCIL MET.", 0),  # a whole line, in other case
        Block("the bridge", 1),  # two words inside a line, not a line
        Block("It voted to repair the bridge in May.", 2),  # most trigrams
        Block("- Bridge", 3),  # a list item's line
    ]
    assert votes(blocks, extracted) == [True, False, True, True]
