"""Dates as news sites print them, turned into ISO 8601.

`date_in_line` decides whether a short line *is* a date line (a dateline, "Published: …",
"Tue Aug 22, 2017 1:35PM") before parsing it, so that a headline with a number in it never
becomes a date. Parsing is python-dateutil's, given the month and weekday names of many
languages and the fixed-offset zone abbreviations (`defaults/date_words.toml`); ambiguous zones
("ET", "IST") give a naive time rather than a wrong offset. Lines that hold a date beside
other words (a label, a byline, a sentence) are read in `date_lines`.
"""

from __future__ import annotations

import re
from contextvars import ContextVar
from datetime import datetime, timedelta, timezone
from functools import cache, lru_cache

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


def read_slash_dates_day_first(day_first: bool) -> None:
    """Read `04/05/2022` as 4 May (`True`: most of the world) or as April 5 (the US) from now
    on in the current context. The page's language decides it, and only the cleaner knows the
    language while the dates are read a dozen calls below it; each cleaner runs a page in a
    context of its own, so the order never leaks to the next page or thread."""
    _SLASH_DAY_FIRST.set(day_first)


def has_year(text: str) -> bool:
    """A four-digit year, or a date with a two-digit one; the cheap `_SHORT_YEAR_HINT` first,
    as most lines hold neither (the full pattern costs four times as much a line)."""
    return _YEAR.search(text) is not None or (
        _SHORT_YEAR_HINT.search(text) is not None and _SHORT_YEAR_DATE.search(text) is not None
    )


def _with_full_years(text: str, latest: int) -> str:
    """ "06.11.23" as "06.11.2023": a two-digit year is this century's, up to next year
    (`latest`). One past it is left short, so that the parser refuses it: "1.2.95" is a
    version number more often than a day of 1995."""

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
    if not text or len(text) > 60 or not has_year(text):
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
    if not has_year(text):  # what parse_date requires of every match: tell it in one scan
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


def is_date_range(text: str) -> bool:
    """Two dates joined as the ends of a period ("14 Oct 2014 - 10 Aug 2017")."""
    hit = find_date(text)
    return hit is not None and opens_range(text[hit[1][1] :])


def opens_range(rest: str) -> bool:
    joined = date_words().range_joint.match(rest)
    return bool(joined and (second := find_date(rest[joined.end() :])) and second[1][0] == 0)


MEMO_CHARS = 200


def parse_date(text: str, now: datetime | None = None) -> str | None:
    """ISO 8601 (seconds, offset only when the zone is known) or None when it is not a date.

    The same few date strings are parsed again and again on a page (a header line by each
    reader of the header, a stamp by each date search), and dateutil's parse is the costly
    part: short strings are remembered with all the answer depends on (this year, the page's
    slash order)."""
    latest = (now or datetime.now(timezone.utc)).year + 1
    if len(text) > MEMO_CHARS:
        return _parsed(text, latest, _SLASH_DAY_FIRST.get())
    return _remembered(text, latest, _SLASH_DAY_FIRST.get())


def _parsed(text: str, latest: int, slash_day_first: bool) -> str | None:
    cleaned = _clean(_SPACED_DATE.sub(r"\1.\2.\3", _with_full_years(text, latest)))
    if not _YEAR.search(cleaned):
        return None
    dayfirst = (
        bool(_DAY_FIRST.search(cleaned))
        or _day_over_twelve(cleaned)
        or (slash_day_first and _SLASH_DATE.search(cleaned) is not None)
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
    if not 1990 <= value.year <= latest:
        return None
    if value.tzinfo is not None and value.utcoffset() is not None:
        offset = value.utcoffset() or timedelta(0)
        value = value.replace(tzinfo=timezone(offset))
    return value.isoformat(timespec="seconds")


_remembered = lru_cache(maxsize=4096)(_parsed)


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
