"""Reading one header line: dates, bylines and labelled fields ("Source: …", "Subject: …").

A header line may hold several fields ("April 12, 2018 · 14 min read", "Posted: … Post
subject: …", "Dan Goodin - Apr 16, 2015"), so a line is read whole first and then field by
field. Findings go into a `Header`; which date wins is decided later, by position.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from scraper.cleaners.byline_forms import byline_of, labelled_byline, signed_by_label
from scraper.cleaners.features import WORD
from scraper.cleaners.header_words import HeaderWords
from scraper.cleaners.labels import (
    BYLINE,
    DATE,
    FIELD_LABEL,
    OTHER_DATE,
    SECTION,
    SOURCE,
    TITLE,
    RuleId,
)
from scraper.cleaners.outlets import NO_OUTLETS, OUTLET_WORDS, OutletEvidence
from scraper.normalize.authors import Byline, NameBook
from scraper.normalize.date_words import date_words
from scraper.normalize.dates import date_in_line, find_date, is_date_range
from scraper.records import Block

_LABEL_VALUE = re.compile(r"^([^:]{2,30}):\s+(.+)$")
_LEFTOVER_DATE_WORDS = 3
_PLACE_TAIL = re.compile(r"\s+(?:at|in)\s+(?:the\s+)?[A-Z][^\s,:\d]*(?:\s+[^\s,:\d]+){0,3}$")
_LEADING_THE = re.compile(r"^the\s+(?=[A-Z])")
_EMAIL_TAIL = re.compile(r"\s+<?[\w.+-]+(?:@| at )[\w-]+(?:\.[\w-]+)+>?$")


@dataclass(slots=True)
class Header:
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    dates: list[tuple[int, str]] = field(default_factory=list)
    source: str | None = None
    section: str | None = None
    used: dict[int, RuleId] = field(default_factory=dict)
    outlets: OutletEvidence = NO_OUTLETS
    guessed: bool = False

    def use(self, i: int, rule: RuleId) -> None:
        self.used.setdefault(i, rule)

    def add_date(self, i: int, iso: str) -> None:
        if all(at != i for at, _ in self.dates):
            self.dates.append((i, iso))
        self.use(i, DATE)

    def add_byline(self, i: int, byline: Byline, guessed: bool = False) -> None:
        """Take the byline's people unless others were read already; a `guessed` byline (a
        bare name read from its place, no label saying so) gives way to a labelled one."""
        if byline.authors and (not self.authors or (self.guessed and not guessed)):
            self.authors = list(byline.authors)
            self.guessed = guessed
        self.source = self.source or byline.source
        if byline.published:
            self.add_date(i, byline.published)
        self.used[i] = BYLINE


def fields_of(block: Block, words: HeaderWords) -> list[str]:
    parts = list(block.cells) or [block.text]
    found: list[str] = []
    for part in parts:
        for piece in words.field_split.split(part):
            found.extend(x.strip() for x in words.label_start.split(piece) if x.strip())
    return found


def read_line(
    block: Block,
    i: int,
    header: Header,
    names: NameBook,
    words: HeaderWords,
    outlets: OutletEvidence = NO_OUTLETS,
) -> str | None:
    """Read a header line; returns a label ("Source", "Date") whose value is on the next line."""
    text = block.text
    if len(text) > 200:
        return None
    label_value = _LABEL_VALUE.match(text)
    if label_value and words.is_not_published(label_value.group(1)):
        return None
    label_only = words.label_alone.match(text)
    if label_only:
        header.use(i, FIELD_LABEL)
        return label_only.group(1)
    date = date_in_line(text)
    if date:
        header.add_date(i, date)
        signed = labelled_byline(text, names, words)
        if signed is not None and not header.authors:
            header.add_byline(i, signed)
        return None
    if is_date_range(text):  # "12 Mar 2009 - 4 Nov 2016": a period, no field of it the story's day
        return None
    if i == 0:  # the page's first line: its title line, a masthead or an advert, no byline
        byline = names.parse_byline(text)
    else:
        byline = byline_of(text, names, words, outlets) or bare_byline(text, names)
    if byline is not None:
        header.add_byline(i, byline, guessed=not signed_by_label(text, byline, words))
        return None
    pieces = fields_of(block, words)
    dated = any(find_date(piece) for piece in pieces)
    for piece in pieces:
        read_field(piece, i, header, names, words, beside_date=dated)
    if i not in header.used:
        read_date_line(text, i, header, words)
    return None


def read_lines(
    blocks: Sequence[Block],
    indices: Iterable[int],
    header: Header,
    names: NameBook,
    words: HeaderWords,
    outlets: OutletEvidence = NO_OUTLETS,
) -> None:
    """Read the header lines at `indices` in order; a label alone on its line ("Autor:") is
    read with the value on the very next line, even where that line is past the indices (the
    label closes the zone) — never with a later line of the zone (a line between was read
    already)."""
    pending: str | None = None
    last = -1
    for i in indices:
        if pending is not None and i == last + 1:
            read_field(f"{pending}: {blocks[i].text}", i, header, names, words)
            pending, last = None, i
            continue
        pending, last = read_line(blocks[i], i, header, names, words, outlets), i
    value_at = last + 1
    if pending is not None and value_at < len(blocks) and value_at not in header.used:
        read_field(f"{pending}: {blocks[value_at].text}", value_at, header, names, words)


def read_date_line(text: str, i: int, header: Header, words: HeaderWords) -> bool:
    """A date among label words ("News vom 23.01.2020", "Publié le … à 07h45, mis à jour …")."""
    found = find_date(text)
    if found is None:
        return False
    iso, (start, end) = found
    if words.is_not_published(text[:start].rstrip(" :")):
        return False
    leftover = [
        w
        for w in WORD.findall(text[:start] + " " + text[end:])
        if w.lower() not in date_words().beside_date and not w[0].isdigit()
    ]
    if len(leftover) <= _LEFTOVER_DATE_WORDS:
        header.add_date(i, iso)
        return True
    return False


def read_field(
    piece: str,
    i: int,
    header: Header,
    names: NameBook,
    words: HeaderWords,
    beside_date: bool = False,
) -> None:
    label_value = _LABEL_VALUE.match(piece)
    if label_value and words.is_not_published(label_value.group(1)):
        header.use(i, OTHER_DATE)
        return
    if label_value and label_value.group(1).lower() in words.date_labels:
        piece = label_value.group(2)
    elif label_value and label_value.group(1).lower() in words.byline_labels:
        piece = f"By {label_value.group(2)}"
    date = date_in_line(piece)
    if date:
        header.add_date(i, date)
        return
    labelled = words.field_label.match(piece)
    if labelled and labelled.group("value"):
        kind = words.kind_of(labelled.group("label")) or ""
        _read_labelled(kind, labelled.group("value").strip(), i, header)
        return
    byline = names.parse_byline(piece)
    guessed = False
    if byline is None and beside_date and names.is_full_name(piece):
        byline, guessed = Byline((piece,)), True
    if byline is not None:
        header.add_byline(i, byline, guessed)
        return
    found = find_date(piece)
    if found and len(WORD.findall(piece)) - len(WORD.findall(piece[slice(*found[1])])) <= 2:
        header.add_date(i, found[0])


def _read_labelled(kind: str, value: str, i: int, header: Header) -> None:
    if kind == "title" and header.title is None:
        header.title = value
        header.used[i] = TITLE
    elif kind == "source" and header.source is None and len(value) <= 80:
        header.source = _LEADING_THE.sub("", value.rstrip("."))
        header.use(i, SOURCE)
    elif kind == "section" and header.section is None:
        header.section = value
        header.use(i, SECTION)


def bare_byline(text: str, names: NameBook) -> Byline | None:
    """A person's name with only a place or an e-mail address after it
    ('Owen Pritchard at the Vale Stadium', 'Dolores Vance dvance at example.org')."""
    for tail in (_EMAIL_TAIL, _PLACE_TAIL):
        stripped = tail.sub("", text)
        if stripped != text and len(stripped.split()) >= 2 and names.is_person(stripped):
            return Byline((stripped,))
    return None


def labelled_source(text: str, words: HeaderWords) -> str | None:
    """The outlet a "Source: X", "Courtesy of X" or "Reprinted from X" line names."""
    match = words.field_label.match(text.strip()) if len(text) <= 100 else None
    if match is None or not match.group("value"):
        return None
    if words.kind_of(match.group("label")) != "source":
        return None
    value = _LEADING_THE.sub("", match.group("value").strip().rstrip("."))
    return value if len(value.split()) <= OUTLET_WORDS + 2 else None
