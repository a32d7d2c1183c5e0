"""Body normalisation: the same answers whether a paragraph is already normal (returned as it
is), of ordinary size, or past `LONG_PARAGRAPH` (handled in pieces, so that no list of
millions of words and no second copy of the body is made)."""

from __future__ import annotations

import hashlib
import re
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from scraper.normalize.text import (
    LONG_PARAGRAPH,
    WHITESPACE,
    content_hash,
    count_words,
    normalize_paragraph,
)

_INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@given(st.text(alphabet=st.sampled_from(f"ab é\u0301\u200b{WHITESPACE}")) | st.text())
def test_a_paragraph_is_normalised_as_by_splitting_it(text: str) -> None:
    expected = " ".join(_INVISIBLE.sub("", unicodedata.normalize("NFC", text)).split())
    assert normalize_paragraph(text) == expected


def test_a_normal_paragraph_is_given_back_not_copied() -> None:
    text = "".join(["Ferry sailings changed again", " on Tuesday."])  # a string made at run time
    assert normalize_paragraph(text) is text


def test_a_long_body_counts_as_its_paragraphs_add_up() -> None:
    paragraph = "Ferry sailings — changed again. 日本 " * 40
    short = count_words(paragraph)
    copies = LONG_PARAGRAPH // len(paragraph) + 2
    body = "\n\n".join([paragraph] * copies)
    assert len(body) > LONG_PARAGRAPH
    assert short == 4 * 40 + 40  # four words and two CJK characters (one word) a sentence
    assert count_words(body) == short * copies


def test_the_hash_of_a_body_in_pieces_is_the_hash_of_the_whole() -> None:
    body = ("Ferry sailings \ud83d\ude00 changed \udc80 again. " * 30_000)[: 3 * LONG_PARAGRAPH + 7]
    whole = hashlib.sha256(body.encode("utf-8", "surrogatepass")).hexdigest()
    assert content_hash(body) == whole
    assert content_hash("") == hashlib.sha256(b"").hexdigest()
