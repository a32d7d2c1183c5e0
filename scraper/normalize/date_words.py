"""The vocabulary dates are printed with, loaded once from `defaults/date_words.toml`.

Month and weekday names in many languages, zone abbreviations, the filler and label words of
a date line: data, so that a language is added without touching the parser. Loaded on first
use (never at import) from the default config folder; the patterns built from the words are
built once with them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from dateutil import parser as dateutil_parser

from scraper.config import config_path, default_config_dir, load_toml

WORDS_FILE = "date_words.toml"


@dataclass(frozen=True, slots=True)
class DateWords:
    """The words, and what the date readers build from them."""

    month_names: frozenset[str]
    month_and_day_names: frozenset[str]
    """Month and weekday names, for readers that must not take "März" for a word of a name."""
    zone_offsets: Mapping[str, int]
    """Seconds east of UTC of each fixed-offset zone, by its upper-case abbreviation."""
    zones: frozenset[str]
    ambiguous_zones: frozenset[str]
    filler: frozenset[str]
    beside_date: frozenset[str]
    version_marks: frozenset[str]
    """Words before a release number that looks like a date with a two-digit year."""
    line_label: re.Pattern[str]
    other_day: re.Pattern[str]
    """A label of a date that is not the text's own (a release, a registration, an event)."""
    byline: re.Pattern[str]
    """A byline's or a publication label's word, after which a name may precede the date."""
    published: re.Pattern[str]
    """A word that states a text's publication around its date, in a sentence as well
    ("Der Beitrag wurde am … veröffentlicht", "This entry was posted on …")."""
    range_joint: re.Pattern[str]
    parser_names: dateutil_parser.parserinfo
    month_pattern: str
    weekday_pattern: str
    zone_pattern: str

    @classmethod
    def load(cls, path: Path) -> DateWords:
        data = load_toml(path)
        months = _groups(data["months"])
        weekdays = _groups(data["weekdays"])
        words, zones = data.get("words", {}), data.get("zones", {})
        month_names = frozenset(n.rstrip(".") for group in months for n in group)
        day_names = frozenset(n.rstrip(".") for group in weekdays for n in group)
        ambiguous = frozenset(w.lower() for w in words.get("ambiguous_zones", ()))
        return cls(
            month_names=month_names,
            month_and_day_names=month_names | day_names,
            zone_offsets={name.upper(): int(hours * 3600) for name, hours in zones.items()},
            zones=frozenset(name.lower() for name in zones),
            ambiguous_zones=ambiguous,
            filler=frozenset(w.lower() for w in words.get("filler", ())),
            beside_date=frozenset(w.lower() for w in words.get("beside_date", ())),
            version_marks=frozenset(w.lower() for w in words.get("version_marks", ())),
            line_label=_line_label(data.get("line_labels", {})),
            other_day=_words_pattern(words.get("other_days", ())),
            byline=_words_pattern(words.get("byline", ())),
            published=_words_pattern(words.get("published", ())),
            range_joint=re.compile(
                rf"\s*(?:[-–—]|{_alternation(words.get('range', ()))})\s+", re.IGNORECASE
            ),
            parser_names=_parser_names(months, weekdays),
            month_pattern=_alternation(n.rstrip(".") for group in months for n in group),
            weekday_pattern=_alternation(n for group in weekdays for n in group),
            zone_pattern=_alternation({*zones, *ambiguous}),
        )


@cache
def date_words() -> DateWords:
    """The vocabulary of the default config folder, loaded at its first use."""
    return DateWords.load(config_path(default_config_dir(), WORDS_FILE))


def _groups(value: Any) -> list[tuple[str, ...]]:
    return [tuple(dict.fromkeys(str(name).lower() for name in group)) for group in value]


def _alternation(words: Iterable[str]) -> str:
    """Longest first, so that "sept" is tried before "sep"."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


def _words_pattern(words: Iterable[str]) -> re.Pattern[str]:
    """Any of the words, whole; a pattern that matches nothing when there are none."""
    alternation = _alternation(w.lower() for w in words)
    return re.compile(rf"(?<!\w)(?:{alternation})(?!\w)" if alternation else r"(?!)", re.I)


def _line_label(labels: Mapping[str, list[str]]) -> re.Pattern[str]:
    english = _alternation(labels.get("english", ()))
    qualifiers = _alternation(labels.get("qualifiers", ()))
    prepositions = _alternation(labels.get("prepositions", ()))
    other = _alternation(labels.get("other", ()))
    return re.compile(
        rf"^(?:(?:(?:{qualifiers}) )?(?:{english})(?: (?:{prepositions}))?|{other})"
        r"\s*[:\-–|]?\s*",
        re.IGNORECASE,
    )


def _parser_names(
    months: list[tuple[str, ...]], weekdays: list[tuple[str, ...]]
) -> dateutil_parser.parserinfo:
    """dateutil's name tables, given every name we know (it takes any number a month, though
    its stubs allow only the two or three of its English defaults)."""
    names = type(
        "DateNames", (dateutil_parser.parserinfo,), {"MONTHS": months, "WEEKDAYS": weekdays}
    )
    return names()  # type: ignore[no-any-return]
