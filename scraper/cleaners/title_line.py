"""The headline of a text page, told by the page's title line that repeats it.

A whole page rendered to text (a browser's "save as text", `html_text`) opens with the
document's title, "Story – Site", and prints the headline again above the story. A line that
repeats the first line, or a run of its parts (one word or several, whatever separators the
site uses), is the headline whatever the lines around it look like, printed with the same
dashes and quotes or not; the site's own part (the masthead printed first, the source) is
not. A line by the body that opens with the story part and goes on is the headline the title
line shortened. When the header gave no headline at all, or one that shares no more than a
few words with the title line, the title line's story part is the better one when the body
tells it. Outlet, byline and section lines already read keep their roles, but for a line read
as a byline whose name a labelled byline replaced ("Sportzentrum Kerenzerberg in Filzbach
erweitert" over "von Arian Schlichenmayer"): it is the headline the byline stands under."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

from scraper.cleaners.features import WORD
from scraper.cleaners.header_lines import Header
from scraper.cleaners.labels import BYLINE, SECTION, TITLE, Label
from scraper.cleaners.outlets import OUTLET_WORDS, outlet_key
from scraper.normalize.dates import date_in_line
from scraper.records import Block

__all__ = [
    "line_key",
    "site_parts",
    "title_line_date",
    "title_line_parts",
    "title_line_spans",
    "use_headline",
    "use_title_line",
]

SEARCH_LINES = 80
BODY_SEARCH = 10
MASTHEAD_LINES = 3
KICKER_WORDS = 3
NEAR_BODY = 3
LONGER_ABOVE = 12
HEADLINE_WORDS = 25
SENTENCE_WORDS = 12
TITLE_LINE_CHARS = 2_000
PARSED_LINES = 4
MAX_PARTS = 8
BYLINE_GAP = 3
SECTION_ABOVE = 2
MIN_WORDS = 2
STORY_WORDS = 3
LONG_WORD = 4
SHARED = 0.5
HOST_SHARE = 0.6
HOST_LABEL_CHARS = 4
TOLD = 0.75
_SAME_MARKS = str.maketrans(
    {
        "–": "-",
        "—": "-",
        "’": "'",
        "‘": "'",
        "“": '"',
        "”": '"',
        "„": '"',
        "…": "...",
        "\u00ad": None,
    }
)
_SEPARATOR = re.compile(r"\s+[-–—|·•»›«~:ǀ/]{1,2}\s+|\s*::\s*|\s+\|\s*|\s*\|\s+|\s+//\s+»?\s*")


def line_key(text: str) -> str:
    """`outlet_key` with dashes, quotes and soft hyphens unified: a page prints its headline
    with "–" where its title line has "-", or "’" where it has "'"."""
    return outlet_key(text.translate(_SAME_MARKS))


def title_line_parts(line: str) -> list[str]:
    """The parts of a title line, "Story – Site" or "Site | Section | Story"; a first line
    longer than any title (a page printed on one line) is one part, not split again by every
    reader, nor kept (see `_parts`)."""
    return [line.strip()] if len(line) > TITLE_LINE_CHARS else list(_parts(line))


@lru_cache(maxsize=PARSED_LINES)
def _parts(line: str) -> tuple[str, ...]:
    """Every text reader asks for the parts and runs of the same first line: the last few
    lines' answers are kept (`PARSED_LINES`) rather than the line split again by each."""
    return tuple(part.strip() for part in _SEPARATOR.split(line) if part.strip())


def title_line_date(blocks: Sequence[Block]) -> str | None:
    """A date that is a part of the title line ("Story - Section - 11/05/2022"): the page's
    own date, the last one to fall back on."""
    parts = title_line_parts(blocks[0].text) if blocks else []
    return next((iso for iso in map(date_in_line, parts[1:]) if iso), None)


def title_line_spans(line: str) -> list[str]:
    """Every run of consecutive parts of a title line, with the separators inside it kept:
    "Office 365 – HBDI – die Dritte | Blog" holds the headline "Office 365 – HBDI – die
    Dritte" though its dashes split it into three parts."""
    return [line] if len(line) > TITLE_LINE_CHARS else list(_spans(line))


@lru_cache(maxsize=PARSED_LINES)
def _spans(line: str) -> tuple[str, ...]:
    pieces = _SEPARATOR.split(line)
    separators = [m.group(0) for m in _SEPARATOR.finditer(line)]
    if len(pieces) > MAX_PARTS:
        return (line,)
    return tuple(
        "".join(
            p + (separators[k] if k < end - 1 else "")
            for k, p in enumerate(pieces[:end])
            if k >= start
        ).strip()
        for start in range(len(pieces))
        for end in range(start + 1, len(pieces) + 1)
    )


def use_title_line(
    blocks: Sequence[Block], labels: Sequence[Label], header: Header, host: str | None = None
) -> None:
    """Make the headline that the first line repeats the title (see the module's docstring).

    Any run of the title line's parts may be the headline ("Office 365 – HBDI – die Dritte |
    Blog", "Emden - Sights and attractions"), except a part the page prints among its first
    lines (the masthead: the site's name) or the source. The whole line and its story part
    (the longest other part) count wherever they are printed before the body's end; a
    shorter run only when printed right by the body's start, since a section printed
    elsewhere is shaped the same. A one-word run printed more than once must be printed
    there too: a section label comes back in the menus. Of several printings the longest is
    the headline, the nearest to the body among equals, unless the line just above it
    repeats another run of some length: that one is the headline, the other its standfirst.
    """
    body = [i for i, label in enumerate(labels) if label is None]
    if not blocks or not body or _is_sentence(blocks[0].text):
        return
    first = blocks[0].text
    last = min(body[-1], max(SEARCH_LINES, body[0] + BODY_SEARCH))
    site = site_parts(blocks, header, last, host)
    parts = [part for part in title_line_parts(first) if line_key(part) not in site]
    story = max(parts, key=lambda part: len(part.split()), default=first)
    wanted = {
        key
        for span in title_line_spans(first)
        if (key := line_key(span)) not in site and any(ch.isalpha() for ch in key)
    }
    main = {line_key(first), line_key(story)}
    longest = len(first) + len(first) // 4  # no line longer than the title line repeats it
    printed = [
        (i, line_key(blocks[i].text)) for i in range(1, last) if len(blocks[i].text) <= longest
    ]
    counts = Counter(key for _, key in printed)
    repeats = [
        i
        for i, key in printed
        if key in wanted
        and (header.used.get(i, TITLE) in (TITLE, SECTION) or _byline_context(header, blocks, i))
        and (key in main or abs(i - body[0]) <= NEAR_BODY)
        and (len(key.split()) > 1 or counts[key] == 1 or abs(i - body[0]) <= NEAR_BODY)
    ]
    longer = _longer_headline(blocks, body[0], line_key(story)) if not repeats else None
    if repeats:
        use_headline(header, _headline_of(blocks, repeats, body[0]), blocks)
    elif longer is not None:
        use_headline(header, longer, blocks)
    elif (
        len(story.split()) >= MIN_WORDS
        and line_key(story) in wanted
        and (header.title is None or _told_instead(story, header.title, first, blocks, body))
    ):
        for i in [i for i, rule in header.used.items() if rule == TITLE]:
            del header.used[i]
        header.title = story


def _is_sentence(line: str) -> bool:
    """A first line that is a long sentence with its full stop opens a body, not a page
    rendered with its document title: titles do not end in a full stop."""
    return line.endswith(".") and not line.endswith("..") and len(line.split()) > SENTENCE_WORDS


def _longer_headline(blocks: Sequence[Block], first_body: int, story: str) -> int | None:
    """A line by the body's start that opens with the title line's story part and goes on
    ("Leasing or buying – which pays?" for the title line "Leasing or buying | Site"): the
    title line shortened the headline."""
    if len(story.split()) < MIN_WORDS:
        return None
    lines = range(max(1, first_body - LONGER_ABOVE), min(len(blocks), first_body + NEAR_BODY))
    for i in lines:
        text = blocks[i].text
        key = line_key(text)
        if (
            key.startswith(story)
            and len(key) > len(story)
            and not key[len(story)].isalnum()
            and len(text.split()) <= HEADLINE_WORDS
            and not text.endswith(".")
        ):
            return i
    return None


def site_parts(
    blocks: Sequence[Block], header: Header, last: int, host: str | None = None
) -> set[str]:
    """The title line's parts that name the site: the source, a part that spells the page's
    host name, and the masthead, the part printed first among the page's first lines, when
    another part is printed on its own too ("Story | Blog" over "Blog" and later "Story"; a
    "Story - Wikipedia" page prints the story first and never "Wikipedia" alone)."""
    site = {line_key(header.source)} if header.source else set()
    parts = {line_key(part) for part in title_line_parts(blocks[0].text)} - site
    if len(parts) < 2:
        return site
    spelled = {part for part in parts if spells_host(part, host)}
    if spelled and spelled != parts:
        site |= spelled
        parts -= spelled
    top = [key for block in blocks[1:MASTHEAD_LINES] if (key := line_key(block.text)) in parts]
    if top:
        others = parts - {top[0]}
        if any(line_key(block.text) in others for block in blocks[1:last]):
            site.add(top[0])
    return site


def spells_host(part: str, host: str | None) -> bool:
    """A title-line part that spells a label of the page's host name, spaces and dashes
    aside, is the site's name: "Abenteuer Astronomie" on abenteuer-astronomie.de, "Harry
    Potter Wiki" on harrypotter.fandom.com. The label must make up most of the part (or the
    part most of the label), so "Spiegel-Affäre: Wie alles begann" on spiegel.de is a story."""
    if not host:
        return False
    squashed = "".join(ch for ch in part.casefold() if ch.isalnum())
    for label in host.casefold().split(".")[:-1]:
        name = "".join(ch for ch in label if ch.isalnum())
        if len(name) < HOST_LABEL_CHARS or not squashed:
            continue
        if (name in squashed and len(name) >= HOST_SHARE * len(squashed)) or (
            squashed in name and len(squashed) >= HOST_SHARE * len(name)
        ):
            return True
    return False


def _headline_of(blocks: Sequence[Block], repeats: list[int], first_body: int) -> int:
    best = max(repeats, key=lambda i: (len(blocks[i].text.split()), -abs(i - first_body)))
    above = best - 1
    if (
        above in repeats
        and line_key(blocks[above].text) != line_key(blocks[best].text)
        and len(blocks[above].text.split()) > KICKER_WORDS
    ):
        return above
    return best


def use_headline(header: Header, at: int, blocks: Sequence[Block]) -> None:
    """The line at `at` is the headline. A bare name read as the byline for standing by the
    line taken for the headline before, well above the real one (the masthead under a "Skip
    to content" line), goes with that pick."""
    before = next((i for i, rule in header.used.items() if rule == TITLE), None)
    if before is not None and before != at:
        _forget_bare_names(header, blocks, at)
        _forget_section_over(header, before, at)
    for i in [i for i, rule in header.used.items() if rule == TITLE]:
        del header.used[i]
    if header.used.get(at) == SECTION:
        del header.used[at]
        header.section = None
    if _byline_context(header, blocks, at):
        del header.used[at]
    header.title = blocks[at].text
    header.use(at, TITLE)


def _byline_context(header: Header, blocks: Sequence[Block], i: int) -> bool:
    """A line the byline reading used without taking a name from it (the line above "by
    Jane Doe"): when it repeats the title line it is the headline the byline stands under."""
    return header.used.get(i) == BYLINE and not any(
        name in blocks[i].text for name in header.authors
    )


def _forget_section_over(header: Header, before: int, at: int) -> None:
    """A section label read as the line just above the headline given up goes with that
    pick, unless it stands just above the new one too."""
    for i, rule in list(header.used.items()):
        if rule == SECTION and 0 < before - i <= SECTION_ABOVE and not 0 < at - i <= SECTION_ABOVE:
            del header.used[i]
            header.section = None


def _forget_bare_names(header: Header, blocks: Sequence[Block], at: int) -> None:
    for i, rule in list(header.used.items()):
        text = blocks[i].text
        if rule == BYLINE and text in header.authors and i < at - BYLINE_GAP:
            header.authors.remove(text)
            del header.used[i]


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
