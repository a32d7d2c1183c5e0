"""Dates as news sites print them, turned into ISO 8601.

`date_in_line` decides whether a short line *is* a date line (a dateline, "Published: …",
"Tue Aug 22, 2017 1:35PM") before parsing it, so that a headline with a number in it never
becomes a date. Parsing is python-dateutil's, given the month and weekday names of many
languages and the fixed-offset zone abbreviations (`config/date_words.toml`); ambiguous zones
("ET", "IST") give a naive time rather than a wrong offset.
"""

from __future__ import annotations

import re
from contextvars import ContextVar
from datetime import datetime, timedelta, timezone
from functools import cache

from dateutil import parser as dateutil_parser

from scraper.normalize.date_words import date_words

_MERIDIEM = frozenset({"am", "pm"})
_TOKEN = re.compile(r"[^\s,]+")
_YEAR = re.compile(r"(?<!\d)(19[89]\d|20\d\d)(?!\d)")
_SHORT_YEAR_DATE = re.compile(r"(?<![\d./])(\d{1,2})([./])(\d{1,2})\2(\d{2})(?!\d|[./]\d)")
"""A numeric date with a two-digit year ("06.11.23", "11/08/23"), not a part of a longer run
of numbers (a version "5.10.13.2", an address "10.0.0.12")."""
_STAMP_SEPARATORS = frozenset("|/•·—–-:,")
_SHORT_YEAR_HINT = re.compile(r"[./]\d{1,2}[./]\d\d")
_NUMERIC = re.compile(r"^[\d:./\-+TZ]+$|^\d{1,2}(st|nd|rd|th|\.)?$", re.IGNORECASE)
_DAY = re.compile(r"^(0?[1-9]|[12]\d|3[01])(st|nd|rd|th|\.)?$", re.IGNORECASE)
_AMPM = re.compile(r"^\d{1,2}(:\d{2})?(:\d{2})?\s*([ap]\.?m\.?)$", re.IGNORECASE)


_NUMERIC_DATE = re.compile(
    r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[./-]\d{1,2}[./-](\d{4}|\d{2})\b|\d{1,2}\. \d{1,2}\. \d{4}\b"
)
_SPACED_DATE = re.compile(r"(?<![\d.])(\d{1,2})\. (\d{1,2})\. (\d{4})(?!\d)")
"""A dotted date written with spaces, as German style guides have it ("13. 1. 2020")."""
# Day first: dotted (23.01.2020) and dashed with the year last (01-11-2023); the month-first
# order is American and written with slashes.
_DAY_FIRST = re.compile(r"(?<![\d-])\d{1,2}([.-])\d{1,2}\1\d{2,4}(?![\d-])")
_SLASH_DATE = re.compile(r"(?<![\d/])\d{1,2}/\d{1,2}/\d{2,4}(?![\d/])")
_SLASH_DAY_FIRST: ContextVar[bool] = ContextVar("slash_dates_day_first", default=False)
MAX_LABEL_WORDS = 3
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


def read_slash_dates_day_first(day_first: bool) -> None:
    """Read `04/05/2022` as 4 May (`True`: most of the world) or as April 5 (the US) from now
    on in the current context. The page's language decides it, and only the cleaner knows the
    language while the dates are read a dozen calls below it; each cleaner runs a page in a
    context of its own, so the order never leaks to the next page or thread."""
    _SLASH_DAY_FIRST.set(day_first)


def _has_year(text: str) -> bool:
    """A four-digit year, or a date with a two-digit one; the cheap `_SHORT_YEAR_HINT` first,
    as most lines hold neither (the full pattern costs four times as much a line)."""
    return _YEAR.search(text) is not None or (
        _SHORT_YEAR_HINT.search(text) is not None and _SHORT_YEAR_DATE.search(text) is not None
    )


def _with_full_years(text: str, now: datetime | None) -> str:
    """ "06.11.23" as "06.11.2023": a two-digit year is this century's, up to next year. One
    past it is left short, so that the parser refuses it: "1.2.95" is a version number more
    often than a day of 1995."""
    latest = (now or datetime.now(timezone.utc)).year + 1

    def full(match: re.Match[str]) -> str:
        day, joint, month, year = match.groups()
        if 2000 + int(year) > latest:
            return match.group(0)
        return f"{day}{joint}{month}{joint}{2000 + int(year)}"

    return _SHORT_YEAR_DATE.sub(full, text)


def _follows_version_word(text: str, start: int) -> bool:
    """ "Version 2.4.12", "v1.11.23": a release's number, not a day with a two-digit year."""
    before = text[:start].split()[-1:] or [""]
    word = before[0].lower().strip(".:(")
    marks = date_words().version_marks
    return word in marks or (text[start - 1 : start] in ("v", "V") and "v" in marks)


def _run_into_text(text: str, start: int, end: int) -> bool:
    """A two-digit-year date that is no stamp of its own: words or an opened aside run into
    it ("Night Porter - (posted 03/14/07)", "Clara Beck. Born 2/9/14.") or text runs on after
    it ("Harbour Notes 05/21/13 \"The Ferry Edition\""). Such a number names a title's
    episode or a list item's day; a stamp stands alone, after a separator, a short label or
    a date's word ("Jana Roth | 06.11.23", "Stand: 2.4.12", "von Jana Roth Erstellt am
    02.03.23"), and is followed by nothing, a separator or a byline ("1.11.23 20:19 von Jana
    Roth"). A year of four digits is no number of anything else, so it needs none of this."""
    before, after = text[:start].rstrip(), text[end:].lstrip()
    label = before.split()
    set_off = (
        not before
        or before[-1] in _STAMP_SEPARATORS
        or (
            "(" not in before
            and "." not in before
            and (len(label) <= MAX_LABEL_WORDS or label[-1].lower() in date_words().beside_date)
        )
    )
    if not set_off:
        return True
    following = after.split(maxsplit=1)[0].lower() if after else ""
    return not (
        not after
        or after[0] in _STAMP_SEPARATORS
        or date_words().byline.fullmatch(following) is not None
    )


def _zone_offset(name: str | None, offset: int | None) -> int | None:
    """Seconds east of UTC for a zone name we know to be fixed; None (a naive time) otherwise."""
    return date_words().zone_offsets.get(name.upper()) if name else offset


def _is_date_token(token: str) -> bool:
    bare = token.strip(".,;()").lower()
    words = date_words()
    return (
        not bare
        or bare in words.month_and_day_names
        or bare in words.filler
        or bare in words.zones
        or bare in words.ambiguous_zones
        or _NUMERIC.match(bare) is not None
        or _AMPM.match(bare) is not None
        or re.fullmatch(r"\d{1,2}:\d{2}(:\d{2})?([ap]m)?", bare) is not None
        or re.fullmatch(r"[+-]\d{2}:?\d{2}", bare) is not None
    )


def date_in_line(line: str, now: datetime | None = None) -> str | None:
    """ISO 8601 when the line is a date line (at most a label besides the date), else None."""
    text = date_words().line_label.sub("", line.strip(), count=1).strip(" .|")
    text = re.sub(r"\b([ap])\.m\.", r"\1m", text, flags=re.IGNORECASE)
    if not text or len(text) > 60 or not _has_year(text):
        return None
    tokens = _TOKEN.findall(text)
    if not tokens or not all(_is_date_token(t) for t in tokens) or is_date_range(text):
        return None
    if _NUMERIC_DATE.search(text):
        return parse_date(text, now)
    months = date_words().month_names
    has_month = any(t.strip(".,;()").lower() in months for t in tokens)
    if not has_month or not any(_DAY.match(t.strip(",;()")) for t in tokens):
        return None  # "Februar 2020" names a month, not the day a story came out
    return parse_date(text, now)


@cache
def _date_finder() -> re.Pattern[str]:
    """Dates printed inside a line: a day and a month name (a weekday before them, a time
    after), an ISO date, or a numeric one; built once from the vocabulary."""
    words = date_words()
    # only the zones the parser knows: "13:30 von Olga" is a time and a byline, not a zone
    time = (
        r"(?:,?\s*(?:at\s+|um\s+|à\s+|a las\s+)?\d{1,2}[:.h]\d{2}(?::\d{2})?"
        rf"\s*(?:[ap]\.?m\.?)?(?:\s*(?:uhr\b|(?:{words.zone_pattern})\b|[+-]\d{{2}}:?\d{{2}}))?)?"
    )
    months = words.month_pattern
    weekday = rf"(?:(?:{words.weekday_pattern})\.?,?\s+)?"
    named = (
        rf"{weekday}(?:\d{{1,2}}(?:st|nd|rd|th)?\.?\s+(?:de\s+)?(?:{months})\.?,?\s+(?:de\s+)?\d{{4}}"
        rf"|(?:{months})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}){time}"
    )
    iso = r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?)?"
    numeric = rf"(?<!\d[./])\d{{1,2}}[./]\d{{1,2}}[./](?:\d{{4}}\b|\d{{2}}(?!\d|[./]\d)){time}"
    spaced = rf"(?<![\d.] )\d{{1,2}}\. \d{{1,2}}\. \d{{4}}\b{time}"
    return re.compile(rf"(?<![\w-])(?:{named}|{iso}|{numeric}|{spaced})", re.IGNORECASE)


def find_date(text: str, now: datetime | None = None) -> tuple[str, tuple[int, int]] | None:
    """The first parseable date printed inside a line, with its span, or None."""
    if not _has_year(text):  # what parse_date requires of every match: tell it in one scan
        return None
    for match in _date_finder().finditer(text):
        if _SHORT_YEAR_DATE.match(match.group(0)) and (
            _follows_version_word(text, match.start()) or _run_into_text(text, *match.span())
        ):
            continue
        iso = parse_date(match.group(0), now)
        if iso:
            return iso, match.span()
    return None


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
    if not _has_year(text):
        return None
    text = _ICONS.sub("", text)
    if closing := _closing_date(text):
        return closing
    hit = find_date(text)
    if hit is not None and (_opens_range(text[hit[1][1] :]) or _names_other_day(text, hit)):
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
    text's: a release, a registration, an event, a deadline (`config/date_words.toml`,
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
    if not _has_year(head):
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


def is_date_range(text: str) -> bool:
    """Two dates joined as the ends of a period ("14 Oct 2014 - 10 Aug 2017")."""
    hit = find_date(text)
    return hit is not None and _opens_range(text[hit[1][1] :])


def _opens_range(rest: str) -> bool:
    joined = date_words().range_joint.match(rest)
    return bool(joined and (second := find_date(rest[joined.end() :])) and second[1][0] == 0)


def parse_date(text: str, now: datetime | None = None) -> str | None:
    """ISO 8601 (seconds, offset only when the zone is known) or None when it is not a date."""
    cleaned = _clean(_SPACED_DATE.sub(r"\1.\2.\3", _with_full_years(text, now)))
    if not _YEAR.search(cleaned):
        return None
    dayfirst = (
        bool(_DAY_FIRST.search(cleaned))
        or _day_over_twelve(cleaned)
        or (_SLASH_DAY_FIRST.get() and _SLASH_DATE.search(cleaned) is not None)
    )
    try:
        value = dateutil_parser.parse(
            cleaned,
            parserinfo=date_words().parser_names,
            dayfirst=dayfirst,
            tzinfos=_zone_offset,
            default=datetime(1900, 1, 1),
        )
    except (ValueError, OverflowError, TypeError):
        return None
    limit = (now or datetime.now(timezone.utc)).year + 1
    if not 1990 <= value.year <= limit:
        return None
    if value.tzinfo is not None and value.utcoffset() is not None:
        offset = value.utcoffset() or timedelta(0)
        value = value.replace(tzinfo=timezone(offset))
    return value.isoformat(timespec="seconds")


def _clean(text: str) -> str:
    text = re.sub(r"\b([ap])\.m\.", r"\1m", text, flags=re.IGNORECASE)
    text = re.sub(r"(\d)\s*h\s*(\d{2})\b", r"\1:\2", text)
    text = re.sub(r"((?:19|20)\d\d,?\s+)(\d{1,2})\.(\d{2})\b", r"\1\2:\3", text)
    words = date_words()
    tokens = []
    for token in _TOKEN.findall(text):
        bare = token.strip(".,;()").lower()
        if bare in words.ambiguous_zones:
            continue
        if (bare in words.filler and bare not in _MERIDIEM) or bare == "uhr":
            continue
        tokens.append(token.rstrip(",;"))
    joined = " ".join(tokens)
    return re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", joined)


def _day_over_twelve(text: str) -> bool:
    match = re.search(r"\b(\d{1,2})/(\d{1,2})/\d{2,4}\b", text)
    return bool(match and int(match.group(1)) > 12)
