from __future__ import annotations

import pytest

from scraper.evaluate import corpus_score, score_page, score_snippets, shingles


def test_shingles_are_word_4grams_and_short_texts_give_one() -> None:
    assert sum(shingles("one two three four five").values()) == 2
    assert list(shingles("just three words")) == [("just", "three", "words")]
    assert not shingles("  ,,, ")


def test_page_counts_are_normalised() -> None:
    truth = "a b c d e f g h"  # 5 shingles
    pred = "a b c d e f x y z"  # 6 shingles, 3 shared
    score = score_page(pred, truth)
    assert score.tp + score.fp + score.fn == pytest.approx(1.0)
    assert score.precision == pytest.approx(3 / 6)
    assert score.recall == pytest.approx(3 / 5)


def test_perfect_and_empty_cases() -> None:
    perfect = score_page("Same words here, exactly.", "same words here exactly")
    assert perfect.precision is not None
    assert score_page("x y z w", "x y z w").precision == 1.0
    assert score_page("x y z w", "x y z w").exact
    empty_truth = score_page("", "")
    assert empty_truth.precision is None and empty_truth.recall is None
    spurious = score_page("text on an empty page", "")
    assert spurious.precision == 0.0 and spurious.recall is None


def test_corpus_f1_is_harmonic_mean_of_mean_p_and_mean_r() -> None:
    scores = [score_page("a b c d e", "a b c d e"), score_page("a b c d", "w x y z")]
    result = corpus_score(scores, bootstrap=50)
    assert result.precision == pytest.approx(0.5)
    assert result.recall == pytest.approx(0.5)
    assert result.f1 == pytest.approx(0.5)
    assert result.f1_stderr > 0


def test_snippet_scoring() -> None:
    counts = score_snippets("The  body\ntext here", ["body text", "missing"], ["here", "menu"])
    assert (counts.tp, counts.fn, counts.fp, counts.tn) == (1, 1, 1, 1)
    failed = score_snippets(None, ["a"], ["b"])
    assert (failed.tp, failed.fn, failed.fp, failed.tn) == (0, 1, 0, 1)
