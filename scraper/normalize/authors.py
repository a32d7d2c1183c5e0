"""Bylines into authors and a source.

A byline names people ("By Jane Doe and Sam Lee"), an outlet ("Iran Press TV"), or both
("Jane Doe | Reuters"), often with a date glued on ("by Paulo Coelho on July 17, 2012"). The
vocabulary that tells a person from an organisation lives in `config/names.toml`.
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
from scraper.normalize.date_words import date_words
from scraper.normalize.dates import date_in_line, find_date

_PREFIX = re.compile(
    r"^(?:(?:written|posted|words|story|reported|text|report|compiled|interview)\s+by|by|von|por|"
    r"par|di|av|door|autor(?:in)?|auteur|author|authors|reporter|writer|"
    r"(?:ein|a|an)\s+(?:artikel|article|beitrag|story|post)\s+(?:von|by))\b\s*[:\-–]?\s*",
    re.IGNORECASE,
)
# segments of a byline: spaced separators, and a slash glued between words ("Jane Doe/AP")
_SEGMENT = re.compile(
    r"\s+[|•·/]\s+|(?<=[^\W\d_])/(?=[^\W\d_])|\s+[–—-]\s+|\s*\|\s*|\s+for\s+(?=[A-Z])"
)
NAME_SPLIT = re.compile(r"\s*,\s*(?:and\s+)?|\s+(?:and|&|und|y|et|e|i|en|og|och)\s+", re.IGNORECASE)
_DATE_TAIL = re.compile(r"\s+(?:on|am|el|le|il)\s+(?=\S)", re.IGNORECASE)
_PLACE_TAIL = re.compile(r"\s+(?:at|in)\s+(?:the\s+)?[A-Z].*$")
_NAME_TOKEN = re.compile(
    r"^(?:[A-ZÀ-ÞĀ-Ž][\w'’.\-]*|(?:de|da|del|della|der|den|di|du|la|le|van|von|bin|al|ibn|dos|y)"
    r"|[A-Z]\.)$"
)


_INITIAL = re.compile(r"^[A-Z]\.$")


@lru_cache(maxsize=4096)
def _folded(word: str) -> str:
    """A word casefolded and without accents, as given names are compared."""
    plain = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in plain if not unicodedata.combining(c))


MAX_BYLINE_ELEMENTS = 3
_HANDLE = re.compile(r"^@?[^\W\d_][\w.\-]{2,29}$")
_DOMAIN_END = re.compile(r"\.[a-z]{2,6}$", re.IGNORECASE)
_AFFILIATION_WORDS = {"from", "for", "at", "of", "via", "für", "bei", "pour", "para"}
_NOISE_WORDS = {"updated", "follow", "published", "posted", "on", "am", "at"}


@dataclass(frozen=True, slots=True)
class Byline:
    authors: tuple[str, ...] = ()
    source: str | None = None
    published: str | None = None


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
            and all(_NAME_TOKEN.match(t) and t.lower() not in self.not_names for t in tokens)
            and tokens[0][0].isupper()
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
            if not _PREFIX.sub("", text.strip(" :|")).strip(" :|"):
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
        ignored = self.non_authors | self.roles | self.not_names | self.credits | _NOISE_WORDS
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
        stripped = self._strip_role(name)
        return stripped if len(stripped.split()) >= 2 and self.is_person(stripped) else name

    def _strip_role(self, name: str) -> str:
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
        text = line.strip().lstrip("/|•·-–—*>#: ")
        prefixed = _PREFIX.match(text)
        if prefixed is None:
            signed = self._name_and_title(text)
            if signed is not None:
                return signed
            if not self._looks_like_name_and_outlet(text):
                return None
        if prefixed is not None:
            text = text[prefixed.end() :]
        authors: list[str] = []
        source: str | None = None
        published: str | None = None
        affiliation = False
        for segment in _SEGMENT.split(text):
            segment = _PREFIX.sub("", segment.strip(), count=1)
            if not segment or self._is_credit(segment):
                continue
            date = date_in_line(segment)
            if date:
                published = published or date
                continue
            found = find_date(segment)
            if found:
                published = published or found[0]
                segment = segment[: found[1][0]]
            segment = _PLACE_TAIL.sub("", _DATE_TAIL.split(segment)[0]).strip(" ,;")
            if segment.lower() in _AFFILIATION_WORDS:
                affiliation = True  # "Jane Doe | from | University of Michigan"
                continue
            if affiliation:
                source, affiliation = source or segment, False
                continue
            if self.is_organisation(segment) and not prefixed:
                source = source or segment
                continue
            if authors and self._is_outlet_word(segment):
                source = source or segment  # "Jane Doe - Acme": the outlet after the person
                continue
            source = self._read_names(segment, authors) or source
        if prefixed is None and not authors:
            return None
        return Byline(tuple(authors), source, published)

    def _read_names(self, segment: str, authors: list[str]) -> str | None:
        """Add the people a byline segment names; returns an organisation it names.

        Names end where a job title, an organisation or trailing noise (a handle, a relative
        time, "Follow") begins: "By Jane Doe, Senior Editor, Acme Project" names one person.
        """
        named_before = bool(authors)
        for part in NAME_SPLIT.split(segment):
            name = self._leading_name(part.strip())
            if any(word.lower() in self.roles for word in name.split()[:1]):
                return None
            if named_before and name != part.strip():
                return None  # "Jane Doe | Last updated …": a later segment is no sentence
            if len(name.split()) > 1 and any(w.lower() in self.roles for w in name.split()[1:]):
                stripped = self._strip_role(name)
                if len(stripped.split()) < 2 or self.is_organisation(stripped):
                    return None  # "Gazette Staff Writer": an outlet's job title, no person
            stripped = self._strip_role(name)
            if stripped and stripped.lower() not in self.non_authors:
                if self.is_organisation(stripped):
                    return stripped
                if self.is_person(stripped) and stripped not in authors:
                    authors.append(stripped)
            if stripped != name or (name != part.strip() and authors):
                return None
        return None

    def _leading_name(self, text: str) -> str:
        """The run of name-shaped words a byline part starts with."""
        words: list[str] = []
        tokens = text.split()
        for at, token in enumerate(tokens):
            bare = token.strip(",;")
            following = tokens[at + 1] if at + 1 < len(tokens) else ""
            if not _NAME_TOKEN.match(bare) or bare.lower() in _NOISE_WORDS | self.not_names:
                break
            if (
                bare.lower().rstrip(".") in date_words().month_and_day_names
                and following[:1].isdigit()
            ):
                break
            words.append(bare)
            if token.endswith((",", ";")):
                break
        return " ".join(words)

    def _is_outlet_word(self, segment: str) -> bool:
        """One capitalised word after a person's name and a separator names where the piece
        ran, not a second person."""
        word = segment.lower()
        ignored = self.non_authors | self.roles | self.not_names | _NOISE_WORDS
        return len(segment.split()) == 1 and segment[:1].isupper() and word not in ignored

    def _is_credit(self, segment: str) -> bool:
        first = re.split(r"[\s:]+", segment.lower(), maxsplit=1)[0]
        return first in self.credits

    def _name_and_title(self, text: str) -> Byline | None:
        """'Dev Raghunathan, Staff Writer' or 'Colm Fennessy, University Communications'."""
        name, comma, rest = text.partition(",")
        name, rest = name.strip(), rest.strip()
        if not comma or len(name.split()) < 2 or not self.is_person(name) or len(rest.split()) > 6:
            return None
        words = {w.lower() for w in re.findall(r"\w+", rest)}
        if words & self.roles:
            return Byline((name,))
        if self.is_organisation(rest):
            return Byline((name,), rest)
        return None

    def _looks_like_name_and_outlet(self, text: str) -> bool:
        """'Jane Doe | Reuters': a full name beside a short outlet name."""
        parts = _SEGMENT.split(text)
        return (
            len(parts) == 2
            and len(parts[0].split()) >= 2
            and len(parts[1].split()) <= 5
            and self.is_person(parts[0])
            and self.is_organisation(parts[1])
        )
