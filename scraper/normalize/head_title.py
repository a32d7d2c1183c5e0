"""The head's own reading of the headline, checked against the visible headings by rules.

It is one candidate of the agreement `titles.best_title` weighs, and on its own it is the cue
the HTML cleaner finds the body's headline block by: that cue stays as it was read before the
agreement existed, so that no page's body moves with the choice of its title.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from scraper.normalize.title_choice import DOMAIN_ONLY, TITLE_SEPARATORS
from scraper.normalize.titles import Headings, cap_title

_WORD = re.compile(r"\w{3,}")
_SET_OFF = re.compile(r"^\s*(?:[|–—•·»«›‹~:/\\⋆★◆♦∙-]|::)")


def head_title(
    stated: str | None, page_title: str | None, seen: Headings, site: str | None = None
) -> str | None:
    """The headline: the `<h1>` when the stated title agrees with it, else the part of the
    stated title a visible heading repeats, else the stated title with a " | Site" part cut
    off. With no stated title, the page's only `<h1>` wins over the `<title>` (see
    `_outweighs`), and a marked post title does when the page has no `<h1>` or several.
    An `<h1>` that is only the site's name (a forum's, a blog's) is the site, not the
    headline; a `<title>` that is only a domain is no title."""
    if page_title and DOMAIN_ONLY.match(page_title):
        page_title = None
    candidates = [t for t in (stated, page_title) if t]
    h1 = None if seen.h1 and any(_is_site_part(seen.h1, c) for c in candidates) else seen.h1
    post = seen.post_title
    if not stated and not seen.sole_h1 and post and not _is_site(post, candidates):
        return cap_title(post)  # several <h1>s: the logo's, the widgets'
    if h1 and 2 <= len(h1.split()) <= 40 and any(_agrees(h1, c) for c in candidates):
        return cap_title(h1)
    if h1 and seen.sole_h1 and not stated and _outweighs(h1, page_title, seen):
        return cap_title(h1)  # a page's only <h1> over the <title> a search engine sees
    for candidate in candidates:
        repeated = _heading_in_title(candidate, [h for h in seen.texts if h != site])
        return cap_title(repeated or strip_site_suffix(candidate, site))
    return cap_title(h1) if h1 else None


def _outweighs(h1: str, page_title: str | None, seen: Headings) -> bool:
    """A page's only `<h1>` is its headline and the `<title>` a search result's wording of
    it, when the two share a word; an `<h1>` with no word of the `<title>` is a section's
    or a widget's ("Allergies Health Center", "Lorem"), unless the `<title>` is only the
    site's name, which the home link repeats."""
    if len(h1.split()) > 40:
        return False
    title = (page_title or "").casefold()
    shared = set(_WORD.findall(h1.casefold())) & set(_WORD.findall(title))
    return bool(shared) or not title or title in seen.home_links


def _is_site(text: str, titles: Sequence[str]) -> bool:
    return any(_is_site_part(text, t) for t in titles)


def _heading_in_title(title: str, headings: Sequence[str]) -> str | None:
    """The heading that is the title's first or last part ("Site: Headline", "Headline «
    Site"); a separator must set it off from the rest."""
    folded = title.casefold()
    for heading in sorted(headings, key=len, reverse=True):
        key = heading.casefold()
        if len(key) < 4 or key == folded:
            continue
        if folded.startswith(key) and _SET_OFF.match(title[len(heading) :]):
            return title[: len(heading)]
        if folded.endswith(key) and _SET_OFF.match(title[: -len(heading)][::-1]):
            return title[-len(heading) :]
    return None


def strip_site_suffix(title: str, site: str | None = None) -> str:
    """The part of "Headline | Site" that is the headline: a part that is a domain or the
    site's stated name goes whatever its length, else the longest part when it has 3 words."""
    parts = TITLE_SEPARATORS.split(title)
    if len(parts) < 2:
        return title
    named = {(site or "").casefold()}
    rest = [p for p in parts if not DOMAIN_ONLY.match(p) and p.casefold() not in named]
    if len(rest) == 1 and rest[0].strip():
        return rest[0]
    longest = max(rest or parts, key=lambda p: len(p.split()))
    return longest if len(longest.split()) >= 3 else title


def _is_site_part(h1: str, title: str) -> bool:
    parts = [p.casefold() for p in TITLE_SEPARATORS.split(title)]
    if len(parts) < 2:
        return False
    longest = max(parts, key=len)
    return h1.casefold() in parts and h1.casefold() != longest


def _agrees(h1: str, title: str) -> bool:
    a, b = h1.casefold(), title.casefold()
    return a == b or a in b or (len(b) >= 20 and b in a)
