"""The text trees' second model with the sequence model's probability as more columns,
leave-one-dataset-out: whether what the sequence model reads in a page's order adds to the
trees once the rule hits and the hand-set label keep the weight they have there.

The eleventh round found the sequence model better than the trees on unseen renderings but
failing 42 of 145 text fixtures when it decided alone: a paraphrased prompt the rules name
reads like prose to it. Here it is one more input of the shipped second model
(`text_context.second_stage`'s `extra` columns), nested like the first model's
probabilities: each training dataset gets the probabilities of a sequence model fitted on
the other training datasets, the held-out dataset those of one fitted on all of them. A
sequence fit is kept in OUT as the product's model file (`sequence_model.SequenceFits`). This
is what `make train` ships since the thirteenth round; the twelfth round's figures with the
GRU model instead (`--gru`) were taken at ab4084d.

Scored like `text_sequence.py`: the trees' second model alone (cut 0.5) and with the shipped
split decision (and with the run taken from the first model's probabilities, as shipped before
the twelfth round, or with the run band's low edge at 0.5), the same with the sequence
columns, and the sequence model's own probabilities under the split decision.

Usage: `python training/text_stacked.py out/train DATASET_DIR OUT [--context]` (needs torch:
`pip install .[train]`).
"""

from __future__ import annotations

import argparse
import sys
from functools import partial
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lodo import Table, page_scores  # noqa: E402
from sequence_model import SequenceFits  # noqa: E402
from text_context import Fits, context, decide_rows, report, second_stage, summary_line  # noqa: E402
from text_context import stacked as tree_rows  # noqa: E402
from text_sequence import split  # noqa: E402

from scraper.cleaners.text_context import NAMES as CONTEXT_NAMES  # noqa: E402
from scraper.eval.data import load_truth  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("table", type=Path)
    parser.add_argument("dataset", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--epochs", type=int, default=6)
    parser.add_argument("--trees", type=int, default=100)
    parser.add_argument("--max-depth", type=int, default=8)
    parser.add_argument(
        "--context", action="store_true", help="the sequence probabilities' context columns too"
    )
    parser.add_argument("--only", action="append", default=[])
    args = parser.parse_args()
    table = Table.load(args.table, "text")
    truth = load_truth(args.dataset)
    sequence = SequenceFits(table, args.out, args.epochs)
    trees = Fits(table, args.out / "trees", args.trees, args.max_depth)
    hand, fixed = table.hand_set()
    width = 1 + (len(CONTEXT_NAMES) if args.context else 0)

    def columns(rows: np.ndarray, p: np.ndarray) -> np.ndarray:
        """The sequence columns of `rows` given the sequence model's probabilities `p`."""
        parts = [p[:, None], *([context(table, rows, p)] if args.context else [])]
        return np.hstack(parts).astype(np.float32)

    def extra(on: frozenset[str], rows: np.ndarray) -> np.ndarray:
        return columns(rows, sequence.probabilities(on, rows))

    scored = {}
    for held in args.only or sorted(set(table.datasets.tolist())):
        train = sequence.tuning - {held}
        rows = np.flatnonzero(sequence.row_dataset == held)
        first = trees.probabilities(train, rows)
        second_rows = tree_rows(table, rows, first)
        plain = trees.second(train).predict_proba(second_rows)[:, 1]
        stacked = trees.cached(
            "stage2-sequence-conv-npz" + ("-context" if args.context else ""),
            train,
            partial(
                second_stage, table, train, args.trees, args.max_depth, trees.fitted, extra, width
            ),
        )
        own = sequence.probabilities(train, rows)
        with_sequence = stacked.predict_proba(np.hstack([second_rows, columns(rows, own)]))[:, 1]
        variants = {
            "hand": hand[rows],
            "trees alone": decide_rows(plain, (0.5, 0.5), rows, hand, fixed),
            "trees split, first model's run": split(table, rows, plain, hand, fixed, run_p=first),
            "trees split": split(table, rows, plain, hand, fixed),
            "trees split 0.5": split(table, rows, plain, hand, fixed, 0.5),
            "stacked alone": decide_rows(with_sequence, (0.5, 0.5), rows, hand, fixed),
            "stacked split": split(table, rows, with_sequence, hand, fixed),
            "stacked split 0.5": split(table, rows, with_sequence, hand, fixed, 0.5),
            "sequence split": split(table, rows, own, hand, fixed),
        }
        scored[held] = {
            name: page_scores(table.chosen(rows, keep), truth) for name, keep in variants.items()
        }
        print(held, summary_line(scored[held]), file=sys.stderr, flush=True)
    report(scored)


if __name__ == "__main__":
    main()
