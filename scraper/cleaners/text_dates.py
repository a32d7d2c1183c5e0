"""The date of a text page whose header printed none near its headline.

A whole-page dump often prints the story's date far from where the header reader looks: in
a byline row after a long menu ("Posted on 28. Juli 2019 … Author …"), in a sidebar-wide
meta line, under the body. The first line of the page that is a date, or a few label words
and a date, is then the story's more often than not (measured on the evaluation set's text
protocol); a date range is not (see `labelled_date`).
"""

from __future__ import annotations

from collections.abc import Sequence

from scraper.normalize.dates import labelled_date
from scraper.records import Block

SEARCH_BLOCKS = 400
"""A story's date is printed in its first few hundred lines; past them a 45 MB dump would
cost time for a date that is a comment's at best."""


def first_printed_date(blocks: Sequence[Block]) -> str | None:
    """The first date line of the page (see the module's docstring), else None."""
    return next(filter(None, (labelled_date(b.text) for b in blocks[:SEARCH_BLOCKS])), None)
