"""Reading one header line: dates, bylines and labelled fields ("Source: …", "Subject: …").

A header line may hold several fields ("April 12, 2018 · 14 min read", "Posted: … Post
subject: …", "Dan Goodin - Apr 16, 2015"), so a line is read whole first and then field by
field. Findings go into a `Header`; which date wins is decided later, by position.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from scraper.cleaners.byline_forms import byline_of
from scraper.cleaners.features import WORD
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

_LABEL = re.compile(
    r"^(?P<label>source|quelle|fuente|via|news provided by|materials provided by|courtesy of|"
    r"republished (?:from|with permission of)|reprinted (?:from|with permission of)|"
    r"originally published (?:by|in|at)|"
    r"section|category|rubrik|sección|rubrique|post subject|subject|title|betreff|asunto)"
    r"\s*:?(?:\s+(?P<value>.+))?$",
    re.IGNORECASE,
)
_LABEL_KIND = {
    "source": "source", "quelle": "source", "fuente": "source", "via": "source",
    "news provided by": "source", "materials provided by": "source", "courtesy of": "source",
    "republished from": "source", "republished with permission of": "source",
    "reprinted from": "source", "reprinted with permission of": "source",
    "originally published by": "source", "originally published in": "source",
    "originally published at": "source",
    "section": "section", "category": "section", "rubrik": "section", "sección": "section",
    "rubrique": "section",
    "post subject": "title", "subject": "title", "title": "title", "betreff": "title",
    "asunto": "title",
}  # fmt: skip
LABEL_ONLY = re.compile(
    r"^(source|date|published|posted|updated|author|by|von|autor|autorin|section|category|"
    r"news provided by|"
    r"materials provided by|quelle|datum|fuente|fecha)\s*:?$",
    re.IGNORECASE,
)
_LABEL_VALUE = re.compile(r"^([^:]{2,30}):\s+(.+)$")
NOT_PUBLISHED_LABELS = (
    "joined", "member since", "registered", "last seen", "last visit", "last active",
    "birthday", "date of birth", "born", "expires", "deadline", "event date", "posts",
    "it is currently", "current time", "today is", "local time", "the time now",
)  # fmt: skip


def _not_published(label: str) -> bool:
    """Labels of dates that are not when the story was published (a member's join date)."""
    return label.strip().lower().startswith(NOT_PUBLISHED_LABELS)


_DATE_LABELS = {"date", "datum", "fecha", "published", "posted", "updated"}
_BYLINE_LABELS = {"author", "by", "von", "autor", "autorin", "text"}
_FIELD_SPLIT = re.compile(
    r"\s+[|•·/]\s+|\s+[–—-]\s+|,\s+(?=(?:veröffentlicht|published|updated|posted|mis à jour)\b)",
    re.I,
)
_LABEL_START = re.compile(
    r"\s+(?=(?:posted|published|updated|date|post subject|subject|author|source)\s*:)"
    r"|\s+(?=(?:author|autor|posted on|published on|published|updated)\s+[A-Z0-9])",
)
_LEFTOVER_DATE_WORDS = 3
_PLACE_TAIL = re.compile(r"\s+(?:at|in)\s+(?:the\s+)?[A-Z][^,]*$")
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

    def use(self, i: int, rule: RuleId) -> None:
        self.used.setdefault(i, rule)

    def add_date(self, i: int, iso: str) -> None:
        if all(at != i for at, _ in self.dates):
            self.dates.append((i, iso))
        self.use(i, DATE)

    def add_byline(self, i: int, byline: Byline) -> None:
        if not self.authors and byline.authors:
            self.authors = list(byline.authors)
        self.source = self.source or byline.source
        if byline.published:
            self.add_date(i, byline.published)
        self.used[i] = BYLINE


def fields_of(block: Block) -> list[str]:
    parts = list(block.cells) or [block.text]
    found: list[str] = []
    for part in parts:
        for piece in _FIELD_SPLIT.split(part):
            found.extend(x.strip() for x in _LABEL_START.split(piece) if x.strip())
    return found


def read_line(
    block: Block, i: int, header: Header, names: NameBook, outlets: OutletEvidence = NO_OUTLETS
) -> str | None:
    """Read a header line; returns a label ("Source", "Date") whose value is on the next line."""
    text = block.text
    if len(text) > 200:
        return None
    label_value = _LABEL_VALUE.match(text)
    if label_value and _not_published(label_value.group(1)):
        return None
    label_only = LABEL_ONLY.match(text)
    if label_only:
        header.use(i, FIELD_LABEL)
        return label_only.group(1)
    date = date_in_line(text)
    if date:
        header.add_date(i, date)
        return None
    if is_date_range(text):  # "12 Mar 2009 - 4 Nov 2016": a period, no field of it the story's day
        return None
    if i == 0:  # the page's first line: its title line, a masthead or an advert, no byline
        byline = names.parse_byline(text)
    else:
        byline = byline_of(text, names, outlets) or bare_byline(text, names)
    if byline is not None:
        header.add_byline(i, byline)
        return None
    pieces = fields_of(block)
    dated = any(find_date(piece) for piece in pieces)
    for piece in pieces:
        read_field(piece, i, header, names, beside_date=dated)
    if i not in header.used:
        read_date_line(text, i, header)
    return None


def read_date_line(text: str, i: int, header: Header) -> bool:
    """A date among label words ("News vom 23.01.2020", "Publié le … à 07h45, mis à jour …")."""
    found = find_date(text)
    if found is None:
        return False
    iso, (start, end) = found
    if _not_published(text[:start].rstrip(" :")):
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
    piece: str, i: int, header: Header, names: NameBook, beside_date: bool = False
) -> None:
    label_value = _LABEL_VALUE.match(piece)
    if label_value and _not_published(label_value.group(1)):
        header.use(i, OTHER_DATE)
        return
    if label_value and label_value.group(1).lower() in _DATE_LABELS:
        piece = label_value.group(2)
    elif label_value and label_value.group(1).lower() in _BYLINE_LABELS:
        piece = f"By {label_value.group(2)}"
    date = date_in_line(piece)
    if date:
        header.add_date(i, date)
        return
    labelled = _LABEL.match(piece)
    if labelled and labelled.group("value"):
        _read_labelled(labelled.group("label").lower(), labelled.group("value").strip(), i, header)
        return
    byline = names.parse_byline(piece)
    if byline is None and beside_date and len(piece.split()) >= 2 and names.is_person(piece):
        byline = Byline((piece,))
    if byline is not None:
        header.add_byline(i, byline)
        return
    found = find_date(piece)
    if found and len(WORD.findall(piece)) - len(WORD.findall(piece[slice(*found[1])])) <= 2:
        header.add_date(i, found[0])


def _read_labelled(label: str, value: str, i: int, header: Header) -> None:
    kind = _LABEL_KIND[label]
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


def labelled_source(text: str) -> str | None:
    """The outlet a "Source: X", "Courtesy of X" or "Reprinted from X" line names."""
    match = _LABEL.match(text.strip()) if len(text) <= 100 else None
    if match is None or not match.group("value"):
        return None
    if _LABEL_KIND[match.group("label").lower()] != "source":
        return None
    value = _LEADING_THE.sub("", match.group("value").strip().rstrip("."))
    return value if len(value.split()) <= OUTLET_WORDS + 2 else None
