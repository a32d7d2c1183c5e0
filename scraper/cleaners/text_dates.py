"""The dates of a text page: the header's date lines told published from modified, then the
URL's day, then the page's first date line.

A header's date labelled as another day than the story's ("Release: …", "Registriert: …")
is not the story's. A header may print "Published: …" and "Updated: …" together, or only an
"Aktualisiert am …" stamp beside the headline while the story's own date sits a line above
it; a stamp whose date follows a modified label (`defaults/dates.toml`, `[labels] modified`)
is the modified date and is taken as the published one only when the header printed no
other.

A whole-page dump often prints the story's date far from where the header reader looks: in
a byline row after a long menu ("Posted on 28. Juli 2019 … Author …"), in a meta line under
the body. The first line of the page that is a date, a few label words and a date, or a
paragraph's dateline is then the story's more often than not (measured on the evaluation
set's text protocol); a date range is not (see `labelled_date`), nor a date in the comments
(a reader's post, the thread's sidebar) or one item of a dated list (related posts, an
archive, events), which dates another text than the page's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from scraper.cleaners.header import published_date
from scraper.cleaners.header_lines import Header
from scraper.cleaners.labels import AFTER_COMMENTS, TITLE, Label, group_of
from scraper.normalize.date_lines import labelled_date, names_other_day
from scraper.normalize.dates import find_date
from scraper.normalize.page_dates import DateKeys, PageDates
from scraper.records import Block

SEARCH_BLOCKS = 400
"""A story's date is printed in its first few hundred lines; past them a 45 MB dump would
cost time for a date that is a comment's at best."""
FOOT_AFTER = 10
"""Lines under the headline past which a header's date line is a foot's (after the body)."""
BESIDE = 3
"""Lines on either side of the headline where its own date line is printed."""
BELOW_HEADLINE = 20
TOP_BAR_ABOVE = 8
"""Lines above the headline past which a date line is the page's top bar's, not the story's
(whose date stands beside its headline when it is printed at all)."""
"""Lines under a headline printed past `SEARCH_BLOCKS` where its date is still looked for."""
LONE_LABEL_CHARS = 40
"""A label alone on the line above its date ("Letzte Aktualisierung:") is this short."""
LIST_REACH = 2
"""Lines on either side of a date line where a list's other dated items stand."""
LIST_DATES = 2
"""Dated lines that many near a date line make it one item of a list."""
COMMENTS = "comments"


def header_dates(header: Header, blocks: Sequence[Block], keys: DateKeys) -> PageDates:
    """Published and modified from the header's date lines (see the module's docstring)."""
    stamps = {i for i, _ in header.dates if _stamps_modified(blocks, i, keys)}
    stated = [
        (i, iso)
        for i, iso in header.dates
        if i not in stamps and not names_other_day(blocks[i].text)
    ]
    modified = next((iso for i, iso in header.dates if i in stamps), None)
    published = published_date(replace(header, dates=stated)) if stated else None
    headline = next((i for i, rule in header.used.items() if rule == TITLE), None)
    if headline is not None and stated and all(i > headline + FOOT_AFTER for i, _ in stated):
        published = _beside_headline(blocks, headline) or published
    return PageDates(published, modified)


def _beside_headline(blocks: Sequence[Block], headline: int) -> str | None:
    """A date line printed right above or below the headline ("Nachricht 19. November
    2021" over it): the story's, where the header's only date line stands far under the
    body, as the first item of a list of related stories often does."""
    near = range(max(0, headline - BESIDE), min(len(blocks), headline + BESIDE + 1))
    found = (labelled_date(blocks[i].text) for i in near if not _in_dated_list(blocks, i))
    return next((iso for iso in found if iso), None)


def _stamps_modified(blocks: Sequence[Block], at: int, keys: DateKeys) -> bool:
    """A line whose first date follows a modified label ("Aktualisiert am 19.02.2020",
    "Article mis à jour le 7 janvier 2020"), not one that states both dates in turn; or a
    date line under a lone modified label ("Letzte Aktualisierung:" above "12.03.2021")."""
    text = blocks[at].text
    hit = find_date(text)
    before = text[: hit[1][0]].lower() if hit else ""
    if not before.strip() and at > 0 and len(blocks[at - 1].text) <= LONE_LABEL_CHARS:
        before = blocks[at - 1].text.lower()
    return any(word in before for word in keys.modified_words)


def first_printed_date(blocks: Sequence[Block], labels: Sequence[Label]) -> str | None:
    """The first date line of the page outside the comments and outside a dated list (see
    the module's docstring), else None. It is looked for in the first `SEARCH_BLOCKS` lines,
    or down to the lines just under a headline printed below them (a menu of four hundred
    links comes first on some sites). A date line far above the headline, as a top bar's
    today's date is, gives way to one printed beside the headline."""
    headline = _headline(labels)
    end = max(SEARCH_BLOCKS, headline + BELOW_HEADLINE) if headline is not None else SEARCH_BLOCKS
    for i, block in enumerate(blocks[:end]):
        label = labels[i]
        if label is not None and (label == AFTER_COMMENTS or group_of(label) == COMMENTS):
            continue
        found = labelled_date(block.text)
        if found and not _in_dated_list(blocks, i):
            if headline is not None and i < headline - TOP_BAR_ABOVE:
                return _beside_headline(blocks, headline) or found
            return found
    return None


def _headline(labels: Sequence[Label]) -> int | None:
    try:
        return list(labels).index(TITLE)
    except ValueError:
        return None


def _in_dated_list(blocks: Sequence[Block], at: int) -> bool:
    """Whether other lines near the date line at `at` carry dates too, as the items of a
    list of posts or events do ("Fagus-Werk Alfeld 2. Oktober 2015 - 12:33" over
    "Kongresshalle Berlin 2. Oktober 2015 - 12:29")."""
    near = range(max(0, at - LIST_REACH), min(len(blocks), at + LIST_REACH + 1))
    dated = (i for i in near if i != at and find_date(blocks[i].text) is not None)
    return sum(1 for _ in dated) >= LIST_DATES
