"""The headline of a text page, told by the page's title line that repeats it.

A whole page rendered to text (a browser's "save as text", `html_text`) opens with the
document's title, "Story – Site", and prints the headline again above the story. A line that
repeats the first line, or its story part (the longest: a site's name is shorter than its
headlines), is the headline whatever the lines around it look like; when the header gave no
headline at all, the story part of the title line is the best one left. Outlet, byline and
section lines already read keep their roles.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from scraper.cleaners.header_lines import Header
from scraper.cleaners.labels import TITLE, Label
from scraper.cleaners.outlets import outlet_key
from scraper.records import Block

__all__ = ["title_line_parts", "use_title_line"]

SEARCH_LINES = 80
MIN_WORDS = 2
_SEPARATOR = re.compile(r"\s+[-–—|·•»]{1,2}\s+|\s*::\s*|\s+\|\s*|\s*\|\s+")


def title_line_parts(line: str) -> list[str]:
    """The parts of a title line, "Story – Site" or "Site | Section | Story"."""
    return [part.strip() for part in _SEPARATOR.split(line) if part.strip()]


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
    elif header.title is None and outlet_key(story) not in taken and story in wanted.values():
        header.title = story
