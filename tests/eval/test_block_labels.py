"""Block labels read off full-text and snippet truth (the training signal of issue 15)."""

from __future__ import annotations

from scraper.eval.block_labels import kept_text, shingle_labels, snippet_labels
from scraper.eval.scoring import score_page

ARTICLE = [
    "Ferry timetable changes",
    "The harbour board moved the first crossing to six in the morning from next week.",
    "Results",
    "Passengers said the earlier crossing suits commuters, though some worry about winter.",
]
CHROME = ["Home", "News World Sport", "Share this", "Sign up for our newsletter today"]


def test_article_blocks_are_kept_and_chrome_removed_in_place() -> None:
    blocks = CHROME[:2] + ARTICLE + CHROME[2:]
    labels = shingle_labels(blocks, "\n".join(ARTICLE))
    assert labels == [False, False, True, True, True, True, False, False]


def test_a_word_of_the_article_standing_as_a_menu_item_is_not_kept() -> None:
    """"Results" is a true word, but not before "Home": order decides, not the bag of words."""
    blocks = ["Results", "Home", *ARTICLE]
    labels = shingle_labels(blocks, "\n".join(ARTICLE))
    assert labels[:2] == [False, False] and all(labels[2:])


def test_text_printed_twice_is_kept_once() -> None:
    teaser = ARTICLE[1]
    blocks = [*ARTICLE, "Read more", teaser]
    labels = shingle_labels(blocks, "\n".join(ARTICLE))
    assert labels.count(True) == len(ARTICLE) and labels[-1] is False


def test_a_block_without_words_has_no_label() -> None:
    assert shingle_labels(["—", *ARTICLE], "\n".join(ARTICLE))[0] is None


def test_the_kept_text_of_the_labels_scores_like_the_truth() -> None:
    blocks = CHROME[:2] + ARTICLE + CHROME[2:]
    labels = shingle_labels(blocks, "\n".join(ARTICLE))
    score = score_page(kept_text(blocks, labels), "\n".join(ARTICLE))
    assert score.exact and score.fp == score.fn == 0


def test_snippets_label_the_blocks_holding_them_and_leave_the_rest_unknown() -> None:
    blocks = [*CHROME, *ARTICLE]
    labels = snippet_labels(blocks, ["first crossing to  six"], ["sign up for our newsletter"])
    assert labels[3] is False and labels[5] is True
    assert [labels[i] for i in (0, 1, 2, 4, 6, 7)] == [None] * 6
