"""The headline of a text page, told by the page's title line that repeats it.

A whole page rendered to text (a browser's "save as text", `html_text`) opens with the
document's title, "Story – Site", and prints the headline again above the story. A line that
repeats the first line, or its story part (the longest: a site's name is shorter than its
headlines), is the headline whatever the lines around it look like; when the header gave no
headline at all, or one that shares no more than a few words with the title line, the title
line's story part is the better one when the body tells it. Outlet, byline and section lines
already read keep their roles.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from scraper.cleaners.features import WORD
from scraper.cleaners.header_lines import Header
from scraper.cleaners.labels import TITLE, Label
from scraper.cleaners.outlets import OUTLET_WORDS, outlet_key
from scraper.normalize.dates import date_in_line
from scraper.records import Block

__all__ = ["title_line_date", "title_line_parts", "use_title_line"]

SEARCH_LINES = 80
MIN_WORDS = 2
STORY_WORDS = 3
LONG_WORD = 4
SHARED = 0.5
TOLD = 0.75
_SEPARATOR = re.compile(r"\s+[-–—|·•»]{1,2}\s+|\s*::\s*|\s+\|\s*|\s*\|\s+")


def title_line_parts(line: str) -> list[str]:
    """The parts of a title line, "Story – Site" or "Site | Section | Story"."""
    return [part.strip() for part in _SEPARATOR.split(line) if part.strip()]


def title_line_date(blocks: Sequence[Block]) -> str | None:
    """A date that is a part of the title line ("Story - Section - 11/05/2022"): the page's
    own date, the last one to fall back on."""
    parts = title_line_parts(blocks[0].text) if blocks else []
    return next((iso for iso in map(date_in_line, parts[1:]) if iso), None)


def use_title_line(blocks: Sequence[Block], labels: Sequence[Label], header: Header) -> None:
    """Make the headline that the first line repeats the title (see the module's docstring).

    Only a printing before the body's end counts: a masthead that is the whole title line
    ("KRVT 12") is printed again in the footer, a headline is not.
    """
    body = [i for i, label in enumerate(labels) if label is None]
    if not blocks or not body:
        return
    first = blocks[0].text
    parts = title_line_parts(first)
    taken = {outlet_key(name) for name in (header.source, header.section) if name}
    story = max(parts, key=lambda part: len(part.split()), default=first)
    wanted = {
        outlet_key(part): part
        for part in (first, story)
        if len(part.split()) >= MIN_WORDS and outlet_key(part) not in taken
    }
    repeats = [
        i
        for i in range(1, min(body[-1], SEARCH_LINES))
        if outlet_key(blocks[i].text) in wanted and header.used.get(i, TITLE) == TITLE
    ]
    if repeats:
        best = max(repeats, key=lambda i: len(blocks[i].text.split()))
        for i in [i for i, rule in header.used.items() if rule == TITLE]:
            del header.used[i]
        header.title = blocks[best].text
        header.use(best, TITLE)
    elif story in wanted.values() and (
        header.title is None or _told_instead(story, header.title, first, blocks, body)
    ):
        for i in [i for i, rule in header.used.items() if rule == TITLE]:
            del header.used[i]
        header.title = story


def _told_instead(
    story: str, title: str, first: str, blocks: Sequence[Block], body: list[int]
) -> bool:
    """The title line's story rather than a headline that shares nothing with the title line.

    An advert or a masthead opening a text dump is not told by the body; a document title is:
    most of its longer words come back in the story's paragraphs.
    """
    title_words = _words(title)
    shortest = STORY_WORDS if story != first else OUTLET_WORDS + 1  # a lone masthead is short
    if len(story.split()) < shortest or not title_words:
        return False
    if len(title_words & _words(first)) >= SHARED * len(title_words):
        return False
    told = {w for w in _words(story) if len(w) >= LONG_WORD}
    body_words = set().union(*(_words(blocks[i].text) for i in body))
    return bool(told) and len(told & body_words) >= TOLD * len(told)


def _words(text: str) -> set[str]:
    return {w.casefold() for w in WORD.findall(text)}
