"""The structure of an article's body, and the renderers that turn it into Markdown or HTML.

The record's `body` is plain text, paragraphs separated by blank lines: that is the contract
every consumer relies on, so the structure travels beside it, never inside it. Each
`BodyBlock` is one kept block with its kind: a heading with its level, a paragraph, a list
item with its nesting depth and whether its list is ordered, a table with its rows (leading
header rows counted), code with its newlines, a quote, a caption. List items stay flat (one
block each, with a depth) rather than nested lists: a cleaner may keep some items of a list
and not others, and a flat item is what it decided on.

The JSON form (`to_json` / `from_json`) carries only what differs from the defaults, so a
record can rebuild every rendering from its `blocks` key.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

HEADING, PARAGRAPH, ITEM, TABLE, CODE, QUOTE, CAPTION = (
    "heading", "paragraph", "item", "table", "code", "quote", "caption",
)  # fmt: skip
KINDS = (HEADING, PARAGRAPH, ITEM, TABLE, CODE, QUOTE, CAPTION)
_MARKDOWN_LEAD = re.compile(r"^(\s*(?:\d+(?=[.)]))?)([.)#>+*=-])")
_MARKDOWN_INLINE = re.compile(r"([\\`*\[\]<])")


@dataclass(frozen=True, slots=True)
class Link:
    """A link inside a block's text: characters `start` to `end`, pointing at `href`."""

    start: int
    end: int
    href: str


@dataclass(frozen=True, slots=True)
class BodyBlock:
    """One kept block. `level` is a heading's level (1-6) or a list item's depth (0 at the
    top); `rows` are a table's rows of cells, the first `head` of them header rows; a code
    block's `text` keeps its line breaks."""

    kind: str
    text: str = ""
    level: int = 0
    ordered: bool = False
    rows: tuple[tuple[str, ...], ...] = ()
    head: int = 0
    links: tuple[Link, ...] = ()

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"kind": self.kind}
        if self.kind != TABLE:
            data["text"] = self.text
        if self.kind in (HEADING, ITEM):
            data["level"] = self.level
        if self.kind == ITEM:
            data["ordered"] = self.ordered
        if self.kind == TABLE:
            data["rows"] = [list(row) for row in self.rows]
            data["head"] = self.head
        if self.links:
            data["links"] = [{"start": k.start, "end": k.end, "href": k.href} for k in self.links]
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> BodyBlock:
        return cls(
            kind=data["kind"],
            text=data.get("text") or "",
            level=int(data.get("level") or 0),
            ordered=bool(data.get("ordered")),
            rows=tuple(tuple(row) for row in data.get("rows") or ()),
            head=int(data.get("head") or 0),
            links=tuple(Link(k["start"], k["end"], k["href"]) for k in data.get("links") or ()),
        )


BLOCK_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["kind"],
    "properties": {
        "kind": {"type": "string", "enum": list(KINDS)},
        "text": {"type": "string", "description": "Plain text; a code block keeps its newlines."},
        "level": {
            "type": "integer",
            "minimum": 0,
            "description": "A heading's level (1-6); a list item's depth (0 at the top).",
        },
        "ordered": {"type": "boolean", "description": "A list item of a numbered list."},
        "rows": {
            "type": "array",
            "items": {"type": "array", "items": {"type": "string"}},
            "description": "A table's rows of cell texts.",
        },
        "head": {"type": "integer", "minimum": 0, "description": "Leading header rows."},
        "links": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["start", "end", "href"],
                "properties": {
                    "start": {"type": "integer", "minimum": 0},
                    "end": {"type": "integer", "minimum": 0},
                    "href": {"type": "string"},
                },
            },
            "description": "Links in `text`: character offsets and the absolute address.",
        },
    },
}


def _runs(blocks: Sequence[BodyBlock]) -> Iterator[list[BodyBlock]]:
    """Blocks one by one, but consecutive list items together (one list)."""
    run: list[BodyBlock] = []
    for block in blocks:
        if block.kind == ITEM:
            run.append(block)
            continue
        if run:
            yield run
            run = []
        yield [block]
    if run:
        yield run


def _depths(items: Sequence[BodyBlock]) -> Iterator[tuple[BodyBlock, int]]:
    """Each item with a depth at most one below the item before it: an item whose parent
    was not kept hangs from the nearest kept one."""
    depth = -1
    for item in items:
        depth = min(item.level, depth + 1)
        yield item, depth


# Markdown


def _markdown_inline(block: BodyBlock, links: bool) -> str:
    text, pieces, at = block.text, [], 0
    for link in block.links if links else ():
        if link.start < at:
            continue
        pieces.append(_markdown_escape(text[at : link.start]))
        label = _markdown_escape(text[link.start : link.end])
        href = link.href.replace(" ", "%20").replace("(", "%28").replace(")", "%29")
        pieces.append(f"[{label}]({href})")
        at = link.end
    pieces.append(_markdown_escape(text[at:]))
    return "".join(pieces)


def _markdown_escape(text: str) -> str:
    return _MARKDOWN_INLINE.sub(r"\\\1", text)


def _markdown_line(text: str) -> str:
    """A paragraph that a reader would take for a heading, list item or quote is escaped."""
    return _MARKDOWN_LEAD.sub(r"\1\\\2", text, count=1)


def _markdown_list(items: Sequence[BodyBlock], links: bool) -> str:
    lines, numbers = [], [0] * 64
    for item, depth in _depths(items):
        numbers[depth + 1 :] = [0] * (len(numbers) - depth - 1)
        numbers[depth] += 1
        marker = f"{numbers[depth]}." if item.ordered else "-"
        lines.append("    " * depth + f"{marker} {_markdown_inline(item, links)}")
    return "\n".join(lines)


def _markdown_table(block: BodyBlock) -> str:
    """A GFM table; Markdown needs a header row, so a table without one uses its first."""
    width = max(len(row) for row in block.rows)
    rows = [[*row, *[""] * (width - len(row))] for row in block.rows]
    lines = ["| " + " | ".join(_markdown_cell(c) for c in row) + " |" for row in rows]
    lines.insert(1, "|" + "|".join(["---"] * width) + "|")
    return "\n".join(lines)


def _markdown_cell(text: str) -> str:
    return _markdown_escape(text).replace("|", "\\|")


def _fence(text: str) -> str:
    longest = max((len(m) for m in re.findall(r"`{3,}", text)), default=2)
    fence = "`" * (longest + 1)
    return f"{fence}\n{text}\n{fence}"


def _markdown_block(block: BodyBlock, links: bool) -> str:
    if block.kind == TABLE:
        return _markdown_table(block)
    if block.kind == CODE:
        return _fence(block.text)
    text = _markdown_inline(block, links)
    if block.kind == HEADING:
        return "#" * min(max(block.level, 1), 6) + " " + text
    if block.kind == QUOTE:
        return "> " + text
    if block.kind == CAPTION:
        return f"*{text}*"
    return _markdown_line(text)


def to_markdown(title: str | None, blocks: Sequence[BodyBlock], links: bool = False) -> str:
    """The title as a level-1 heading, then the blocks, separated by blank lines."""
    parts = [f"# {_markdown_escape(title)}"] if title else []
    for run in _runs(blocks):
        if run[0].kind == ITEM:
            parts.append(_markdown_list(run, links))
        else:
            parts.append(_markdown_block(run[0], links))
    return "\n\n".join(parts) + "\n" if parts else ""


# HTML


def _html_inline(block: BodyBlock, links: bool) -> str:
    text, pieces, at = block.text, [], 0
    for link in block.links if links else ():
        if link.start < at:
            continue
        pieces.append(html.escape(text[at : link.start], quote=False))
        label = html.escape(text[link.start : link.end], quote=False)
        pieces.append(f'<a href="{html.escape(link.href)}">{label}</a>')
        at = link.end
    pieces.append(html.escape(text[at:], quote=False))
    return "".join(pieces)


def _html_list(items: Sequence[BodyBlock], links: bool) -> str:
    """Nested lists from flat items: a deeper item opens a list inside the open item."""
    out: list[str] = []
    open_lists: list[str] = []
    for item, depth in _depths(items):
        while len(open_lists) > depth + 1:
            out.append(f"</li></{open_lists.pop()}>")
        if len(open_lists) == depth + 1:
            out.append("</li>")
        else:
            tag = "ol" if item.ordered else "ul"
            out.append(f"<{tag}>")
            open_lists.append(tag)
        out.append(f"<li>{_html_inline(item, links)}")
    while open_lists:
        out.append(f"</li></{open_lists.pop()}>")
    return "".join(out)


def _html_table(block: BodyBlock) -> str:
    def row(cells: Sequence[str], tag: str) -> str:
        return "<tr>" + "".join(f"<{tag}>{html.escape(c, quote=False)}</{tag}>" for c in cells)

    head = [row(r, "th") + "</tr>" for r in block.rows[: block.head]]
    body = [row(r, "td") + "</tr>" for r in block.rows[block.head :]]
    thead = f"<thead>{''.join(head)}</thead>" if head else ""
    tbody = f"<tbody>{''.join(body)}</tbody>" if body else ""
    return f"<table>{thead}{tbody}</table>"


def _html_block(block: BodyBlock, links: bool) -> str:
    if block.kind == TABLE:
        return _html_table(block)
    if block.kind == CODE:
        return f"<pre><code>{html.escape(block.text, quote=False)}</code></pre>"
    text = _html_inline(block, links)
    if block.kind == HEADING:
        level = min(max(block.level, 1), 6)
        return f"<h{level}>{text}</h{level}>"
    if block.kind == QUOTE:
        return f"<blockquote><p>{text}</p></blockquote>"
    if block.kind == CAPTION:
        return f'<p class="caption">{text}</p>'
    return f"<p>{text}</p>"


def to_html(title: str | None, blocks: Sequence[BodyBlock], links: bool = False) -> str:
    """One `<article>` element, every text escaped: it holds nothing from the page's markup,
    so it can be put into any page as it is."""
    parts = [f"<h1>{html.escape(title, quote=False)}</h1>"] if title else []
    for run in _runs(blocks):
        if run[0].kind == ITEM:
            parts.append(_html_list(run, links))
        else:
            parts.append(_html_block(run[0], links))
    return "<article>\n" + "".join(f"{part}\n" for part in parts) + "</article>\n"


def paragraph_blocks(body: str) -> tuple[BodyBlock, ...]:
    """The structure of a body known only as text (a record written without its blocks):
    one paragraph per paragraph."""
    return tuple(BodyBlock(PARAGRAPH, text) for text in body.split("\n\n") if text)
