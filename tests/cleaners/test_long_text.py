"""The memory-lean paths for huge paragraphs give exactly what the plain ones gave.

A 45 MB paragraph used to be split into a list of 7 M words (or regex pieces) at several
stages; each such stage now works in passes of C over the string, or in pieces. These
properties pin that the results did not change, on text made of the characters that matter
(every kind of space, CJK, punctuation, capitals).
"""

from __future__ import annotations

import re
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scraper.cleaners import features
from scraper.cleaners.segment import squeeze
from scraper.normalize.text import LONG_PARAGRAPH, WHITESPACE, normalize_paragraph, squeeze_spaces

SEGMENT_SPACE = re.compile(r"[ \t\u00a0\u2000-\u200b\u3000]+")
"""What the text segmenter substituted before `squeeze`."""
ALPHABET = [*WHITESPACE, "\u200b", "\u200c", "a", "B", "é", "語", ".", "_", "1", "x"]
texts = st.text(alphabet=ALPHABET, max_size=60)


@given(texts)
def test_squeeze_is_the_regex_substitution(text: str) -> None:
    assert squeeze(text) == SEGMENT_SPACE.sub(" ", text)


@given(texts)
def test_squeeze_spaces_is_split_and_join(text: str) -> None:
    assert squeeze_spaces(text) == " ".join(text.split())


def test_whitespace_is_every_character_str_split_splits_at() -> None:
    found = {chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()}
    assert found == set(WHITESPACE)


def test_a_long_paragraph_normalizes_as_a_short_one_would() -> None:
    text = "A\u3000long  paragraph,\tof words.\u2028 " * (LONG_PARAGRAPH // 30 + 1)
    assert len(text) > LONG_PARAGRAPH
    assert normalize_paragraph(text) == " ".join(text.split())


@given(st.text(alphabet=ALPHABET, max_size=80))
def test_block_statistics_add_up_over_pieces(text: str) -> None:
    stops = frozenset({"a", "x"})
    whole = features._stats(text, stops)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(features, "PIECE_CHARS", 3)
        pieced = features._stats(text, stops)
    assert pieced[0] == whole[0] and pieced[2] == whole[2]
    assert pieced[1] == pytest.approx(whole[1]) and pieced[3] == pytest.approx(whole[3])
