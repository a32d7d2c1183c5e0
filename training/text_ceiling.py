"""How far the text model's line features can go, whatever the band: the F1 of the line labels
themselves, and of the line models fitted on the very pages they are scored on.

A held-out figure says how a model does on pages it never saw; it cannot say whether a target
is out of reach of the features, or only of this fit. Fitted on every page and scored on the
same pages (no page is held out: a ceiling, never a validation figure), a model of this family
shows what its features can separate at all. Rows:

- `labels`: the table's own keep/remove labels (what a perfect line classifier would keep);
- `first`: the line model (`block-text.npz`'s features), each of `--trees`;
- `second`: the auto-context model over the first one's in-sample probabilities
  (`scraper/cleaners/text_context.py`), the shipped pair's architecture;
- `+words`: with a bag-of-words view of each line beside the features (a logistic model over
  the line's lower-cased word uni- and bigrams, digits folded, fitted leave-one-dataset-out,
  so that this one column is honest, and its means over ±1, 3 and 7 lines and the page): the
  phrasing of chrome, which the rules read only for the phrasings they list.

With `--memorising`, the first model is instead let to memorise (400 trees of up to 127
leaves of 5 lines, no L2 penalty), fitted in sample and, beside it, leave-one-dataset-out as
`training/lodo.py` fits (every dataset but the held-out one and l3s-gn1): what it gains in
sample and loses held out is what a ceiling of a looser model would be worth.

Each row is scored like `scraper eval` over the full-text pages of every dataset, l3s-gn1
included (it is scored, never chosen on: nothing here is chosen).

Usage: `python training/text_ceiling.py out/train DATASET_DIR [--trees 100 400] [--memorising]
[--json F]`.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.feature_extraction.text import HashingVectorizer
from sklearn.linear_model import LogisticRegression

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lodo import HELD_OUT, SEED, Table, balanced, model, page_scores, page_weights  # noqa: E402
from text_context import stacked  # noqa: E402

from scraper.eval.data import load_truth  # noqa: E402
from scraper.eval.scoring import PageScore, corpus_score  # noqa: E402

WINDOWS = (1, 3, 7)
DIGIT = re.compile(r"\d")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("table", type=Path)
    parser.add_argument("dataset", type=Path)
    parser.add_argument("--trees", type=int, nargs="+", default=[100, 400])
    parser.add_argument("--memorising", action="store_true", help="only the memorising rows")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    table = Table.load(args.table, "text")
    truth = load_truth(args.dataset)
    fit = table.y >= 0
    words = np.expm1(table.X[:, table.names.index("log_words")])
    weights = balanced(page_weights(table.y, table.page, words), table.datasets[table.page], fit)
    results: dict[str, Any] = {"labels": scored(table, table.y == 1, truth)}
    report("labels", results["labels"])
    if args.memorising:
        results.update(memorising_rows(table, weights, truth))
    else:
        results.update(tree_rows(table, weights, truth, args.trees))
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")


def tree_rows(
    table: Table, weights: np.ndarray, truth: dict[str, dict[str, Any]], sizes: list[int]
) -> dict[str, Any]:
    """The shipped family's first and second model, with and without the words view, of
    each size in `sizes` (100 trees of depth at most 8, or more trees of any depth)."""
    fit = table.y >= 0
    rows: dict[str, Any] = {}
    word_view = word_columns(table, weights)
    for trees in sizes:
        depth = 8 if trees <= 100 else None
        for suffix, X in (("", table.X), ("+words", np.hstack([table.X, word_view]))):
            first = model(SEED, trees, depth).fit(X[fit], table.y[fit], sample_weight=weights[fit])
            p1 = first.predict_proba(X)[:, 1]
            name = f"first{suffix} {trees} trees"
            rows[name] = scored(table, p1 >= 0.5, truth)
            report(name, rows[name])
            every = np.arange(len(table.y))
            X2 = np.hstack([stacked(table, every, p1), X[:, len(table.names) :]])
            second = model(SEED, trees, depth)
            second.fit(X2[fit], table.y[fit], sample_weight=weights[fit])
            name = f"second{suffix} {trees} trees"
            rows[name] = scored(table, second.predict_proba(X2)[:, 1] >= 0.5, truth)
            report(name, rows[name])
    return rows


def memorising() -> HistGradientBoostingClassifier:
    return HistGradientBoostingClassifier(
        max_iter=400, learning_rate=0.08, max_leaf_nodes=127, min_samples_leaf=5,
        l2_regularization=0.0, random_state=SEED,
    )  # fmt: skip


def memorising_rows(
    table: Table, weights: np.ndarray, truth: dict[str, dict[str, Any]]
) -> dict[str, Any]:
    """The memorising first model in sample, and leave-one-dataset-out."""
    labelled = table.y >= 0
    fitted = memorising().fit(
        table.X[labelled], table.y[labelled], sample_weight=weights[labelled]
    )
    name = "first, memorising"
    rows: dict[str, Any] = {name: scored(table, fitted.predict_proba(table.X)[:, 1] >= 0.5, truth)}
    report(name, rows[name])
    row_dataset = table.datasets[table.page]
    keep = np.zeros(len(table.y), bool)
    full_text = {
        str(table.datasets[at]) for at, page_id in enumerate(table.ids)
        if truth[page_id].get("truth_kind") == "full_text"
    }  # fmt: skip
    for held in sorted(full_text):
        fit = labelled & ~np.isin(row_dataset, [held, HELD_OUT])
        held_out = memorising().fit(
            table.X[fit], table.y[fit], sample_weight=balanced(weights, row_dataset, fit)[fit]
        )
        at = row_dataset == held
        keep[at] = held_out.predict_proba(table.X[at])[:, 1] >= 0.5
    rows["first, memorising, held out"] = scored(table, keep, truth)
    report("first, memorising, held out", rows["first, memorising, held out"])
    return rows


def word_columns(table: Table, weights: np.ndarray) -> np.ndarray:
    """Each line's probability of being the story from its words alone, by a logistic model
    fitted on the other datasets, with its window and page means."""
    matrix = word_matrix(table)
    row_dataset = table.datasets[table.page]
    p = np.zeros(len(table.y))
    for held in sorted(set(row_dataset.tolist())):
        others = (row_dataset != held) & (table.y >= 0)
        rows = row_dataset == held
        p[rows] = fit_words(table, matrix, weights, others).predict_proba(matrix[rows])[:, 1]
    return word_view(table.page, p)


def word_matrix(table: Table) -> Any:
    """The hashed word uni- and bigrams of every line (lower-cased, digits folded)."""
    lines = [DIGIT.sub("0", text.lower()) for page_id in table.ids for text in table.texts[page_id]]
    return HashingVectorizer(
        n_features=2**18, ngram_range=(1, 2), alternate_sign=False,
        token_pattern=r"(?u)\b\w+\b|[^\w\s]",
    ).transform(lines)  # fmt: skip


def fit_words(table: Table, matrix: Any, weights: np.ndarray, fit: np.ndarray) -> Any:
    """The words model over the rows `fit`, each dataset weighing the same."""
    row_dataset = table.datasets[table.page]
    scale = balanced(weights, row_dataset, fit)[fit] * fit.sum()
    words_model = LogisticRegression(C=1.0, max_iter=300, solver="liblinear", random_state=SEED)
    words_model.fit(matrix[fit], table.y[fit], sample_weight=scale)
    return words_model


def word_view(page: np.ndarray, p: np.ndarray) -> np.ndarray:
    """The words model's probability `p` of each line, its means over `WINDOWS` lines either
    side and its page's mean."""
    columns = [p, *(window_mean(page, p, half) for half in WINDOWS)]
    page_mean = np.bincount(page, weights=p) / np.maximum(np.bincount(page), 1)
    columns.append(page_mean[page])
    view: np.ndarray = np.column_stack(columns).astype(np.float32)
    return view


def window_mean(page: np.ndarray, values: np.ndarray, half: int) -> np.ndarray:
    """The mean of `values` over `half` lines either side, within each line's page."""
    starts = np.searchsorted(page, np.arange(int(page.max()) + 1))
    ends = np.append(starts[1:], len(page))
    at = np.arange(len(values))
    low = np.maximum(at - half, starts[page])
    high = np.minimum(at + half + 1, ends[page])
    sums = np.concatenate(([0.0], np.cumsum(values)))
    mean: np.ndarray = (sums[high] - sums[low]) / (high - low)
    return mean


def scored(table: Table, keep: np.ndarray, truth: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Pooled F1 over every full-text page, and each dataset's."""
    row_dataset = table.datasets[table.page]
    pooled: list[PageScore] = []
    out: dict[str, Any] = {}
    for name in sorted(set(row_dataset.tolist())):
        rows = np.flatnonzero(row_dataset == name)
        pages, _ = page_scores(table.chosen(rows, keep[rows]), truth)
        if pages:
            out[name] = corpus_score(pages).as_dict()
            pooled.extend(pages)
    out["pooled"] = corpus_score(pooled).as_dict()
    return out


def report(name: str, line: dict[str, Any]) -> None:
    cells = " ".join(f"{key[:10]} {value['f1']:.4f}" for key, value in line.items())
    pooled = line["pooled"]
    print(f"{name:26} P {pooled['precision']:.3f} R {pooled['recall']:.3f} | {cells}", flush=True)


if __name__ == "__main__":
    main()
