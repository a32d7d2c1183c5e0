"""The dates of a text page: the header's date lines told published from modified, then the
URL's day, then the page's first date line.

A header may print "Published: …" and "Updated: …" together, or only an "Aktualisiert am …"
stamp beside the headline while the story's own date sits a line above it; a stamp whose
date follows a modified label (`config/dates.toml`, `[labels] modified`) is the modified
date and is taken as the published one only when the header printed no other.

A whole-page dump often prints the story's date far from where the header reader looks: in
a byline row after a long menu ("Posted on 28. Juli 2019 … Author …"), in a meta line under
the body. The first line of the page that is a date, a few label words and a date, or a
paragraph's dateline is then the story's more often than not (measured on the evaluation
set's text protocol); a date range is not (see `labelled_date`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from scraper.cleaners.header import published_date
from scraper.cleaners.header_lines import Header
from scraper.normalize.dates import find_date, labelled_date
from scraper.normalize.page_dates import DateKeys, PageDates
from scraper.records import Block

SEARCH_BLOCKS = 400
"""A story's date is printed in its first few hundred lines; past them a 45 MB dump would
cost time for a date that is a comment's at best."""


def header_dates(header: Header, blocks: Sequence[Block], keys: DateKeys) -> PageDates:
    """Published and modified from the header's date lines (see the module's docstring)."""
    stamps = {i for i, _ in header.dates if _stamps_modified(blocks[i].text, keys)}
    stated = [(i, iso) for i, iso in header.dates if i not in stamps]
    modified = next((iso for i, iso in header.dates if i in stamps), None)
    published = published_date(replace(header, dates=stated)) if stated else None
    return PageDates(published, modified)


def _stamps_modified(text: str, keys: DateKeys) -> bool:
    """A line whose first date follows a modified label ("Aktualisiert am 19.02.2020",
    "Article mis à jour le 7 janvier 2020"), not one that states both dates in turn."""
    hit = find_date(text)
    before = text[: hit[1][0]].lower() if hit else ""
    return any(word in before for word in keys.modified_words)


def first_printed_date(blocks: Sequence[Block]) -> str | None:
    """The first date line of the page (see the module's docstring), else None."""
    return next(filter(None, (labelled_date(b.text) for b in blocks[:SEARCH_BLOCKS])), None)
