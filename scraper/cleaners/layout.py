"""Layout tables: pages built as one big table whose cells are the page's columns.

Before CSS layout, sites put the menu, the story and a sidebar side by side in the cells of
one table row. Extractors that keep tables keep the whole row, sidebar included, and the
sidebar's short notices ("Monthly meeting, 7:30 pm", "You are visitor number") look like
nothing in particular to rules. The row gives them away: when one cell of a row holds
most of the article's prose, the row is layout and its other cells are not the article.
A row of short cells, on the other hand, is a data table's header row.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from lxml import etree

MAIN_CELL_SHARE = 0.8  # of the row's prose words, in the cell that holds the story
ROW_SHARE = 0.5  # of all prose words on the page, in the row: a row the story lies in
HEADER_ROW_CELLS = 3  # a data table's header row: at least this many cells,
HEADER_CELL_WORDS = 6  # each of a few words

Cell = tuple[etree._Element, etree._Element]  # a table row and its child cell


def _cells(owner: etree._Element) -> list[Cell]:
    """Every (row, cell of that row) the element lies in, innermost first."""
    found: list[Cell] = []
    below = owner
    for ancestor in owner.iterancestors():
        if ancestor.tag == "tr" and below.tag in ("td", "th"):
            found.append((ancestor, below))
        below = ancestor
    return found


def side_columns(
    owners: Sequence[etree._Element], candidates: Sequence[bool], prose_words: Sequence[float]
) -> list[bool]:
    """For each block, whether it lies in a side cell of a layout row: a row holding at
    least half the page's prose words, four fifths of them in one cell. `candidates` are the
    blocks worth placing (the voted ones); `prose_words` is a block's words if it is prose,
    else 0."""
    cells_of = {i: _cells(owners[i]) for i, c in enumerate(candidates) if c}
    if not any(cells_of.values()):
        return [False] * len(owners)
    total = sum(prose_words[i] for i in cells_of) or 1.0
    words: dict[etree._Element, dict[etree._Element, float]] = defaultdict(dict)
    for i, cells in cells_of.items():
        for row, cell in cells:
            words[row][cell] = words[row].get(cell, 0.0) + prose_words[i]
    main_of: dict[etree._Element, etree._Element] = {}
    for row, by_cell in words.items():
        if len(by_cell) < 2:
            continue
        row_words = sum(by_cell.values())
        cell, best = max(by_cell.items(), key=lambda item: item[1])
        if row_words >= ROW_SHARE * total and best >= MAIN_CELL_SHARE * row_words:
            main_of[row] = cell
    side = [False] * len(owners)
    for i, cells in cells_of.items():
        side[i] = any(row in main_of and main_of[row] is not cell for row, cell in cells)
    return side


def in_header_row(owner: etree._Element) -> bool:
    """Whether the element is a cell (or inside one) of a table row of three or more short
    cells: a data table's header row, where "Comment" heads a column, not the comments."""
    around = _cells(owner)
    if not around:
        return False
    row = around[0][0]  # the innermost row
    cells = [c for c in row if c.tag in ("td", "th")]
    if len(cells) < HEADER_ROW_CELLS:
        return False
    return all(0 < len("".join(c.itertext()).split()) <= HEADER_CELL_WORDS for c in cells)
