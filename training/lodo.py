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
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scraper.eval.data import load_truth  # noqa: E402
from scraper.eval.scoring import (  # noqa: E402
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


def score(
    chosen: dict[str, list[str]], truth: dict[str, dict[str, Any]]
) -> dict[str, Any]:
    """F1 over full-text pages or snippet figures, as `scraper eval` reports them."""
    pages, snippets = [], []
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
    if pages:
        return corpus_score(pages, bootstrap=200, seed=SEED).as_dict()
    counts: list[SnippetCounts] = snippets
    return snippet_score(counts, bootstrap=200, seed=SEED)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("table", type=Path)
    parser.add_argument("dataset", type=Path)
    parser.add_argument("--mode", choices=("html", "text"), default="html")
    parser.add_argument("--threshold", type=float, default=0.5)
    parser.add_argument(
        "--balance", action="store_true", help="every training dataset weighs the same"
    )
    parser.add_argument("--trees", type=int, default=300)
    parser.add_argument("--max-depth", type=int, default=None)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    data = np.load(args.table / f"{args.mode}.npz")
    X, y, page = data["X"], data["y"].astype(np.int64), data["page"]
    ids, datasets, names = list(data["ids"]), data["datasets"], list(data["names"])
    texts = {}
    with gzip.open(args.table / f"{args.mode}-texts.jsonl.gz", "rt", encoding="utf-8") as handle:
        for line in handle:
            entry = json.loads(line)
            texts[entry["id"]] = entry["texts"]
    truth = load_truth(args.dataset)
    words = np.expm1(X[:, names.index("log_words")])
    weights = page_weights(y, page, words)
    row_dataset = datasets[page]
    kept = X[:, names.index("kept")] > 0.5
    results: dict[str, Any] = {}
    for held in sorted(set(datasets)):
        fit = (row_dataset != held) & (row_dataset != HELD_OUT) & (y >= 0)
        fit_weights = balanced(weights, row_dataset, fit) if args.balance else weights
        started = time.process_time()
        classifier = model(SEED, args.trees, args.max_depth)
        classifier.fit(X[fit], y[fit], sample_weight=fit_weights[fit])
        seconds = time.process_time() - started
        rows = np.flatnonzero(row_dataset == held)
        keep = classifier.predict_proba(X[rows])[:, 1] >= args.threshold
        learned: dict[str, list[str]] = {}
        hand: dict[str, list[str]] = {}
        position = {page_id: 0 for page_id in ids}
        for row, learned_keep, hand_keep in zip(rows, keep, kept[rows], strict=True):
            page_id = ids[page[row]]
            text = texts[page_id][position[page_id]]
            position[page_id] += 1
            learned.setdefault(page_id, [])
            hand.setdefault(page_id, [])
            if learned_keep:
                learned[page_id].append(text)
            if hand_keep:
                hand[page_id].append(text)
        results[held] = {
            "learned": score(learned, truth),
            "hand": score(hand, truth),
            "fit_cpu_seconds": round(seconds, 1),
            "fit_rows": int(fit.sum()),
        }
        line = results[held]
        print(
            f"{args.mode} {held:18} learned F1 {line['learned']['f1']:.3f}"
            f" (P {line['learned']['precision']:.3f})  hand F1 {line['hand']['f1']:.3f}"
            f" (P {line['hand']['precision']:.3f})  fit {seconds:.0f} s",
            file=sys.stderr,
        )
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
