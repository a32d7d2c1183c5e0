"""Two more views of a text line for the second text model, measured leave-one-dataset-out
beside the shipped pair (measured, not shipped: BENCHMARKS.md, "Tenth round of issue 15").

- `words`: the line's phrasing. A logistic model over the line's lower-cased word uni- and
  bigrams (digits folded), fitted on the training datasets, gives each line a probability of
  being the story; the second model reads it with its means over ±1, 3 and 7 lines and the
  page. Chrome phrased in a way no rule lists ("get new posts by email") may still share
  words with chrome the model saw.
- `stamps`: the furniture of a comment thread. A stamp is a short line with a date or a
  clock time in it ("Elena July 14, 2012 at 9:52 pm"); a shape is a short line's sequence of
  word kinds (capitalised, lower-case, month name, number, each mark); the columns count the
  stamps before and after the line and how often its shape repeats on the page.

As `text_context.py` does, each training dataset's rows carry the views of models fitted
without it, and the held-out dataset those fitted on all the training datasets; the first
models are that script's (cached in OUT). Every way of deciding is scored as there: the model
alone at 0.5, and the shipped split band (`learned.py`: 0.2-0.8 in the first model's likeliest
run and one line either side, 0.6-0.8 outside it), with the in-run band's low edge also at
0.4 and 0.5.

Usage: `python training/text_words.py out/train DATASET_DIR OUT [--only D]`.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from collections.abc import Sequence
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lodo import HELD_OUT, Table, page_scores, page_weights  # noqa: E402
from text_ceiling import WINDOWS, fit_words, word_matrix, word_view  # noqa: E402
from text_context import Fits, decide_rows, report, second_stage, stacked  # noqa: E402
from text_posthoc import near_run  # noqa: E402

from scraper.cleaners.text_context import IN_RUN  # noqa: E402
from scraper.cleaners.text_context import NAMES as CONTEXT_NAMES  # noqa: E402
from scraper.eval.data import load_truth  # noqa: E402
from scraper.normalize.date_words import date_words  # noqa: E402

TOKEN = re.compile(r"\d+|[^\W\d_]+|[^\w\s]")
SHORT = 15  # words: a longer line is prose, its shape its own
DATED = ("0:0", "M0", "0M", "0/0/0", "0-0-0", "0.0.0")
WIDTHS = {"words": 2 + len(WINDOWS), "stamps": 7}
VIEWS = {"shipped": (), "words": ("words",), "stamps": ("stamps",), "both": ("words", "stamps")}


def shape(text: str, months: frozenset[str]) -> str:
    """The kinds of the line's tokens, a run of one kind written once."""
    kinds: list[str] = []
    for token in TOKEN.findall(text):
        if token[0].isdigit():
            kind = "0"
        elif token[0].isalpha():
            kind = "M" if token.lower() in months else "C" if token[0].isupper() else "w"
        else:
            kind = token
        if not kinds or kinds[-1] != kind:
            kinds.append(kind)
    return "".join(kinds)


def stamp_rows(texts: Sequence[str], months: frozenset[str]) -> np.ndarray:
    """Per line: a stamp, log stamps before and after it, the share of the page's stamps
    before it, log repeats of its shape, log repeated short shapes before and after it."""
    if not texts:
        return np.zeros((0, 7))
    shapes = [shape(text, months) for text in texts]
    short = [len(text.split()) <= SHORT for text in texts]
    pairs = list(zip(shapes, short, strict=True))
    stamp = np.array([s and any(d in k for d in DATED) for k, s in pairs], float)
    counts = Counter(k for k, s in pairs if s)
    repeats = np.array([counts[k] if s else 1 for k, s in pairs], float)
    furniture = (repeats >= 3).astype(float)
    stamps_before, stamps_after = _before_after(stamp)
    furniture_before, furniture_after = _before_after(furniture)
    columns = [
        stamp, np.log1p(stamps_before), np.log1p(stamps_after),
        stamps_before / max(float(stamp.sum()), 1.0), np.log(repeats),
        np.log1p(furniture_before), np.log1p(furniture_after),
    ]  # fmt: skip
    return np.column_stack(columns)


def _before_after(flags: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """How many lines before and after each line are flagged."""
    before = np.concatenate(([0.0], np.cumsum(flags)[:-1]))
    return before, float(flags.sum()) - before - flags


class Views:
    """The extra columns of every row, the word models cached by the datasets they saw."""

    def __init__(self, table: Table) -> None:
        self.table = table
        self.matrix = word_matrix(table)
        words = np.expm1(table.X[:, table.names.index("log_words")])
        self.weights = page_weights(table.y, table.page, words)
        self.row_dataset = table.datasets[table.page]
        months = frozenset(date_words().month_and_day_names)
        self.stamps = np.concatenate(
            [stamp_rows(table.texts[page_id], months) for page_id in table.ids]
        ).astype(np.float32)
        self._word_models: dict[frozenset[str], Any] = {}

    def columns(self, views: Sequence[str], on: frozenset[str], rows: np.ndarray) -> np.ndarray:
        parts = [np.zeros((len(rows), 0), np.float32)]
        if "words" in views:
            parts.append(self.words(on, rows))
        if "stamps" in views:
            parts.append(self.stamps[rows])
        return np.hstack(parts)

    def words(self, on: frozenset[str], rows: np.ndarray) -> np.ndarray:
        if on not in self._word_models:
            fit = np.isin(self.row_dataset, sorted(on)) & (self.table.y >= 0)
            self._word_models[on] = fit_words(self.table, self.matrix, self.weights, fit)
        p = np.zeros(len(self.table.y))
        p[rows] = self._word_models[on].predict_proba(self.matrix[rows])[:, 1]
        view: np.ndarray = word_view(self.table.page, p)[rows]
        return view


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("table", type=Path)
    parser.add_argument("dataset", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--only", action="append", default=[])
    args = parser.parse_args()
    table = Table.load(args.table, "text")
    truth = load_truth(args.dataset)
    fits = Fits(table, args.out, 100, 8)
    views = Views(table)
    hand, fixed = table.hand_set()
    datasets = sorted(set(table.datasets.tolist()))
    tuning = [d for d in datasets if d != HELD_OUT]
    scored = {}
    for held in args.only or datasets:
        train = frozenset(d for d in tuning if d != held)
        rows = np.flatnonzero(fits.row_dataset == held)
        base = stacked(table, rows, fits.probabilities(train, rows))
        in_run = near_run(
            base[:, len(table.names) + CONTEXT_NAMES.index(IN_RUN)] > 0.5, table.page[rows], 1
        )
        variants = {"hand": hand[rows]}
        for name, chosen in VIEWS.items():
            second = second_stage(
                table, train, 100, 8, fits.fitted,
                partial(views.columns, chosen),
                sum(WIDTHS[view] for view in chosen),
            )
            p2 = second.predict_proba(np.hstack([base, views.columns(chosen, train, rows)]))[:, 1]
            variants[f"{name} alone"] = p2 >= 0.5
            outside = decide_rows(p2, (0.6, 0.8), rows, hand, fixed)
            for low in (0.2, 0.4, 0.5):
                inside = decide_rows(p2, (low, 0.8), rows, hand, fixed)
                variants[f"{name} split {low}"] = np.where(in_run, inside, outside)
        scored[held] = {
            name: page_scores(table.chosen(rows, keep), truth) for name, keep in variants.items()
        }
        print(held, "done", file=sys.stderr, flush=True)
    report(scored)


if __name__ == "__main__":
    main()
