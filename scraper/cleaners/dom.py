"""HTML → DOM blocks with the evidence the classifier needs.

The page is parsed by lxml's HTML parser with limits (no network, no entity expansion, a
nesting limit) and walked once with `iterwalk`. Each block-level element that carries text of
its own becomes a `Block`: its own text (nested blocks are blocks of their own), its tag, the
class/id tokens and landmarks of its ancestors (`nav`, `footer`, `role=complementary`, …) and
its link density. Two `<br>` in a row split a block, as old pages write paragraphs that way.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from lxml import etree, html

from scraper.errors import ParseError
from scraper.records import Block

BLOCK_TAGS = frozenset(
    [
        "p",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "dt",
        "dd",
        "blockquote",
        "pre",
        "figcaption",
        "caption",
        "td",
        "th",
        "address",
        "div",
        "section",
        "article",
        "header",
        "footer",
        "aside",
        "nav",
        "main",
        "form",
        "table",
        "tbody",
        "thead",
        "tfoot",
        "tr",
        "ul",
        "ol",
        "dl",
        "figure",
        "details",
        "summary",
        "center",
        "body",
        "html",
        "fieldset",
        "legend",
        "menu",
        "noscript",
        "hgroup",
    ]
)
SKIP_TAGS = frozenset(
    [
        "script",
        "style",
        "template",
        "svg",
        "math",
        "iframe",
        "object",
        "embed",
        "canvas",
        "video",
        "audio",
        "source",
        "track",
        "map",
        "head",
        "title",
        "meta",
        "link",
        "base",
        "select",
        "option",
        "button",
        "input",
        "textarea",
        "label",
        "noscript",
    ]
)
LANDMARKS = {
    "nav": "nav", "aside": "aside", "footer": "footer", "header": "header", "form": "form",
    "main": "main", "article": "article", "blockquote": "blockquote",
}  # fmt: skip
HEADINGS = frozenset(["h1", "h2", "h3", "h4", "h5", "h6"])
_SPLIT_TOKEN = re.compile(r"[^A-Za-z0-9]+|(?<=[a-z])(?=[A-Z])")
_SPACE = re.compile(r"\s+")
MAX_DEPTH = 255
HIDDEN = "@hidden"


NO_TOKENS: frozenset[str] = frozenset()


def element_tokens(element: etree._Element) -> frozenset[str]:
    """Class and id names, whole and split into words ("mostRead-list" → mostread-list,
    most, read, list), plus ARIA roles, landmark tags and hidden markers."""
    tag = element.tag if isinstance(element.tag, str) else ""
    if not element.attrib and tag not in LANDMARKS:
        return NO_TOKENS
    found: set[str] = set()
    for attr in ("class", "id"):
        value = element.get(attr)
        if value:
            for name in value.split()[:12]:
                found.add(name.lower())
                found.update(t.lower() for t in _SPLIT_TOKEN.split(name) if t)
    role = element.get("role")
    if role:
        found.add(f"role:{role.strip().lower()}")
    if tag in LANDMARKS:
        found.add(f"<{tag}>")
    if element.get("hidden") is not None:
        found.add(HIDDEN)
    style = element.get("style")
    if style and "display:none" in style.replace(" ", "").lower():
        found.add(HIDDEN)
    return frozenset(t.lower() for t in found) if found else NO_TOKENS


@dataclass(slots=True)
class _Frame:
    element: etree._Element
    tokens: frozenset[str]
    depth: int
    path: str
    in_link: bool = False
    parts: list[str] = field(default_factory=list)
    link_chars: int = 0
    is_block: bool = False


@dataclass(slots=True)
class DomPage:
    """Blocks of a page, the element that owns each block, and the parsed tree."""

    tree: etree._Element
    blocks: list[Block]
    owners: list[etree._Element]
    own_tokens: dict[etree._Element, frozenset[str]] = field(default_factory=dict)


def parse_html(markup: str | bytes) -> etree._Element:
    """A parsed tree, or ParseError. No network, no external entities, bounded nesting."""
    parser = html.HTMLParser(
        remove_comments=True,
        remove_pis=True,
        no_network=True,
        huge_tree=False,
        default_doctype=False,
    )
    if isinstance(markup, str):
        markup = re.sub(r"^\s*<\?xml[^>]*\?>", "", markup, count=1)
    try:
        tree = html.fromstring(markup, parser=parser) if markup.strip() else None
    except (etree.ParserError, ValueError) as exc:
        raise ParseError(f"HTML could not be parsed: {exc}") from exc
    if tree is None:
        raise ParseError("document is empty")
    return tree


class Segmenter:
    """Walks a tree once and emits blocks; see the module docstring."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.owners: list[etree._Element] = []
        self.own_tokens: dict[etree._Element, frozenset[str]] = {}

    def run(self, tree: etree._Element) -> DomPage:
        body = tree.find(".//body")
        root = body if body is not None else tree
        stack: list[_Frame] = []
        walker = etree.iterwalk(root, events=("start", "end"))
        for event, element in walker:
            tag = element.tag if isinstance(element.tag, str) else ""
            if event == "start":
                if tag in SKIP_TAGS or not tag or (stack and stack[-1].depth >= MAX_DEPTH):
                    walker.skip_subtree()
                    if stack and element.tail:
                        self._add_text(stack, element.tail, linked=stack[-1].in_link)
                    continue
                self._start(stack, element, tag)
            else:
                self._end(stack, element, tag)
        return DomPage(tree, self.blocks, self.owners, self.own_tokens)

    def _start(self, stack: list[_Frame], element: etree._Element, tag: str) -> None:
        parent = stack[-1] if stack else None
        own = element_tokens(element)
        if own:
            self.own_tokens[element] = own
        if parent is None:
            frame = _Frame(element, own, 0, tag, in_link=tag == "a", is_block=True)
        else:
            tokens = own | parent.tokens if own else parent.tokens
            is_block = tag in BLOCK_TAGS
            if is_block:
                self._flush(stack)
            elif tag == "br":
                parent.parts.append("\n")
            frame = _Frame(
                element,
                tokens,
                parent.depth + 1,
                f"{parent.path}/{tag}",
                in_link=parent.in_link or tag == "a",
                is_block=is_block,
            )
        stack.append(frame)
        if element.text:
            self._add_text(stack, element.text, linked=frame.in_link)

    def _end(self, stack: list[_Frame], element: etree._Element, tag: str) -> None:
        if not stack or stack[-1].element is not element:
            return
        frame = stack.pop()
        if frame.is_block:
            stack.append(frame)
            self._flush(stack)
            stack.pop()
        elif stack:
            holder = stack[-1]
            holder.parts.extend(frame.parts)
            holder.link_chars += frame.link_chars
        if element.tail and stack:
            self._add_text(stack, element.tail, linked=stack[-1].in_link)

    @staticmethod
    def _add_text(stack: list[_Frame], text: str, linked: bool) -> None:
        frame = stack[-1]
        frame.parts.append(text)
        if linked:
            frame.link_chars += len(text.strip())

    def _flush(self, stack: list[_Frame]) -> None:
        """Emit the innermost block's pending text as one or more blocks (split at <br><br>)."""
        index = len(stack) - 1
        while index > 0 and not stack[index].is_block:
            index -= 1
        holder = stack[index]
        for inline in stack[index + 1 :]:
            holder.parts.extend(inline.parts)
            holder.link_chars += inline.link_chars
            inline.parts, inline.link_chars = [], 0
        if not holder.parts:
            return
        raw = "".join(holder.parts)
        chars = max(1, len(_SPACE.sub("", raw)))
        link_density = min(1.0, holder.link_chars / chars)
        for piece in _paragraphs(raw):
            self._emit(holder, piece, link_density)
        holder.parts, holder.link_chars = [], 0

    def _emit(self, frame: _Frame, text: str, link_density: float) -> None:
        tag = frame.element.tag
        self.blocks.append(
            Block(
                text=text,
                index=len(self.blocks),
                kind=tag if isinstance(tag, str) else "div",
                path=frame.path,
                link_density=link_density,
                tokens=frame.tokens,
                blank_before=True,
            )
        )
        self.owners.append(frame.element)


def _paragraphs(raw: str) -> Iterator[str]:
    for piece in re.split(r"\n\s*\n", raw):
        text = _SPACE.sub(" ", piece).strip()
        if text:
            yield text


def segment_html(markup: str | bytes) -> DomPage:
    return Segmenter().run(parse_html(markup))
