"""When trafilatura is asked: the gate on the HTML model's uncertainty, chosen on validation.

The model without the extractor's vote runs first; where more than `gate` of a page's words
lie in blocks of probability 0.2–0.8, trafilatura runs and the model with its vote decides.
Each vote costs more than all our own stages, so the gate trades accuracy for speed. For
each dataset D scored leave-one-out (and for `l3s-gn1`, whose fold gives the shipped
models), the gate is chosen on the other training datasets only, never on D: each of them in
turn is predicted by models fitted without it and without D, and the gate kept is the
largest whose mean F1 over them stays within `--tolerance` of asking trafilatura on every
page. The F1 here is the block choice's, scored on the training table like `lodo.py`.

Usage: `python training/choose_gate.py out/train DATASET_DIR [--exclude dragnet]
[--json out/train/gates.json]`.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lodo import HELD_OUT, SEED, Table, balanced, model, page_weights, score  # noqa: E402

from scraper.cleaners.learned import DEFAULT_UNSURE as UNSURE  # noqa: E402
from scraper.eval.data import load_truth  # noqa: E402

GATES = (0.0, 0.05, 0.1, 0.15, 0.2, 0.3, 0.5)
TOLERANCE = 0.005


class Folds:
    """Out-of-fold probabilities of both HTML models, fitted once per set left out."""

    def __init__(self, plain: Table, voted: Table, trees: int, depth: int) -> None:
        self.plain, self.voted, self.trees, self.depth = plain, voted, trees, depth
        self.rows_dataset = plain.datasets[plain.page]
        self.words = np.expm1(plain.X[:, plain.names.index("log_words")])
        self.fitted: dict[frozenset[str], tuple[Any, Any]] = {}

    def _fit(self, table: Table, leave_out: frozenset[str]) -> Any:
        weights = page_weights(table.y, table.page, self.words)
        fit = ~np.isin(self.rows_dataset, sorted(leave_out)) & (table.y >= 0)
        classifier = model(SEED, self.trees, self.depth)
        classifier.fit(
            table.X[fit], table.y[fit], sample_weight=balanced(weights, self.rows_dataset, fit)[fit]
        )
        return classifier

    def curve(self, dataset: str, leave_out: frozenset[str], truth: dict[str, Any]) -> list[Any]:
        """(gate, F1, share of pages voted) on `dataset` by models fitted without
        `leave_out`."""
        if leave_out not in self.fitted:
            self.fitted[leave_out] = (
                self._fit(self.plain, leave_out), self._fit(self.voted, leave_out)
            )
            print(f"fitted without {sorted(leave_out)}", file=sys.stderr, flush=True)
        plain_model, voted_model = self.fitted[leave_out]
        rows = np.flatnonzero(self.rows_dataset == dataset)
        first = plain_model.predict_proba(self.plain.X[rows])[:, 1]
        second = voted_model.predict_proba(self.voted.X[rows])[:, 1]
        pages, words = self.plain.page[rows], self.words[rows]
        unsure = _unsure(first)
        # as `BlockModels.decide`: inside the band, the hand-set stages' label stands
        kept = self.plain.names.index("kept")
        first_keep = np.where(unsure, self.plain.X[rows, kept] > 0.5, first >= 0.5)
        second_keep = np.where(_unsure(second), self.voted.X[rows, kept] > 0.5, second >= 0.5)
        page_words = np.bincount(pages, weights=words)
        page_unsure = np.bincount(pages, weights=np.where(unsure, words, 0.0))
        share = page_unsure / np.maximum(page_words, 1e-9)
        present = np.unique(pages)
        points = []
        for gate in GATES:
            voted_page = share > gate
            keep = np.where(voted_page[pages], second_keep, first_keep)
            f1 = score(self.plain.chosen(rows, keep), truth)["f1"]
            points.append((gate, f1, float(voted_page[present].mean())))
        return points


def _unsure(probabilities: np.ndarray) -> np.ndarray:
    inside: np.ndarray = (probabilities >= UNSURE[0]) & (probabilities <= UNSURE[1])
    return inside


def choose(curves: list[list[Any]], tolerance: float) -> float:
    """The largest gate whose mean F1 is within `tolerance` of the gate 0 (always vote)."""
    means = [float(np.mean([curve[i][1] for curve in curves])) for i in range(len(GATES))]
    return max(g for g, f1 in zip(GATES, means, strict=True) if f1 >= means[0] - tolerance)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("table", type=Path)
    parser.add_argument("dataset", type=Path)
    parser.add_argument("--exclude", action="append", default=[])
    parser.add_argument("--trees", type=int, default=100)
    parser.add_argument("--max-depth", type=int, default=8)
    parser.add_argument("--tolerance", type=float, default=TOLERANCE)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    folds = Folds(
        Table.load(args.table, "html"), Table.load(args.table, "html_voted"),
        args.trees, args.max_depth,
    )
    truth = load_truth(args.dataset)
    datasets = sorted(set(folds.plain.datasets))
    trained = [d for d in datasets if d != HELD_OUT and d not in args.exclude]
    result: dict[str, Any] = {}
    for held in datasets:
        inner = [d for d in trained if d != held]
        curves = [
            folds.curve(d, frozenset({held, d, HELD_OUT, *args.exclude}), truth) for d in inner
        ]
        gate = choose(curves, args.tolerance)
        result[held] = {"gate": gate, "inner": dict(zip(inner, curves, strict=True))}
        voted = np.mean([c[GATES.index(gate)][2] for c in curves])
        print(f"{held:18} gate {gate:.2f} (inner pages voted {voted:.0%})", file=sys.stderr)
        if args.json:
            args.json.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
