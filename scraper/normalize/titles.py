"""The headline: from the stated title, the `<title>` and the page's visible headings.

The `<title>` carries the site's name after a separator ("Headline | Site", "Site » Headline"),
the first `<h1>` is sometimes an empty logo wrapper or the site's name, and a bare page may
have its headline only in a "post-title" element or an `<h2>`. `Headings` reads what the page
shows; `head_title` (its own module) is the head's reading, checked against the headings by
rules; `best_title` chooses the record's title among all of them by their agreement
(`title_choice`).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace

from lxml import etree

from scraper.normalize.authors import NameBook
from scraper.normalize.head_elements import HeadElements
from scraper.normalize.post_title import SEARCH_LIMIT, element_text, marked_title
from scraper.normalize.title_choice import (
    TITLE_SEPARATORS,
    Candidate,
    TitleWeights,
    candidates_of,
    choose,
    pieced,
    title_words,
)

MAX_TITLE_CHARS = 250
_MAX_HEADINGS = 6
_MAX_H2S = 3
_MAX_TEXTS = 12
_HOME_HREF = re.compile(r"^(?:(?:https?:)?//[^/?#]+)?/?(?:index\.\w{3,4})?$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Headings:
    """What the visible page offers as its headline."""

    h1s: tuple[str, ...] = ()  # the `<h1>`s with text, in page order
    h1_pieces: tuple[tuple[str, ...], ...] = ()  # per `<h1>`, its children's texts
    post_title: str | None = None
    h2s: tuple[str, ...] = ()  # the first `<h2>`s with text
    texts: tuple[str, ...] = ()  # the first `<h1>`–`<h3>`
    home_links: frozenset[str] = frozenset()  # casefolded texts of links to the home page
    kickers: tuple[tuple[str, str], ...] = ()  # (`<h1>`, its marked kicker) of each that has one

    @property
    def h1(self) -> str | None:
        """The first `<h1>` with text, else the marked post title."""
        return self.h1s[0] if self.h1s else self.post_title

    @property
    def h2(self) -> str | None:
        """The first `<h2>` with text: the last resort for a page with no title, no `<h1>`
        and no marked post title."""
        return self.h2s[0] if self.h2s else None

    @property
    def sole_h1(self) -> bool:
        """A template's only `<h1>` is its headline; a page with several uses them for the
        logo, the widgets and the post."""
        return len(self.h1s) == 1

    @classmethod
    def of(
        cls, tree: etree._Element, found: HeadElements, kicker_marks: Collection[str] = ()
    ) -> Headings:
        """The headings and home links from `found`, the head reader's one walk of `tree`;
        only the marked post title needs a walk of its own (it may be any element)."""
        h1s = [(h1, text) for h1 in found.headings if h1.tag == "h1" and (text := element_text(h1))]
        kicked = [(t, k) for h1, t in h1s[:_MAX_HEADINGS] if (k := _kicker(h1, t, kicker_marks))]
        return cls(
            tuple(text for _h1, text in h1s[:_MAX_HEADINGS]),
            tuple(_pieces(h1) for h1, _said in h1s[:_MAX_HEADINGS]),
            marked_title(tree),
            _texts(found.headings, ("h2",), _MAX_H2S),
            _texts(found.headings, ("h1", "h2", "h3"), _MAX_TEXTS),
            home_link_texts(found.anchors),
            tuple(kicked),
        )


def _kicker(h1: etree._Element, text: str, marks: Collection[str]) -> str | None:
    """The kicker an `<h1>` opens with in an element of its own, marked as one by its class
    ("dachzeile", "roofline", "overline") or its tag (`<small>`): the topic line above the
    headline, which is no part of it. It must leave some of the `<h1>`'s text after it."""
    if not marks:
        return None
    for element in h1.iterdescendants():
        if not isinstance(element.tag, str):
            continue
        classes = (element.get("class") or "").casefold()
        if element.tag in marks or any(mark in classes for mark in marks):
            kicker = element_text(element)
            if kicker and text.startswith(kicker) and text[len(kicker) :].strip():
                return kicker
            return None
        if element_text(element) and not text.startswith(element_text(element)):
            return None  # past the `<h1>`'s opening
    return None


def _pieces(element: etree._Element) -> tuple[str, ...]:
    """The texts of an element's children and loose text, when there are several: a kicker
    or a deck in an element of its own inside the `<h1>` ("<span>Kicker</span> Headline")."""
    pieces = [" ".join((element.text or "").split())]
    for child in element:
        pieces += [element_text(child), " ".join((child.tail or "").split())]
    found = tuple(p for p in pieces if p)
    return found if len(found) > 1 else ()


def _texts(headings: Sequence[etree._Element], tags: tuple[str, ...], most: int) -> tuple[str, ...]:
    found: list[str] = []
    for element in headings:
        if element.tag in tags and (text := element_text(element)):
            found.append(text)
            if len(found) >= most:
                break
    return tuple(found)


def home_link_texts(anchors: Sequence[etree._Element]) -> frozenset[str]:
    """What the links to the site's home page say (or their logo's `alt`): the site's name,
    which a `<title>` that repeats it is not the headline. `anchors` are the page's `<a>`s in
    document order."""
    found: set[str] = set()
    for link in anchors[: SEARCH_LIMIT + 1]:
        href = (link.get("href") or "").strip()
        if not href or not _may_be_home(href) or not _HOME_HREF.match(href):
            continue
        text = element_text(link) or " ".join(i.get("alt", "") for i in link.iter("img")).strip()
        if text:
            found.add(text.casefold())
    return frozenset(found)


def _may_be_home(href: str) -> bool:
    """What `_HOME_HREF` requires, told without the pattern: no query or fragment and at most
    the three slashes of "//host/" (most of a page's links are deeper paths)."""
    return "?" not in href and "#" not in href and href.count("/") <= 3


@dataclass(frozen=True, slots=True)
class TitleCandidates:
    """Every text of a page that may be its headline, kept so that the choice can be made
    again once the cleaner knows where the body starts (`best`'s `lead`)."""

    found: tuple[Candidate, ...] = ()
    site_names: frozenset[str] = frozenset()
    head: str | None = None
    kickers: tuple[str, ...] = ()  # casefolded

    @classmethod
    def of(
        cls,
        stated: Sequence[tuple[str, str]],
        page_title: str | None,
        seen: Headings,
        sites: Sequence[str],
        names: NameBook,
        head: str | None,
    ) -> TitleCandidates:
        """Each `<h1>`, the marked post title and the first `<h2>`s, and what the head says
        (the stated titles as (source, text), the `<title>`, and `head`, `head_title`'s
        reading of them), none of them the site's name (`sites`, with what the links to the
        home page say) or a menu label ("Menu", "Home")."""
        site_names = {s.casefold() for s in sites} | seen.home_links | names.navigation
        site_names |= _suffix_heading(page_title, seen)
        kickers = tuple({k.casefold() for _t, k in seen.kickers})
        site_names |= set(kickers)  # the page marks its kicker as no part of the headline
        echoes = set(seen.h1s)  # a head reading that is an <h1> is no evidence of its own
        found = [
            *candidates_of("h1", seen.h1s, site_names),
            *[c for rank, pieces in enumerate(seen.h1_pieces) for c in pieced("h1", rank, pieces)],
            *candidates_of("post", [seen.post_title] if seen.post_title else [], site_names),
            *_head_reading(head, echoes, [page_title, *(t for _s, t in stated)], site_names),
            *[c for source, text in stated for c in candidates_of(source, [text], site_names)],
            *candidates_of("title", [page_title] if page_title else [], site_names),
            *candidates_of("h2", seen.h2s, site_names),
            *_after_kickers(seen),
        ]
        return cls(tuple(_kicked(found, kickers)), frozenset(site_names), head, kickers)

    def sources_of(self, title: str | None, lead: str | None = None) -> str:
        """Which candidates state the chosen `title`, for `scraper explain`: each source
        whose text (or a part of it cut at a separator) is that title."""
        if not title:
            return ""
        said = [c.source for c in self.found if c.text == title or cap_title(c.text) == title]
        if lead and not said:
            said = ["lead"]
        return ", ".join(dict.fromkeys(TITLE_SOURCES.get(s, s) for s in said)) or TITLE_SOURCES[
            "head"
        ]

    def best(self, weights: TitleWeights, lead: str | None = None) -> str | None:
        """The headline the visible headings and the head agree on (`title_choice`);
        `lead` is the heading the cleaner found right above the body's first block, a
        visible candidate of its own (`prior.lead`)."""
        led = _kicked(candidates_of("lead", [lead], self.site_names), self.kickers) if lead else []
        found = [*self.found, *led]
        chosen = choose(found, weights) or self.head
        return cap_title(chosen) if chosen else None


def _after_kickers(seen: Headings) -> list[Candidate]:
    """Each kicked `<h1>` without its kicker: the headline, when the kicker's element runs
    into it with no space ("<small>Topic</small><br>Headline")."""
    found = []
    for text, kicker in seen.kickers:
        rest = text[len(kicker) :].strip(" :|–—-")
        if rest:
            rank = seen.h1s.index(text)
            found.append(Candidate(rest, "h1", rank, True, title_words(rest), True))
    return found


def _kicked(found: Sequence[Candidate], kickers: tuple[str, ...]) -> list[Candidate]:
    """The candidates that begin with a marked kicker (casefolded), whichever source repeats
    it ("Topic: Headline | Site" in the `<title>`), marked as such."""
    if not kickers:
        return list(found)
    return [replace(c, kicked=c.text.casefold().startswith(kickers)) for c in found]


def _suffix_heading(page_title: str | None, seen: Headings) -> set[str]:
    """An `<h1>` that is the last part of the `<title>` but not its longest names the site
    ("Headline - Forum name" over a forum's logo `<h1>` "Forum name")."""
    parts = [p.casefold() for p in TITLE_SEPARATORS.split(page_title or "")]
    if len(parts) < 2 or len(parts[-1]) >= max(len(p) for p in parts[:-1]):
        return set()
    return {parts[-1]} & {h.casefold() for h in seen.h1s}


def _head_reading(
    head: str | None, echoes: Collection[str], whole: Sequence[str | None], sites: set[str]
) -> list[Candidate]:
    """`head_title`'s reading as a candidate: none when it is an `<h1>`'s text (no evidence
    of its own), a part when it was cut out of a longer title (two parts do not confirm each
    other)."""
    if not head or head in echoes:
        return []
    found = candidates_of("head", [head], sites)
    if not any(w and head in w and head != w for w in whole):
        return found
    return [replace(c, part=True) for c in found]


TITLE_SOURCES = {
    "h1": "the page's `<h1>`", "post": "the element marked as the post's title",
    "head": "the head's titles (`<title>` or a stated title, the site's name cut off)",
    "json_ld": "JSON-LD headline", "og": "`<meta og:title>`", "twitter": "`<meta twitter:title>`",
    "meta": "a `<meta>` title (Dublin Core, Parse.ly)", "title": "the `<title>`",
    "h2": "the first `<h2>`", "lead": "the heading right above the body",
}  # fmt: skip
"""What a title candidate's source is, in words."""


def cap_title(title: str) -> str:
    """A title past `MAX_TITLE_CHARS` is a paragraph some template put in the head: its first
    sentence, else its words up to the cap."""
    if len(title) <= MAX_TITLE_CHARS:
        return title
    sentence = re.split(r"(?<=[.!?])\s+", title, maxsplit=1)[0]
    if len(sentence) <= MAX_TITLE_CHARS:
        return sentence
    return title[:MAX_TITLE_CHARS].rsplit(" ", 1)[0]
