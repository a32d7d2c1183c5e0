"""The bad-input corpus: hostile and broken pages, written by code instead of committed.

Each case is a file name, the bytes to write and the outcomes it may honestly have (an
article, or an error of a named kind). Several are large (a 45 MB page, a 10 MB line), so
they are built on demand into a temporary folder. `python -m tests.support.bad_inputs DIR`
writes the corpus to DIR, for `scraper clean DIR` by hand or for RELIABILITY.md's commands.
"""

from __future__ import annotations

import gzip
import os
import sys
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

SECRET = "TOP-SECRET-6f1c2b"
"""Written into the file the external-entity case points at: it must never appear in output."""
FIFO = "entity-target.fifo"
"""A named pipe no one writes to, also named by an external entity: reading it never ends."""

PROSE = (
    "The harbour board met on Tuesday evening to discuss the new ferry timetable, which has "
    "drawn complaints from commuters who say the early sailing leaves far too soon for them. "
)
ARTICLE_HTML = (
    "<!DOCTYPE html><html><head><meta charset='{charset}'><title>Ferry timetable</title></head>"
    "<body><article><h1>Ferry timetable</h1><p>{text}</p><p>{text}</p></article></body></html>"
)


@dataclass(frozen=True, slots=True)
class Case:
    """One bad input: `name` is the file name, `outcomes` the record kinds it may give
    ("article" or an error kind)."""

    name: str
    build: Callable[[Path], bytes]
    outcomes: frozenset[str]
    why: str


def _png(_: Path) -> bytes:
    chunk = zlib.compress(b"\x00\xff\x00\xff" * 64)
    return b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(13) + chunk + b"IEND\xaeB`\x82"


def _pdf(_: Path) -> bytes:
    return b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n" + bytes(range(256)) * 4 + b"%%EOF"


def _truncated_gzip(_: Path) -> bytes:
    whole = gzip.compress(ARTICLE_HTML.format(charset="utf-8", text=PROSE * 20).encode())
    return whole[: len(whole) // 2]


def _huge_page(_: Path) -> bytes:
    """45 MB of real-looking markup: paragraphs of prose inside an article."""
    paragraph = f"<p>{PROSE * 4}</p>\n".encode()
    count = 45_000_000 // len(paragraph) + 1
    head = b"<!DOCTYPE html><html><head><title>Long read</title></head><body><article>"
    return head + paragraph * count + b"</article></body></html>"


def _nested_divs(_: Path) -> bytes:
    depth = 100_000
    return (
        b"<!DOCTYPE html><html><body>"
        + b"<div>" * depth
        + f"<p>{PROSE * 3}</p>".encode()
        + b"</div>" * depth
        + b"</body></html>"
    )


def _invalid_utf8(_: Path) -> bytes:
    text = ARTICLE_HTML.format(charset="utf-8", text=PROSE * 3).encode()
    middle = len(text) // 2
    return text[:middle] + b"\xc3\x28\xa0\xa1\xff\xfe\xed\xa0\x80" + text[middle:]


def _utf16_no_bom(_: Path) -> bytes:
    return ARTICLE_HTML.format(charset="utf-16", text=PROSE * 3).encode("utf-16-le")


CP1252_TEXT = (
    "The café on Rue Saint-Honoré reopened on Tuesday, its owner, Zoë Brontë, said. “We’re "
    "back,” she told customers who queued for crêpes and café au lait — some for more than an "
    "hour. The €5 lunch menu returns next week, and the façade has been repainted. "
)


def _cp1252_declared_utf8(_: Path) -> bytes:
    return ARTICLE_HTML.format(charset="utf-8", text=CP1252_TEXT * 2).encode("cp1252")


def _billion_laughs(_: Path) -> bytes:
    """Ten levels of ten references: 10^9 "lol"s (3 GB) if anything expanded them."""
    entities = ['<!ENTITY lol0 "lol">']
    entities += [f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)]
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE html [\n' + "\n".join(entities) + "\n]>\n"
        '<html xmlns="http://www.w3.org/1999/xhtml"><head><title>Laughs</title></head>'
        f"<body><p>&lol9;</p><p>{PROSE}</p></body></html>"
    ).encode()


def _external_entity(folder: Path) -> bytes:
    secret = folder / "secret.txt.private"
    secret.write_text(SECRET + "\n", encoding="utf-8")
    fifo = folder / FIFO
    if not fifo.is_fifo():
        os.mkfifo(fifo)
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE html [\n'
        f'<!ENTITY xxe SYSTEM "file://{secret.resolve()}">\n'
        f'<!ENTITY pipe SYSTEM "{fifo.resolve()}">\n]>\n'
        '<html xmlns="http://www.w3.org/1999/xhtml"><head><title>Entity</title></head>'
        f"<body><p>&xxe;</p><p>&pipe;</p><p>{PROSE * 2}</p></body></html>"
    ).encode()


def _only_script(_: Path) -> bytes:
    code = "var story = 'The harbour board met on Tuesday evening to discuss';\n" * 200
    return f"<!DOCTYPE html><html><head></head><body><script>{code}</script></body></html>".encode()


def _only_navigation(_: Path) -> bytes:
    links = "".join(f'<li><a href="/section/{i}">Section {i}</a></li>' for i in range(60))
    return f"<!DOCTYPE html><html><body><nav><ul>{links}</ul></nav></body></html>".encode()


def _long_line(_: Path) -> bytes:
    words = (PROSE * (10_000_000 // len(PROSE) + 1))[:10_000_000]
    return words.encode()


def _nul_bytes(_: Path) -> bytes:
    text = ARTICLE_HTML.format(charset="utf-8", text=PROSE * 3).encode()
    return text.replace(b" ", b" \x00", 40)


ERRORS_ONLY = frozenset({"decode", "parse", "no_content", "too_large", "input", "timeout"})
ANY = ERRORS_ONLY | {"article"}
NOTHING_TO_KEEP = frozenset({"no_content", "parse"})

CASES = (
    Case("empty.html", lambda _: b"", frozenset({"no_content", "parse"}), "zero bytes"),
    Case("whitespace.html", lambda _: b" \n\t\r\n " * 100, NOTHING_TO_KEEP, "blanks only"),
    Case("png-named.html", _png, frozenset({"decode"}), "PNG bytes with an .html name"),
    Case("pdf-named.html", _pdf, frozenset({"decode"}), "PDF bytes with an .html name"),
    Case("truncated.html.gz", _truncated_gzip, frozenset({"decode"}), "gzip cut in half"),
    Case("huge-45mb.html", _huge_page, ANY, "45 MB of paragraphs"),
    Case("nested-100k-divs.html", _nested_divs, ANY, "100,000 nested <div>s"),
    Case("invalid-utf8.html", _invalid_utf8, frozenset({"article"}), "broken UTF-8 sequences"),
    Case("utf16-no-bom.html", _utf16_no_bom, frozenset({"article"}), "UTF-16LE, no BOM"),
    Case("cp1252-says-utf8.html", _cp1252_declared_utf8, frozenset({"article"}), "wrong meta"),
    Case("billion-laughs.xhtml", _billion_laughs, ANY, "nested internal entities"),
    Case("external-entity.xhtml", _external_entity, ANY, "SYSTEM entity naming a local file"),
    Case("only-script.html", _only_script, NOTHING_TO_KEEP, "nothing but <script>"),
    Case("only-nav.html", _only_navigation, NOTHING_TO_KEEP, "nothing but navigation"),
    Case("long-line.txt", _long_line, ANY, "10 MB on one line"),
    Case("nul-bytes.html", _nul_bytes, ANY, "NUL bytes between words"),
)


def build(folder: Path) -> dict[str, Case]:
    """Write every case into `folder` (which must exist); return them by file name."""
    for case in CASES:
        (folder / case.name).write_bytes(case.build(folder))
    return {case.name: case for case in CASES}


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "bad-inputs")
    target.mkdir(parents=True, exist_ok=True)
    build(target)
    print(f"wrote {len(CASES)} bad inputs to {target}/", file=sys.stderr)
