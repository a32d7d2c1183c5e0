"""Shallow text features of blocks: size, stop-word density, punctuation, capitalisation.

These are the signals boilerplate-detection research found to separate prose from chrome
without any markup (Kohlschütter et al. 2010; jusText): prose blocks are long, dense in
function words and end in sentence punctuation; menus, labels and link lists are short,
title-cased and unpunctuated, and come in runs of similar short lines. `quality` sums
them up in jusText's classes (good / near-good / short / bad).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from enum import Enum
from operator import itemgetter

from scraper.cleaners.deadline import NO_DEADLINE, STRIDE, Deadline
from scraper.cleaners.labels import Label
from scraper.cleaners.slots import slot_setters
from scraper.records import Block

WORD = re.compile(r"\w+")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_TERMINAL = tuple(".!?…:;。！？")
_CLOSERS = "\"”’'»)]」』"
SHORT_LINE_WORDS = 4
_FIRST = itemgetter(0)
_NOT_WORD = re.compile(r"\W")
PIECE_CHARS = 1 << 20
_CODE = re.compile(r"[=(){}\[\]_#<>;`]|\w:\s|\w\.\w+\(")


@dataclass(frozen=True, slots=True)
class BlockStats:
    words: float
    stop_ratio: float | None
    terminal: bool
    title_ratio: float
    group_size: int
    group_short_share: float

    code_like: bool = False  # computed for short unpunctuated lines only, where it matters

    @property
    def in_menu_group(self) -> bool:
        """One of a run of three or more short lines: the shape of a menu or link list."""
        return self.group_size >= 3 and self.group_short_share >= 0.7


def body_words(stats: Sequence[BlockStats], labels: Sequence[Label]) -> float:
    """The words of the blocks the labels keep (None): the body they make."""
    return sum(s.words for s, label in zip(stats, labels, strict=True) if label is None)


def trigrams(tokens: list[str]) -> zip[tuple[str, str, str]]:
    """Consecutive word triples: the unit of text overlap (votes, repeated blocks)."""
    return zip(tokens, tokens[1:], tokens[2:], strict=False)


def word_count(text: str) -> float:
    """Words, counting CJK characters as half a word each since those scripts have no spaces."""
    cjk = len(_CJK.findall(text))
    tokens = WORD.findall(text)
    if cjk:
        tokens = [t for t in tokens if not _CJK.search(t)]
    return len(tokens) + cjk / 2


def is_terminal(text: str) -> bool:
    """Ends like a sentence, looking through closing quotes and brackets."""
    return text.rstrip().rstrip(_CLOSERS).endswith(_TERMINAL)


def _stats(text: str, stops: frozenset[str]) -> tuple[float, float | None, bool, float]:
    if len(text) <= PIECE_CHARS:  # nearly every block: one piece
        words, stop_words, tokens, letters, upper = _counts(text, stops)
    else:
        words, stop_words, tokens, letters, upper = 0.0, 0, 0, 0, 0
        for piece in _pieces(text):
            found = _counts(piece, stops)
            words, stop_words, tokens = words + found[0], stop_words + found[1], tokens + found[2]
            letters, upper = letters + found[3], upper + found[4]
    stop_ratio = stop_words / tokens if stops and tokens else None
    title_ratio = upper / letters if letters else 0.0
    return words, stop_ratio, is_terminal(text), title_ratio


def _pieces(text: str) -> Iterator[str]:
    """The text in pieces of about `PIECE_CHARS`, cut between words: the word list of a 45 MB
    block at once would take 500 MiB, and every count below adds up over pieces."""
    start = 0
    while start < len(text):
        cut = _NOT_WORD.search(text, start + PIECE_CHARS)
        end = cut.start() + 1 if cut else len(text)
        yield text[start:end]
        start = end


def _counts(text: str, stops: frozenset[str]) -> tuple[float, int, int, int, int]:
    """(words, stop words, tokens, initials that are letters, initials in upper case)."""
    tokens = WORD.findall(text)
    words = len(tokens) if text.isascii() or not _CJK.search(text) else word_count(text)
    stop_words = sum(map(stops.__contains__, map(str.lower, tokens))) if stops else 0
    initials = "".join(map(_FIRST, tokens))  # maps run in C; this runs on every block
    letters = sum(map(str.isalpha, initials))
    return words, stop_words, len(tokens), letters, sum(map(str.isupper, initials))


def block_stats(
    blocks: Sequence[Block], stops: frozenset[str], deadline: Deadline = NO_DEADLINE
) -> list[BlockStats]:
    raw = []
    for i, block in enumerate(blocks):
        if not i % STRIDE:  # a quarter of a million blocks take seconds
            deadline.check("block features")
        raw.append(_stats(block.text, stops))
    group_of: list[int] = []
    group = -1
    for block in blocks:
        group += block.blank_before or group < 0
        group_of.append(group)
    sizes: dict[int, int] = {}
    shorts: dict[int, int] = {}
    for g, (words, *_rest) in zip(group_of, raw, strict=True):
        sizes[g] = sizes.get(g, 0) + 1
        shorts[g] = shorts.get(g, 0) + (words <= SHORT_LINE_WORDS)
    return [
        _block_stats(
            words,
            stop,
            terminal,
            title,
            sizes[g],
            shorts[g] / sizes[g],
            # only short unpunctuated lines can pass for a menu, so only they need the test
            words <= SHORT_LINE_WORDS and not terminal and _CODE.search(block.text) is not None,
        )
        for g, block, (words, stop, terminal, title) in zip(group_of, blocks, raw, strict=True)
    ]


_SET_WORDS, _SET_STOPS, _SET_TERMINAL, _SET_TITLE, _SET_SIZE, _SET_SHORT, _SET_CODE = slot_setters(
    BlockStats,
    (
        "words", "stop_ratio", "terminal", "title_ratio", "group_size", "group_short_share",
        "code_like",
    ),
)  # fmt: skip


def _block_stats(
    words: float,
    stop_ratio: float | None,
    terminal: bool,
    title_ratio: float,
    group_size: int,
    group_short_share: float,
    code_like: bool,
) -> BlockStats:
    """`BlockStats(...)` built by its slots (`slots.py`): one is made for every block of
    every page. tests/cleaners/test_block_stats.py checks that it equals the dataclass's own."""
    stats: BlockStats = object.__new__(BlockStats)
    _SET_WORDS(stats, words)
    _SET_STOPS(stats, stop_ratio)
    _SET_TERMINAL(stats, terminal)
    _SET_TITLE(stats, title_ratio)
    _SET_SIZE(stats, group_size)
    _SET_SHORT(stats, group_short_share)
    _SET_CODE(stats, code_like)
    return stats


class Quality(Enum):
    GOOD = "good"
    NEAR = "near"
    SHORT = "short"
    BAD = "bad"


def quality(stats: BlockStats) -> Quality:
    stop_ok = stats.stop_ratio is None or stats.stop_ratio >= 0.2
    if (
        stats.in_menu_group
        and stats.words <= SHORT_LINE_WORDS
        and not stats.terminal
        and not stats.code_like
    ):
        return Quality.BAD
    if stats.words >= 15 and stats.terminal and stop_ok:
        return Quality.GOOD
    if stats.words >= 30 and (stats.stop_ratio is None or stats.stop_ratio >= 0.15):
        return Quality.GOOD
    if stats.words >= 8 and (stats.terminal or (stats.stop_ratio or 0.0) >= 0.3):
        return Quality.NEAR
    return Quality.SHORT
