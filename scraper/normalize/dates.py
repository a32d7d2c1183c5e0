"""Dates as news sites print them, turned into ISO 8601.

`date_in_line` decides whether a short line *is* a date line (a dateline, "Published: …",
"Tue Aug 22, 2017 1:35PM") before parsing it, so that a headline with a number in it never
becomes a date. Parsing is python-dateutil's, given month and weekday names in several
languages and the fixed-offset zone abbreviations; ambiguous zones ("ET", "IST") give a
naive time rather than a wrong offset.
"""

from __future__ import annotations

import re
from contextvars import ContextVar
from datetime import datetime, timedelta, timezone

from dateutil import parser as dateutil_parser

_MONTHS = [
    ("jan", "january", "januar", "jänner", "janvier", "enero", "gennaio", "janeiro", "ene", "jän"),
    (
        "feb",
        "february",
        "februar",
        "février",
        "fevrier",
        "febrero",
        "febbraio",
        "fevereiro",
        "févr",
    ),
    ("mar", "march", "märz", "maerz", "mars", "marzo", "março", "mär", "mrz"),
    ("apr", "april", "avril", "abril", "aprile", "avr", "abr"),
    ("may", "mai", "mayo", "maggio", "maio", "may."),
    ("jun", "june", "juni", "juin", "junio", "giugno", "junho"),
    ("jul", "july", "juli", "juillet", "julio", "luglio", "julho", "juil"),
    ("aug", "august", "août", "aout", "agosto", "ago"),
    ("sep", "sept", "september", "septembre", "septiembre", "settembre", "setembro", "set"),
    ("oct", "october", "oktober", "octobre", "octubre", "ottobre", "outubro", "okt", "out"),
    ("nov", "november", "novembre", "noviembre", "novembro"),
    (
        "dec",
        "december",
        "dezember",
        "décembre",
        "decembre",
        "diciembre",
        "dicembre",
        "dezembro",
        "dez",
        "dic",
        "déc",
    ),
]
_WEEKDAYS = [
    ("mon", "monday", "montag", "lundi", "lunes", "lunedì"),
    ("tue", "tues", "tuesday", "dienstag", "mardi", "martes", "martedì"),
    ("wed", "wednesday", "mittwoch", "mercredi", "miércoles", "mercoledì"),
    ("thu", "thur", "thurs", "thursday", "donnerstag", "jeudi", "jueves", "giovedì"),
    ("fri", "friday", "freitag", "vendredi", "viernes", "venerdì"),
    ("sat", "saturday", "samstag", "samedi", "sábado", "sabato"),
    ("sun", "sunday", "sonntag", "dimanche", "domingo", "domenica"),
]
_ZONES = {
    "utc": 0,
    "gmt": 0,
    "z": 0,
    "est": -5,
    "edt": -4,
    "cst": -6,
    "cdt": -5,
    "mst": -7,
    "mdt": -6,
    "pst": -8,
    "pdt": -7,
    "akst": -9,
    "akdt": -8,
    "hst": -10,
    "cet": 1,
    "cest": 2,
    "mez": 1,
    "mesz": 2,
    "bst": 1,
    "wet": 0,
    "west": 1,
    "eet": 2,
    "eest": 3,
    "msk": 3,
    "jst": 9,
    "kst": 9,
    "aest": 10,
    "aedt": 11,
    "nzst": 12,
    "nzdt": 13,
    "sgt": 8,
    "hkt": 8,
}
_AMBIGUOUS_ZONES = {"et", "pt", "ct", "mt", "ist"}
_LABEL = re.compile(
    r"^(?:(?:first |last )?(?:published|updated|posted|modified|date|dated|released|created)"
    r"(?: (?:on|at))?|veröffentlicht(?: am)?|aktualisiert(?: am)?|stand|publicado(?: el)?|"
    r"actualizado(?: el)?|publié le|mis à jour le|pubblicato(?: il)?|on)\s*[:\-–|]?\s*",
    re.IGNORECASE,
)
_FILLER = {
    "at",
    "on",
    "um",
    "uhr",
    "de",
    "del",
    "a",
    "las",
    "le",
    "à",
    "h",
    "the",
    "of",
    "am",
    "pm",
    "a.m.",
    "p.m.",
    "|",
    "-",
    "–",
    "—",
    "/",
    "•",
    "·",
}
_TOKEN = re.compile(r"[^\s,]+")
_YEAR = re.compile(r"(?<!\d)(19[89]\d|20\d\d)(?!\d)")
_NUMERIC = re.compile(r"^[\d:./\-+TZ]+$|^\d{1,2}(st|nd|rd|th|\.)?$", re.IGNORECASE)
_DAY = re.compile(r"^(0?[1-9]|[12]\d|3[01])(st|nd|rd|th|\.)?$", re.IGNORECASE)
_AMPM = re.compile(r"^\d{1,2}(:\d{2})?(:\d{2})?\s*([ap]\.?m\.?)$", re.IGNORECASE)


class _Names(dateutil_parser.parserinfo):
    # dateutil takes any number of names per month and weekday (it loops over them); its
    # stubs allow only the two or three of its English defaults
    MONTHS = [tuple(dict.fromkeys(names)) for names in _MONTHS]  # type: ignore[misc]  # noqa: RUF012
    WEEKDAYS = [tuple(dict.fromkeys(names)) for names in _WEEKDAYS]  # type: ignore[misc]  # noqa: RUF012


_NAMES = _Names()
_WORDS = {n.rstrip(".") for group in _MONTHS + _WEEKDAYS for n in group}
DATE_LABEL_WORDS = frozenset(
    [
        "published", "updated", "posted", "modified", "last", "first", "on", "at", "am", "um",
        "le", "la", "el", "de", "del", "à", "a", "las", "mis", "jour", "publié", "publiée",
        "actualizado", "publicado", "veröffentlicht", "aktualisiert", "stand", "zuletzt", "date",
        "dated", "min", "read", "reading", "time", "lecture", "temps", "minutes", "uhr", "h",
        "et", "and", "y", "und", "to", "vom", "news", "by",
    ]
)  # fmt: skip
_MONTH_WORDS = {n.rstrip(".") for group in _MONTHS for n in group}
MONTH_AND_DAY_WORDS = frozenset(_WORDS)
_NUMERIC_DATE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[./-]\d{1,2}[./-](\d{4}|\d{2})\b")
_OFFSETS = {name.upper(): hours * 3600 for name, hours in _ZONES.items()}
# Day first: dotted (23.01.2020) and dashed with the year last (01-11-2023); the month-first
# order is American and written with slashes.
_DAY_FIRST = re.compile(r"(?<![\d-])\d{1,2}([.-])\d{1,2}\1\d{2,4}(?![\d-])")
_SLASH_DATE = re.compile(r"(?<![\d/])\d{1,2}/\d{1,2}/\d{2,4}(?![\d/])")
_SLASH_DAY_FIRST: ContextVar[bool] = ContextVar("slash_dates_day_first", default=False)
_RANGE = re.compile(r"\s*(?:[-–—]|bis|to|until|au|al)\s+", re.IGNORECASE)
MAX_LABEL_WORDS = 3
MAX_DATE_LINE = 160


def read_slash_dates_day_first(day_first: bool) -> None:
    """Read `04/05/2022` as 4 May (`True`: most of the world) or as April 5 (the US) from now
    on in the current context. The page's language decides it, and only the cleaner knows the
    language while the dates are read a dozen calls below it; each cleaner runs a page in a
    context of its own, so the order never leaks to the next page or thread."""
    _SLASH_DAY_FIRST.set(day_first)


def _zone_offset(name: str | None, offset: int | None) -> int | None:
    """Seconds east of UTC for a zone name we know to be fixed; None (a naive time) otherwise."""
    return _OFFSETS.get(name.upper()) if name else offset


def _is_date_token(token: str) -> bool:
    bare = token.strip(".,;()").lower()
    return (
        not bare
        or bare in _WORDS
        or bare in _FILLER
        or bare in _ZONES
        or bare in _AMBIGUOUS_ZONES
        or _NUMERIC.match(bare) is not None
        or _AMPM.match(bare) is not None
        or re.fullmatch(r"\d{1,2}:\d{2}(:\d{2})?([ap]m)?", bare) is not None
        or re.fullmatch(r"[+-]\d{2}:?\d{2}", bare) is not None
    )


def date_in_line(line: str, now: datetime | None = None) -> str | None:
    """ISO 8601 when the line is a date line (at most a label besides the date), else None."""
    text = _LABEL.sub("", line.strip(), count=1).strip(" .|")
    text = re.sub(r"\b([ap])\.m\.", r"\1m", text, flags=re.IGNORECASE)
    if not text or len(text) > 60 or not _YEAR.search(text):
        return None
    tokens = _TOKEN.findall(text)
    if not tokens or not all(_is_date_token(t) for t in tokens):
        return None
    if _NUMERIC_DATE.search(text):
        return parse_date(text, now)
    has_month = any(t.strip(".,;()").lower() in _MONTH_WORDS for t in tokens)
    if not has_month or not any(_DAY.match(t.strip(",;()")) for t in tokens):
        return None  # "Februar 2020" names a month, not the day a story came out
    return parse_date(text, now)


def _date_finder() -> re.Pattern[str]:
    months = "|".join(
        sorted({re.escape(n.rstrip(".")) for g in _MONTHS for n in g}, key=len, reverse=True)
    )
    days = "|".join(sorted({re.escape(n) for g in _WEEKDAYS for n in g}, key=len, reverse=True))
    # only the zones the parser knows: "13:30 von Olga" is a time and a byline, not a zone
    zones = "|".join(sorted(set(_ZONES) | _AMBIGUOUS_ZONES, key=len, reverse=True))
    time = (
        r"(?:,?\s*(?:at\s+|um\s+|à\s+|a las\s+)?\d{1,2}[:.h]\d{2}(?::\d{2})?"
        rf"\s*(?:[ap]\.?m\.?)?(?:\s*(?:uhr\b|(?:{zones})\b|[+-]\d{{2}}:?\d{{2}}))?)?"
    )
    weekday = rf"(?:(?:{days})\.?,?\s+)?"
    named = (
        rf"{weekday}(?:\d{{1,2}}(?:st|nd|rd|th)?\.?\s+(?:de\s+)?(?:{months})\.?,?\s+(?:de\s+)?\d{{4}}"
        rf"|(?:{months})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}){time}"
    )
    iso = r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?)?"
    numeric = rf"\d{{1,2}}[./]\d{{1,2}}[./](?:\d{{4}}|\d{{2}})\b{time}"
    return re.compile(rf"(?<![\w-])(?:{named}|{iso}|{numeric})", re.IGNORECASE)


_FINDER = _date_finder()


def find_date(text: str, now: datetime | None = None) -> tuple[str, tuple[int, int]] | None:
    """The first parseable date printed inside a line, with its span, or None."""
    for match in _FINDER.finditer(text):
        iso = parse_date(match.group(0), now)
        if iso:
            return iso, match.span()
    return None


def labelled_date(text: str) -> str | None:
    """The date of a short line that is a date, or a label of a few words and a date
    ("Veröffentlicht am 3. März 2021", "Story – 14.03.2023"); never the first day of a range
    ("14 Oct 2014 - 10 Aug 2017", "vom 17.05.2018 bis 20.05.2018"), which dates a period
    (an archive's span, a stay, an event), not a story."""
    if len(text) > MAX_DATE_LINE:
        return None
    hit = find_date(text)
    if hit is not None and _opens_range(text[hit[1][1] :]):
        return None
    if found := date_in_line(text):
        return found
    if hit is None or len(text[: hit[1][0]].split()) > MAX_LABEL_WORDS:
        return None
    return hit[0]


def _opens_range(rest: str) -> bool:
    joined = _RANGE.match(rest)
    return bool(joined and (second := find_date(rest[joined.end() :])) and second[1][0] == 0)


def parse_date(text: str, now: datetime | None = None) -> str | None:
    """ISO 8601 (seconds, offset only when the zone is known) or None when it is not a date."""
    cleaned = _clean(text)
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
            parserinfo=_NAMES,
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
    tokens = []
    for token in _TOKEN.findall(text):
        bare = token.strip(".,;()").lower()
        if bare in _AMBIGUOUS_ZONES:
            continue
        if bare in _FILLER - {"am", "pm"} or bare in {"uhr"}:
            continue
        tokens.append(token.rstrip(",;"))
    joined = " ".join(tokens)
    return re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", joined)


def _day_over_twelve(text: str) -> bool:
    match = re.search(r"\b(\d{1,2})/(\d{1,2})/\d{2,4}\b", text)
    return bool(match and int(match.group(1)) > 12)
