"""Metadata printed around the top of a text page: title, byline, date, source, section.

Text dumps carry no markup, so these are read from the short blocks just above the body run
(and the first short blocks inside it). A line may hold several fields ("April 12, 2018 ·
14 min read", "Posted: … Post subject: …"), so each line is read whole and then field by
field. The headline is the title-shaped block nearest the body, preferring one that sits just
above the byline or date. Blocks used for metadata leave the body with a `meta.*` id.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from scraper.clean.features import WORD, BlockStats
from scraper.clean.heuristics import OUTSIDE_BODY
from scraper.normalize.authors import Byline, NameBook
from scraper.normalize.dates import date_in_line, find_date
from scraper.records import Block

ZONE_ABOVE = 12
ZONE_INSIDE = 6
BODY_TOP = 15
_LABEL = re.compile(
    r"^(?P<label>source|quelle|fuente|via|news provided by|materials provided by|"
    r"section|category|rubrik|sección|rubrique|post subject|subject|title|betreff|asunto)"
    r"\s*:?(?:\s+(?P<value>.+))?$",
    re.IGNORECASE,
)
_LABEL_KIND = {
    "source": "source",
    "quelle": "source",
    "fuente": "source",
    "via": "source",
    "news provided by": "source",
    "materials provided by": "source",
    "section": "section",
    "category": "section",
    "rubrik": "section",
    "sección": "section",
    "rubrique": "section",
    "post subject": "title",
    "subject": "title",
    "title": "title",
    "betreff": "title",
    "asunto": "title",
}
_LABEL_ONLY = re.compile(
    r"^(source|date|published|posted|updated|author|by|section|category|news provided by|"
    r"materials provided by|quelle|datum|fuente|fecha)\s*:?$",
    re.IGNORECASE,
)
_LABEL_VALUE = re.compile(r"^([^:]{2,30}):\s+(.+)$")
_DATE_LABELS = {"date", "datum", "fecha", "published", "posted", "updated"}
_BYLINE_LABELS = {"author", "by"}
_PROVIDED_BY = re.compile(r"\b(?:materials|news|content) provided by\s+([^.;|]{2,80})", re.I)
_FIELD_SPLIT = re.compile(
    r"\s+[|•·/]\s+|\s+[–—-]\s+|,\s+(?=(?:veröffentlicht|published|updated|posted)\b)", re.I
)
_LABEL_START = re.compile(
    r"\s+(?=(?:posted|published|updated|date|post subject|subject|by|author|source)\s*:)"
    r"|\s+(?=(?:author|autor|by|von|posted on|published on|published|updated)\s+[A-Z0-9])",
)
_LEFTOVER_DATE_WORDS = 4
_CRUMB = re.compile(r"\s*[>»›/|]\s*")
_PLACE_TAIL = re.compile(r"\s+(?:at|in)\s+(?:the\s+)?[A-Z][^,]*$")
_EMAIL_TAIL = re.compile(r"\s+<?[\w.+-]+(?:@| at )[\w-]+(?:\.[\w-]+)+>?$")


@dataclass(slots=True)
class Header:
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    published: str | None = None
    source: str | None = None
    section: str | None = None
    used: dict[int, str] = field(default_factory=dict)

    def use(self, i: int, rule: str) -> None:
        self.used.setdefault(i, rule)


def fields_of(block: Block) -> list[str]:
    parts = list(block.cells) or [block.text]
    found: list[str] = []
    for part in parts:
        for piece in _FIELD_SPLIT.split(part):
            found.extend(x.strip() for x in _LABEL_START.split(piece) if x.strip())
    return found


def read_header(
    blocks: Sequence[Block],
    stats: Sequence[BlockStats],
    labels: Sequence[str | None],
    names: NameBook,
    doc_title: str | None = None,
) -> Header:
    """Metadata from the blocks around the body start; `used` maps block index → meta rule."""
    header = Header()
    first_body = next((i for i, label in enumerate(labels) if label is None), None)
    if first_body is None:
        return header
    zone = _zone(stats, labels, first_body)
    pending: str | None = None
    for i in zone:
        if pending is not None:
            _read_field(f"{pending}: {blocks[i].text}", i, header, names)
            pending = None
            continue
        pending = _read_line(blocks[i], i, header, names)
    _read_body_top(blocks, stats, labels, first_body, header, names)
    _read_breadcrumb(blocks, labels, first_body, header)
    _read_outlets(blocks, stats, zone, header, names)
    _read_attribution(blocks, labels, header)
    if header.title is None:
        title_at = _pick_title(blocks, stats, zone, header, doc_title)
        if title_at is not None:
            header.title = blocks[title_at].text
            header.use(title_at, "meta.title")
    title_at = next((i for i, rule in header.used.items() if rule == "meta.title"), None)
    if title_at is not None:
        _read_neighbours(blocks, stats, zone, title_at, header, names)
    return header


def _zone(stats: Sequence[BlockStats], labels: Sequence[str | None], first_body: int) -> list[int]:
    """Short blocks above the body and short blocks that open it, before its first paragraph."""
    above = [
        i for i in range(max(0, first_body - ZONE_ABOVE), first_body) if labels[i] == OUTSIDE_BODY
    ]
    inside = []
    for i in range(first_body, min(len(stats), first_body + ZONE_INSIDE)):
        if labels[i] is not None:
            continue
        if stats[i].words > 25 or (stats[i].terminal and stats[i].words >= 8):
            break
        inside.append(i)
    return above + inside


def _read_line(block: Block, i: int, header: Header, names: NameBook) -> str | None:
    """Read a header line; returns a label ("Source", "Date") whose value is on the next line."""
    text = block.text
    if len(text) > 200:
        return None
    label_only = _LABEL_ONLY.match(text)
    if label_only:
        header.use(i, "meta.label")
        return label_only.group(1)
    date = date_in_line(text)
    if date:
        _set_date(header, i, date)
        return None
    byline = names.parse_byline(text) or _bare_byline(text, names)
    if byline is not None:
        _set_byline(header, i, byline)
        return None
    pieces = fields_of(block)
    dated = any(find_date(piece) for piece in pieces)
    for piece in pieces:
        _read_field(piece, i, header, names, beside_date=dated)
    if i not in header.used:
        _read_embedded_date(text, i, header)
    return None


def _read_body_top(
    blocks: Sequence[Block], stats: Sequence[BlockStats], labels: Sequence[str | None],
    first_body: int, header: Header, names: NameBook,
) -> None:
    """A byline or date line printed under a standfirst, inside the first blocks of the body."""
    for i in range(first_body, min(len(blocks), first_body + BODY_TOP)):
        if labels[i] is not None or i in header.used or stats[i].words > 20:
            continue
        text = blocks[i].text
        date = date_in_line(text)
        if date and header.published is None:
            _set_date(header, i, date)
            continue
        byline = names.parse_byline(text)
        if byline is not None and not header.authors and (byline.authors or byline.source):
            _set_byline(header, i, byline)


def _read_embedded_date(text: str, i: int, header: Header) -> None:
    """A date inside a short line of labels ("News vom 23.01.2020", "Posted on … 4 Kommentare")."""
    found = find_date(text)
    if found is None:
        return
    iso, (start, end) = found
    leftover = len(WORD.findall(text[:start] + " " + text[end:]))
    if leftover <= _LEFTOVER_DATE_WORDS:
        _set_date(header, i, iso)


def _read_field(
    piece: str, i: int, header: Header, names: NameBook, beside_date: bool = False
) -> None:
    label_value = _LABEL_VALUE.match(piece)
    if label_value and label_value.group(1).lower() in _DATE_LABELS:
        piece = label_value.group(2)
    elif label_value and label_value.group(1).lower() in _BYLINE_LABELS:
        piece = f"By {label_value.group(2)}"
    date = date_in_line(piece)
    if date:
        _set_date(header, i, date)
        return
    labelled = _LABEL.match(piece)
    if labelled and labelled.group("value"):
        kind = _LABEL_KIND[labelled.group("label").lower()]
        value = labelled.group("value").strip()
        if kind == "title" and header.title is None:
            header.title = value
            header.used[i] = "meta.title"
        elif kind == "source" and header.source is None and len(value) <= 80:
            header.source = value.rstrip(".")
            header.use(i, "meta.source")
        elif kind == "section" and header.section is None:
            header.section = value
            header.use(i, "meta.section")
        return
    byline = names.parse_byline(piece)
    if byline is None and beside_date and len(piece.split()) >= 2 and names.is_person(piece):
        byline = Byline((piece,))
    if byline is not None:
        _set_byline(header, i, byline)
        return
    found = find_date(piece)
    if found and len(WORD.findall(piece)) - len(WORD.findall(piece[slice(*found[1])])) <= 2:
        _set_date(header, i, found[0])


def _set_date(header: Header, i: int, date: str) -> None:
    if header.published is None:
        header.published = date
        header.use(i, "meta.date")


def _set_byline(header: Header, i: int, byline: Byline) -> None:
    if not header.authors and byline.authors:
        header.authors = list(byline.authors)
    header.source = header.source or byline.source
    header.published = header.published or byline.published
    header.use(i, "meta.byline")


def _bare_byline(text: str, names: NameBook) -> Byline | None:
    """A person's name with only a place or an e-mail address after it
    ('Owen Pritchard at the Vale Stadium', 'Dolores Vance dvance at example.org')."""
    for tail in (_EMAIL_TAIL, _PLACE_TAIL):
        stripped = tail.sub("", text)
        if stripped != text and len(stripped.split()) >= 2 and names.is_person(stripped):
            return Byline((stripped,))
    return None


def _read_breadcrumb(
    blocks: Sequence[Block], labels: Sequence[str | None], first_body: int, header: Header
) -> None:
    for i in range(first_body - 1, max(-1, first_body - ZONE_ABOVE - 1), -1):
        if labels[i] == "nav.breadcrumb":
            crumbs = [c for c in _CRUMB.split(blocks[i].text) if c.strip()]
            if len(crumbs) >= 2 and header.section is None:
                header.section = crumbs[-1].strip()
            return


def _title_score(
    block: Block, stats: BlockStats, distance: int, above_meta: bool, doc_title: str | None
) -> float:
    words = stats.words
    if not 2 <= words <= 30 or block.text.endswith((",", ":", ";")) or stats.in_menu_group:
        return float("-inf")
    score = 3.0 - 0.4 * distance + min(words, 14) * 0.25
    if block.text.endswith("."):
        score -= 3.0
    if above_meta:
        score += 2.5
    if doc_title and _same_title(block.text, doc_title):
        score += 4.0
    if block.cells or ":" in block.text.split(" ", 1)[0]:
        score -= 2.0
    return score


def _same_title(text: str, doc_title: str) -> bool:
    a, b = text.strip().lower(), doc_title.strip().lower()
    return a != b and len(a) >= 12 and (b.startswith(a) or b.endswith(a))


def _pick_title(
    blocks: Sequence[Block],
    stats: Sequence[BlockStats],
    zone: list[int],
    header: Header,
    doc_title: str | None,
) -> int | None:
    candidates = [i for i in zone if i not in header.used]
    if not candidates:
        return None
    anchor = max(zone)
    meta_lines = {i for i, rule in header.used.items() if rule in ("meta.byline", "meta.date")}
    scored = []
    for i in candidates:
        next_line = next((j for j in zone if j > i), None)
        above_meta = next_line in meta_lines
        distance = sum(1 for j in zone if i < j <= anchor)
        scored.append((_title_score(blocks[i], stats[i], distance, above_meta, doc_title), i))
    score, best = max(scored)
    return best if score > float("-inf") else None


def _read_outlets(
    blocks: Sequence[Block],
    stats: Sequence[BlockStats],
    zone: list[int],
    header: Header,
    names: NameBook,
) -> None:
    """Bare outlet names in the header ("Iran Press TV"): the story's source, not its title.

    An outlet line is short and either says it is an organisation or repeats a name that the
    byline already gave as the source.
    """
    for i in zone:
        if i in header.used or stats[i].words > 6 or stats[i].terminal:
            continue
        text = blocks[i].text
        if names.is_organisation(text) or text == header.source:
            header.source = header.source or text
            header.use(i, "meta.source")


def _read_attribution(
    blocks: Sequence[Block], labels: Sequence[str | None], header: Header
) -> None:
    """'Materials provided by X.' printed in a footer names the story's source."""
    if header.source is not None:
        return
    for block, label in zip(blocks, labels, strict=True):
        if label and label.startswith("footer."):
            match = _PROVIDED_BY.search(block.text)
            if match:
                header.source = match.group(1).strip()
                return


def _read_neighbours(
    blocks: Sequence[Block],
    stats: Sequence[BlockStats],
    zone: list[int],
    title_at: int,
    header: Header,
    names: NameBook,
) -> None:
    """The section label just above the title."""
    above = [i for i in zone if i < title_at and i not in header.used]
    if header.section is None and above and title_at - above[-1] <= 2:
        candidate = above[-1]
        if stats[candidate].words <= 6 and not stats[candidate].terminal:
            header.section = blocks[candidate].text
            header.use(candidate, "meta.section")
