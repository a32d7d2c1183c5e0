"""Turn a plain-text page into blocks, one per paragraph.

Text dumps come in two shapes: one paragraph per line (WET files, text renderings, copy-paste),
and hard-wrapped prose where a paragraph spans several lines of similar width (mail archives,
old notices). The second is detected from the line-length profile and re-joined, so that the
classifier always sees whole paragraphs.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from scraper.records import Block

_GAP = re.compile(r"(?:[ \u00a0\u3000]{2,}|\t)+")
_LIST_MARK = re.compile(r"^\s*(?:[-*•·▪►»]|\d{1,3}[.)])\s+")


_TO_SPACE = {ord(c): " " for c in "\t\u00a0\u3000"} | dict.fromkeys(range(0x2000, 0x200C), " ")


def squeeze(line: str) -> str:
    """`line` with each run of spaces (tabs, no-break and typographic spaces) as one space.

    The same as substituting one space for the regex `[ \\t\\u00a0\\u2000-\\u200b\\u3000]+`, in a
    few passes of C over the string: a regex substitution holds every piece between matches at once
    (400 MiB for one 45 MB line).
    """
    line = line.translate(_TO_SPACE)
    while "  " in line:
        line = line.replace("  ", " ")
    return line


def _lines(text: str) -> list[str]:
    return [squeeze(line).strip() for line in text.splitlines()]


def _cells(raw_lines: list[str]) -> dict[int, tuple[str, ...]]:
    """Line number → its columns, for lines laid out with gaps of two or more spaces."""
    found: dict[int, tuple[str, ...]] = {}
    for number, raw in enumerate(raw_lines, start=1):
        pieces = _GAP.split(raw.strip())
        if len(pieces) < 2:
            continue
        parts = [squeeze(p).strip() for p in pieces]
        parts = [p for p in parts if p]
        if len(parts) >= 2:
            found[number] = tuple(parts)
    return found


def wrap_width(lines: list[str]) -> int | None:
    """The column a hard-wrapped text is wrapped at, or None when lines are whole paragraphs.

    Wrapped prose has most of its lines ending close to one width; unwrapped text has line
    lengths spread out, with many lines far longer than any terminal.
    """
    lengths = sorted(len(line) for line in lines if len(line) >= 20)
    if len(lengths) < 6:
        return None
    width = lengths[int(len(lengths) * 0.9) - 1]
    if not 40 <= width <= 100 or lengths[-1] > width * 1.25:
        return None
    near = sum(1 for n in lengths if width - 15 <= n <= width + 5)
    return width if near >= 0.6 * len(lengths) else None


def _groups(lines: list[str]) -> Iterator[list[tuple[int, str]]]:
    group: list[tuple[int, str]] = []
    for number, line in enumerate(lines, start=1):
        if line:
            group.append((number, line))
        elif group:
            yield group
            group = []
    if group:
        yield group


def _unwrap(group: list[tuple[int, str]], width: int) -> Iterator[tuple[int, str]]:
    """Join the lines of a wrapped paragraph; a short line or a list item starts a new one."""
    start, parts = 0, list[str]()
    for number, line in group:
        if parts and _LIST_MARK.match(line):
            yield start, " ".join(parts)
            parts = []
        if not parts:
            start = number
        parts.append(line)
        if len(line) < width - 15:
            yield start, " ".join(parts)
            parts = []
    if parts:
        yield start, " ".join(parts)


def segment_text(text: str) -> list[Block]:
    """Blocks for each paragraph; `blank_before` keeps the page's grouping of lines."""
    raw_lines = text.splitlines()
    lines = _lines(text)
    width = wrap_width(lines)
    cells = {} if width else _cells(raw_lines)
    blocks: list[Block] = []
    for group in _groups(lines):
        paragraphs = _unwrap(group, width) if width else iter(group)
        for position, (number, paragraph) in enumerate(paragraphs):
            blocks.append(
                Block(
                    text=paragraph,
                    index=len(blocks),
                    kind="line",
                    path=f"line:{number}",
                    blank_before=position == 0,
                    cells=cells.get(number, ()),
                )
            )
    return blocks
