"""Pathological pages: small or ordinary-looking markup that costs a cleaner far more than its
size suggests (a table of a million cells, a million empty-ish elements), written by code.

Shared by `tests/test_pathological.py` (a few of them, each through `scraper clean` and one
gzip'd through `scraper fetch`) and `benchmarks/pathological.py` (all of them, timed).
`python -m tests.support.pathological DIR` writes them all to DIR.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tests.support.bad_inputs import PROSE

HEAD = b"<!DOCTYPE html><html><head><title>Pathological</title></head><body>"
TAIL = b"</body></html>"


@dataclass(frozen=True, slots=True)
class Pathological:
    """`name` is the file name; `outcomes` the record kinds the page may honestly give."""

    name: str
    build: Callable[[], bytes]
    outcomes: frozenset[str]
    why: str


def table(rows: int, columns: int) -> bytes:
    """A table of `rows` × `columns` one-letter cells (10 bytes a cell)."""
    row = b"<tr>" + b"<td>x</td>" * columns + b"</tr>\n"
    return HEAD + b"<table>" + row * rows + b"</table>" + TAIL


def divs(count: int) -> bytes:
    return HEAD + b"<div>x</div>" * count + TAIL


def line_breaks(count: int) -> bytes:
    """`count` lines of a word each, split by `<br>`s in one paragraph."""
    return HEAD + b"<p>" + b"line<br>" * count + b"</p>" + TAIL


def prose(total: int) -> bytes:
    """`total` bytes of prose paragraphs inside an article: big, but what pages are made of."""
    paragraph = f"<p>{PROSE * 4}</p>\n".encode()
    return HEAD + b"<article>" + paragraph * (total // len(paragraph) + 1) + b"</article>" + TAIL


def nested_inline(depth: int, repeats: int) -> bytes:
    """`repeats` runs of `depth` nested inline tags around one word (under the parser's nesting
    limit of 255): many elements, almost no text, deep paths."""
    run = b"<span>" * depth + b"word " + b"</span>" * depth
    return HEAD + b"<p>" + run * repeats + b"</p>" + TAIL


def one_text_node(total: int) -> bytes:
    """A single paragraph of `total` bytes of prose (libxml2 refuses a text node past 10 MB)."""
    text = (PROSE * (total // len(PROSE) + 1))[:total].encode()
    return HEAD + b"<p>" + text + b"</p>" + TAIL


def tiny_paragraphs(count: int) -> bytes:
    return HEAD + b"<article>" + b"<p>Yes.</p>" * count + b"</article>" + TAIL


def sentences(count: int) -> bytes:
    """`count` paragraphs of one short sentence each: past the vote's element limit, under
    the page's, so the page is judged without trafilatura and must still be an article."""
    paragraph = b"<p>The ferry left the harbour at dawn, as it does every day.</p>\n"
    return HEAD + b"<article>" + paragraph * count + b"</article>" + TAIL


def short_paragraphs(count: int) -> bytes:
    """`count` paragraphs of 195 characters: 50 MB with as many elements as a page may have."""
    paragraph = f"<p>{(PROSE * 2)[:195]}</p>".encode()
    return HEAD + b"<article>" + paragraph * count + b"</article>" + TAIL


def ruler(width: int, html: bool) -> bytes:
    """Prose around a ruler of `width` dashes: a run of punctuation that a backtracking word
    or rule pattern pays for with the square of its length."""
    prose, dashes = PROSE * 3, "-" * width
    if html:
        body = f"<article><p>{prose}</p><p>{dashes}</p><p>{prose}</p></article>"
        return HEAD + body.encode() + TAIL
    return f"Ruler\n\n{prose}\n{dashes}\n{prose}\n".encode()


def text_lines(count: int, width: int) -> bytes:
    """A text page of `count` lines of `width` characters of prose."""
    line = (PROSE * (width // len(PROSE) + 1))[: width - 1] + "\n"
    return line.encode() * count


STOPPED = frozenset({"too_large"})
EMPTY = frozenset({"no_content"})
ARTICLE = frozenset({"article"})

PAGES = (
    Pathological("table-1000x1000.html", lambda: table(1000, 1000), STOPPED, "10 MB table"),
    Pathological("table-2000x1000.html", lambda: table(2000, 1000), STOPPED, "20 MB table"),
    Pathological(
        "table-990x1000.html", lambda: table(990, 1000), STOPPED, "9.9 MB table: fetch's cap"
    ),
    Pathological(
        "table-4990x1000.html", lambda: table(4990, 1000), STOPPED, "49.9 MB table: the cap"
    ),
    Pathological("divs-1m.html", lambda: divs(1_000_000), STOPPED, "12 MB of <div>x</div>"),
    Pathological("br-500k.html", lambda: line_breaks(500_000), STOPPED, "500k <br>"),
    Pathological("prose-45mb.html", lambda: prose(45_000_000), ARTICLE, "45 MB of paragraphs"),
    Pathological(
        "nested-inline-200x5000.html",
        lambda: nested_inline(200, 5_000),
        STOPPED,
        "5,000 runs of 200 nested <span>s",
    ),
    Pathological(
        "text-node-9mb.html", lambda: one_text_node(9_500_000), ARTICLE, "one 9.5 MB text node"
    ),
    Pathological("tiny-p-300k.html", lambda: tiny_paragraphs(300_000), STOPPED, "300k <p>Yes.</p>"),
    Pathological(
        "sentences-150k.html",
        lambda: sentences(150_000),
        ARTICLE,
        "150k one-sentence <p>s: no vote",
    ),
    # the costliest pages each limit lets through
    Pathological("table-99x1000.html", lambda: table(99, 1000), EMPTY, "the vote's limit"),
    Pathological("table-249x1000.html", lambda: table(249, 1000), EMPTY, "the element limit"),
    Pathological(
        "paragraphs-247k-50mb.html",
        lambda: short_paragraphs(247_000),
        ARTICLE,
        "50 MB and 247k elements",
    ),
    Pathological(
        "text-499k-lines.txt", lambda: text_lines(499_000, 100), ARTICLE, "50 MB, 499k lines"
    ),
    Pathological(
        "text-one-line-50mb.txt", lambda: text_lines(1, 49_990_000), ARTICLE, "50 MB, one line"
    ),
    Pathological("ruler-1m.txt", lambda: ruler(1_000_000, False), ARTICLE, "1M dashes, text"),
    Pathological("ruler-1m.html", lambda: ruler(1_000_000, True), ARTICLE, "1M dashes, HTML"),
)
BY_NAME = {page.name: page for page in PAGES}


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "pathological")
    target.mkdir(parents=True, exist_ok=True)
    for page in PAGES:
        (target / page.name).write_bytes(page.build())
    print(f"wrote {len(PAGES)} pathological pages to {target}/", file=sys.stderr)
