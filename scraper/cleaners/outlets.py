"""Outlet names in a text page, told by the role they play rather than by their words.

A republished story names the outlet it came from the way the seed does: a short line that is
no sentence, printed above the headline and again below it ("Iran Press TV"), a name the
byline pairs with a person ("By Jane Doe, Larchmont Beacon", "Ines Marlow | Quillfeather"),
a "Source: …" or "Courtesy of …" line, or the name the masthead and the copyright line print.
A word list of outlets cannot know an outlet it has never seen; these roles can. The word list
(`defaults/names.toml`) stays one more piece of evidence.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from scraper.cleaners.features import BlockStats
from scraper.cleaners.masthead import copyright_holders
from scraper.normalize.authors import NameBook
from scraper.normalize.dates import find_date
from scraper.records import Block

__all__ = [
    "NO_OUTLETS",
    "OUTLET_WORDS",
    "OutletEvidence",
    "PageOutlets",
    "gather_outlets",
    "is_outlet_line",
    "outlet_key",
    "page_outlets",
]

OUTLET_WORDS = 6
FLANK_GAP = 3
MASTHEAD_LINES = 3
HEADLINE_WORDS = 30
_THE = "the "
_DIGIT = re.compile(r"\d")


def outlet_key(name: str) -> str:
    """The form two printings of one name share: case, spacing and a leading "The" ignored."""
    key = " ".join(name.split()).casefold().strip(" .,;:")
    return key[len(_THE) :] if key.startswith(_THE) else key


@dataclass(frozen=True, slots=True)
class OutletEvidence:
    """Names the page itself shows to be outlets, and the short lines it prints on their own.

    `repeated` holds short lines printed twice or more around the headline (the seed's "Iran
    Press TV" above and below the title); `labelled` the names a "Source:" or "Courtesy of"
    line gives; `copyright` the holders of copyright lines, which may be the site's owner, a
    person on a blog, so they only confirm a name found in a byline; `standalone` every short
    line printed alone, which confirms the name after "By Jane Doe," as an outlet; `masthead`
    the short lines among the page's first few, which confirm an outlet after a bare name
    ("Ines Marlow | Quillfeather").
    """

    repeated: frozenset[str] = frozenset()
    labelled: frozenset[str] = frozenset()
    copyright: frozenset[str] = frozenset()
    masthead: frozenset[str] = frozenset()
    standalone: frozenset[str] = frozenset()

    def shown(self, name: str) -> bool:
        """The page itself shows `name` to be an outlet: repeated around the top, or labelled."""
        key = outlet_key(name)
        return key in self.repeated or key in self.labelled

    def confirmed(self, name: str) -> bool:
        """`name` is shown as an outlet, or is the masthead or the copyright holder."""
        key = outlet_key(name)
        return key in self.masthead or key in self.copyright or self.shown(name)

    def printed_alone(self, name: str) -> bool:
        """`name` stands alone elsewhere on the page: a masthead, a copyright line, a credit."""
        key = outlet_key(name)
        return key in self.standalone or key in self.copyright or self.shown(name)


NO_OUTLETS = OutletEvidence()


@dataclass(frozen=True, slots=True)
class PageOutlets:
    """The evidence of `OutletEvidence` that does not depend on where the headline is: read
    from every block, so found once per page however many times the page is labelled.
    `short` are the blocks shaped like a name."""

    short: frozenset[int] = frozenset()
    labelled: frozenset[str] = frozenset()
    copyright: frozenset[str] = frozenset()
    masthead: frozenset[str] = frozenset()
    standalone: frozenset[str] = frozenset()


def page_outlets(
    blocks: Sequence[Block], stats: Sequence[BlockStats], labelled: Sequence[str] = ()
) -> PageOutlets:
    short = frozenset(i for i in range(len(blocks)) if _name_shaped(blocks[i].text, stats[i]))
    return PageOutlets(
        short=short,
        labelled=frozenset(outlet_key(name) for name in labelled if name),
        copyright=frozenset(outlet_key(name) for name in copyright_holders(blocks)),
        masthead=frozenset(outlet_key(blocks[i].text) for i in short if i < MASTHEAD_LINES),
        standalone=frozenset(outlet_key(blocks[i].text) for i in short),
    )


def gather_outlets(
    blocks: Sequence[Block],
    stats: Sequence[BlockStats],
    top: Sequence[int],
    labelled: Sequence[str] = (),
    page: PageOutlets | None = None,
) -> OutletEvidence:
    """Evidence from the whole page (`page`, where found already); `top` are the blocks
    around the headline."""
    page = page or page_outlets(blocks, stats, labelled)
    return OutletEvidence(
        repeated=_flanking(blocks, stats, [i for i in top if i in page.short]),
        labelled=page.labelled,
        copyright=page.copyright,
        masthead=page.masthead,
        standalone=page.standalone,
    )


def _flanking(
    blocks: Sequence[Block], stats: Sequence[BlockStats], short: list[int]
) -> frozenset[str]:
    """Names printed just above a longer line that is no sentence (the headline), and again
    just below it.

    A headline printed twice (a breadcrumb, then the heading; the heading, a standfirst, then
    an image caption) is not one: what follows its first printing is no headline.
    """
    found = set()
    for a, b in pairwise(short):
        key = outlet_key(blocks[a].text)
        if key != outlet_key(blocks[b].text) or not 1 < b - a <= FLANK_GAP:
            continue
        if _headline_shaped(stats[a + 1], stats[a].words):
            found.add(key)
    return frozenset(found)


def _headline_shaped(stats: BlockStats, name_words: float) -> bool:
    return name_words < stats.words <= HEADLINE_WORDS and not stats.terminal


def _name_shaped(text: str, stats: BlockStats) -> bool:
    """A short line that is no sentence and holds no date: the shape of a name. Every date
    form has a digit, and most short lines have none: those skip the date search (it ran on
    nearly every block of a page)."""
    return (
        0 < stats.words <= OUTLET_WORDS
        and not stats.terminal
        and not text.endswith((",", ":", ";", "?", "!"))
        and not (_DIGIT.search(text) and find_date(text) is not None)
    )


def is_outlet_line(text: str, stats: BlockStats, evidence: OutletEvidence, names: NameBook) -> bool:
    """A header line that names the story's outlet by its role (or by the word list)."""
    if not _name_shaped(text, stats):
        return False
    return evidence.shown(text) or names.is_organisation(text)
