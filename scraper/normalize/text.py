"""Body text normalisation: Unicode composition, invisible characters, whitespace.

The body is compared and hashed across runs and sites, so two renderings of the same story
must normalise to the same string: NFC, no zero-width or control characters, single spaces
inside a paragraph and exactly one blank line between paragraphs.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable

_INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACE = re.compile(r"\s+")
_ALNUM = re.compile(r"\w")
# a token without a letter or digit. It can only start after whitespace, so a long run of
# dashes is tried from one place and given back once: linear (`\S*\w\S*` took 14 s on
# 30,000 dashes). No possessive `++`: Python 3.10's `re` has none.
_WORDLESS = re.compile(r"(?<!\S)[^\s\w]+(?!\S)")
_TOKEN = re.compile(r"\S+")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")


# every character `str.split()` splits at (tests/normalize checks the list against Unicode)
WHITESPACE = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680" + "".join(
    map(chr, [*range(0x2000, 0x200B), 0x2028, 0x2029, 0x202F, 0x205F, 0x3000])
)
_TO_SPACE = dict.fromkeys(map(ord, WHITESPACE), " ")
LONG_PARAGRAPH = 1 << 20


def normalize_paragraph(text: str) -> str:
    """The paragraph itself (not a copy) when it is already normal, as the segmenters' blocks
    are: a body is then joined from the blocks' own strings, not from a second copy of them."""
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    text = _INVISIBLE.sub("", text)  # the same string when there is nothing to take out
    spaced = squeeze_spaces(text) if len(text) > LONG_PARAGRAPH else " ".join(text.split())
    return text if spaced == text else spaced  # a comparison costs less than a regex scan


def squeeze_spaces(text: str) -> str:
    """`" ".join(text.split())` without the list of words, which for a 45 MB paragraph is
    7 M strings (600 MiB) at once: a few passes of C over the string instead."""
    text = text.translate(_TO_SPACE)
    while "  " in text:
        text = text.replace("  ", " ")
    return text.strip(" ")


def join_paragraphs(paragraphs: Iterable[str]) -> str:
    return "\n\n".join(p for p in (normalize_paragraph(x) for x in paragraphs) if p)


def count_words(text: str) -> int:
    """Whitespace-separated words that hold a letter or digit; CJK characters count as half a
    word each, since those scripts do not separate words with spaces."""
    cjk = 0 if text.isascii() else _matches(_CJK, text)
    if not cjk:
        return _matches(_TOKEN, text) - _matches(_WORDLESS, text)
    words = 0
    for match in _TOKEN.finditer(text):
        token = match.group()
        words += bool(_ALNUM.search(token)) and not _CJK.search(token)
    return words + (cjk + 1) // 2


def _matches(pattern: re.Pattern[str], text: str) -> int:
    """How many times the pattern (without groups) matches: a list of the matches made in C
    for a text of ordinary size, counted match by match past `LONG_PARAGRAPH` (a 45 MB body
    is 7 M strings at once)."""
    if len(text) <= LONG_PARAGRAPH:
        return len(pattern.findall(text))
    return sum(1 for _ in pattern.finditer(text))


def content_hash(body: str) -> str:
    """SHA-256 of the UTF-8 body, encoded a piece at a time: a 45 MB body is not copied."""
    digest = hashlib.sha256()
    for start in range(0, len(body), LONG_PARAGRAPH):
        digest.update(body[start : start + LONG_PARAGRAPH].encode("utf-8", "surrogatepass"))
    return digest.hexdigest()
