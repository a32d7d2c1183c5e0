"""Metadata printed around the top of a text page: title, byline, date, source, section.

Text dumps carry no markup, so these are read from the short blocks just above the body run
(and the first short blocks inside it): a date line, a byline, an outlet's name, a section
label, and the headline, which is the title-shaped block nearest the body. Blocks used for
metadata leave the body with a `meta.*` id, so the body starts at the first real paragraph.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from scraper.clean.features import BlockStats
from scraper.clean.heuristics import OUTSIDE_BODY
from scraper.normalize.authors import NameBook
from scraper.normalize.dates import date_in_line
from scraper.records import Block

ZONE_ABOVE = 12
ZONE_INSIDE = 6
_SOURCE_LINE = re.compile(r"^(?:source|quelle|fuente|via)\s*:\s*(.+)$", re.IGNORECASE)
_SECTION_LINE = re.compile(r"^(?:section|category|rubrik|sección|rubrique)\s*:\s*(.+)$", re.I)
_CRUMB = re.compile(r"\s*[>»›/|]\s*")
_PLACE_TAIL = re.compile(r"\s+(?:at|in)\s+(?:the\s+)?[A-Z][^,]*$")


@dataclass(slots=True)
class Header:
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    published: str | None = None
    source: str | None = None
    section: str | None = None
    used: dict[int, str] = field(default_factory=dict)


def read_header(
    blocks: Sequence[Block],
    stats: Sequence[BlockStats],
    labels: Sequence[str | None],
    body: tuple[int, int],
    names: NameBook,
    doc_title: str | None = None,
) -> Header:
    """Metadata from the blocks around the body start; `used` maps block index → meta rule."""
    header = Header()
    first_body = next((i for i, label in enumerate(labels) if label is None), None)
    if first_body is None:
        return header
    zone = _zone(stats, labels, first_body, body)
    for i in zone:
        _read_line(blocks[i].text, i, header, names)
    _read_breadcrumb(blocks, labels, first_body, header)
    title_at = _pick_title(blocks, stats, zone, header, doc_title)
    if title_at is not None:
        header.title = blocks[title_at].text
        header.used[title_at] = "meta.title"
        _read_neighbours(blocks, stats, zone, title_at, header, names)
    return header


def _zone(
    stats: Sequence[BlockStats], labels: Sequence[str | None], first_body: int,
    body: tuple[int, int],
) -> list[int]:
    """Short blocks above the body and short blocks that open it, before its first paragraph."""
    above = [
        i for i in range(max(0, first_body - ZONE_ABOVE), first_body)
        if labels[i] == OUTSIDE_BODY
    ]
    inside = []
    for i in range(first_body, min(len(stats), first_body + ZONE_INSIDE)):
        if labels[i] is not None:
            continue
        if stats[i].words > 25 or (stats[i].terminal and stats[i].words >= 8):
            break
        inside.append(i)
    return above + inside


def _read_line(text: str, i: int, header: Header, names: NameBook) -> None:
    if len(text) > 160:
        return
    date = date_in_line(text)
    if date:
        if header.published is None:
            header.published = date
            header.used[i] = "meta.date"
        return
    match = _SOURCE_LINE.match(text)
    if match and names.is_organisation(match.group(1)) or match and len(match.group(1)) < 60:
        header.source = header.source or match.group(1).strip()
        header.used[i] = "meta.source"
        return
    match = _SECTION_LINE.match(text)
    if match:
        header.section = header.section or match.group(1).strip()
        header.used[i] = "meta.section"
        return
    byline = names.parse_byline(text)
    if byline is not None:
        if not header.authors:
            header.authors = list(byline.authors)
        header.source = header.source or byline.source
        header.published = header.published or byline.published
        header.used[i] = "meta.byline"


def _read_breadcrumb(
    blocks: Sequence[Block], labels: Sequence[str | None], first_body: int, header: Header
) -> None:
    for i in range(first_body - 1, max(-1, first_body - ZONE_ABOVE - 1), -1):
        if labels[i] == "nav.breadcrumb":
            crumbs = [c for c in _CRUMB.split(blocks[i].text) if c.strip()]
            if len(crumbs) >= 2:
                header.section = crumbs[-1].strip()
            return


def _title_score(block: Block, stats: BlockStats, distance: int, doc_title: str | None) -> float:
    words = stats.words
    if not 2 <= words <= 30 or block.text.endswith((".", ",", ":", ";")):
        return float("-inf")
    score = 3.0 - 0.4 * distance + min(words, 14) * 0.25
    if doc_title and _same_title(block.text, doc_title):
        score += 4.0
    return score


def _same_title(text: str, doc_title: str) -> bool:
    a, b = text.strip().lower(), doc_title.strip().lower()
    return a != b and len(a) >= 12 and (b.startswith(a) or b.endswith(a))


def _pick_title(
    blocks: Sequence[Block], stats: Sequence[BlockStats], zone: list[int], header: Header,
    doc_title: str | None,
) -> int | None:
    candidates = [i for i in zone if i not in header.used]
    if not candidates:
        return None
    anchor = max(zone)
    scored = [
        (_title_score(blocks[i], stats[i], _distance(zone, i, anchor), doc_title), i)
        for i in candidates
    ]
    score, best = max(scored)
    return best if score > float("-inf") else None


def _distance(zone: list[int], i: int, anchor: int) -> int:
    return sum(1 for j in zone if i < j <= anchor)


def _read_neighbours(
    blocks: Sequence[Block], stats: Sequence[BlockStats], zone: list[int], title_at: int,
    header: Header, names: NameBook,
) -> None:
    """Outlet names and a section label next to the title; a bare name line as a byline."""
    for i in zone:
        if i in header.used or stats[i].words > 8 or stats[i].terminal:
            continue
        text = blocks[i].text
        if names.is_organisation(text) and abs(i - title_at) <= 3:
            header.source = header.source or text
            header.used[i] = "meta.source"
        elif i > title_at and not header.authors and _bare_byline(text, names):
            header.authors = [_PLACE_TAIL.sub("", text)]
            header.used[i] = "meta.byline"
    above = [i for i in zone if i < title_at and i not in header.used]
    if header.section is None and above and title_at - above[-1] <= 2:
        candidate = blocks[above[-1]].text
        if stats[above[-1]].words <= 6 and not stats[above[-1]].terminal:
            header.section = candidate
            header.used[above[-1]] = "meta.section"


def _bare_byline(text: str, names: NameBook) -> bool:
    """'Owen Pritchard at the Vale Stadium': a person's name with only a place after it."""
    stripped = _PLACE_TAIL.sub("", text)
    return stripped != text and names.is_person(stripped) and len(stripped.split()) >= 2
