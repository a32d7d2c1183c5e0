"""The structure of a text dump's kept blocks, recognised from the text itself.

A text page has no tags, but its layout says much: a short line without closing punctuation,
alone between blank lines and followed by prose, is a heading; a line that starts with a
bullet ("- ", "* ", "• ") or a number ("1. ", "2) ") is a list item, nested as deep as its
indentation is among the items around it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from scraper.cleaners.labels import Label
from scraper.normalize.text import normalize_paragraph
from scraper.records import Block
from scraper.structure import HEADING, ITEM, PARAGRAPH, BodyBlock

_ITEM = re.compile(r"^(?:([-*•·▪►])|(\d{1,3})[.)])\s+(?=\S)")
HEADING_WORDS = 10
HEADING_CHARS = 80
PROSE_WORDS = 8
TERMINAL = tuple(".!?…:;,\"'”’)")
TAB = 4


def text_structure(
    blocks: Sequence[Block], labels: Sequence[Label], text: str
) -> tuple[BodyBlock, ...]:
    """One `BodyBlock` per kept block: heading, list item or paragraph."""
    kept = [i for i, label in enumerate(labels) if label is None]
    texts = {i: normalize_paragraph(blocks[i].text) for i in kept}
    kept = [i for i in kept if texts[i]]
    raw_lines: list[str] | None = None
    indents: list[int] = []  # of the list items open above the current one
    found: list[BodyBlock] = []
    for position, index in enumerate(kept):
        block, line = blocks[index], texts[index]
        item = _ITEM.match(line)
        if item and any(c.isalnum() for c in line[item.end() :]):  # not "* * *"
            raw_lines = raw_lines if raw_lines is not None else text.splitlines()
            indent = _indent(raw_lines, block)
            while indents and indent < indents[-1]:
                indents.pop()
            if not indents or indent > indents[-1]:
                indents.append(indent)
            found.append(
                BodyBlock(ITEM, line[item.end() :], level=len(indents) - 1, ordered=bool(item[2]))
            )
            continue
        indents = []
        following = texts[kept[position + 1]] if position + 1 < len(kept) else None
        if following is not None and _heading(blocks, index, line, following):
            found.append(BodyBlock(HEADING, line, level=2))
        else:
            found.append(BodyBlock(PARAGRAPH, line))
    return tuple(found)


def _indent(raw_lines: list[str], block: Block) -> int:
    number = int(block.path.removeprefix("line:") or 0) if block.path.startswith("line:") else 0
    if not 0 < number <= len(raw_lines):
        return 0
    raw = raw_lines[number - 1].expandtabs(TAB)
    return len(raw) - len(raw.lstrip())


def _heading(blocks: Sequence[Block], index: int, line: str, following: str) -> bool:
    """Short, unpunctuated, with a letter, a paragraph of its own, and what follows is prose
    or a list."""
    block = blocks[index]
    alone = block.blank_before and (index + 1 == len(blocks) or blocks[index + 1].blank_before)
    if not alone or len(line) > HEADING_CHARS or line.endswith(TERMINAL):
        return False
    if len(line.split()) > HEADING_WORDS or not any(c.isalpha() for c in line):
        return False  # a long line, or a separator ("* * *") or a number
    return bool(_ITEM.match(following)) or _prose(following)


def _prose(line: str) -> bool:
    return len(line.split(maxsplit=PROSE_WORDS)) > PROSE_WORDS and line.endswith(TERMINAL)
