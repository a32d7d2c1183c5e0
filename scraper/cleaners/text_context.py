"""The second look at a text page's lines: each line beside the first model's view of its
neighbours ("auto-context").

The first text model judges each line from its own findings and those of two lines either
side. The article is mostly one run of lines, though, and a line's fate is better read from
what the model thought of the lines around it: a short line in the middle of a run of sure
prose is the story's, the same line among sure chrome is not. The second model reads the
first one's probabilities around each line — the neighbours up to `REACH` lines away, window
means, the run of the page's likeliest words and where the line sits against it — with the
line's repetition on the page and its share of the page's words. It is trained on
probabilities the first model gave to pages it was not fitted on (`training/text_context.py`),
as it sees them on unseen pages.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np

from scraper.cleaners.block_features import shifted
from scraper.cleaners.heuristics import densest_run

OFFSETS = (-5, -3, -2, -1, 1, 2, 3, 5)
WINDOWS = (1, 3, 7)
OUTSIDE = -1.0  # a neighbour past either end of the page
IN_RUN = "in_prun"  # 1 inside the run of the page's likeliest words (`likeliest_run`)
NAMES = (
    "p",
    *(f"p@{offset:+d}" for offset in OFFSETS),
    *(f"p_mean±{half}" for half in WINDOWS),
    *(f"p_words±{half}" for half in WINDOWS),
    "p_page_words", "p_page_kept_share", IN_RUN, "log_prun_distance", "prun_side",
    "prun_words_share", "kept_words_before", "log_repeats", "words_share",
)  # fmt: skip


def context_rows(
    probabilities: np.ndarray, words: np.ndarray, texts: Sequence[str]
) -> np.ndarray:
    """One row of `NAMES` per line of one page."""
    n = len(probabilities)
    out = np.zeros((n, len(NAMES)), np.float64)
    if not n:
        return out
    p = np.asarray(probabilities, np.float64)
    w = np.asarray(words, np.float64)
    columns = [p]
    columns.extend(shifted(p, offset, OUTSIDE) for offset in OFFSETS)
    columns.extend(_window_mean(p, np.ones(n), half) for half in WINDOWS)
    columns.extend(_window_mean(p, w, half) for half in WINDOWS)
    total = float(w.sum()) or 1.0
    likely = p >= 0.5
    columns.append(np.full(n, float((p * w).sum()) / total))
    columns.append(np.full(n, float(w[likely].sum()) / total))
    first, last = likeliest_run(p, w)
    at = np.arange(n)
    inside = (at >= first) & (at <= last)
    distance = np.where(at < first, first - at, np.where(at > last, at - last, 0))
    columns.append(inside.astype(np.float64))
    columns.append(np.log1p(distance.astype(np.float64)))
    columns.append(np.where(at < first, -1.0, np.where(at > last, 1.0, 0.0)))
    columns.append(np.full(n, float(w[first : last + 1].sum()) / total))
    kept_words = np.where(likely, w, 0.0)
    before = np.concatenate(([0.0], np.cumsum(kept_words)[:-1]))
    columns.append(before / (float(kept_words.sum()) or 1.0))
    columns.append(np.log(_repeats(texts)))
    columns.append(w / total)
    for index, column in enumerate(columns):
        out[:, index] = column
    return out


def _window_mean(values: np.ndarray, weights: np.ndarray, half: int) -> np.ndarray:
    """The `weights`-weighted mean of `values` over `half` lines either side of each line
    (the plain mean where the window has no weight)."""
    n = len(values)
    at = np.arange(n)
    low, high = np.maximum(0, at - half), np.minimum(n, at + half + 1)
    sums = np.concatenate(([0.0], np.cumsum(values * weights)))
    mass = np.concatenate(([0.0], np.cumsum(weights)))
    plain = np.concatenate(([0.0], np.cumsum(values)))
    weight = mass[high] - mass[low]
    mean: np.ndarray = np.where(
        weight > 0,
        (sums[high] - sums[low]) / np.maximum(weight, 1e-12),
        (plain[high] - plain[low]) / (high - low),
    )
    return mean


def likeliest_run(p: np.ndarray, words: np.ndarray) -> tuple[int, int]:
    """The lines `first`..`last` whose words the model most believes are the story: the run
    with the largest sum of `(p - 0.5) × words` (`densest_run`), or the likeliest line alone
    where no run gains."""
    gain = (p - 0.5) * np.maximum(words, 1.0)
    first, last = densest_run(gain.tolist())
    if last < first:
        best = int(np.argmax(gain))
        return best, best
    return first, last


def _repeats(texts: Sequence[str]) -> np.ndarray:
    """How many lines of the page say the same thing as each line (1 for a line said once)."""
    keys = [" ".join(text.lower().split()) for text in texts]
    counts = Counter(keys)
    return np.fromiter((counts[key] for key in keys), np.float64, len(keys))
