"""A kicker the rendering glued in front of a text dump's headline.

A heading marked up as two elements, a kicker and the headline ("<span>Nach Corona-
Lockerungen</span> <span>Autohäuser rechnen mit …</span>"), is rendered as one line with a bare
space between them, and the title line rarely prints the pair the same way: it drops the kicker
("Eigentumsvorbehalt: Das sollten Käufer wissen" over the line "Forderungsausfälle vermeiden
Eigentumsvorbehalt: Das sollten Käufer wissen"), sets it off with a colon ("Interne Unterlagen
im Netz: Daten von Rheinmetall gehackt" over "Interne Unterlagen im Netz Daten von Rheinmetall
gehackt") or prints only its opening words. The headline is what follows the kicker: the line
is cut where either side is a piece of the title line (a part, a run of parts, or a part's
side of a colon) and the other side is left. A line the title line prints whole is the
heading as the site names it and stays as it is.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from scraper.cleaners.header_lines import Header
from scraper.cleaners.labels import TITLE
from scraper.cleaners.title_line import line_key, title_line_parts, title_line_spans, use_headline
from scraper.records import Block

__all__ = ["cut_glued_kicker", "heading_under_title_run", "headline_under_kicker"]

MAX_WORDS = 30
KICKER_WORDS = 5
FUNCTION_CHARS = 4
HEADLINE_WORDS = 3
PIECE_WORDS = 2
_COLON = re.compile(r":\s+")
_SETS_OFF = frozenset({"/", "|", "-", "–", "—", ":"})
_OPENING_QUOTES = "\"'„“«‚‘"


def cut_glued_kicker(blocks: Sequence[Block], header: Header) -> None:
    """Cut the kicker off the headline (see the module's docstring)."""
    if header.title is not None and blocks:
        header.title = _without_kicker(header.title, blocks[0].text) or header.title


def heading_under_title_run(blocks: Sequence[Block], header: Header) -> None:
    """A line that repeats the title line, taken for the headline, over a line that holds a
    glued kicker and a headline of its own: the repeat is the page's title printed again (a
    breadcrumb's last item, a share box), the line under it the page's heading, marked up as
    a kicker and a headline ("Kind krank: Was Arbeitgeber wissen müssen" over "Kind krank Was
    Arbeitgeber über die Rechte von Eltern wissen müssen")."""
    at = next((i for i, rule in header.used.items() if rule == TITLE), None)
    if at is None or at + 1 >= len(blocks) or at + 1 in header.used:
        return
    first = blocks[0].text
    if len(blocks[at].text.split()) < HEADLINE_WORDS or line_key(blocks[at].text) not in {
        line_key(span) for span in title_line_spans(first)
    }:
        return
    headline = _without_kicker(blocks[at + 1].text, first)
    if (
        headline is not None
        and not headline.endswith(".")
        and line_key(headline) != line_key(blocks[at].text)  # the repeat with a kicker
    ):
        use_headline(header, at + 1, blocks)
        header.use(at, TITLE)
        header.title = headline


def _without_kicker(text: str, first: str) -> str | None:
    """The line without the kicker glued in front of it, or None when it has none."""
    tokens = text.split(maxsplit=MAX_WORDS)
    if len(tokens) > MAX_WORDS:
        return None
    spans = {line_key(span) for span in title_line_spans(first)}
    if line_key(text) in spans:
        return None
    pieces = spans | {
        line_key(side)
        for part in title_line_parts(first)
        for side in _COLON.split(part)
        if len(side.split()) >= PIECE_WORDS
    }
    for n in range(1, min(KICKER_WORDS, len(tokens) - PIECE_WORDS) + 1):
        head, tail = tokens[:n], tokens[n:]
        if _glued(head[-1], tail[0]) and _is_kicker(" ".join(head), " ".join(tail), pieces):
            return " ".join(tail)
    return None


def _glued(last: str, next_word: str) -> bool:
    """Two elements run together: the kicker ends in a letter, a figure or a closing mark, but
    not in a short word in lower case (an article, a preposition: "Eignet sich eine Wärmepumpe
    …" is one sentence), and the headline opens with a capital or a quote."""
    if last.islower() and len(last) <= FUNCTION_CHARS:
        return False
    return (last[-1].isalnum() or last[-1] in '?!"“”»') and (
        next_word[0].isupper() or next_word[0] in _OPENING_QUOTES
    )


def _is_kicker(head: str, tail: str, pieces: set[str]) -> bool:
    """The head is a piece of the title line and the tail a headline of its own, or the tail
    is (or opens with) a piece of the title line long enough to tell the story."""
    if any(word in _SETS_OFF or word.endswith(":") for word in head.split()):
        return False  # "Oranger Wasserstoff: Der Traum vom …" is set off already, no kicker
    tail_key = line_key(tail)
    if tail_key in pieces:
        return True
    if len(tail.split()) < HEADLINE_WORDS:
        return False
    if len(head.split()) >= PIECE_WORDS and line_key(head) in pieces:
        return True
    return any(
        tail_key.startswith(piece)
        and not tail_key[len(piece)].isalnum()
        and len(piece.split()) >= HEADLINE_WORDS
        and len(tail_key.split()) > len(piece.split())
        for piece in pieces
        if len(piece) < len(tail_key)
    )


def headline_under_kicker(blocks: Sequence[Block], header: Header) -> None:
    """The line taken for the headline is a kicker when the title line prints it and the next
    line as one part, set off by a colon ("Siemens und die Kohlemine Adani" over "Kaeser
    verarscht Neubauer", titled "Siemens und die Kohlemine Adani: Kaeser verarscht Neubauer"):
    the next line is the headline, and the kicker stays out of the body with it."""
    at = next((i for i, rule in header.used.items() if rule == TITLE), None)
    if at is None or at + 1 >= len(blocks) or at + 1 in header.used:
        return
    kicker, below = blocks[at].text.rstrip(":"), blocks[at + 1].text
    if len(below.split()) < PIECE_WORDS:
        return
    parts = {line_key(part) for part in title_line_parts(blocks[0].text)}
    if line_key(f"{kicker}: {below}") in parts:
        use_headline(header, at + 1, blocks)
        header.use(at, TITLE)  # the kicker stays out of the body, as the headline's part
