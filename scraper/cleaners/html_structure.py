"""The structure of an HTML page's kept blocks: what each one is, read off the element that
owns it once the labels are final.

Segmentation stays as it is (it is the hot path, and the body is made from its text); the
structure is read afterwards, for kept blocks only, from the owning elements the segmenter
already records: a heading's level, a list item's depth and list type, the rows of a table
(cells are blocks of their own, gathered back by their row and table), a `<pre>`'s text with
its line breaks, and the links inside a block.
"""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import urljoin

from lxml import etree

from scraper.cleaners.dom import BLOCK_TAGS, HEADINGS, SKIP_TAGS, DomPage
from scraper.cleaners.labels import Label
from scraper.normalize.text import normalize_paragraph
from scraper.records import Block
from scraper.structure import (
    CAPTION,
    CODE,
    HEADING,
    ITEM,
    PARAGRAPH,
    QUOTE,
    TABLE,
    BodyBlock,
    Link,
)

LISTS = frozenset(["ul", "ol", "menu"])
CELLS = frozenset(["td", "th"])
CAPTIONS = frozenset(["figcaption", "caption"])
QUOTED = "<blockquote>"  # the landmark token of a block inside a <blockquote>
_NO_LINK = ("javascript:", "mailto:", "#")


def html_structure(dom: DomPage, labels: Sequence[Label], url: str | None) -> tuple[BodyBlock, ...]:
    """One `BodyBlock` per kept block, but one per `<pre>` and one per data table."""
    blocks, owners = dom.blocks, dom.owners
    kept = [
        i for i, label in enumerate(labels) if label is None and normalize_paragraph(blocks[i].text)
    ]
    found: list[BodyBlock] = []
    at = 0
    while at < len(kept):
        index = kept[at]
        block, owner = blocks[index], owners[index]
        table = _ancestor(owner, "table") if block.kind in CELLS else None
        end = at + 1
        if block.kind == "pre":
            while end < len(kept) and owners[kept[end]] is owner:
                end += 1
            found.append(_code(owner, [blocks[i] for i in kept[at:end]], owners))
        elif table is not None:
            while end < len(kept) and _cell_of(blocks[kept[end]], owners[kept[end]], table):
                end += 1
            found.extend(_table([(blocks[i], owners[i]) for i in kept[at:end]]))
        else:
            found.append(_block(block, owner, url))
        at = end
    return tuple(found)


def _block(block: Block, owner: etree._Element, url: str | None) -> BodyBlock:
    text = normalize_paragraph(block.text)
    links = _links(owner, text, url) if block.link_density else ()
    kind = block.kind
    if kind in HEADINGS:
        return BodyBlock(HEADING, text, level=int(kind[1]), links=links)
    if kind == "li":
        depth, ordered = _list_place(owner)
        return BodyBlock(ITEM, text, level=depth, ordered=ordered, links=links)
    if kind in CAPTIONS:
        return BodyBlock(CAPTION, text, links=links)
    if QUOTED in block.tokens:
        return BodyBlock(QUOTE, text, links=links)
    return BodyBlock(PARAGRAPH, text, links=links)


def _ancestor(element: etree._Element, tag: str) -> etree._Element | None:
    for parent in element.iterancestors(tag):
        return parent
    return None


def _list_place(item: etree._Element) -> tuple[int, bool]:
    """How many lists the item's list sits in, and whether its own list is numbered."""
    lists = [parent.tag for parent in item.iterancestors(*LISTS)]
    return max(len(lists) - 1, 0), bool(lists) and lists[0] == "ol"


def _links(owner: etree._Element, text: str, url: str | None) -> tuple[Link, ...]:
    """The links written in the block's own text (not in blocks nested in it), found in the
    block's text in order; relative addresses are made absolute with the page's URL."""
    links: list[Link] = []
    at = 0
    for anchor in owner.iter("a"):
        href = (anchor.get("href") or "").strip()
        if not href or href.startswith(_NO_LINK) or _holder(anchor) is not owner:
            continue
        label = " ".join(anchor.text_content().split())
        start = text.find(label, at) if label else -1
        if start < 0:
            continue
        at = start + len(label)
        links.append(Link(start, at, urljoin(url, href) if url else href))
    return tuple(links)


def _holder(element: etree._Element) -> etree._Element | None:
    """The block element whose text the element's text is part of, or None when it sits in
    an element the segmenter skips (a button, a form field)."""
    for parent in element.iterancestors():
        tag = parent.tag
        if tag in SKIP_TAGS:
            return None
        if tag in BLOCK_TAGS:
            return parent
    return None


def _code(
    owner: etree._Element, pieces: list[Block], owners: Sequence[etree._Element]
) -> BodyBlock:
    """A `<pre>` with its line breaks; when some of its paragraphs were not kept, the kept
    ones only, as the body has them."""
    if len(pieces) == sum(1 for element in owners if element is owner):
        return BodyBlock(CODE, _code_text(owner))
    return BodyBlock(CODE, "\n\n".join(normalize_paragraph(b.text) for b in pieces))


def _code_text(element: etree._Element) -> str:
    parts: list[str] = []
    _gather(element, parts)
    lines = "".join(parts).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip("\n")


def _gather(element: etree._Element, parts: list[str]) -> None:
    if element.text:
        parts.append(element.text)
    for child in element:
        tag = child.tag
        if isinstance(tag, str) and tag not in SKIP_TAGS:
            if tag == "br":
                parts.append("\n")
            else:
                _gather(child, parts)
        if child.tail:
            parts.append(child.tail)


def _cell_of(block: Block, owner: etree._Element, table: etree._Element) -> bool:
    return block.kind in CELLS and _ancestor(owner, "table") is table


def _table(cells: list[tuple[Block, etree._Element]]) -> tuple[BodyBlock, ...]:
    """Kept cells gathered into their rows; a row of header cells (or in `<thead>`) at the
    top is a header row. A table of one row or one column lays a page out rather than
    tabulates data: its cells are paragraphs."""
    rows: list[list[str]] = []
    row_elements: list[etree._Element | None] = []
    last_owner: etree._Element | None = None
    for block, owner in cells:
        text = normalize_paragraph(block.text)
        if owner is last_owner:  # one cell split at <br><br>
            rows[-1][-1] = f"{rows[-1][-1]} {text}"
            continue
        last_owner = owner
        row = owner.getparent()
        if not rows or row is not row_elements[-1]:
            rows.append([])
            row_elements.append(row)
        rows[-1].append(text)
    if len(rows) < 2 or max(len(row) for row in rows) < 2:
        return tuple(BodyBlock(PARAGRAPH, normalize_paragraph(b.text)) for b, _owner in cells)
    head = 0
    for row in row_elements:
        if row is None or not _header_row(row):
            break
        head += 1
    return (BodyBlock(TABLE, rows=tuple(tuple(r) for r in rows), head=head),)


def _header_row(row: etree._Element) -> bool:
    parent = row.getparent()
    if parent is not None and parent.tag == "thead":
        return True
    cells = [child.tag for child in row if child.tag in CELLS]
    return bool(cells) and all(tag == "th" for tag in cells)
