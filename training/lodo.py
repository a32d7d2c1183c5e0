"""Leave-one-dataset-out: a block model trained without a dataset, scored on it, beside the
hand-set cleaner's own choice of the same blocks.

For each dataset D of the table (`make train-data`), a gradient-boosted tree model is fitted
on the labelled blocks of every other dataset except `l3s-gn1` (research-use only, and held
out of every fit), and keeps the blocks of D's pages whose probability of being article text
is at least `--threshold`. Blocks are weighted by their share of the page's labelled words,
so that every page counts the same, as in the scorer. Both choices are scored like
`scraper eval`: word 4-gram F1 over full-text pages, must/must-not snippets on
trafilatura-eval.

Usage: `python training/lodo.py out/train DATASET_DIR --mode html [--json FILE]`.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from export_model import from_sklearn  # noqa: E402

from scraper.eval.data import load_truth  # noqa: E402
from scraper.eval.scoring import (  # noqa: E402
    PageScore,
    SnippetCounts,
    corpus_score,
    score_page,
    score_snippets,
    snippet_score,
)

HELD_OUT = "l3s-gn1"
SEED = 0


def model(seed: int, trees: int, depth: int | None) -> HistGradientBoostingClassifier:
    return HistGradientBoostingClassifier(
        max_iter=trees, learning_rate=0.08, max_leaf_nodes=31, max_depth=depth,
        min_samples_leaf=40, l2_regularization=1.0, random_state=seed,
    )


def page_chunks(pages: np.ndarray) -> list[np.ndarray]:
    """The positions in `pages` (each row's page, rows page by page) of each page's rows."""
    chunks = np.split(np.arange(len(pages)), np.flatnonzero(np.diff(pages)) + 1)
    return [chunk for chunk in chunks if len(chunk)]


def page_weights(y: np.ndarray, page: np.ndarray, words: np.ndarray) -> np.ndarray:
    """Each labelled block's share of its page's labelled words (at least one word each)."""
    labelled = y >= 0
    weight = np.where(labelled, np.maximum(words, 1.0), 0.0)
    totals = np.bincount(page, weights=weight)
    shares: np.ndarray = weight / np.maximum(totals[page], 1e-9)
    return shares


def balanced(weights: np.ndarray, row_dataset: np.ndarray, fit: np.ndarray) -> np.ndarray:
    """Weights scaled so that each dataset in the fit sums to the same total: the largest
    collection (dragnet, 1,381 pages) no longer decides what every other one looks like."""
    scaled: np.ndarray = weights.copy()
    for name in np.unique(row_dataset[fit]):
        rows = fit & (row_dataset == name)
        scaled[rows] /= max(float(weights[rows].sum()), 1e-9)
    return scaled


def page_scores(
    chosen: dict[str, list[str]], truth: dict[str, dict[str, Any]]
) -> tuple[list[PageScore], list[SnippetCounts]]:
    """Each page's kept text scored against its truth: full-text pages, and snippet pages."""
    pages: list[PageScore] = []
    snippets: list[SnippetCounts] = []
    for page_id, texts in chosen.items():
        record = truth[page_id]
        text = "\n".join(texts)
        if record.get("truth_kind") == "full_text":
            pages.append(score_page(text, record["article_body"] or ""))
        else:
            snippets.append(
                score_snippets(
                    text, record.get("with_snippets") or [], record.get("without_snippets") or []
                )
            )
    return pages, snippets


def score(
    chosen: dict[str, list[str]], truth: dict[str, dict[str, Any]]
) -> dict[str, Any]:
    """F1 over full-text pages or snippet figures, as `scraper eval` reports them."""
    pages, snippets = page_scores(chosen, truth)
    if pages:
        return corpus_score(pages, bootstrap=200, seed=SEED).as_dict()
    return snippet_score(snippets, bootstrap=200, seed=SEED)


@dataclass(frozen=True)
class Table:
    X: np.ndarray
    y: np.ndarray
    page: np.ndarray
    ids: list[str]
    datasets: np.ndarray
    names: tuple[str, ...]
    texts: dict[str, list[str]]

    @classmethod
    def load(cls, folder: Path, mode: str) -> Table:
        data = np.load(folder / f"{mode}.npz")
        texts = {}
        with gzip.open(folder / f"{mode}-texts.jsonl.gz", "rt", encoding="utf-8") as handle:
            for line in handle:
                entry = json.loads(line)
                texts[entry["id"]] = entry["texts"]
        return cls(
            data["X"], data["y"].astype(np.int64), data["page"], [str(i) for i in data["ids"]],
            data["datasets"], tuple(str(n) for n in data["names"]), texts,
        )

    def hand_set(self) -> tuple[np.ndarray, np.ndarray]:
        """Each block's label from the hand-set core (kept or not), and whether it is one the
        models may not overrule (the metadata lines the header reader took out)."""
        kept: np.ndarray = self.X[:, self.names.index("kept")] > 0.5
        fixed: np.ndarray = self.X[:, self.names.index("removed_meta")] > 0.5
        return kept, fixed

    def chosen(self, rows: np.ndarray, keep: np.ndarray) -> dict[str, list[str]]:
        """The text of the kept blocks, per page, for the pages `rows` cover."""
        texts: dict[str, list[str]] = {}
        starts = np.searchsorted(self.page, np.arange(len(self.ids)))  # rows come page by page
        for row, kept in zip(rows, keep, strict=True):
            page_id = self.ids[self.page[row]]
            texts.setdefault(page_id, [])
            if kept:
                texts[page_id].append(self.texts[page_id][row - starts[self.page[row]]])
        return texts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("table", type=Path)
    parser.add_argument("dataset", type=Path)
    parser.add_argument("--mode", choices=("html", "html_voted", "text"), default="html")
    parser.add_argument("--threshold", type=float, default=0.5)
    parser.add_argument(
        "--balance", action="store_true", help="every training dataset weighs the same"
    )
    parser.add_argument(
        "--exclude", action="append", default=[], help="never fit on this dataset either"
    )
    parser.add_argument("--trees", type=int, default=300)
    parser.add_argument("--max-depth", type=int, default=None)
    parser.add_argument("--json", type=Path)
    parser.add_argument(
        "--save", type=Path, help=f"write the model fitted without {HELD_OUT} (the one to ship)"
    )
    args = parser.parse_args()
    table = Table.load(args.table, args.mode)
    truth = load_truth(args.dataset)
    words = np.expm1(table.X[:, table.names.index("log_words")])
    weights = page_weights(table.y, table.page, words)
    row_dataset = table.datasets[table.page]
    hand, _fixed = table.hand_set()
    results: dict[str, Any] = {}
    for held in sorted(set(table.datasets)):
        left_out = sorted({held, HELD_OUT, *args.exclude})
        fit = ~np.isin(row_dataset, left_out) & (table.y >= 0)
        fit_weights = balanced(weights, row_dataset, fit) if args.balance else weights
        started = time.process_time()
        classifier = model(SEED, args.trees, args.max_depth)
        classifier.fit(table.X[fit], table.y[fit], sample_weight=fit_weights[fit])
        seconds = time.process_time() - started
        rows = np.flatnonzero(row_dataset == held)
        keep = classifier.predict_proba(table.X[rows])[:, 1] >= args.threshold
        line = results[held] = {
            "learned": score(table.chosen(rows, keep), truth),
            "hand": score(table.chosen(rows, hand[rows]), truth),
            "fit_cpu_seconds": round(seconds, 1),
            "fit_rows": int(fit.sum()),
        }
        print(
            f"{args.mode} {held:18} learned F1 {line['learned']['f1']:.3f}"
            f" (P {line['learned']['precision']:.3f})  hand F1 {line['hand']['f1']:.3f}"
            f" (P {line['hand']['precision']:.3f})  fit {seconds:.0f} s",
            file=sys.stderr,
        )
        if held == HELD_OUT and args.save:
            trained_on = sorted(set(table.datasets) - {HELD_OUT, *args.exclude})
            card = {
                "mode": args.mode, "trained on": ", ".join(trained_on), "seed": str(SEED),
                "trees": str(args.trees), "max depth": str(args.max_depth),
                "balanced": str(args.balance), f"{HELD_OUT} F1": str(line["learned"]["f1"]),
            }
            from_sklearn(classifier, table.names).save(args.save, card)
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
