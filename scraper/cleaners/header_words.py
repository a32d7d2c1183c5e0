"""The label words of text-page headers, loaded from `defaults/header.toml`.

A header line says what it holds with a label ("Source:", "Autor:", "Posted on … by"), in
many languages; the words are data so that a new language or label is a line of TOML, and
the patterns built from them are compiled once, when the cleaners are built.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scraper.config import load_toml

__all__ = ["HeaderWords"]

_NOTHING = re.compile(r"(?!)")
FIELD_KINDS = ("source", "section", "title")
DESK_WORDS = 6


def _alternation(words: Iterable[str]) -> str:
    """Longest first, so that "post subject" is tried before "subject"."""
    ordered = sorted({w.strip() for w in words if w.strip()}, key=lambda w: (-len(w), w))
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered) or "(?!)"


def _words(data: Mapping[str, Any], key: str) -> list[str]:
    return [str(w).lower() for w in data.get(key, ())]


def _relative_time(around: str, units: str) -> re.Pattern[str]:
    """ "1 day ago", "vor 2 Stunden", "8h": a count and a unit with a word that says "ago",
    or glued together. A bare "10 Tagen" is a span of time in a sentence, not a stamp."""
    return re.compile(
        rf"(?<!\w)(?:(?:{around})\s+\d+\s*(?:{units})\.?|\d+\s*(?:{units})\.?\s+(?:{around})"
        rf"|\d+(?:{units}))(?!\w)",
        re.IGNORECASE,
    )


@dataclass(frozen=True, slots=True)
class HeaderWords:
    """Label words and the patterns built from them; the default knows no word at all."""

    field_kind: Mapping[str, str] = field(default_factory=dict)
    date_labels: frozenset[str] = frozenset()
    byline_labels: frozenset[str] = frozenset()
    not_published: tuple[str, ...] = ()
    name_ends: frozenset[str] = frozenset()
    prepositions: frozenset[str] = frozenset()
    name_joins: frozenset[str] = frozenset()
    field_label: re.Pattern[str] = _NOTHING
    label_alone: re.Pattern[str] = _NOTHING
    field_split: re.Pattern[str] = re.compile(r"\s+[|•·/]\s+|\s+[–—-]\s+")
    label_start: re.Pattern[str] = _NOTHING
    comment_count: re.Pattern[str] = _NOTHING
    date_then_name: re.Pattern[str] = _NOTHING
    name_label: re.Pattern[str] = _NOTHING
    comment_marker: re.Pattern[str] = _NOTHING
    not_names: frozenset[str] = frozenset()
    comment_words: frozenset[str] = frozenset()
    desks: frozenset[str] = frozenset()
    author_box: re.Pattern[str] = _NOTHING
    filed_in: re.Pattern[str] = _NOTHING
    caption: re.Pattern[str] = _NOTHING
    chrome: re.Pattern[str] = _NOTHING
    relative_time: re.Pattern[str] = _NOTHING

    @classmethod
    def load(cls, path: Path) -> HeaderWords:
        data = load_toml(path)
        fields, bylines = data.get("fields", {}), data.get("bylines", {})
        captions = _alternation(_words(data.get("headline", {}), "caption"))
        kinds = {w: kind for kind in FIELD_KINDS for w in _words(fields, kind)}
        comments = _alternation(_words(bylines, "comments"))
        leave = _alternation(_words(bylines, "leave_comment"))
        sep = r"\s*(?:[|•·/~]|\s[–—-])\s*"
        return cls(
            field_kind=kinds,
            date_labels=frozenset(_words(fields, "date")),
            byline_labels=frozenset(_words(fields, "byline")),
            not_published=tuple(_words(fields, "not_published")),
            name_ends=frozenset(_words(bylines, "after_name")),
            prepositions=frozenset(_words(bylines, "prepositions")),
            name_joins=frozenset(_words(bylines, "name_joins")),
            not_names=frozenset(
                _words(bylines, "not_names")
                + _words(bylines, "comments")
                + [w.split()[0] for w in _words(bylines, "before_name")]
            ),
            comment_words=frozenset(_words(bylines, "comments")),
            desks=frozenset(_words(bylines, "desks")),
            filed_in=re.compile(
                rf"(?<!\w)(?:{_alternation(_words(bylines, 'filed_in'))})\s+[^|•·]{{1,60}}$",
                re.IGNORECASE,
            ),
            author_box=re.compile(
                rf"^(?:{_alternation(_words(bylines, 'author_box'))})(?!\w)", re.IGNORECASE
            ),
            field_label=re.compile(
                rf"^(?P<label>{_alternation(kinds)})\s*:?(?:\s+(?P<value>.+))?$", re.IGNORECASE
            ),
            label_alone=re.compile(
                rf"^({_alternation(_words(fields, 'alone'))})\s*:?$", re.IGNORECASE
            ),
            field_split=re.compile(
                r"\s+[|•·/]\s+|\s+[–—-]\s+"
                rf"|,\s+(?=(?:{_alternation(_words(fields, 'starts_after_comma'))})\b)",
                re.IGNORECASE,
            ),
            label_start=re.compile(
                rf"\s+(?=(?:{_alternation(_words(fields, 'starts'))})\s*:)"
                rf"|\s+(?=(?:{_alternation(_words(fields, 'starts_bare'))})\s+[A-Z0-9])"
            ),
            comment_count=re.compile(
                rf"{sep}(?:\d+|no|one|ein|keine)\s+(?:{comments})\b.*$|{sep}(?:{leave})\b.*$",
                re.IGNORECASE,
            ),
            date_then_name=re.compile(
                rf"^(?P<date>.+?)\s+(?:{_alternation(_words(bylines, 'date_then_name'))})\s+"
                r"(?P<name>\S.*)$",
                re.IGNORECASE,
            ),
            relative_time=_relative_time(
                _alternation(_words(bylines, "relative_words")),
                _alternation(_words(bylines, "relative_units")),
            ),
            caption=re.compile(rf"\b(?:{captions})\b", re.IGNORECASE),
            chrome=re.compile(
                "|".join(f"(?:{p})" for p in data.get("headline", {}).get("chrome", ())) or "(?!)",
                re.IGNORECASE,
            ),
            comment_marker=re.compile(
                rf"(?<!\w)(?:(?:\d+|no|one|ein|keine)\s+)?(?:{comments}|{leave})(?!\w)",
                re.IGNORECASE,
            ),
            name_label=re.compile(
                rf"(?<![\w-])(?:{_alternation(_words(bylines, 'before_name'))})"
                r"(?:\s*:\s+|\s*：\s*|\s+)",
                re.IGNORECASE,
            ),
        )

    def kind_of(self, label: str) -> str | None:
        """ "source", "section" or "title" for a field label, None for another."""
        return self.field_kind.get(" ".join(label.lower().split()))

    def is_not_published(self, label: str) -> bool:
        """Labels of dates that are not when the story was published (a member's join date)."""
        return label.strip().lower().startswith(self.not_published)

    def desk(self, text: str) -> str | None:
        """ "Redaktion", "HLNF Staff Report", "Staff and news service reports": a short run of
        words with a desk word among its first three, as printed; None for anything else."""
        tokens = text.split()
        if not 0 < len(tokens) <= DESK_WORDS:
            return None
        if any(t.lower().strip(".:,") in self.desks for t in tokens[:3]):
            return " ".join(tokens).strip(" .:,")
        return None

    def is_publishing_word(self, word: str) -> bool:
        """ "Veröffentlicht", "Publiziert", "Eingestellt": a word of a post's publishing line,
        not of a comment's ("Kommentar von …" signs a comment, not the story)."""
        lowered = word.lower()
        return lowered in self.not_names and lowered not in self.comment_words

    def trimmed_name(self, name: str) -> str:
        """A name without the label words a reader left on either side of it ("Gepostet von
        Jane Doe", "Jane Doe Erstellt"); "" when nothing else is left."""
        words = name.split()
        while words and words[0].lower().strip(":") in self.not_names:
            words = words[1:]
            if words and words[0].lower() in ("von", "by", "vom", "par", "por"):
                words = words[1:]
        while words and words[-1].lower().strip(":.,") in self.not_names:
            words = words[:-1]
        return " ".join(words)
