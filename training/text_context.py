"""The text model with a second, "auto-context" stage, measured leave-one-dataset-out on the
training table, beside the first model alone and the hand-set choice.

For each held-out dataset D (l3s-gn1's fold is fitted on the other five: the one to ship):
the first model is fitted on the training datasets T (every dataset but D and l3s-gn1, each
weighing the same); each training dataset t gets probabilities from a first model fitted on
T without t, so that the second model learns from probabilities like those it meets on
unseen pages (`scraper/cleaners/text_context.py` turns them into features); D gets the
first model fitted on all of T. Each way of deciding a line is scored like `scraper eval`:
the first or second model alone (cut 0.5), or deciding only outside an unsure band where
the hand-set label stands inside it (`learned.py`'s `decide`; the metadata lines the header
reader took out are never overruled).

Usage: `python training/text_context.py out/train DATASET_DIR OUT [--json FILE]`.
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from export_model import from_sklearn  # noqa: E402
from lodo import (  # noqa: E402
    HELD_OUT,
    SEED,
    Table,
    balanced,
    model,
    page_chunks,
    page_scores,
    page_weights,
)

from scraper.cleaners.text_context import NAMES as CONTEXT_NAMES  # noqa: E402
from scraper.cleaners.text_context import context_rows  # noqa: E402
from scraper.eval.data import load_truth  # noqa: E402
from scraper.eval.scoring import (  # noqa: E402
    PageScore,
    SnippetCounts,
    corpus_score,
    snippet_score,
)

BANDS = {"alone": (0.5, 0.5), "0.3-0.7": (0.3, 0.7), "0.2-0.8": (0.2, 0.8), "0.1-0.9": (0.1, 0.9)}


class Fits:
    """First-stage models by the datasets they were fitted on, kept on disk between runs."""

    def __init__(self, table: Table, folder: Path, trees: int, depth: int) -> None:
        self.table, self.folder, self.trees, self.depth = table, folder, trees, depth
        words = np.expm1(table.X[:, table.names.index("log_words")])
        self.weights = page_weights(table.y, table.page, words)
        self.row_dataset = table.datasets[table.page]

    def probabilities(self, on: frozenset[str], rows: np.ndarray) -> np.ndarray:
        p: np.ndarray = self.fitted(on).predict_proba(self.table.X[rows])[:, 1]
        return p

    def fitted(self, on: frozenset[str]) -> Any:
        return self.cached(
            "stage1", on, lambda: fit_balanced(self.table, self.table.X, on, self.trees, self.depth)
        )

    def second(self, train: frozenset[str]) -> Any:
        return self.cached(
            "stage2",
            train,
            lambda: second_stage(self.table, train, self.trees, self.depth, self.fitted),
        )

    def cached(self, stage: str, on: frozenset[str], fit: Callable[[], Any]) -> Any:
        """The model of `stage` fitted on `on`, from disk if an earlier run fitted it."""
        path = self.folder / f"{stage}-{'+'.join(sorted(on))}-{self.trees}-{self.depth}.pkl"
        if path.exists():
            with path.open("rb") as handle:
                return pickle.load(handle)
        classifier = fit()
        self.folder.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as handle:
            pickle.dump(classifier, handle)
        return classifier


def save_fold(
    folder: Path, names: tuple[str, ...], first: Any, second: Any, train: frozenset[str]
) -> None:
    """The fold's two text models as `pipeline_lodo.py --reuse` reads them."""
    folder.mkdir(parents=True, exist_ok=True)
    card = {"seed": str(SEED), "trained on": ", ".join(sorted(train))}
    from_sklearn(first, names).save(folder / "block-text.npz", card | {"mode": "text"})
    from_sklearn(second, names + CONTEXT_NAMES).save(
        folder / "block-text-context.npz", card | {"mode": "text context"}
    )


def fit_balanced(
    table: Table, X: np.ndarray, on: frozenset[str], trees: int, depth: int | None
) -> Any:
    """A model over the rows `X` of the datasets `on`, each dataset weighing the same and each
    page the same within it (as `pipeline_lodo.fit_models`)."""
    words = np.expm1(table.X[:, table.names.index("log_words")])
    weights = page_weights(table.y, table.page, words)
    row_dataset = table.datasets[table.page]
    fit = np.isin(row_dataset, sorted(on)) & (table.y >= 0)
    classifier = model(SEED, trees, depth)
    classifier.fit(X[fit], table.y[fit], sample_weight=balanced(weights, row_dataset, fit)[fit])
    return classifier


def second_stage(
    table: Table, train: frozenset[str], trees: int, depth: int | None,
    first_on: Callable[[frozenset[str]], Any] | None = None,
    extra: Callable[[frozenset[str], np.ndarray], np.ndarray] | None = None, extra_width: int = 0,
) -> Any:
    """The second model fitted on `train`, each dataset's lines with the probabilities of a
    first model fitted on the others (`first_on(datasets)`, a fresh fit unless given): it
    learns from probabilities of pages the first model never saw. `extra(others, rows)`
    gives `extra_width` more columns of those rows, from models fitted on `others` too
    (`text_words.py`'s views)."""
    row_dataset = table.datasets[table.page]
    width = len(table.names) + len(CONTEXT_NAMES) + extra_width
    X = np.zeros((len(table.y), width), np.float32)
    for inner in sorted(train):
        rows = np.flatnonzero(row_dataset == inner)
        others = train - {inner}
        first = first_on(others) if first_on else fit_balanced(table, table.X, others, trees, depth)
        block = stacked(table, rows, first.predict_proba(table.X[rows])[:, 1])
        X[rows] = np.hstack([block, extra(others, rows)]) if extra else block
    return fit_balanced(table, X, train, trees, depth)


def stacked(table: Table, rows: np.ndarray, p: np.ndarray) -> np.ndarray:
    """The second model's rows: the first model's features, then the context of `p`."""
    return np.hstack([table.X[rows], context(table, rows, p)])


def context(table: Table, rows: np.ndarray, p: np.ndarray) -> np.ndarray:
    """`context_rows` page by page for `rows` (whole pages, in table order)."""
    words = np.expm1(table.X[rows, table.names.index("log_words")])
    pages = table.page[rows]
    out = np.zeros((len(rows), 0))
    parts = []
    for chunk in page_chunks(pages):
        page_id = table.ids[pages[chunk[0]]]
        texts = table.texts[page_id]
        parts.append(context_rows(p[chunk], words[chunk], texts).astype(np.float32))
    out = np.concatenate(parts) if parts else out
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("table", type=Path)
    parser.add_argument("dataset", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--trees", type=int, default=100)
    parser.add_argument("--max-depth", type=int, default=8)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--only", action="append", default=[], help="only these held-out folds")
    args = parser.parse_args()
    table = Table.load(args.table, "text")
    truth = load_truth(args.dataset)
    fits = Fits(table, args.out, args.trees, args.max_depth)
    hand, fixed = table.hand_set()
    datasets = sorted(set(table.datasets.tolist()))
    tuning = [d for d in datasets if d != HELD_OUT]
    row_dataset = fits.row_dataset
    scored: dict[str, dict[str, tuple[list[PageScore], list[SnippetCounts]]]] = {}
    for held in args.only or datasets:
        train = frozenset(d for d in tuning if d != held)
        held_rows = np.flatnonzero(row_dataset == held)
        p1 = fits.probabilities(train, held_rows)
        second = fits.second(train)
        save_fold(args.out / "folds" / held, table.names, fits.fitted(train), second, train)
        p2 = second.predict_proba(stacked(table, held_rows, p1))[:, 1]
        variants: dict[str, np.ndarray] = {"hand": hand[held_rows]}
        for band_name, band in BANDS.items():
            variants[f"first {band_name}"] = decide_rows(p1, band, held_rows, hand, fixed)
            variants[f"second {band_name}"] = decide_rows(p2, band, held_rows, hand, fixed)
        scored[held] = {
            name: page_scores(table.chosen(held_rows, keep), truth)
            for name, keep in variants.items()
        }
        print(held, summary_line(scored[held]), file=sys.stderr, flush=True)
    results = report(scored)
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")


def decide_rows(
    p: np.ndarray, band: tuple[float, float], rows: np.ndarray, hand: np.ndarray,
    fixed: np.ndarray,
) -> np.ndarray:
    """The model's choice outside the band (kept above it, removed under it), the hand-set
    label inside it and where it is fixed (`learned.py`'s `decide`)."""
    low, high = band
    unsure = (p >= low) & (p <= high) if low < high else np.zeros(len(p), bool)
    keep: np.ndarray = np.where(fixed[rows] | unsure, hand[rows], p > high)
    return keep


def summary_line(by_variant: dict[str, tuple[list[PageScore], list[SnippetCounts]]]) -> str:
    parts = []
    for name, (pages, snippets) in by_variant.items():
        if pages:
            s = corpus_score(pages)
            parts.append(f"{name} {s.f1:.4f} (P {s.precision:.3f})")
        else:
            parts.append(f"{name} {snippet_score(snippets)['f1']:.4f}")
    return " | ".join(parts)


def report(
    scored: dict[str, dict[str, tuple[list[PageScore], list[SnippetCounts]]]]
) -> dict[str, Any]:
    results: dict[str, Any] = {}
    variants = next(iter(scored.values())).keys()
    for name in variants:
        line: dict[str, Any] = {}
        pooled: list[PageScore] = []
        for held, by_variant in scored.items():
            pages, snippets = by_variant[name]
            if pages:
                line[held] = corpus_score(pages, bootstrap=200, seed=SEED).as_dict()
                pooled.extend(pages)
            else:
                line[held] = snippet_score(snippets, bootstrap=200, seed=SEED)
        line["pooled"] = corpus_score(pooled).as_dict()
        results[name] = line
        cells = " ".join(f"{held[:10]} {line[held]['f1']:.4f}" for held in scored)
        print(
            f"{name:16} pooled {line['pooled']['f1']:.4f} (P {line['pooled']['precision']:.3f})"
            f" | {cells}",
            file=sys.stderr,
        )
    return results


if __name__ == "__main__":
    main()
