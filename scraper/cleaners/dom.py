"""HTML → DOM blocks with the evidence the classifier needs.

The page is parsed by lxml's HTML parser with limits (no network, no entity expansion, a
nesting limit) and walked once, depth first. Each block-level element that carries text of
its own becomes a `Block`: its own text (nested blocks are blocks of their own), its tag, the
class/id tokens and landmarks of its ancestors (`nav`, `footer`, `role=complementary`, …) and
its link density. Two `<br>` in a row split a block, as old pages write paragraphs that way.

The walk is the cleaner's largest own cost, and in Python most of it is lxml making a proxy,
a tag string and an attribute list for every element. `_walk.pyx` walks libxml2's nodes
instead and makes Python objects only for what blocks are built from; setup.py compiles it
where it can, and the Python walk here is both its reference and the fallback.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from types import ModuleType
from typing import Any

from lxml import etree, html

from scraper.cleaners.deadline import NO_DEADLINE, STRIDE, Deadline
from scraper.cleaners.decode import utf8
from scraper.cleaners.slots import slot_setters
from scraper.compiled import compiled
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
_BLANK_LINE = re.compile(r"\n\s*\n")
# control characters XML cannot hold: text holding them cannot be set on an element (trafilatura
# does) and is noise in a record; as bytes, which a translate table drops in one C pass
_NOT_XML = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20)])
_NOT_CHARACTERS = (b"\xef\xbf\xbe", b"\xef\xbf\xbf")  # U+FFFE, U+FFFF in UTF-8
MAX_DEPTH = 255
HIDDEN = "@hidden"
# whole class names that hide an element in common CSS frameworks ("hidden-xs" only hides it
# on small screens, so names are matched whole)
HIDING_CLASSES = frozenset(["hidden", "hide", "is-hidden", "d-none", "u-hidden", "invisible"])
# a responsive class beside it shows the element on larger screens: "hidden lg:flex",
# "d-none d-md-block"
_SHOWN_FROM = ("d-sm-", "d-md-", "d-lg-", "d-xl-", "d-xxl-")


NO_TOKENS: frozenset[str] = frozenset()
_NAMING_KEYS = frozenset(["class", "id", "role", "style", "hidden", "itemprop", "rel"])
MARK_TOKENS = frozenset(  # elements that may say who wrote the page or when
    [
        "author",
        "authors",
        "byline",
        "by-line",
        "writer",
        "contributor",
        "reporter",
        "rel:author",
        "itemprop:author",
        "itemprop:datepublished",
        "itemprop:datecreated",
    ]
)


def element_tokens(element: etree._Element) -> frozenset[str]:
    """Class and id names, whole and split into words ("mostRead-list" → mostread-list,
    most, read, list), plus ARIA roles (`role:navigation`), microdata and link relations
    (`itemprop:author`, `rel:author`), landmark tags and hidden markers."""
    tag = element.tag
    keys = element.keys()
    if not keys or _NAMING_KEYS.isdisjoint(keys):  # most links and images: an href or src only
        return _LANDMARK_TOKENS.get(tag, NO_TOKENS) if isinstance(tag, str) else NO_TOKENS
    return _named_tokens(element, tag, keys)


def _named_tokens(element: etree._Element, tag: str, keys: list[str]) -> frozenset[str]:
    """The tokens of an element that has a naming attribute; `keys` are its attributes."""
    get = element.get  # each read decodes anew: read only the attributes that are there
    style = get("style") if "style" in keys else None
    hidden = "hidden" in keys or bool(style and "display:none" in style.replace(" ", "").lower())
    return _tokens_of(
        get("class") if "class" in keys else None,
        get("id") if "id" in keys else None,
        get("role") if "role" in keys else None,
        get("itemprop") if "itemprop" in keys else None,
        get("rel") if "rel" in keys else None,
        tag if tag in LANDMARKS else "",
        hidden,
    )


def _tokens_of(
    classes: str | None,
    ident: str | None,
    role: str | None,
    itemprop: str | None,
    rel: str | None,
    landmark: str,
    hidden: bool,
) -> frozenset[str]:
    """The tokens of an element's naming attributes. The id's words are added to the rest,
    which are remembered without it: an id is often its element's alone, while the names
    beside it repeat all over the page and the site, and one cache keyed by both missed on
    nearly every element with an id."""
    named = _named_without_id(classes, role, itemprop, rel, landmark, hidden)
    if not ident:
        return named
    words = _id_tokens(ident)
    return named | words if named and words else named or words


@lru_cache(maxsize=8192)
def _named_without_id(
    classes: str | None,
    role: str | None,
    itemprop: str | None,
    rel: str | None,
    landmark: str,
    hidden: bool,
) -> frozenset[str]:
    found: set[str] = set()
    if classes:
        for name in classes.split()[:12]:
            found.update(_name_tokens(name))
        if _hides(classes.lower().split()):
            hidden = True
    for prefix, value in (("role", role), ("itemprop", itemprop), ("rel", rel)):
        if value:
            found.update(f"{prefix}:{name.lower()}" for name in value.split()[:4])
    if landmark:
        found.add(f"<{landmark}>")
    if hidden:
        found.add(HIDDEN)
    return frozenset(found) if found else NO_TOKENS


@lru_cache(maxsize=4096)
def _id_tokens(ident: str) -> frozenset[str]:
    return frozenset(t for name in ident.split()[:12] for t in _name_tokens(name))


@lru_cache(maxsize=16384)
def _name_tokens(name: str) -> tuple[str, ...]:
    """A class or id name and its words; ids are often unique per element, while their class
    names repeat all over the page, so the split is remembered per name."""
    return (name.lower(), *(t.lower() for t in _SPLIT_TOKEN.split(name) if t))


def _hides(names: list[str]) -> bool:
    return not HIDING_CLASSES.isdisjoint(names) and not any(
        ":" in name or name.startswith(_SHOWN_FROM) for name in names
    )


_LANDMARK_TOKENS = {
    tag: _tokens_of(None, None, None, None, None, tag, False) for tag in LANDMARKS
}  # the tokens of a landmark element without naming attributes, worked out once


@lru_cache(maxsize=8192)
def _union(inherited: frozenset[str], own: frozenset[str]) -> frozenset[str]:
    return inherited | own


@dataclass(slots=True)
class _Holder:
    """The block element whose text is being gathered; inline elements write into it."""

    element: etree._Element
    tokens: frozenset[str]
    path: str
    parts: list[str] = field(default_factory=list)
    link_chars: int = 0
    has_text: bool = False

    def add(self, text: str, in_link: bool) -> None:
        self.parts.append(text)
        if not text.isspace():
            self.has_text = True
            if in_link:
                self.link_chars += len(text.strip())


@dataclass(slots=True)
class DomPage:
    """Blocks of a page, the element that owns each block, and the parsed tree; the elements
    whose own tokens hold a name the segmenter was asked for (`Segmenter`'s `named`: a chrome
    region's), with those tokens; the elements that may say who wrote the page or when."""

    tree: etree._Element
    blocks: list[Block]
    owners: list[etree._Element]
    own_tokens: dict[etree._Element, frozenset[str]] = field(default_factory=dict)
    marked: list[etree._Element] = field(default_factory=list)


# lxml.html's own lookup calls Python for every element it wraps; one class for all is C-only
_HTML_CLASSES = etree.ElementDefaultClassLookup(
    element=html.HtmlElement,
    comment=html.HtmlComment,
    pi=html.HtmlProcessingInstruction,
    entity=html.HtmlEntity,
)


def parse_html(markup: str | bytes) -> html.HtmlElement:
    """A parsed tree, or ParseError. No network, no external entities, bounded nesting.

    Text is handed to libxml2 as UTF-8 bytes with the encoding stated, so that a page's own
    `<?xml encoding=…?>` or `<meta charset>` (already applied when the text was decoded) cannot
    make it decode the text a second time. Its elements are lxml.html's, so that trafilatura
    takes the tree as it is instead of parsing the page again.
    """
    if isinstance(markup, str):  # lone surrogates go, as `page_text` takes them out of text
        markup = utf8(markup)
    markup = _xml_safe(markup)
    parser = etree.HTMLParser(
        remove_comments=True,
        remove_pis=True,
        no_network=True,
        huge_tree=False,
        default_doctype=False,
        encoding="utf-8",
    )
    parser.set_element_class_lookup(_HTML_CLASSES)
    try:
        tree = etree.fromstring(markup, parser=parser) if markup.strip() else None
    except (etree.ParserError, ValueError) as exc:
        raise ParseError(f"HTML could not be parsed: {exc}") from exc
    if tree is None:
        raise ParseError("document is empty")
    _check_limits(parser)
    return tree


def drop_code(tree: html.HtmlElement) -> None:
    """Take out scripts (but JSON-LD), styles and inline SVG once the head has been read.

    They hold no text for anyone, yet they are often most of a page's bytes, and trafilatura
    copies the tree three times before it cleans them out itself. JSON-LD stays: trafilatura
    reads it to tell a forum thread from an article.
    """
    etree.strip_elements(tree, "style", "svg", with_tail=False)
    for script in list(tree.iter("script")):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            script.drop_tree()  # its tail (text after it) stays


def _xml_safe(markup: bytes) -> bytes:
    markup = markup.translate(None, _NOT_XML)
    for sequence in _NOT_CHARACTERS:
        if sequence in markup:
            markup = markup.replace(sequence, b"")
    return markup


def _check_limits(parser: etree.HTMLParser) -> None:
    """libxml2 stops reading at its limits (nesting past 255, a text node over 10 MB) and
    returns the tree so far: the rest of the page would be dropped without a word."""
    for error in parser.error_log:
        if error.type_name == "ERR_RESOURCE_LIMIT":
            reason = error.message.split(",")[0].strip().rstrip(".")
            raise ParseError(f"HTML is past the parser's limits ({reason}): cannot read it whole")


class Segmenter:
    """Walks a tree once, depth first, and emits blocks; see the module docstring.

    `named`: `own_tokens` keeps the elements whose own tokens hold one of these names (None:
    every element with tokens). The walk is compiled (`_walk.pyx`) where the package was
    built with it for this lxml, unless `compiled` is False; the two find the same page."""

    def __init__(
        self,
        deadline: Deadline = NO_DEADLINE,
        named: frozenset[str] | None = None,
        compiled: bool = True,
    ) -> None:
        self.deadline = deadline
        self.named = named
        self.walk = COMPILED_WALK if compiled else None
        self.visited = 0
        self.blocks: list[Block] = []
        self.owners: list[etree._Element] = []
        self.own_tokens: dict[etree._Element, frozenset[str]] = {}
        self.marked: list[etree._Element] = []

    def run(self, tree: etree._Element) -> DomPage:
        body = tree.find(".//body")
        root = body if body is not None else tree
        if isinstance(root.tag, str) and self.walk is not None:
            found = self.walk(root, self.deadline, sys.modules[__name__], self.named)
            self.blocks, self.owners, self.own_tokens, self.marked = found
        elif isinstance(root.tag, str):
            tag = root.tag
            own = element_tokens(root)
            if own and self._is_named(own):
                self.own_tokens[root] = own
            holder = _Holder(root, own, tag)
            if text := root.text:
                holder.add(text, tag == "a")
            for child in root:
                self._visit(child, holder, own, tag, tag == "a", 1)
                if tail := child.tail:  # lxml builds a new string on every read: read once
                    holder.add(tail, tag == "a")
            self._flush(holder)
        return DomPage(tree, self.blocks, self.owners, self.own_tokens, self.marked)

    @property
    def compiled(self) -> bool:
        """Whether this segmenter runs the compiled walk."""
        return self.walk is not None

    def _is_named(self, own: frozenset[str]) -> bool:
        """Whether `own_tokens` keeps an element with these tokens."""
        return self.named is None or not own.isdisjoint(self.named)

    def _visit(
        self,
        element: etree._Element,
        holder: _Holder,
        inherited: frozenset[str],
        parent_path: str,
        in_link: bool,
        depth: int,
    ) -> None:
        """One element and its subtree: the hot loop of the cleaner (every element of every
        page)."""
        tag = element.tag
        if not isinstance(tag, str) or tag in SKIP_TAGS or depth > MAX_DEPTH:
            return
        self.visited += 1
        if not self.visited % STRIDE:
            self.deadline.check("segmentation")
        own = element_tokens(element)
        if own:
            if self._is_named(own):
                self.own_tokens[element] = own
            tokens = _union(inherited, own)
            if not own.isdisjoint(MARK_TOKENS):
                self.marked.append(element)
        else:
            tokens = inherited
        if tag == "time":
            self.marked.append(element)
        path = f"{parent_path}/{tag}"
        in_link = in_link or tag == "a"
        is_block = tag in BLOCK_TAGS
        if is_block:
            if holder.has_text:
                self._flush(holder)
            else:
                holder.parts.clear()
            holder = _Holder(element, tokens, path)
        elif tag == "br":
            holder.parts.append("\n")
        if text := element.text:
            holder.add(text, in_link)
        depth += 1
        for child in element:
            self._visit(child, holder, tokens, path, in_link, depth)
            if tail := child.tail:
                holder.add(tail, in_link)
        if is_block:
            self._flush(holder)

    def _flush(self, holder: _Holder) -> None:
        """Emit a block's pending text as one or more blocks (split at <br><br>)."""
        if not holder.has_text:
            holder.parts.clear()
            return
        raw, link_chars = "".join(holder.parts), holder.link_chars
        holder.parts, holder.link_chars, holder.has_text = [], 0, False
        texts = _paragraphs(raw)
        chars = sum(len(text) - text.count(" ") for text in texts) or 1  # letters, not spaces
        link_density = min(1.0, link_chars / chars)
        tag = holder.element.tag
        kind = tag if isinstance(tag, str) else "div"
        blocks, owners, owner = self.blocks, self.owners, holder.element
        path, tokens = holder.path, holder.tokens
        for text in texts:
            blocks.append(_html_block(text, len(blocks), kind, path, link_density, tokens))
            owners.append(owner)


_SET_TEXT, _SET_INDEX, _SET_KIND, _SET_PATH, _SET_LINKS, _SET_TOKENS, _SET_BLANK, _SET_CELLS = (
    slot_setters(
        Block,
        ("text", "index", "kind", "path", "link_density", "tokens", "blank_before", "cells"),
    )
)


def _html_block(
    text: str, index: int, kind: str, path: str, link_density: float, tokens: frozenset[str]
) -> Block:
    """`Block(text, index, kind, path, link_density, tokens)` of an HTML block (a blank line
    before it, no cells), built by its slots (`slots.py`): a page makes hundreds of blocks.
    tests/cleaners/test_segment_blocks.py checks that it equals the dataclass's own."""
    block: Block = object.__new__(Block)
    _SET_TEXT(block, text)
    _SET_INDEX(block, index)
    _SET_KIND(block, kind)
    _SET_PATH(block, path)
    _SET_LINKS(block, link_density)
    _SET_TOKENS(block, tokens)
    _SET_BLANK(block, True)
    _SET_CELLS(block, ())
    return block


def _paragraphs(raw: str) -> list[str]:
    if "\n" not in raw:  # most blocks: one paragraph
        text = " ".join(raw.split())
        return [text] if text else []
    return [text for piece in _BLANK_LINE.split(raw) if (text := " ".join(piece.split()))]


def segment_html(markup: str | bytes) -> DomPage:
    return Segmenter().run(parse_html(markup))


def _walk_module() -> ModuleType:
    import scraper.cleaners._walk as module  # type: ignore[import-not-found]

    return module  # type: ignore[no-any-return]


COMPILED_WALK: Callable[..., tuple[Any, Any, Any, Any]] | None = compiled(
    _walk_module, "walk", reads_lxml=True
)
