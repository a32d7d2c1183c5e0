"""One byline line read into its people, its outlet and its date.

"By Jane Doe and Sam Lee", "Jane Doe | Reuters", "by Paulo Coelho on July 17, 2012",
"Autor: Rechtsanwalt Sebastian Einbock": a "by" word (or a name beside an outlet or a job
title) makes a line a byline; its segments then fall into names, an outlet, a date and the
credits and job titles to pass over. Which words are which comes from the page's `NameBook`
(`defaults/names.toml`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol

from scraper.normalize.date_words import date_words
from scraper.normalize.dates import date_in_line, find_date

__all__ = [
    "BY_PREFIX",
    "NAME_SPLIT",
    "NAME_TOKEN",
    "NOISE_WORDS",
    "Byline",
    "NameWords",
    "read_byline",
]

BY_PREFIX = re.compile(
    r"^(?:(?:written|posted|words|story|reported|text|report|compiled|interview|submitted|penned|"
    r"contributed)\s+by|by|von|por|"
    r"par|di|av|door|autor(?:in)?|auteur|author|authors|reporter|writer|"
    r"(?:ein|a|an)\s+(?:artikel|article|beitrag|story|post)\s+(?:von|by))\b\s*[:\-–]?\s*",
    re.IGNORECASE,
)
# segments of a byline: spaced separators, and a slash glued between words ("Jane Doe/AP")
_SEGMENT = re.compile(
    r"\s+[|•·/]\s+|(?<=[^\W\d_])/(?=[^\W\d_])|\s+[–—-]\s+|\s*\|\s*|\s+for\s+(?=[A-Z])"
)
NAME_SPLIT = re.compile(r"\s*,\s*(?:and\s+)?|\s+(?:and|&|und|y|et|e|i|en|og|och)\s+", re.IGNORECASE)
_DATE_TAIL = re.compile(r"\s+(?:on|am|el|le|il)\s+(?=\S)", re.IGNORECASE)
_PLACE_TAIL = re.compile(r"\s+(?:at|in)\s+(?:the\s+)?[A-Z].*$")
NAME_TOKEN = re.compile(
    r"^(?:[A-ZÀ-ÞĀ-Ž][\w'’.\-]*|(?:de|da|del|della|der|den|di|du|la|le|van|von|bin|al|ibn|dos|y)"
    r"|[A-Z]\.)$"
)

SENTENCE_WORDS = 4
SENTENCE_LOWERCASE = 2
AFFILIATION_WORDS = {"from", "for", "at", "of", "via", "für", "bei", "pour", "para"}
NOISE_WORDS = {"updated", "follow", "published", "posted", "on", "am", "at"}
_JOINS = {"and", "und", "et", "y", "e", "i", "en", "og", "och"}  # as NAME_SPLIT joins names


class NameWords(Protocol):
    """What reading a byline asks of the name book (`authors.NameBook`): its word lists and
    its tests of a person's name."""

    @property
    def roles(self) -> frozenset[str]: ...
    @property
    def credits(self) -> frozenset[str]: ...
    @property
    def non_authors(self) -> frozenset[str]: ...
    @property
    def not_names(self) -> frozenset[str]: ...
    def is_person(self, name: str) -> bool: ...
    def is_full_name(self, name: str) -> bool: ...
    def is_organisation(self, name: str) -> bool: ...
    def strip_role(self, name: str) -> str: ...


@dataclass(frozen=True, slots=True)
class Byline:
    authors: tuple[str, ...] = ()
    source: str | None = None
    published: str | None = None


def _strip_title_before(names: NameWords, name: str) -> str:
    """ "Rechtsanwalt Sebastian Einbock" → "Sebastian Einbock": a job title printed before a
    full name; a name that is not full without the word keeps it."""
    tokens = name.split()
    while len(tokens) > 2 and tokens[0].lower() in names.roles:
        if not names.is_full_name(" ".join(tokens[1:])):
            break
        tokens = tokens[1:]
    return " ".join(tokens)


def read_byline(names: NameWords, line: str) -> Byline | None:
    """The byline a line carries, or None when the line is not a byline."""
    text = line.strip().lstrip("/|•·-–—*>#: ")
    prefixed = BY_PREFIX.match(text)
    if prefixed is None:
        signed = _name_and_title(names, text)
        if signed is not None:
            return signed
        if not _looks_like_name_and_outlet(names, text):
            return None
    if prefixed is not None:
        text = text[prefixed.end() :]
        if _opens_sentence(names, _SEGMENT.split(text)[0]):
            return None
    authors: list[str] = []
    source: str | None = None
    published: str | None = None
    affiliation = False
    for segment in _SEGMENT.split(text):
        segment = BY_PREFIX.sub("", segment.strip(), count=1)
        if not segment or _is_credit(names, segment):
            continue
        date = date_in_line(segment)
        if date:
            published = published or date
            continue
        found = find_date(segment)
        if found:
            published = published or found[0]
            segment = segment[: found[1][0]]
        segment = _PLACE_TAIL.sub("", _DATE_TAIL.split(segment)[0]).strip(" ,;")
        if segment.lower() in AFFILIATION_WORDS:
            affiliation = True  # "Jane Doe | from | University of Michigan"
            continue
        if affiliation:
            source, affiliation = source or segment, False
            continue
        if names.is_organisation(segment) and not prefixed:
            source = source or segment
            continue
        if authors and _is_outlet_word(names, segment):
            source = source or segment  # "Jane Doe - Acme": the outlet after the person
            continue
        source = _read_names(names, segment, authors) or source
    if prefixed is None and not authors:
        return None
    return Byline(tuple(authors), source, published)


def _read_names(names: NameWords, segment: str, authors: list[str]) -> str | None:
    """Add the people a byline segment names; returns an organisation it names.

    Names end where a job title, an organisation or trailing noise (a handle, a relative
    time, "Follow") begins: "By Jane Doe, Senior Editor, Acme Project" names one person.
    """
    named_before = bool(authors)
    for part in NAME_SPLIT.split(segment):
        name = _strip_title_before(names, _leading_name(names, part.strip()))
        if any(word.lower() in names.roles for word in name.split()[:1]):
            return None
        if named_before and name != part.strip():
            return None  # "Jane Doe | Last updated …": a later segment is no sentence
        if len(name.split()) > 1 and any(w.lower() in names.roles for w in name.split()[1:]):
            stripped = names.strip_role(name)
            if len(stripped.split()) < 2 or names.is_organisation(stripped):
                return None  # "Gazette Staff Writer": an outlet's job title, no person
        stripped = names.strip_role(name)
        if stripped and stripped.lower() not in names.non_authors:
            if names.is_organisation(stripped):
                return stripped
            if names.is_person(stripped) and stripped not in authors:
                authors.append(stripped)
        if stripped != name or (name != part.strip() and authors):
            return None
    return None


def _opens_sentence(names: NameWords, segment: str) -> bool:
    """ "Von Informationskampagnen über Selbstverpflichtungen …", "Von der Leyen will …": after
    its "by" word, a sentence goes on in lowercase words straight after a capitalised word or
    two that are no full name; a byline's name is followed by a separator, a date, a job
    title, a place or the post's categories (one lowercase word: "under")."""
    tokens = segment.split()
    lead = _leading_name(names, segment).split()
    if not lead or len(tokens) < SENTENCE_WORDS or len(lead) >= len(tokens):
        return False
    after = tokens[len(lead)].lower().strip(",;:")
    if not tokens[len(lead)][:1].islower() or after in names.roles | NOISE_WORDS:
        return False
    lowercase = sum(t[:1].islower() for t in tokens[len(lead) :])
    if after in AFFILIATION_WORDS | _JOINS or lowercase < SENTENCE_LOWERCASE:
        return False  # "Nesselsetzer under Just For Fun": a post's category after its writer
    return not names.is_full_name(" ".join(lead))


def _leading_name(names: NameWords, text: str) -> str:
    """The run of name-shaped words a byline part starts with."""
    words: list[str] = []
    tokens = text.split()
    for at, token in enumerate(tokens):
        bare = token.strip(",;")
        following = tokens[at + 1] if at + 1 < len(tokens) else ""
        if not NAME_TOKEN.match(bare) or bare.lower() in NOISE_WORDS | names.not_names:
            break
        if bare.lower().rstrip(".") in date_words().month_and_day_names and following[:1].isdigit():
            break
        words.append(bare)
        if token.endswith((",", ";")):
            break
    return " ".join(words)


def _is_outlet_word(names: NameWords, segment: str) -> bool:
    """One capitalised word after a person's name and a separator names where the piece
    ran, not a second person."""
    word = segment.lower()
    ignored = names.non_authors | names.roles | names.not_names | NOISE_WORDS
    return len(segment.split()) == 1 and segment[:1].isupper() and word not in ignored


def _is_credit(names: NameWords, segment: str) -> bool:
    first = re.split(r"[\s:]+", segment.lower(), maxsplit=1)[0]
    return first in names.credits


def _name_and_title(names: NameWords, text: str) -> Byline | None:
    """'Dev Raghunathan, Staff Writer' or 'Colm Fennessy, University Communications'."""
    name, comma, rest = text.partition(",")
    name, rest = name.strip(), rest.strip()
    if not comma or len(name.split()) < 2 or not names.is_person(name) or len(rest.split()) > 6:
        return None
    words = {w.lower() for w in re.findall(r"\w+", rest)}
    if words & names.roles:
        return Byline((name,))
    if names.is_organisation(rest):
        return Byline((name,), rest)
    return None


def _looks_like_name_and_outlet(names: NameWords, text: str) -> bool:
    """'Jane Doe | Reuters': a full name beside a short outlet name."""
    parts = _SEGMENT.split(text)
    return (
        len(parts) == 2
        and len(parts[0].split()) >= 2
        and len(parts[1].split()) <= 5
        and names.is_person(parts[0])
        and names.is_organisation(parts[1])
    )
