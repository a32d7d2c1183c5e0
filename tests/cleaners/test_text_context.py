"""The second text model reads the first one's probabilities around each line: the features
must say where a line stands against the page's likeliest run, whatever the page's size."""

from __future__ import annotations

import numpy as np

from scraper.cleaners.text_context import NAMES, OUTSIDE, context_rows


def column(rows: np.ndarray, name: str) -> list[float]:
    values: list[float] = rows[:, NAMES.index(name)].tolist()
    return values


def test_an_empty_page_has_no_rows() -> None:
    assert context_rows(np.zeros(0), np.zeros(0), []).shape == (0, len(NAMES))


def test_neighbours_past_the_page_read_as_outside() -> None:
    p = np.array([0.1, 0.9, 0.4])
    rows = context_rows(p, np.array([3.0, 3.0, 3.0]), ["a", "b", "c"])
    assert column(rows, "p") == [0.1, 0.9, 0.4]
    assert column(rows, "p@-1") == [OUTSIDE, 0.1, 0.9]
    assert column(rows, "p@+2") == [0.4, OUTSIDE, OUTSIDE]


def test_the_likeliest_run_spans_a_weak_line_between_strong_prose() -> None:
    """A short doubtful line inside the story is inside the run; chrome around it is not."""
    p = np.array([0.1, 0.9, 0.4, 0.95, 0.05, 0.1])
    words = np.array([5.0, 60.0, 4.0, 70.0, 8.0, 3.0])
    rows = context_rows(p, words, ["menu", "story", "quote", "story two", "share", "menu"])
    assert column(rows, "in_prun") == [0.0, 1.0, 1.0, 1.0, 0.0, 0.0]
    assert column(rows, "prun_side") == [-1.0, 0.0, 0.0, 0.0, 1.0, 1.0]
    assert column(rows, "log_prun_distance")[5] == np.log1p(2)
    share = column(rows, "prun_words_share")[0]
    assert share == (60 + 4 + 70) / words.sum()


def test_repeated_lines_are_counted_whatever_their_case_and_spacing() -> None:
    texts = ["Share this", "A story line.", "share  THIS", "Share this"]
    rows = context_rows(np.full(4, 0.5), np.full(4, 2.0), texts)
    assert column(rows, "log_repeats") == [np.log(3), 0.0, np.log(3), np.log(3)]


def test_word_weighted_window_means_lean_on_the_long_lines() -> None:
    p = np.array([1.0, 0.0, 0.0])
    rows = context_rows(p, np.array([30.0, 1.0, 1.0]), ["a", "b", "c"])
    plain, weighted = column(rows, "p_mean±1")[1], column(rows, "p_words±1")[1]
    assert plain == 1 / 3
    assert weighted == 30 / 32
