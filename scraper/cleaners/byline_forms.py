"""The common byline forms a text page prints, each read whole: who wrote it, and when.

"Posted on March 3, 2021 by Maren Okafor · 12 Comments", "By Tobias Whitcombe, Larchmont
Beacon", "Ines Marlow | Quillfeather", "Shana Nys Dambrot November 6, 2023". The name book
(`config/names.toml`) tells a person's name; the page's own evidence (`OutletEvidence`) tells
an outlet named after the person, so an outlet no word list knows is not taken for a second
author.
"""

from __future__ import annotations

import re

from scraper.cleaners.features import WORD
from scraper.cleaners.outlets import NO_OUTLETS, OUTLET_WORDS, OutletEvidence
from scraper.normalize.authors import Byline, NameBook
from scraper.normalize.date_words import date_words
from scraper.normalize.dates import find_date

__all__ = ["byline_of", "date_and_name", "name_and_outlet", "posted_byline"]

_COMMENT_COUNT = re.compile(
    r"\s*(?:[|•·/]|\s[–—-])\s*(?:\d+|no|one)\s+(?:comments?|responses?|replies|thoughts)\b.*$"
    r"|\s*(?:[|•·/]|\s[–—-])\s*leave an? (?:comment|reply)\b.*$",
    re.IGNORECASE,
)
_DATE_THEN_NAME = re.compile(
    r"^(?P<date>.+?)\s+(?:by|von|par|por|door|av)\s+(?P<name>\S.*)$", re.IGNORECASE
)
_BY = re.compile(r"^by\s+", re.IGNORECASE)
_NAME_AND_OUTLET = re.compile(
    r"^(?P<name>[^|•·,–—]+?)(?:\s[|•·]\s|\s[–—-]\s|,\s)\s*(?P<outlet>[^|•·,–—]+)$"
)


def byline_of(text: str, names: NameBook, outlets: OutletEvidence = NO_OUTLETS) -> Byline | None:
    """The byline a line carries, in any of the common forms, or None."""
    return (
        name_and_outlet(text, names, outlets)
        or posted_byline(text, names)
        or names.parse_byline(text)
        or date_and_name(text, names)
    )


def _date_word(word: str) -> bool:
    bare = word.lower().rstrip(".,")
    return bare in date_words().month_and_day_names or (word.endswith(".") and len(word) > 2)


def date_and_name(text: str, names: NameBook) -> Byline | None:
    """'Shana Nys Dambrot November 6, 2023', 'Gesine Engels-Krone, 02.01.2023, 11:08 Uhr': a
    person's name and a date with nothing else but label words between them."""
    text = _COMMENT_COUNT.sub("", text)
    found = find_date(text)
    if found is None:
        return None
    iso, (start, end) = found
    rest = [
        w
        for w in (text[:start] + " " + text[end:]).replace(",", " ").split()
        if w.strip("|•·-–—:").lower() not in date_words().beside_date and not w[0].isdigit()
    ]
    words = [w for w in rest if w.strip("|•·-–—:")]
    if any(_date_word(w) for w in words):
        return None  # "Thu Jul", "Wien Mittwoch", "6 Min. Lesezeit": the date's own words
    name = " ".join(words)
    if 2 <= len(name.split()) <= 4 and names.is_person(name):
        return Byline((name,), None, iso)
    return None


def name_and_outlet(text: str, names: NameBook, outlets: OutletEvidence) -> Byline | None:
    """'By Tobias Whitcombe, Larchmont Beacon', 'Ines Marlow | Quillfeather': a person, then an
    outlet. After "By" the outlet need only be printed alone elsewhere on the page; after a
    bare name ("Sign In | Join Us" is shaped the same) it must be the masthead, the copyright
    holder, a credited or repeated name, or one the word list knows."""
    by = _BY.match(text.strip())
    match = _NAME_AND_OUTLET.match(text.strip()[by.end() if by else 0 :])
    if match is None:
        return None
    name, outlet = match.group("name").strip(), match.group("outlet").strip()
    if len(name.split()) < 2 or not names.is_person(name) or find_date(outlet) is not None:
        return None
    if len(outlet.split()) > OUTLET_WORDS or not outlet[:1].isupper():
        return None
    confirmed = outlets.printed_alone(outlet) if by else outlets.confirmed(outlet)
    if confirmed or names.is_organisation(outlet):
        return Byline((name,), outlet)
    return None


def posted_byline(text: str, names: NameBook) -> Byline | None:
    """'Posted on March 3, 2021 by Maren Okafor · 12 Comments' (or 'Veröffentlicht am … von …'):
    the date, then the person."""
    match = _DATE_THEN_NAME.match(_COMMENT_COUNT.sub("", text.strip()))
    if match is None:
        return None
    before = match.group("date")
    found = find_date(before)
    if found is None:
        return None
    iso, (start, end) = found
    leftover = [
        w
        for w in WORD.findall(before[:start] + " " + before[end:])
        if w.lower() not in date_words().beside_date and not w[0].isdigit()
    ]
    byline = names.parse_byline(f"By {match.group('name')}")
    if leftover or byline is None or not byline.authors:
        return None
    return Byline(byline.authors, byline.source, iso)
