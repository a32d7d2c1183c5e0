"""Extractor votes: which blocks another main-content extractor keeps.

trafilatura is the strongest open-source extractor, so its choice is our first vote on what
the article is. It runs in its fast mode with its default balance of precision and recall:
our rules and heuristics then veto the chrome it keeps (measured: this beats asking it for
precision and vetoing less) and recover prose it dropped. A block counts as kept when its text
appears in the extractor's output (whole line for short blocks, substring for longer ones).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from copy import copy

from lxml import etree
from lxml.html import HtmlElement

from scraper.cleaners.deadline import NO_DEADLINE, STRIDE, Deadline
from scraper.cleaners.features import WORD, trigrams
from scraper.cleaners.vote_extract import extracted_body
from scraper.records import Block

_SPACE = re.compile(r"\s+")
MATCH_SHARE = 0.5
# elements of trafilatura's XML output that end a line of its text
_LINE_ENDS = ("p", "head", "row", "quote", "code", "lb", "list", "table", "tr")


def trafilatura_text(
    page: HtmlElement, url: str | None, left_out: Sequence[etree._Element] = ()
) -> str:
    """The text trafilatura keeps, one line per paragraph, heading, list item or table row.

    Given our parsed tree, trafilatura works on a copy of it rather than parsing the page a
    second time, and skips the work whose result the vote does not read (`vote_extract.py`).
    Its XML body is read directly: its own text rendering (Markdown-like, a Python walk of
    the tree) costs more than the lines the votes need. trafilatura is imported at the first
    vote (a quarter of a second a process), not with the cleaners. The subtrees `left_out`
    (elements of `page`, see `sure_chrome_subtrees`) are not in the copy it reads.
    """
    try:
        if left_out:
            body = extracted_body(_without(page, left_out), url, owned=True)
        else:
            body = extracted_body(page, url)
    except Exception:  # a failed voter abstains; the other signals decide
        return ""
    return body_text(body)


def sure_chrome_subtrees(
    owners: Sequence[etree._Element], sure: Sequence[bool]
) -> list[etree._Element]:
    """The largest subtrees whose every block is one the model is sure is chrome (`sure[i]`
    for the block `owners[i]` owns). trafilatura's cost grows with the tree it walks, and
    on most pages the menus, footers and side lists the model already removes are half of
    it; what is left is where the vote can still change a decision. An element owning no
    block (an image, an empty wrapper) is left where it is."""
    unsure: set[etree._Element] = set()  # an element with a block not sure, or above one
    holding: set[etree._Element] = set()  # an element with a block, or above one
    for owner, chrome in zip(owners, sure, strict=True):
        element: etree._Element | None = owner
        mark = not chrome
        while element is not None:
            if mark:
                if element in unsure:
                    mark = False
                else:
                    unsure.add(element)
            if not mark and element in holding:
                break
            holding.add(element)
            element = element.getparent()
    if not unsure:
        return []
    return [e for e in holding if e not in unsure and e.getparent() in unsure]


def _without(page: HtmlElement, left_out: Sequence[etree._Element]) -> HtmlElement:
    """A copy of `page` without the subtrees `left_out`; the text after each (its tail)
    belongs to its parent and stays."""
    dropped = set(left_out)
    copied = copy(page)
    twins = zip(page.iter(), copied.iter(), strict=True)
    for twin in [twin for element, twin in twins if element in dropped]:
        twin.drop_tree()
    return copied


def body_text(body: etree._Element | None) -> str:
    """trafilatura's XML body as lines of text (it is changed on the way)."""
    if body is None:
        return ""
    for element in body.iter(*_LINE_ENDS, "cell", "item"):
        tag = element.tag
        if tag == "item":  # a list item is a line of its own, marked as one
            element.text = f"\n- {element.text or ''}"
        elif tag != "cell":  # a paragraph starts a line, even after loose text in a cell
            element.text = f"\n{element.text or ''}"
        end = " | " if tag == "cell" else "\n"  # a table row is one line, cells joined
        element.tail = f"{end}{element.tail}" if element.tail else end
    text: str = etree.tostring(body, method="text", encoding="unicode")
    return text


def votes(
    blocks: Sequence[Block], extracted: str, deadline: Deadline = NO_DEADLINE
) -> list[bool]:
    """For each block, whether the extractor's output contains it.

    Extractors re-flow text (line breaks, spacing, dropped inline bits), so a block counts as
    kept when most of its word trigrams are in the output; a block of one or two words must
    appear as a whole line. A block that is a whole line of the output is kept without
    counting: every trigram of a line is in the output (case folding maps each character on
    its own, and the line breaks between lines are not word characters), so the count could
    only agree; most of the blocks an extractor keeps are such lines.
    """
    if not extracted:
        return [False] * len(blocks)
    lines = {_SPACE.sub(" ", line).strip().casefold() for line in extracted.splitlines()}
    grams = set(trigrams(WORD.findall(extracted.casefold())))
    result = []
    for i, block in enumerate(blocks):
        if not i % STRIDE:
            deadline.check("extractor votes")
        folded = block.text.casefold()
        if folded in lines:
            result.append(True)
            continue
        tokens = WORD.findall(folded)
        if len(tokens) < 3:  # and not a whole line
            result.append(False)
            continue
        found = sum(map(grams.__contains__, trigrams(tokens)))
        result.append(found >= MATCH_SHARE * (len(tokens) - 2))
    return result
