"""Word counts: the same whether the body is of ordinary size (matches listed at once) or
past `LONG_PARAGRAPH` (counted one by one, so that no list of millions of words is made)."""

from __future__ import annotations

from scraper.normalize.text import LONG_PARAGRAPH, count_words


def test_a_long_body_counts_as_its_paragraphs_add_up() -> None:
    paragraph = "Ferry sailings — changed again. 日本 " * 40
    short = count_words(paragraph)
    copies = LONG_PARAGRAPH // len(paragraph) + 2
    body = "\n\n".join([paragraph] * copies)
    assert len(body) > LONG_PARAGRAPH
    assert short == 4 * 40 + 40  # four words and two CJK characters (one word) a sentence
    assert count_words(body) == short * copies
