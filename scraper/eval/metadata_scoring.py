"""Is an extracted title, author list or date right? The rules of the metadata evaluation.

- **Title**: the lowercased word sets `A` (extracted) and `B` (truth) overlap by
  `|A ∩ B| / max(|A|, |B|) ≥ 0.8`. Dividing by the larger set makes a title wrong both when it
  misses words of the headline and when it carries extra ones (a site name left after a
  separator, a kicker glued on), so a three-word headline with a one-word suffix (3/4) fails.
  A truth of several lines (l3s-gn1 labels a section label, the headline and the deck as
  "headline" alike, on 81 of its 603 pages) is matched by the whole or by any one line.
  Words are runs of word characters, except that each CJK ideograph, kana or hangul syllable
  is a word of its own (those scripts do not put spaces between words).
- **Authors**: right when one person of the truth is among the extracted names. Both sides are
  split into names at commas, semicolons, slashes, `&`, "and" / "und" / "et" / "y" and line
  breaks, the same way on both sides (trafilatura gives several authors as one `"; "`-joined
  string, and truths list them in all these ways); a name is compared by its words,
  casefolded, accents dropped, without parenthesised asides and without leading "By" /
  "Von" / "Par" / "Por" or honorifics ("Dr.", "Prof.", "Mr.", "Mrs.", "Ms.").
- **Date**: the same calendar day, or one day off (a time zone can move a date across
  midnight). Only the day is compared: `YYYY-MM-DD` at the start of an ISO 8601 string (the
  truth has a few non-padded or dotted forms, which are read too).

A field whose truth is `""` ("expected empty" in trafilatura-eval) is right when nothing is
extracted; those pages are counted apart from the ones with a value (see `metadata_run`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from datetime import date

TITLE_OVERLAP = 0.8
DATE_TOLERANCE_DAYS = 1

_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
_TITLE_WORD = re.compile(rf"[{_CJK}]|[^\W{_CJK}]+")
_NAME_SEPARATOR = re.compile(r"[,;/&\n]|\s(?:and|und|et|y)\s", re.IGNORECASE)
_ASIDE = re.compile(r"\([^)]*\)")
_LEADING_WORDS = frozenset({"by", "von", "par", "por", "dr", "prof", "mr", "mrs", "ms"})
_DAY = re.compile(r"(\d{4})[-./](\d{1,2})[-./](\d{1,2})")


def title_words(text: str) -> set[str]:
    return set(_TITLE_WORD.findall(unicodedata.normalize("NFKC", text).casefold()))


def title_overlap(extracted: str, truth: str) -> float:
    """`|A ∩ B| / max(|A|, |B|)` of the two titles' word sets; 0 when either has no word."""
    mine, theirs = title_words(extracted), title_words(truth)
    if not mine or not theirs:
        return 0.0
    return len(mine & theirs) / max(len(mine), len(theirs))


def title_right(extracted: str | None, truth: str) -> bool:
    if extracted is None:
        return False
    candidates = [truth, *(line for line in truth.splitlines() if line.strip())]
    return any(title_overlap(extracted, line) >= TITLE_OVERLAP for line in candidates)


def _name_key(name: str) -> str:
    """A name as compared: its words, casefolded, without accents, a leading "By" or
    honorifics."""
    plain = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in plain if not unicodedata.combining(c)).casefold()
    words = re.findall(r"\w+", plain)
    while words and words[0] in _LEADING_WORDS:
        words = words[1:]
    return " ".join(words)


def person_names(authors: str | Iterable[str]) -> set[str]:
    """The names in an author string (or list of them), as compared; empty parts dropped."""
    items = [authors] if isinstance(authors, str) else list(authors)
    parts = (part for item in items for part in _NAME_SEPARATOR.split(_ASIDE.sub(" ", item)))
    return {key for part in parts if (key := _name_key(part))}


def authors_right(extracted: Iterable[str], truth: str | Iterable[str]) -> bool:
    return bool(person_names(extracted) & person_names(truth))


def day_of(text: str | None) -> date | None:
    """The calendar day a date string starts with, or None when it names none."""
    match = _DAY.search(text or "")
    if match is None:
        return None
    try:
        return date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


def date_right(extracted: str | None, truth: str) -> bool:
    mine, theirs = day_of(extracted), day_of(truth)
    if mine is None or theirs is None:
        return False
    return abs((mine - theirs).days) <= DATE_TOLERANCE_DAYS
