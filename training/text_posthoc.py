"""Ways of deciding text lines from the two text models' probabilities, measured on the folds
`training/text_context.py` fitted (its cached models in OUT): thresholds, bands, and a
contiguity step (kept lines far from the page's main kept run dropped), and the band split at
the first model's likeliest run (`learned.py`'s `text_run_unsure`, `text_run_reach`). The
figures of BENCHMARKS.md's text-core section come from it and from `text_context.py`.

Usage: `python training/text_posthoc.py out/train DATASET_DIR OUT [--only D]`, then
`python training/text_posthoc.py out/train DATASET_DIR OUT --summary` for the table over every
fold scored (each fold's scores are kept in `OUT/posthoc-<fold>.pkl`).
"""

from __future__ import annotations

import argparse
import pickle
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lodo import HELD_OUT, Table, page_chunks, page_scores  # noqa: E402
from text_context import decide_rows, stacked, summary_line  # noqa: E402

from scraper.cleaners.text_context import IN_RUN  # noqa: E402
from scraper.cleaners.text_context import NAMES as CONTEXT_NAMES  # noqa: E402
from scraper.eval.data import load_truth  # noqa: E402
from scraper.eval.scoring import PageScore, corpus_score, snippet_score  # noqa: E402


def near_run(in_run: np.ndarray, pages: np.ndarray, reach: int) -> np.ndarray:
    """`in_run` grown by `reach` lines either way within each page (`learned._grown`)."""
    grown: np.ndarray = in_run.copy()
    for step in range(1, reach + 1):
        grown[step:] |= in_run[:-step] & (pages[step:] == pages[:-step])
        grown[:-step] |= in_run[step:] & (pages[:-step] == pages[step:])
    return grown


def main_run(keep: np.ndarray, pages: np.ndarray, words: np.ndarray, gap: int) -> np.ndarray:
    """`keep` with every kept line outside the page's main run dropped: runs of kept lines
    joined across at most `gap` removed lines; the run with most kept words stays."""
    out: np.ndarray = keep.copy()
    for chunk in page_chunks(pages):
        kept = np.flatnonzero(keep[chunk])
        if not len(kept):
            continue
        breaks = np.flatnonzero(np.diff(kept) > gap + 1) + 1
        runs = np.split(kept, breaks)
        best = max(runs, key=lambda run: float(words[chunk][run].sum()))
        drop = np.ones(len(chunk), bool)
        drop[best[0] : best[-1] + 1] = False
        out[chunk[drop]] = False
    return out


def summary(out: Path) -> None:
    """Per way of deciding: pooled F1 over the full-text tuning datasets and over all
    full-text ones (l3s-gn1 too), the worst loss against the hand-set choice, each fold."""
    scored = {}
    for path in sorted(out.glob("posthoc-*.pkl")):
        with path.open("rb") as handle:
            scored[path.stem.removeprefix("posthoc-")] = pickle.load(handle)
    first = next(iter(scored.values()))
    f1: dict[str, dict[str, float]] = {}
    for name in first:
        tuning: list[PageScore] = []
        pooled: list[PageScore] = []
        cells = f1[name] = {}
        for held, variants in scored.items():
            pages, snippets = variants[name]
            if pages:
                cells[held] = corpus_score(pages).f1 or 0.0
                pooled.extend(pages)
                tuning.extend(pages if held != HELD_OUT else [])
            else:
                cells[held] = float(snippet_score(snippets)["f1"])
        worst = min(cells[held] - f1["hand"][held] for held in cells)
        both = corpus_score(pooled)
        print(
            f"{name:22} tuning {corpus_score(tuning).f1:.4f} all {both.f1:.4f}"
            f" (P {both.precision:.3f}) worst {worst:+.4f} | "
            + " ".join(f"{held} {value:.4f}" for held, value in cells.items())
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("table", type=Path)
    parser.add_argument("dataset", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--only", action="append", default=[])
    parser.add_argument("--summary", action="store_true")
    args = parser.parse_args()
    if args.summary:
        summary(args.out)
        return
    table = Table.load(args.table, "text")
    truth = load_truth(args.dataset)
    names = list(table.names)
    hand, fixed = table.hand_set()
    words = np.expm1(table.X[:, names.index("log_words")])
    row_dataset = table.datasets[table.page]
    datasets = sorted(set(table.datasets.tolist()))
    tuning = [d for d in datasets if d != HELD_OUT]
    for held in args.only or datasets:
        train = "+".join(sorted(d for d in tuning if d != held))
        with (args.out / f"stage1-{train}-100-8.pkl").open("rb") as handle:
            first = pickle.load(handle)
        with (args.out / f"stage2-{train}-100-8.pkl").open("rb") as handle:
            second = pickle.load(handle)
        rows = np.flatnonzero(row_dataset == held)
        p1 = first.predict_proba(table.X[rows])[:, 1]
        second_rows = stacked(table, rows, p1)
        p2 = second.predict_proba(second_rows)[:, 1]
        in_run = second_rows[:, len(names) + CONTEXT_NAMES.index(IN_RUN)] > 0.5
        variants = {"hand": hand[rows]}
        for low in (0.2, 0.3, 0.4, 0.5, 0.6):
            for high in (0.5, 0.6, 0.7, 0.8):
                if low <= high:
                    keep = decide_rows(p2, (low, high), rows, hand, fixed)
                    variants[f"second {low}-{high}"] = keep
            variants[f"first {low}-0.8"] = decide_rows(p1, (low, 0.8), rows, hand, fixed)
        for low in (0.5, 0.6):
            for reach in (0, 1, 2):
                grown = near_run(in_run, table.page[rows], reach)
                inside = decide_rows(p2, (0.2, 0.8), rows, hand, fixed)
                outside = decide_rows(p2, (low, 0.8), rows, hand, fixed)
                name = f"second {low}-0.8 outside the run+{reach}, 0.2-0.8 in"
                variants[name] = np.where(grown, inside, outside)
        for gap in (3, 10):
            variants[f"hand run {gap}"] = main_run(hand[rows], table.page[rows], words[rows], gap)
        scored = {
            name: page_scores(table.chosen(rows, keep), truth) for name, keep in variants.items()
        }
        print(held, summary_line(scored).replace(" | ", "\n  "), file=sys.stderr, flush=True)
        with (args.out / f"posthoc-{held}.pkl").open("wb") as handle:
            pickle.dump(scored, handle)


if __name__ == "__main__":
    main()
