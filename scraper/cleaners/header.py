"""Metadata printed around the top of a text page: title, byline, date, source, section.

Text dumps carry no markup, so these are read from the short blocks just above the body run,
the first short blocks inside it (a byline under a standfirst) and, for a date, the lines just
after it ("Published on …" at the foot of an essay). The headline is the title-shaped block
nearest the body, preferring one that sits just above the byline or date; the published date
is the date line nearest below the headline. Blocks used for metadata leave the body with a
`meta.*` id.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from scraper.cleaners.byline_forms import byline_of, signed_by_label
from scraper.cleaners.features import BlockStats
from scraper.cleaners.header_lines import (
    Header,
    labelled_source,
    read_date_line,
    read_lines,
)
from scraper.cleaners.header_words import HeaderWords
from scraper.cleaners.headline import pick_title
from scraper.cleaners.labels import (
    BREADCRUMB,
    FOOTER,
    OUTSIDE,
    SECTION,
    SOURCE,
    TITLE,
    Label,
    group_of,
)
from scraper.cleaners.outlets import (
    OutletEvidence,
    PageOutlets,
    gather_outlets,
    is_outlet_line,
    outlet_key,
    page_outlets,
)
from scraper.normalize.authors import Byline, NameBook
from scraper.normalize.dates import date_in_line
from scraper.normalize.name_lines import people_line
from scraper.records import Block

__all__ = ["Header", "HeaderPage", "published_date", "read_header"]

ZONE_ABOVE = 12
ZONE_INSIDE = 6
BODY_TOP = 15
FOOT = 10
_PROVIDED_BY = re.compile(r"\b(?:materials|news|content) provided by\s+([^.;|]{2,80})", re.I)
_CRUMB = re.compile(r"\s*[>»›/]\s*")


def read_header(
    blocks: Sequence[Block],
    stats: Sequence[BlockStats],
    labels: Sequence[Label],
    names: NameBook,
    words: HeaderWords,
    doc_title: str | None = None,
    page: HeaderPage | None = None,
) -> Header:
    """Metadata from the blocks around the body; `used` maps block index → meta rule.
    `page`: the page's `HeaderPage`, where another pass found it already."""
    header = Header()
    body = [i for i, label in enumerate(labels) if label is None]
    if not body:
        return header
    zone = _zone(stats, labels, body[0])
    page = page or HeaderPage.of(blocks, stats, words)
    credits = page.credits
    top = range(max(0, body[0] - ZONE_ABOVE), min(len(blocks), body[0] + ZONE_INSIDE))
    top_lines = [i for i in top if not stats[i].in_menu_group]
    outlets = gather_outlets(blocks, stats, top_lines, page=page.outlets)
    header.outlets = outlets
    read_lines(blocks, zone, header, names, words, outlets)
    _read_body_top(blocks, stats, labels, body[0], header, names, words, outlets)
    _read_breadcrumb(blocks, labels, body[0], header)
    _read_outlets(blocks, stats, zone, header, names, outlets)
    _read_attribution(blocks, labels, header)
    header.source = header.source or next(iter(credits), None)
    if header.title is None:
        title_at = pick_title(blocks, stats, zone, header, doc_title, names, words)
        if title_at is not None:
            header.title = blocks[title_at].text
            header.use(title_at, TITLE)
    title_at = next((i for i, rule in header.used.items() if rule == TITLE), None)
    if title_at is not None:
        _read_names_beside_dates(blocks, [i for i in zone if i > title_at], header, names)
        _read_neighbours(blocks, stats, zone, title_at, header, names)
    if not header.dates:
        _read_foot(blocks, stats, labels, body[-1], header, words)
    _split_outlets_from_authors(header, outlets)
    return header


@dataclass(frozen=True, slots=True)
class HeaderPage:
    """What the header reader reads from every block whatever the labels (credit lines, the
    lines shaped like a name, copyright holders): found once per page however many times
    it is labelled (the learned core labels a page again with trafilatura's vote)."""

    credits: tuple[str, ...]
    outlets: PageOutlets

    @classmethod
    def of(
        cls, blocks: Sequence[Block], stats: Sequence[BlockStats], words: HeaderWords
    ) -> HeaderPage:
        credits = tuple(name for name in (labelled_source(b.text, words) for b in blocks) if name)
        return cls(credits, page_outlets(blocks, stats, credits))


def _split_outlets_from_authors(header: Header, outlets: OutletEvidence) -> None:
    """A byline's "name" that the page shows to be an outlet is the source, not an author.

    The first name of a byline is a person unless the page repeats it around the headline or
    credits it; a later one ("By Tobias Whitcombe, Larchmont Beacon") is an outlet as soon as
    the page prints it on its own elsewhere (the masthead, the copyright line).
    """
    people = []
    for position, name in enumerate(header.authors):
        if outlets.shown(name) or (position > 0 and outlets.printed_alone(name)):
            header.source = header.source or name
        else:
            people.append(name)
    header.authors = people


def published_date(header: Header, title_at: int | None = None) -> str | None:
    """The date line nearest below the headline, else the nearest above it."""
    if not header.dates:
        return None
    if title_at is None:
        title_at = next((i for i, rule in header.used.items() if rule == TITLE), None)
    if title_at is None:
        return header.dates[0][1]
    below = [(i, iso) for i, iso in header.dates if i >= title_at]
    if below:
        return min(below)[1]
    return max(header.dates)[1]


def _zone(stats: Sequence[BlockStats], labels: Sequence[Label], first_body: int) -> list[int]:
    """Short blocks above the body and short blocks that open it, before its first paragraph."""
    above = [i for i in range(max(0, first_body - ZONE_ABOVE), first_body) if labels[i] in OUTSIDE]
    inside = []
    for i in range(first_body, min(len(stats), first_body + ZONE_INSIDE)):
        if labels[i] is not None:
            continue
        if stats[i].words > 25 or (stats[i].terminal and stats[i].words >= 8):
            break
        inside.append(i)
    return above + inside


def _read_names_beside_dates(
    blocks: Sequence[Block], zone: list[int], header: Header, names: NameBook
) -> None:
    """A line that is only a person's name, directly above or below a date line, is a byline."""
    if header.authors:
        return
    dated = {i for i, _ in header.dates}
    for position, i in enumerate(zone):
        neighbours = zone[max(0, position - 1) : position] + zone[position + 1 : position + 2]
        text = blocks[i].text
        if i in header.used or not dated.intersection(neighbours):
            continue
        if names.is_full_name(text):
            header.add_byline(i, Byline((text,)), guessed=True)
            return


def _read_body_top(
    blocks: Sequence[Block],
    stats: Sequence[BlockStats],
    labels: Sequence[Label],
    first_body: int,
    header: Header,
    names: NameBook,
    words: HeaderWords,
    outlets: OutletEvidence,
) -> None:
    """A byline or date line printed under a standfirst, inside the first blocks of the body."""
    for i in range(first_body, min(len(blocks), first_body + BODY_TOP)):
        if labels[i] is not None or i in header.used or stats[i].words > 20:
            continue
        text = blocks[i].text
        date = date_in_line(text)
        if date:
            header.add_date(i, date)
            continue
        byline = byline_of(text, names, words, outlets)
        if byline is not None and not header.authors and (byline.authors or byline.source):
            header.add_byline(i, byline, guessed=not signed_by_label(text, byline, words))
        elif not header.dates:
            read_date_line(text, i, header, words)


def _read_foot(
    blocks: Sequence[Block],
    stats: Sequence[BlockStats],
    labels: Sequence[Label],
    last_body: int,
    header: Header,
    words: HeaderWords,
) -> None:
    """'Published on June 8, 2023' after the last paragraph, when the top gave no date."""
    for i in range(last_body + 1, min(len(blocks), last_body + 1 + FOOT)):
        if (
            labels[i] in OUTSIDE
            and stats[i].words <= 12
            and read_date_line(blocks[i].text, i, header, words)
        ):
            return


def _read_breadcrumb(
    blocks: Sequence[Block], labels: Sequence[Label], first_body: int, header: Header
) -> None:
    for i in range(first_body - 1, max(-1, first_body - ZONE_ABOVE - 1), -1):
        if labels[i] == BREADCRUMB:
            crumbs = [c.strip() for c in _CRUMB.split(blocks[i].text) if c.strip()]
            if crumbs and len(crumbs[-1].split()) > 6:
                crumbs.pop()  # the trail ends with the story's own headline
            if len(crumbs) >= 2 and header.section is None:
                header.section = crumbs[-1]
            return


def _read_outlets(
    blocks: Sequence[Block],
    stats: Sequence[BlockStats],
    zone: list[int],
    header: Header,
    names: NameBook,
    outlets: OutletEvidence,
) -> None:
    """Bare outlet names in the header ("Iran Press TV"): the story's source, not its title.

    An outlet line is short and no sentence, and plays an outlet's role: the page repeats it
    around the headline or credits it ("Source: …"), or the byline gave it as the source (the
    word list of outlets is one more sign).
    """
    for i in zone:
        if i in header.used:
            continue
        text = blocks[i].text
        same_as_source = header.source is not None and outlet_key(text) == outlet_key(header.source)
        if is_outlet_line(text, stats[i], outlets, names) or same_as_source:
            header.source = header.source or text
            header.use(i, SOURCE)


def _read_attribution(blocks: Sequence[Block], labels: Sequence[Label], header: Header) -> None:
    """'Materials provided by X.' printed in a footer names the story's source."""
    if header.source is not None:
        return
    for block, label in zip(blocks, labels, strict=True):
        if label and group_of(label) == FOOTER:
            match = _PROVIDED_BY.search(block.text)
            if match:
                header.source = match.group(1).strip()
                return


def _dated(header: Header, i: int) -> bool:
    return any(at == i for at, _ in header.dates)


def _read_neighbours(
    blocks: Sequence[Block],
    stats: Sequence[BlockStats],
    zone: list[int],
    title_at: int,
    header: Header,
    names: NameBook,
) -> None:
    """A bare author name just under the title, and the section label just above it."""
    below = [i for i in zone if i > title_at][:2]
    for i in below:
        text = blocks[i].text
        if i in header.used:
            continue
        sandwiched = i == title_at + 1 and _dated(header, i + 1)
        people = () if header.authors else people_line(names, text, sandwiched)
        if people:
            header.add_byline(i, Byline(people), guessed=True)
        break
    above = [i for i in zone if i < title_at and i not in header.used]
    if header.section is None and above and title_at - above[-1] <= 2 and above[-1] > 0:
        candidate = above[-1]  # the page's first line is its masthead, not a section label
        text = blocks[candidate].text
        if stats[candidate].words <= 6 and not stats[candidate].terminal and "|" not in text:
            header.section = blocks[candidate].text
            header.use(candidate, SECTION)
