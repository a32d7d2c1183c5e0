"""Lines that carry a text's date among other words: a label, a byline, a sentence that
states the publication, a press release's dateline, a standfirst run into its date line.

`date_in_line` (in `dates`) reads a line that is only a date; these read one that holds a
date beside words, and refuse the dates that belong to another day than the text's (a
range's first day, a release, an embedded post's credit).
"""

from __future__ import annotations

import re

from scraper.normalize.date_words import date_words
from scraper.normalize.dates import (
    MAX_LABEL_WORDS,
    date_in_line,
    find_date,
    has_year,
    opens_range,
)

MAX_BYLINE_WORDS = 8
"""Words a byline may put before its date ("Veröffentlicht von SeglerBlog am", "By Martin
Jendrischik On"), where a label of more than `MAX_LABEL_WORDS` would be a sentence."""
MAX_DATE_LINE = 160
_VERB_AFTER_DATE = 2
"""Words after a date where a sentence's last verb states its publication ("… um 23:03 Uhr
gepostet": the time is read with the date)."""
_ICONS = re.compile("[\ue000-\uf8ff]")
"""Unicode's private use area, where icon fonts put the glyph printed before a date (a
calendar, a clock): no word of a label."""
_DATELINE_CHARS = 60
_CLOSING_CHARS = 60
_SENTENCE_ENDS = frozenset('?!."“”»')
_EMBEDDED_POST = re.compile(r"\(@\w+\)")
_PLACE = re.compile(r"[^\W\d][\w.'-]*(?: [^\W\d][\w.'-]*)?,\s*")  # "Wien, ", "Bad Ems, "
_DATELINE_END = re.compile(r"\s*[-–—|]\s|\s*[„“\"«]")
_LEAD_LABEL = re.compile(r"[^\W\d][\w-]* (?:vom|from|du|del|dal|van)\s+", re.IGNORECASE)


def labelled_date(text: str) -> str | None:
    """The date of a short line that is a date, a label of a few words and a date
    ("Veröffentlicht am 3. März 2021", "Story – 14.03.2023"), or a byline and a date ("Von:
    Björn Jahner | 31.10.23", "By Martin Jendrischik On 12. Dezember 2022"). Never the first
    day of a range ("14 Oct 2014 - 10 Aug 2017", "vom 17.05.2018 bis 20.05.2018"), which
    dates a period (an archive's span, a stay, an event), not a story; never a date labelled
    as another day than the text's ("Kinostart: 2. April 2015", "Registriert: 18.09.2008")."""
    if len(text) > MAX_DATE_LINE:
        return (
            dateline_date(text)
            or _published_sentence(text[:MAX_DATE_LINE])
            or _closing_date(text[-MAX_DATE_LINE:])
        )
    if not has_year(text):
        return None
    text = _ICONS.sub("", text)
    if closing := _closing_date(text):
        return closing
    hit = find_date(text)
    if hit is not None and (opens_range(text[hit[1][1] :]) or _names_other_day(text, hit)):
        return None
    if found := date_in_line(text):
        return found
    if hit is None:
        return None
    label, rest = text[: hit[1][0]], text[hit[1][1] :]
    words = len(label.split())
    if words <= MAX_LABEL_WORDS:
        return hit[0]
    byline = date_words().byline
    after = rest.split(maxsplit=1)[:1]
    signed = byline.search(label) is not None or (after and byline.fullmatch(after[0]))
    if words <= MAX_BYLINE_WORDS and (signed or _states_publication(label, rest)):
        return hit[0]
    return None


def _closing_date(text: str) -> str | None:
    """The date a line ends with after its last sentence or quote ("… What is the secret
    of its return? Monday, 6 January 2020", "„Die Fähre ist zurück“ 01.05.2017"): a
    standfirst or headline run into the date line under it by the rendering."""
    tail = text.rstrip()
    if not tail[-1:].isdigit():
        return None
    hit = find_date(tail[-_CLOSING_CHARS:])
    if hit is None or hit[1][1] != len(tail[-_CLOSING_CHARS:]):
        return None
    before = tail[-_CLOSING_CHARS:][: hit[1][0]].rstrip()
    return hit[0] if before[-1:] in _SENTENCE_ENDS else None


def _published_sentence(head: str) -> str | None:
    """The date of a sentence that states the text's publication in its first words ("Der
    Beitrag wurde am Dienstag, den 3. März 2020 um 10:15 Uhr veröffentlicht und …", "This
    entry was posted on March 3, 2020 and is filed under …"): a blog theme's footer."""
    hit = find_date(head)
    if hit is None or _names_other_day(head, hit):
        return None
    label, rest = head[: hit[1][0]], head[hit[1][1] :]
    if len(label.split()) <= MAX_BYLINE_WORDS and _states_publication(label, rest):
        return hit[0]
    return None


def _states_publication(label: str, rest: str) -> bool:
    """A publication word among the label's words or right after the date."""
    published = date_words().published
    after = " ".join(rest.split()[:_VERB_AFTER_DATE])
    return published.search(label) is not None or published.search(after) is not None


def names_other_day(text: str) -> bool:
    """Whether the words before the line's first date label it as another day than the
    text's: a release, a registration, an event, a deadline (`defaults/date_words.toml`,
    `other_days`)."""
    hit = find_date(text)
    return hit is not None and _names_other_day(text, hit)


def _names_other_day(text: str, hit: tuple[str, tuple[int, int]]) -> bool:
    """A label of another day (`names_other_day`), or an embedded post's credit ("— Jana Roth
    (@jroth) 2. Juni 2018", "A post shared by … (@ferryfan) on Jun 16, 2019"): the day a
    quoted tweet or photo went up, not the page's."""
    label = text[: hit[1][0]]
    if date_words().other_day.search(label) is not None:
        return True
    return "(@" in label and _EMBEDDED_POST.search(label) is not None


def dateline_date(text: str) -> str | None:
    """The date a paragraph opens with as its dateline, set off by a dash, a bar or an
    opening quote ("27.1.2022 - Bei der Erinnerung …", "Wien, 14. Dezember 2021 – Aufgrund
    …", "Pressemitteilung vom 3. Mai 2022 | Kiel – …"), or in brackets of its own ("(3. Mai
    2022) Die Fähre …"): a press release's lead. A date inside the sentence, or one run into
    it, dates something else."""
    head = text[:_DATELINE_CHARS]
    if not has_year(head):
        return None
    hit = find_date(head)
    if hit is None:
        return None
    before, after = head[: hit[1][0]], head[hit[1][1] :]
    if before in ("(", "[") and after[:1] in (")", "]"):
        return hit[0]  # "(21. November 2022) Die Preise …"
    if before and not _PLACE.fullmatch(before) and not _LEAD_LABEL.fullmatch(before):
        return None
    return hit[0] if _DATELINE_END.match(after) else None
