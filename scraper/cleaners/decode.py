"""Bytes to text, and HTML-or-text sniffing.

Charset order: byte-order mark, UTF-16 recognised by its zero bytes, the declared charset
(HTTP header, then `<meta>` / XML declaration), strict UTF-8, then charset-normalizer's
detection; cp1252 with replacement characters is the last resort, so decoding never fails on
real-world bytes. A declared UTF-16 or UTF-32 is believed only when the bytes show it (as
browsers do): an ASCII page that says `charset=utf-16` would otherwise decode to CJK noise.
"""

from __future__ import annotations

import codecs
import re

from scraper.errors import DecodeError

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:\-]+)|<\?xml[^>]+encoding\s*=\s*["']([a-zA-Z0-9_.\-]+)""",
    re.IGNORECASE,
)
_HTML_START = re.compile(
    r"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S
)
_TAG = re.compile(
    r"</?(?:p|div|span|a|br|li|ul|ol|table|tr|td|h[1-6]|article|section|script|style|meta|link|"
    r"img|header|footer|nav|form|input|title)\b[^>]*>",
    re.IGNORECASE,
)
_WIDE = ("utf-16", "utf-32")
_BINARY = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")
_SIGNATURES = {
    b"%PDF": "PDF",
    b"\x89PNG": "PNG",
    b"\xff\xd8\xff": "JPEG",
    b"GIF8": "GIF",
    b"PK\x03\x04": "ZIP",
    b"\x1f\x8b": "gzip",
    b"RIFF": "RIFF media",
}


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        codec = codecs.lookup(name.strip().strip("\"'")).name
    except LookupError:
        return None
    return "cp1252" if codec in {"latin-1", "iso8859-1", "ascii"} else codec


def declared_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:4096])
    if not match:
        return None
    return _codec((match.group(1) or match.group(2)).decode("ascii", "ignore"))


def utf16_without_bom(data: bytes) -> str | None:
    """The UTF-16 codec of text whose byte-order mark was left off, or None. Such text shows
    itself by its zero bytes: markup and Latin script put a zero in every other byte, always
    on the same side."""
    head = data[:4096]
    even, odd = head[0::2], head[1::2]
    if len(odd) < 16:
        return None
    if odd.count(0) >= 0.4 * len(odd) and even.count(0) <= 0.02 * len(even):
        return "utf-16-le"
    if even.count(0) >= 0.4 * len(even) and odd.count(0) <= 0.02 * len(odd):
        return "utf-16-be"
    return None


def reject_binary(data: bytes) -> None:
    """Raise for bytes that are a known binary format or mostly control characters."""
    for magic, kind in _SIGNATURES.items():
        if data.startswith(magic):
            raise DecodeError(f"input is {kind} data, not a web page")
    head = data[:8192]
    if head and not head.startswith(tuple(b for b, _ in _BOMS)):
        controls = len(_BINARY.findall(head))
        if controls > max(8, len(head) // 20):
            raise DecodeError(
                f"input looks binary ({controls} control bytes in the first {len(head)})"
            )


def decode_bytes(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """(text, codec used)."""
    for bom, bom_codec in _BOMS:
        if data.startswith(bom):
            return data.decode(bom_codec, errors="replace"), bom_codec
    wide = utf16_without_bom(data)
    if wide:
        return data.decode(wide, errors="replace"), wide
    reject_binary(data)
    for codec in (_codec(declared), declared_charset(data)):
        if codec and not codec.startswith(_WIDE):
            try:
                return data.decode(codec), codec
            except (UnicodeDecodeError, LookupError):
                break
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    detected = _detected(data[:200_000])
    if detected:
        try:
            return data.decode(detected, errors="replace"), detected
        except LookupError:
            pass
    return data.decode("cp1252", errors="replace"), "cp1252"


def _detected(sample: bytes) -> str | None:
    """charset-normalizer's best guess. When it rates windows-1252 exactly as well as its
    first pick (same chaos, same language fit: it cannot tell them apart), windows-1252
    wins: it is the single-byte encoding most web pages use, and the one browsers fall back to
    for Western pages, so a tie broken by name order (cp1250 before cp1252) garbles `ê`."""
    from charset_normalizer import from_bytes  # slow to import; most pages say or are UTF-8

    matches = from_bytes(sample)
    best = matches.best()
    if best is None or not best.encoding:
        return None
    for match in matches:
        if (
            match.encoding == "cp1252"
            and match.chaos <= best.chaos
            and match.coherence >= best.coherence
        ):
            return "cp1252"
    return _codec(best.encoding) or best.encoding


def looks_like_html(text: str) -> bool:
    """HTML when it opens like an HTML document or carries many block-level tags."""
    head = text[:16384]
    if _HTML_START.match(head):
        return True
    return len(_TAG.findall(head)) >= 8


def without_surrogates(text: str) -> str:
    """`text` without lone surrogates (a str made with `surrogateescape` has them; no record
    holding one can be written as UTF-8): pairs become the character they encode, lone
    halves go."""
    try:  # a strict encode finds a surrogate several times faster than a regex search
        text.encode("utf-8")
    except UnicodeEncodeError:
        return _repaired(text)
    return text


def utf8(text: str) -> bytes:
    """`without_surrogates(text)` as UTF-8: one encode of the text where it has none."""
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        return _repaired(text).encode("utf-8")


def _repaired(text: str) -> str:
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "ignore")
