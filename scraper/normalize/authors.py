"""Bylines into authors and a source.

A byline names people ("By Jane Doe and Sam Lee"), an outlet ("Iran Press TV"), or both
("Jane Doe | Reuters"), often with a date glued on ("by Paulo Coelho on July 17, 2012"). The
vocabulary that tells a person from an organisation lives in `defaults/names.toml`; the
`NameBook` here holds it and tests names, and `byline_text` reads a whole byline line with it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from scraper.config import load_toml
from scraper.normalize.byline_text import (
    BY_PREFIX,
    NAME_TOKEN,
    NOISE_WORDS,
    Byline,
    read_byline,
)
from scraper.normalize.date_words import date_words

__all__ = ["MAX_BYLINE_ELEMENTS", "Byline", "NameBook"]

_INITIAL = re.compile(r"^[A-Z]\.$")


@lru_cache(maxsize=4096)
def _folded(word: str) -> str:
    """A word casefolded and without accents, as given names are compared."""
    plain = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in plain if not unicodedata.combining(c))


MAX_BYLINE_ELEMENTS = 3
_HANDLE = re.compile(r"^@?[^\W\d_][\w.\-]{2,29}$")
_DOMAIN_END = re.compile(r"\.[a-z]{2,6}$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class NameBook:
    """Words and names that mark organisations, non-authors, job titles and credits."""

    org_words: frozenset[str]
    org_names: frozenset[str]
    non_authors: frozenset[str]
    roles: frozenset[str]
    credits: frozenset[str]
    not_names: frozenset[str] = frozenset()
    navigation: frozenset[str] = frozenset()
    profile_paths: frozenset[str] = frozenset()
    given_names: frozenset[str] = frozenset()
    honorifics: frozenset[str] = frozenset()

    @classmethod
    def load(cls, path: Path) -> NameBook:
        data = load_toml(path)
        orgs, bylines = data.get("organisations", {}), data.get("bylines", {})
        people = data.get("people", {})
        return cls(
            org_words=frozenset(w.lower() for w in orgs.get("words", ())),
            org_names=frozenset(n.lower() for n in orgs.get("names", ())),
            non_authors=frozenset(w.lower() for w in bylines.get("non_authors", ())),
            roles=frozenset(w.lower() for w in bylines.get("roles", ())),
            credits=frozenset(w.lower() for w in bylines.get("credits", ())),
            not_names=frozenset(w.lower() for w in bylines.get("not_names", ())),
            navigation=frozenset(w.lower() for w in data.get("tags", {}).get("navigation", ())),
            profile_paths=frozenset(w.lower() for w in bylines.get("profile_paths", ())),
            given_names=frozenset(_folded(w) for w in people.get("given_names", ())),
            honorifics=frozenset(_folded(w) for w in people.get("honorifics", ())),
        )

    def is_profile_link(self, href: str) -> bool:
        """A link to a writer's page ("/author/jane-doe", "/by/jane-doe")."""
        if not self._may_be_profile_link(href):
            return False
        try:
            path = urlsplit(href).path
        except ValueError:  # "http://[not-an-address]/": a broken link names no one
            return False
        segments = path.lower().strip("/").split("/")
        return any(s in self.profile_paths for s in segments[:-1][:4])

    def _may_be_profile_link(self, href: str) -> bool:
        """False only for a link that cannot be a profile link, told without parsing the URL
        (~3 µs, and a page has hundreds of links). A path segment followed by "/" is a part
        of the URL between two "/", or its first part after a scheme ("x:") or spaces, unless
        a tab or line break, which `urlsplit` deletes, splits it (no longer printable)."""
        lowered = href.lower()
        parts = lowered.split("/")
        if len(parts) < 2:
            return False  # no "/": no segment is followed by one
        lead = parts[0].rpartition(":")[2].lstrip(" ")
        named = lead in self.profile_paths or not self.profile_paths.isdisjoint(parts[1:-1])
        return named or not lowered.isprintable()

    def is_navigation(self, label: str) -> bool:
        """A menu label ("Home", "News", "Uncategorized"), not a topic."""
        return label.casefold() in self.navigation

    def is_organisation(self, name: str) -> bool:
        """A known outlet, or a name that has an organisation word ("Press", "Times") and a
        distinctive capitalised word of its own; "News" alone is a label, not an outlet."""
        if name.lower() in self.org_names:
            return True
        tokens = re.findall(r"\w+", name)
        if not 0 < len(tokens) <= 8 or any(t.isdigit() for t in tokens):
            return False
        has_org_word = any(t.lower() in self.org_words for t in tokens)
        distinctive = any(t[0].isupper() and t.lower() not in self.org_words for t in tokens)
        return has_org_word and distinctive

    def is_person(self, name: str) -> bool:
        tokens = name.split()
        return (
            1 <= len(tokens) <= 5
            and len(name) <= 50
            and not any(ch.isdigit() for ch in name)
            and name.lower() not in self.non_authors
            and all(NAME_TOKEN.match(t) and t.lower() not in self.not_names for t in tokens)
            and tokens[0][0].isupper()
            and not all(t.lower().rstrip(".") in date_words().month_and_day_names for t in tokens)
            and not self.is_organisation(name)
        )

    def is_full_name(self, name: str) -> bool:
        """A person's full name standing alone on a line, with no label to say it is a byline:
        two to four name words that open with a known given name or an initial ("Kathrin
        Hofmeister", "J. R. Hartley"), after any honorific. Section labels and phrases
        ("Aus der Region", "Green Economy") have the shape of names; the given name tells."""
        tokens = name.split()
        while tokens and _folded(tokens[0]) in self.honorifics:
            tokens = tokens[1:]
        if not 2 <= len(tokens) <= 4 or len(set(tokens)) < len(tokens):
            return False
        return self.opens_name(tokens[0]) and self.is_person(" ".join(tokens))

    def opens_name(self, word: str) -> bool:
        """A known given name ("Hans-Peter": either part) or an initial ("J.")."""
        if _INITIAL.match(word):
            return True
        return any(_folded(part) in self.given_names for part in word.split("-"))

    def authors_of(self, texts: Sequence[str], most: int = MAX_BYLINE_ELEMENTS) -> list[str]:
        """The people named by the texts of a page's author elements, in order. Only the
        first `most` texts that name anyone count: a byline names its people in one place,
        while a sidebar of the site's writers marks up a dozen names the same way (author
        metas are a list of the article's people: pass their count). With no name found, a
        name found, `handle_of` may still find a user name."""
        found: list[str] = []
        naming = 0
        for text in texts:
            if not BY_PREFIX.sub("", text.strip(" :|")).strip(" :|"):
                continue  # a lone "By" / "Von" label: "By By" would make it a name
            byline = self.parse_byline(text) or self.parse_byline(f"By {text}")
            people = [a for a in (byline.authors if byline else ()) if a not in found]
            naming += bool(byline and byline.authors)
            if naming > most:
                break
            found += people
        return found

    def handle_of(self, texts: Sequence[str]) -> list[str]:
        """The first lone user handle among author texts, when no source named a person."""
        return next(([h] for h in map(self.handle, texts) if h), [])

    def handle(self, text: str) -> str | None:
        """A user name standing alone where the page marks its author ("jancak", "c1ph4"):
        blogs and forums sign posts with handles that no name pattern would accept."""
        word = text.strip().lstrip("@")
        ignored = self.non_authors | self.roles | self.not_names | self.credits | NOISE_WORDS
        if not _HANDLE.match(text.strip()) or _DOMAIN_END.search(word) or word.lower() in ignored:
            return None
        if (
            word.lower() in self.navigation
            or word.lower().rstrip(".") in date_words().month_and_day_names
        ):
            return None
        return word

    def without_role(self, name: str) -> str:
        """A name without the job title printed after it ("Evan Halper Staff Writer" → "Evan
        Halper"); the name as it is when what is left is no person's name."""
        stripped = self.strip_role(name)
        return stripped if len(stripped.split()) >= 2 and self.is_person(stripped) else name

    def strip_role(self, name: str) -> str:
        """'Jane Doe, Senior Editor' → 'Jane Doe', 'Richard Adams Education editor' → 'Richard
        Adams'; a part made only of job titles → ''."""
        printed = name.split()
        words = list(printed)
        while words and words[-1].lower().strip(",") in self.roles:
            words.pop()
        cut = len(words) < len(printed)
        if cut and len(words) > 2 and words[-1].istitle() and printed[len(words)].islower():
            words.pop()  # the beat before a lowercase job title ("Education editor")
        return " ".join(words).strip(" ,;:")

    def parse_byline(self, line: str) -> Byline | None:
        """The byline a line carries, or None when the line is not a byline."""
        return read_byline(self, line)
