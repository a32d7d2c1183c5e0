"""Lines that are nothing but names: who signs a story where no label says so.

A text page prints its writer's name on a line of its own under the headline, beside the
date, or in an author box above a job title. No "By" vouches for such a line, and section
labels, menu entries and phrases ("Aus der Region", "Green Economy") have the same shape, so
a bare name counts only as a full name (`NameBook.is_full_name`: a known given name or an
initial first); a job title after it is cut, and a line may list several people.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from scraper.normalize.authors import NameBook
from scraper.normalize.byline_text import NAME_SPLIT

__all__ = ["is_role_line", "leading_full_name", "name_line", "people_line"]

ROLE_LINE_WORDS = 8
MAX_NAME_LIST = 120
MAX_LINE_WORDS = 8
NAME_WORDS = (2, 4)
_PARTICLES = frozenset(
    ("de", "da", "del", "della", "der", "den", "di", "du", "la", "le", "van", "von", "dos")
)


def _name_shaped(names: NameBook, text: str) -> bool:
    low, high = NAME_WORDS
    return low <= len(text.split()) <= high and names.is_person(text)


def name_line(names: NameBook, text: str, sandwiched: bool = False) -> str | None:
    """The name on a line that is a byline by its place alone: a full name, perhaps with its
    job title after it ("Richard Adams Education editor"), or, on the line between the
    headline and its date, any two to four name-shaped words (a name missing from the
    given-name list still signs there)."""
    text = text.strip().rstrip(",;:")
    if sandwiched and _name_shaped(names, text):
        return text
    words = text.split(maxsplit=MAX_LINE_WORDS)
    if not 2 <= len(words) <= MAX_LINE_WORDS or not any(map(names.opens_name, words[:3])):
        return None  # most lines: no given name among the first words (after an honorific)
    stripped = names.without_role(text)
    if stripped != text and names.is_full_name(stripped):
        return stripped
    return text if names.is_full_name(text) else None


def people_line(names: NameBook, text: str, sandwiched: bool = False) -> tuple[str, ...]:
    """The people on such a line: one name (`name_line`), or names joined by commas and
    "and" words ("Clara Löw, Siddharth Prakash & Klaus Jacob") of which one at least is a
    full name and every one name-shaped."""
    name = name_line(names, text, sandwiched)
    if name is not None:
        return (name,)
    if len(text) > MAX_NAME_LIST or not NAME_SPLIT.search(text):
        return ()
    parts = [p.strip() for p in NAME_SPLIT.split(text)]
    if len(parts) < 2 or not all(_name_shaped(names, p) for p in parts):
        return ()
    return tuple(parts) if any(names.is_full_name(p) for p in parts) else ()


def leading_full_name(names: NameBook, tokens: Sequence[str]) -> str | None:
    """The given names (or initials) that open `tokens` and the one surname after them, with
    its particles: "Carola Pönisch Kultur" → "Carola Pönisch" (a post's meta line prints its
    categories straight after the writer)."""
    at = 0
    while at < len(tokens) and names.opens_name(tokens[at]):
        at += 1
    while 0 < at < len(tokens) and tokens[at] in _PARTICLES:
        at += 1
    if at == 0 or at >= len(tokens):
        return None
    name = " ".join(tokens[: at + 1])
    return name if names.is_person(name) else None


def is_role_line(names: NameBook, text: str) -> bool:
    """A short line that names a job ("Political Editor", "Redakteur für Wirtschaft")."""
    words = re.findall(r"\w+", text.lower())
    return 0 < len(words) <= ROLE_LINE_WORDS and any(w in names.roles for w in words[:3])
