"""Byline and date lines printed just under the headline, wherever the headline stands.

The header is read around the top of the body; when the page's title line shows the headline
to stand elsewhere (a body run that starts late, a headline printed after the site's menus),
the byline and date lines under it were never read. They have the same roles there: a "By"
line, a date line, "<date> - <name> - 91 comments", a label on one line and its value on the
next, a bare name next to a date or straight under the headline (or its standfirst).
"""

from __future__ import annotations

from collections.abc import Sequence

from scraper.cleaners.features import WORD, BlockStats
from scraper.cleaners.header_lines import Header, read_lines
from scraper.cleaners.header_words import HeaderWords
from scraper.cleaners.labels import BYLINE, TITLE
from scraper.normalize.authors import Byline, NameBook
from scraper.normalize.name_lines import people_line
from scraper.records import Block

__all__ = ["read_under_headline"]

UNDER_LINES = 6
ABOVE_LINES = 3
SHORT_LINE_WORDS = 20


def read_under_headline(
    blocks: Sequence[Block],
    stats: Sequence[BlockStats],
    header: Header,
    names: NameBook,
    words: HeaderWords,
) -> None:
    """Fill the authors and dates still missing from the lines under the headline."""
    title_at = next((i for i, rule in header.used.items() if rule == TITLE), None)
    if title_at is None:
        return
    _drop_repeats(blocks, title_at, header)
    bylines = [i for i, rule in header.used.items() if rule == BYLINE]
    placed = not bylines or any(
        title_at - ABOVE_LINES <= i <= title_at + UNDER_LINES for i in bylines
    )
    if header.authors and header.dates and placed:
        return
    under = [
        i
        for i in range(title_at + 1, min(len(blocks), title_at + 1 + UNDER_LINES))
        if i not in header.used and stats[i].words <= SHORT_LINE_WORDS
    ]
    found = Header()
    read_lines(blocks, under, found, names, words, header.outlets)
    signed = bool(found.authors)
    if not signed:
        dated = {i for i, _ in found.dates + header.dates}
        _bare_name(blocks, stats, under, dated, found, names)
    _merge(found, header, placed or not signed)


def _drop_repeats(blocks: Sequence[Block], title_at: int, header: Header) -> None:
    """The headline printed again under it (above and below a date line, or once with a
    spaced colon: "Hitzeschutz am Arbeitsplatz : Wie …") is the headline, not the story's
    first line; left in the body, the same body cleaned again would lose it as its title."""
    headline = _words(blocks[title_at].text)
    for i in range(title_at + 1, min(len(blocks), title_at + 1 + UNDER_LINES)):
        if i not in header.used and _words(blocks[i].text) == headline:
            header.use(i, TITLE)


def _bare_name(
    blocks: Sequence[Block],
    stats: Sequence[BlockStats],
    under: list[int],
    dated: set[int],
    found: Header,
    names: NameBook,
) -> None:
    """A line that is only a person's name, next to a date line or the first line under the
    headline that is neither a sentence (a standfirst), a bare figure (a view count) nor the
    headline printed again ("Abstandsregeln und Fieberkontrollen : Wie …" under "…: Wie …",
    the page's heading under a share bar's: `_drop_repeats` took it), is the byline."""
    first = True
    for i in under:
        text = blocks[i].text
        figures = not any(ch.isalpha() for ch in text)
        if i in found.used or i in dated or stats[i].terminal or figures:
            continue
        placed = first or bool(dated & {i - 1, i + 1})
        people = people_line(names, text, i == under[0] and i + 1 in dated) if placed else ()
        if people:
            found.add_byline(i, Byline(people), guessed=True)
            return
        first = False


def _words(text: str) -> list[str]:
    return WORD.findall(text.casefold())


def _merge(found: Header, header: Header, placed: bool) -> None:
    """What the lines under the headline tell fills the gaps; a byline line among them also
    replaces a byline read far from the headline (around a line the title line then showed to
    be no headline), a bare name does not."""
    labelled = found.authors and header.guessed and not found.guessed
    if found.authors and (not (header.authors and placed) or labelled):
        header.authors, header.guessed = found.authors, found.guessed
    for i, iso in found.dates:
        header.add_date(i, iso)
    header.source = header.source or found.source
    for i, rule in found.used.items():
        header.use(i, rule)
