"""A byline printed after the story ("Text: Ursula Eggers", "By Jane Doe" under the last
paragraph), read when the top of the page named nobody.

Blogs and magazines often sign at the foot. Only a line that says it is a byline (a "By",
"Text:" or "Autor:" label) counts there: a bare name at the foot is as likely a commenter.
"""

from __future__ import annotations

from collections.abc import Sequence

from scraper.cleaners.header_lines import Header, read_field
from scraper.cleaners.header_words import HeaderWords
from scraper.cleaners.labels import BYLINE, Label
from scraper.normalize.authors import NameBook
from scraper.records import Block

__all__ = ["read_foot_byline"]

FOOT_LINES = 8
BYLINE_WORDS = 12


def read_foot_byline(
    blocks: Sequence[Block],
    labels: Sequence[Label],
    header: Header,
    names: NameBook,
    words: HeaderWords,
) -> None:
    """Fill the authors from a labelled byline among the lines around the body's end."""
    body = [i for i, label in enumerate(labels) if label is None]
    if header.authors or not body:
        return
    for i in range(max(0, body[-1] - 1), min(len(blocks), body[-1] + 1 + FOOT_LINES)):
        text = blocks[i].text
        if i in header.used or len(text.split()) > BYLINE_WORDS:
            continue
        found = Header()
        read_field(text, i, found, names, words)
        labelled = bool(found.authors) and not text.startswith(found.authors[0])
        if labelled:
            header.authors = found.authors
            header.used[i] = BYLINE
            return
