"""A post's meta line: the date and the writer's name as neighbours, perhaps with the
post's categories and a comment count ("26. September 2019 Ulrike Stockhausen Schreibe einen
Kommentar", "HansEhrlich 17.10.2019, 13:56 Uhr", "… 2017 … 2017 tlow btw17, Bundestagswahl").
Split from `byline_forms`, which reads the other byline forms and calls this one.
"""

from __future__ import annotations

import re

from scraper.cleaners.header_words import HeaderWords
from scraper.normalize.authors import Byline, NameBook
from scraper.normalize.date_words import date_words
from scraper.normalize.dates import find_date
from scraper.normalize.name_lines import leading_full_name

__all__ = ["NAME_TOKENS", "SEPARATOR_MARKS", "dated_name"]

SEPARATOR_MARKS = "|•·-–—:~"
NAME_TOKENS = 4
META_WORDS = 14
LONGEST_META = 2 * META_WORDS
"""With its comment count or link ("… 2020 évaluation, HCERES 0 Comment"), which does not
count towards `META_WORDS`; longer lines are not searched for one."""
CATEGORY_WORDS = 2
_CHUNK = re.compile(r"\s+[|•·~/]\s+|\s+[–—-]\s+|,\s+")
_TIME = re.compile(r"\b\d{1,2}[:.]\d{2}(?:\s*(?:uhr|h|am|pm|[ap]\.m\.))?", re.IGNORECASE)


def dated_name(text: str, names: NameBook, words: HeaderWords) -> Byline | None:
    """'26. September 2019 Ulrike Stockhausen Schreibe einen Kommentar', 'HansEhrlich
    17.10.2019, 13:56 Uhr', 'Markus Reuter, London, 19.10.2019': a post's meta line, the
    date and the writer's name as neighbours, then perhaps a comment count or link.

    The line is cut where its comment count or link begins; what is left falls into pieces
    at separators and at the dates; the first piece that holds a word is the name (an outlet
    before the date, "The Guardian 02/10/2020 Anna Fazackerley", is the source). A lone
    user name counts only on a line that also has a comment count (a blog post's header) or,
    shaped like a user name ("macbacchi", "HansEhrlich"), a time (a forum post's header):
    a capitalised word beside a date and a time is as likely a place or a section ("Wien").
    """
    if len(text.split(maxsplit=LONGEST_META)) > LONGEST_META or text.endswith("."):
        return None  # a sentence that mentions a date or a time, no meta line
    marker = words.comment_marker.search(text)
    meta = text[: marker.start()] if marker else text  # "… 0 Comment": no words of the line
    if len(meta.split(maxsplit=META_WORDS)) > META_WORDS:
        return None
    first = find_date(text)
    relative = words.relative_time.search(text) if first is None else None
    if first is None and relative is None:
        return None
    published = first[0] if first else None
    timed = relative is not None or _TIME.search(text) is not None
    text = words.relative_time.sub(" | ", meta)
    pieces: list[str] = []
    days: list[str] = []
    source: str | None = None
    while (found := find_date(text)) is not None:
        pieces.append(text[: found[1][0]])
        days.append(found[0][:10])
        text = text[found[1][1] :]
    pieces.append(text)
    doubled = len(days) == 2 and days[0] == days[1]  # a post's published and modified stamps
    chunks = ((at, c) for at, p in enumerate(pieces) for c in _CHUNK.split(_TIME.sub(" ", p)))
    for after_date, piece in chunks:
        kept = [
            w
            for w in piece.split()
            if w.strip(SEPARATOR_MARKS + ",.").lower() not in date_words().beside_date
            and not w.strip(SEPARATOR_MARKS + ",.").isdigit()
            and w.strip(SEPARATOR_MARKS + ",.")
        ]
        if not kept:
            continue
        if _word_inside(piece, kept):
            return None  # "Hofheim am Taunus": a place that holds a date's word, no name
        if kept[-1].endswith(":"):
            return None  # "probe_interval: 1s": a field and its value, not a writer and a time
        name = " ".join(w.strip(SEPARATOR_MARKS + ",") for w in kept)
        desk = words.desk(name)
        if desk is not None:
            return Byline((desk,), source, published)
        if source is None and not after_date and names.is_organisation(name):
            source = name  # "The Guardian 02/10/2020 Anna Fazackerley": the outlet, then its writer
            continue
        if (after_date or doubled) and len(kept) > 2:  # "16. Mai 2019 Markus Elsberger Netzwerk"
            name = _before_categories(name, names)
        if doubled:
            writer = _stamped_writer(kept, bool(after_date), names)
            if writer is not None:
                return Byline((writer,), source, published)
        last = name.split()[-1]
        stamped = marker is not None or any(_TIME.search(p) for p in pieces)
        person = names.is_full_name(name) or ((stamped or not after_date) and names.is_person(name))
        if 2 <= len(name.split()) <= NAME_TOKENS and last[:1].isupper() and person:
            return Byline((name,), source, published)
        user_name = not name.istitle() and (timed or doubled or marker is not None)
        user_name = user_name and "." not in name
        if len(kept) == 1 and (user_name or marker is not None) and names.handle(name):
            return Byline((name,), source, published)
        return None
    return None


def _stamped_writer(kept: list[str], after_date: bool, names: NameBook) -> str | None:
    """The writer beside a post's two stamps (published, modified: the same day twice), which
    WordPress themes print with the writer and the categories in one line: a user name first
    after them ("… 2017 … 2017 tlow btw17, Bundestagswahl"), or before them a full name and
    its categories ("Martin Clavey Politique scientifique française 20 janvier 2020 …") or a
    lone name ("Tine 2. Februar 2020 2. Februar 2020 Radtouren Berlin")."""
    if after_date:
        first = kept[0]
        return first if first.islower() and names.handle(first) else None
    lead = leading_full_name(names, kept)
    if lead is not None:
        return lead
    alone = len(kept) == 1 and names.is_person(kept[0]) and not names.is_navigation(kept[0])
    return kept[0] if alone else None


def _word_inside(piece: str, kept: list[str]) -> bool:
    """Whether a word dropped from `piece` as a date's neighbour ("am", "on") stands between
    two kept words: a name holds no such word, a place ("Hofheim am Taunus") may."""
    printed = piece.split()
    inside = printed[printed.index(kept[0]) : len(printed) - printed[::-1].index(kept[-1])]
    return any(w not in kept and w[:1].isalpha() for w in inside)


def _before_categories(name: str, names: NameBook) -> str:
    """ "Carola Pönisch Kultur" → "Carola Pönisch": after a post's date, a full name and at
    most `CATEGORY_WORDS` capitalised words (its categories); a sentence ("Dorothea Wierer
    darf … jubeln", a headline after its date) stays whole."""
    lead = leading_full_name(names, name.split())
    rest = name[len(lead) :].split() if lead else []
    if lead and len(rest) <= CATEGORY_WORDS and all(w[:1].isupper() for w in rest):
        return lead
    return name
