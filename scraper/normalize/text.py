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


def normalize_paragraph(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    text = _INVISIBLE.sub("", text)
    return _SPACE.sub(" ", text).strip()


def join_paragraphs(paragraphs: Iterable[str]) -> str:
    return "\n\n".join(p for p in (normalize_paragraph(x) for x in paragraphs) if p)


def content_hash(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8", "surrogatepass")).hexdigest()
