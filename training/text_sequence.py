"""A model that reads a rendering's lines as a sequence, leave-one-dataset-out: whether a
different kind of model than the shipped trees reaches the text target on unseen pages.

The tenth round found the trees' ceiling under the target even in sample (0.892) and named
the kinds of model left: one that reads a page's lines as a sequence, or the words at scale.
This is both, small: each line's table features (standardised on the training rows) and,
with `--words`, a learned embedding of its hashed word uni- and bigrams (the bag the words
view used), go through dilated convolutions over the neighbouring lines (reach ±31 lines)
and a bidirectional GRU over the whole page, to one logit a line. It is fitted with PyTorch
(CPU) on the labelled lines of every dataset but the held-out one and l3s-gn1, each dataset
weighing the same and each page the same within it, for a fixed number of epochs chosen
before any fold was scored; l3s-gn1's fold is the one that would ship.

Scored like `scraper eval` (`text_context.report`): the model alone (cut 0.5), and the
hand-set label deciding inside the 0.2-0.8 band (`decide_rows`). The held-out probabilities
are kept in OUT/sequence*-DATASET.npy (a fold found there is not fitted again).

The network and its fitting are in `sequence_model.py`. The convolutional model without the
words (`--no-gru`) is the one `make train` ships, as a column of the second text tree model
(`text_stacked.py` measures that).

Usage: `python training/text_sequence.py out/train DATASET_DIR OUT [--words] [--epochs 6]
[--only D]` (needs torch: `pip install .[train]`).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lodo import HELD_OUT, Table, page_chunks, page_scores, page_weights  # noqa: E402
from pipeline_lodo import TEXT_RUN_REACH, TEXT_RUN_UNSURE, TEXT_UNSURE  # noqa: E402
from sequence_model import EPOCHS, Pages, fit_on  # noqa: E402
from text_context import decide_rows, report, summary_line  # noqa: E402
from text_posthoc import near_run  # noqa: E402

from scraper.cleaners.text_context import likeliest_run  # noqa: E402
from scraper.eval.data import load_truth  # noqa: E402


def split(
    table: Table, rows: np.ndarray, p: np.ndarray, hand: np.ndarray, fixed: np.ndarray,
    low: float = TEXT_RUN_UNSURE[0], run_p: np.ndarray | None = None,
) -> np.ndarray:
    """The shipped text decision over `p`: in the run of the page's likeliest words by `p`
    (by `run_p` if given: before the twelfth round the first model's) and `TEXT_RUN_REACH`
    lines either side, the hand-set label stands in `low`-0.8 (0.2 ships), outside it in
    0.6-0.8. (The product's reach also passes over lines a veto rule removed; the table does
    not say which rule removed a line, so here every line counts.)"""
    words = np.expm1(table.X[rows, table.names.index("log_words")])
    pages = table.page[rows]
    likeliest = np.zeros(len(rows), bool)
    for at in page_chunks(pages):
        first, last = likeliest_run((p if run_p is None else run_p)[at], words[at])
        likeliest[at[first : last + 1]] = True
    in_run = near_run(likeliest, pages, TEXT_RUN_REACH)
    inside = decide_rows(p, (low, TEXT_RUN_UNSURE[1]), rows, hand, fixed)
    outside = decide_rows(p, TEXT_UNSURE, rows, hand, fixed)
    keep: np.ndarray = np.where(in_run, inside, outside)
    return keep


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("table", type=Path)
    parser.add_argument("dataset", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--words", action="store_true")
    parser.add_argument("--epochs", type=int, default=EPOCHS)
    parser.add_argument(
        "--no-gru", action="store_true", help="page means and maxima instead of the GRU"
    )
    parser.add_argument("--only", action="append", default=[])
    args = parser.parse_args()
    table = Table.load(args.table, "text")
    truth = load_truth(args.dataset)
    data = Pages(table, args.words)
    words = np.expm1(table.X[:, table.names.index("log_words")])
    weights = page_weights(table.y, table.page, words)
    row_dataset = table.datasets[table.page]
    hand, fixed = table.hand_set()
    datasets = sorted(set(table.datasets.tolist()))
    name = "sequence" + ("-words" if args.words else "") + ("-conv" if args.no_gru else "")
    args.out.mkdir(parents=True, exist_ok=True)
    scored = {}
    for held in args.only or datasets:
        rows = np.flatnonzero(row_dataset == held)
        cached = args.out / f"{name}-{held}.npy"
        if cached.exists():
            p = np.load(cached)
        else:
            on = frozenset(datasets) - {held, HELD_OUT}
            print(held, "fitting", file=sys.stderr, flush=True)
            fitted = fit_on(data, on, weights, args.epochs, args.words, not args.no_gru)
            p = fitted.probabilities(data, rows)
            np.save(cached, p)
            if held == HELD_OUT:  # fitted on the five tuning datasets: the one that would ship
                fitted.save(args.out / f"{name}-model.pt")
        scored[held] = {
            "hand": page_scores(table.chosen(rows, hand[rows]), truth),
            "sequence alone": page_scores(table.chosen(rows, p >= 0.5), truth),
            "sequence 0.2-0.8": page_scores(
                table.chosen(rows, decide_rows(p, (0.2, 0.8), rows, hand, fixed)), truth
            ),
            "sequence split": page_scores(
                table.chosen(rows, split(table, rows, p, hand, fixed)), truth
            ),
        }
        print(held, summary_line(scored[held]), file=sys.stderr, flush=True)
    report(scored)


if __name__ == "__main__":
    main()
