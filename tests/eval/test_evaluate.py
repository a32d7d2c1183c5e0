from __future__ import annotations

import pytest

from scraper.eval.data import choose
from scraper.eval.run import Outcome, summarise
from scraper.eval.scoring import (
    SnippetCounts,
    corpus_score,
    score_page,
    score_snippets,
    shingles,
    snippet_score,
)


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


def test_an_empty_extraction_costs_recall_only() -> None:
    """The benchmark averages precision over pages with output: an empty prediction has no
    precision (not 0), and recall 0."""
    empty = score_page("", "a b c d e")
    assert (empty.precision, empty.recall, empty.f1) == (None, 0.0, 0.0)
    result = corpus_score([score_page("a b c d e", "a b c d e"), empty])
    assert (result.precision, result.recall) == (1.0, 0.5)
    assert result.f1 == pytest.approx(2 / 3)
    nothing = corpus_score([empty, score_page("", "x y z w")])
    assert nothing.precision is None and nothing.f1 is None and nothing.recall == 0.0


def test_bootstrap_gives_standard_errors_for_each_figure() -> None:
    scores = [score_page("a b c d e", "a b c d e"), score_page("a b c d x", "a b c d e f")]
    scores += [score_page("", "q r s t u")]
    result = corpus_score(scores, bootstrap=200, seed=3)
    assert result == corpus_score(scores, bootstrap=200, seed=3)
    assert min(result.precision_stderr, result.recall_stderr, result.accuracy_stderr) > 0


def test_snippet_counts_are_summed_over_pages() -> None:
    pages = [SnippetCounts(tp=1, tn=1), SnippetCounts(fn=2, fp=1)]
    result = snippet_score(pages, bootstrap=20)
    assert (result["precision"], result["f1"], result["accuracy"]) == (0.5, 0.4, 0.4)
    assert result["recall"] == pytest.approx(1 / 3, abs=1e-4)
    assert (result["pages"], result["snippets"]) == (2, 5)
    assert result["f1_stderr"] > 0


def test_sample_is_reproducible_and_keeps_file_order() -> None:
    truth = {f"set/{i:03}": {"id": f"set/{i:03}"} for i in range(100)}
    drawn = choose(truth, sample=10, seed=7)
    assert list(drawn) == sorted(drawn) and len(drawn) == 10
    assert drawn == choose(truth, sample=10, seed=7) != choose(truth, sample=10, seed=8)
    assert list(choose(truth, limit=3)) == ["set/000", "set/001", "set/002"]
    assert len(choose(truth, limit=4, sample=10, seed=7)) == 4


def test_the_summary_does_not_depend_on_the_order_workers_finish_in() -> None:
    """Standard errors included: the bootstrap resamples pages in id order."""
    outcomes = [
        Outcome(f"d{n % 2}/p{n}", f"d{n % 2}", "scraper", 0.01, 0.01, None, "",
                shingles=score_page("a b c d e f g h"[: 2 * n + 7], "a b c d e f g h"))
        for n in range(6)
    ]  # fmt: skip
    first = summarise(outcomes, ["scraper"], bootstrap=50)
    assert first["scraper"]["full_text"]["ALL"]["f1_stderr"] > 0
    assert summarise(outcomes[::-1], ["scraper"], bootstrap=50) == first
    assert summarise(outcomes[3:] + outcomes[:3], ["scraper"], bootstrap=50) == first
