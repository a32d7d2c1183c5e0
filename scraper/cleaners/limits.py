"""Work limits: what a page may cost before the expensive stages run.

The input cap (50 MB) bounds bytes, not work: a 10 MB table of a million cells is a million
elements, and every element costs about 1 KiB and some microseconds in each stage (parse,
segmentation, features, labelling), and 1.4 KiB and 20 µs more in trafilatura's vote, which
cannot be interrupted. So a page is measured before each costly stage, cheaply first:

- before parsing, its start tags are estimated from two substring counts (C speed): every
  element needs a `<` that is not `</`, so the estimate is at least the element count (it
  also counts comments, the doctype and stray `<` in scripts, all of which the parser reads
  too). Past `max_elements` the page stops as `too_large`, before a single node is built;
- after parsing, the exact element count is checked against the same limit;
- trafilatura's vote runs only on a page within `max_vote_elements` and `max_vote_chars`;
  past them the page degrades to our own signals (the densest run of prose, the rules),
  which still give an article: skipping costs accuracy on a page no evaluation page resembles,
  while running would cost the time budget and up to gigabytes;
- a text page stops as `too_large` past `max_lines` line breaks, counted before it is split.

Stopping gives `too_large`, the kind the input cap gives already: the page is refused for its
size, measured in elements or lines rather than bytes; the message says which measure, how
much, and the limit.
"""

from __future__ import annotations

from lxml import etree

from scraper.config import CleanerConfig
from scraper.errors import TooLarge


def start_tags(markup: str) -> int:
    """At least the number of elements the markup parses into, give or take the few a parser
    adds (html, head, body)."""
    return markup.count("<") - markup.count("</")


def check_markup(markup: str, config: CleanerConfig) -> None:
    """Stop a page whose markup holds more start tags than `max_elements`, before parsing."""
    found = start_tags(markup)
    if found > config.max_elements:
        raise TooLarge(
            f"page has about {found:,} start tags, over the limit of {config.max_elements:,} "
            "elements (max_elements)"
        )


_ELEMENTS = etree.XPath("count(descendant-or-self::*)")
"""Counted by libxml2 in half the time of a Python loop over `iter()`."""


def check_elements(tree: etree._Element, config: CleanerConfig) -> int:
    """The page's element count, or `TooLarge` past `max_elements`."""
    found = int(_ELEMENTS(tree))
    if found > config.max_elements:
        raise TooLarge(
            f"page has {found:,} elements, over the limit of {config.max_elements:,} (max_elements)"
        )
    return found


def vote_affordable(elements: int, chars: int, config: CleanerConfig) -> bool:
    """Whether trafilatura's vote fits the page: within both vote limits."""
    return elements <= config.max_vote_elements and chars <= config.max_vote_chars


def check_lines(text: str, config: CleanerConfig) -> None:
    """Stop a text page with more than `max_lines` line breaks, before it is split."""
    found = text.count("\n")
    if found > config.max_lines:
        raise TooLarge(
            f"text has {found:,} lines, over the limit of {config.max_lines:,} (max_lines)"
        )
