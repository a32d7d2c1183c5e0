"""The common byline forms a text page prints, each read whole: who wrote it, and when.

"Posted on March 3, 2021 by Maren Okafor · 12 Comments", "By Tobias Whitcombe, Larchmont
Beacon", "Ines Marlow | Quillfeather", "Shana Nys Dambrot November 6, 2023". The name book
(`defaults/names.toml`) tells a person's name; the page's own evidence (`OutletEvidence`) tells
an outlet named after the person, so an outlet no word list knows is not taken for a second
author.
"""

from __future__ import annotations

import re

from scraper.cleaners.features import WORD
from scraper.cleaners.header_words import HeaderWords
from scraper.cleaners.meta_line import NAME_TOKENS, SEPARATOR_MARKS, dated_name
from scraper.cleaners.outlets import NO_OUTLETS, OUTLET_WORDS, OutletEvidence
from scraper.normalize.authors import Byline, NameBook
from scraper.normalize.date_words import date_words
from scraper.normalize.dates import find_date

__all__ = [
    "byline_of",
    "date_and_name",
    "dated_name",
    "labelled_byline",
    "name_and_outlet",
    "posted_byline",
    "preposition_phrase",
    "signed_by_label",
]

LABELLED_LINE = 200
_NAME_END = re.compile(r"\s(?:[|•·~/]|[–—-](?=\s))|[,;(/]")

_CJK = re.compile(r"^[\u4e00-\u9fff]{2,}$")
CJK_NAME_CHARS = 4
"""A Chinese name after its label ("责任编辑：焦鹏") has two to four characters and no capitals;
a longer run is a desk or a site ("新华网北京频道编辑部")."""
_BY = re.compile(r"^by\s+", re.IGNORECASE)
_NAME_AND_OUTLET = re.compile(
    r"^(?P<name>[^|•·,–—]+?)(?:\s[|•·]\s|\s[–—-]\s|,\s)\s*(?P<outlet>[^|•·,–—]+)$"
)


def byline_of(
    text: str, names: NameBook, words: HeaderWords, outlets: OutletEvidence = NO_OUTLETS
) -> Byline | None:
    """The byline a line carries, in any of the common forms, or None.

    A form that reads the line as a byline but finds nobody in it ("von flerche": no
    capitalised name) leaves the line to the forms that accept a user name.
    """
    found = (
        name_and_outlet(text, names, outlets)
        or posted_byline(text, names, words)
        or names.parse_byline(text)
    )
    if found is not None and found.authors:
        return found
    return (
        labelled_byline(text, names, words)
        or dated_name(text, names, words)
        or date_and_name(text, names, words)
        or found
    )


def _date_word(word: str) -> bool:
    bare = word.lower().rstrip(".,")
    return bare in date_words().month_and_day_names or (word.endswith(".") and len(word) > 2)


def date_and_name(text: str, names: NameBook, words: HeaderWords) -> Byline | None:
    """'Shana Nys Dambrot November 6, 2023', 'Gesine Engels-Krone, 02.01.2023, 11:08 Uhr',
    'Edda Vorlauf Zuletzt geändert am 06.11.2023': a person's name and a date with nothing else
    but date and label words (`not_names` in `defaults/header.toml`) between them."""
    text = words.comment_count.sub("", text)
    found = find_date(text)
    if found is None:
        return None
    iso, (start, end) = found
    rest = [
        w
        for w in (text[:start] + " " + text[end:]).replace(",", " ").split()
        if w.strip(SEPARATOR_MARKS).lower() not in date_words().beside_date and not w[0].isdigit()
    ]
    kept = [
        w
        for w in rest
        if w.strip(SEPARATOR_MARKS) and w.strip(SEPARATOR_MARKS).lower() not in words.not_names
    ]
    if any(_date_word(w) for w in kept):
        return None  # "Thu Jul", "Wien Mittwoch", "6 Min. Lesezeit": the date's own words
    name = " ".join(kept)
    shaped = 2 <= len(name.split()) <= 4 and names.is_person(name)
    if names.is_full_name(name) or (shaped and name in text[:start]):
        return Byline((name,), None, iso)  # after its date, only a known given name signs
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


def posted_byline(text: str, names: NameBook, words: HeaderWords) -> Byline | None:
    """'Posted on March 3, 2021 by Maren Okafor · 12 Comments' (or 'Veröffentlicht am … von …'):
    the date, then the person."""
    match = words.date_then_name.match(words.comment_count.sub("", text.strip()))
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


def labelled_byline(text: str, names: NameBook, words: HeaderWords) -> Byline | None:
    """'Veröffentlicht am 12. Juni 2017 von gizzmo', 'Posted on 2015-04-05 by marc | Leave a
    comment', '05.01.2020 | Autor: gnaddrig | Abgelegt unter: Fotografie': a label word
    (`defaults/header.toml`) that puts the writer's name after it, and before it nothing but
    dates and publishing words. The label vouches for the role, so a lone user name counts
    as a name here; after the name may come anything (a category, a comment count).
    """
    if len(text) > LABELLED_LINE or words.name_label.search(text) is None:
        return None  # most lines: no label at all, and the search is cheaper than the rest
    text = words.comment_count.sub("", text.strip())
    for label in words.name_label.finditer(text):
        if not _only_dates_before(text[: label.start()], words):
            continue
        name = _name_after(text[label.end() :], names, words)
        if name:
            found = find_date(text)
            return Byline((name,), None, found[0] if found else None)
    return None


def preposition_phrase(text: str, name: str, words: HeaderWords) -> bool:
    """ "von Einheimischen", "Von Newsletter abmelden": one capitalised word after nothing but a
    bare preposition, and no date on the line, is a phrase. Such a line is a byline only where
    its place says so (under the headline); far from it, "by delta201" (a user name) or "von
    Brindlefox am 12.06.2017" (a date) still sign."""
    if len(name.split()) > 1 or not name.istitle() or find_date(text) is not None:
        return False
    if words.desk(name) is not None:
        return False  # "Von" / "Redaktion": a desk signs as a writer does
    before = text[: text.find(name)].strip(" :-–—|•·").split() if name in text else []
    return len(before) == 1 and before[0].lower() in words.prepositions


def _only_dates_before(before: str, words: HeaderWords) -> bool:
    """Nothing but dates, times, separators and publishing words before a byline's label
    ("Publiziert am 13. Januar 2014 von", "Eingestellt von"), and a post's category after its
    label ("Posted in Datenschutz by")."""
    rest = words.filed_in.sub(" ", before)
    while (found := find_date(rest)) is not None:
        rest = rest[: found[1][0]] + " " + rest[found[1][1] :]
    return all(
        w.lower() in date_words().beside_date
        or w[0].isdigit()
        or w.lower() in date_words().month_and_day_names
        or words.is_publishing_word(w)
        for w in WORD.findall(rest)
    )


def _name_after(rest: str, names: NameBook, words: HeaderWords) -> str | None:
    """The name that opens `rest`: up to a separator, a date or a word that ends names."""
    rest = rest.lstrip("-–—|•·:：~ ")
    cut = _NAME_END.search(rest)
    head = rest[: cut.start()] if cut else rest
    found = find_date(head)
    head = head[: found[1][0]] if found else head
    desk = words.desk(head)
    if desk is not None and names.without_role(desk) == desk:
        return desk  # "Redaktion", "HLNF Staff Report"; not "Evan Halper Staff Writer"
    tokens: list[str] = []
    for token in head.split():
        bare = token.lower().strip(".:,")
        handle = bool(tokens) and token.startswith("@") and len(token) > 1  # "Ana Ruiz @aruiz"
        if bare in words.name_ends or bare in names.not_names or token[0].isdigit() or handle:
            break
        if tokens and token.endswith(":"):  # "von Andrea Kategorien: Allgemein": the next
            name = " ".join(tokens)  # field's label ends the name; "Von wegen Entspannung:" no
            return name if names.is_person(name) else None
        if bare in words.name_joins:
            if len(tokens) < 2 or not names.is_person(" ".join(tokens)):
                return None  # "Vom Bellyboot und Angel-Kajak angeln": a phrase, no writers
            break
        tokens.append(token.strip(".:"))
    name = names.without_role(" ".join(t for t in tokens if t))
    if not name or len(tokens) > NAME_TOKENS:
        return None
    if names.is_person(name):
        return name  # "By Evan Halper Staff Writer": the job title cut
    if _CJK.match(name):
        return name if len(name) <= CJK_NAME_CHARS else None  # longer: a desk, a site
    return names.handle(name) if len(tokens) == 1 else None


def signed_by_label(text: str, byline: Byline, words: HeaderWords) -> bool:
    """Whether a label word ("By", "von", "Autor:") puts the byline's first person after it
    on the line; a name read only from its place beside a date or an outlet is a guess."""
    if not byline.authors:
        return False
    at = text.find(byline.authors[0])
    before = text[:at] if at >= 0 else text
    return words.name_label.search(before) is not None
