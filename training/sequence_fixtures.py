"""The sequence text model of `training/text_sequence.py --no-gru` where the product would run
it: scored in NumPy (`LineSequenceModel`, as the product scores it) and put in place of the
two text tree models on every fixture case, as the learned core runs them.

A held-out figure on the evaluation renderings says how the model does on their kind of page;
the fixtures are the other unseen pages the product answers for (modern text dumps, chrome
phrased in new ways, the headline that goes to the title and not the body). Here the model's
probabilities decide each text line as the shipped second model's do
(`BlockModels.decide_text`: `text_run_unsure` in the likeliest run, `text_unsure` outside it,
the hand-set label where the model is unsure or the label is fixed), and every text fixture
case is checked. Also reported: the NumPy scorer's largest difference from PyTorch's on the
table's pages, and its cost a page (median of `--rounds` over every 5th page of the table, with
the range).

Usage: `python training/sequence_fixtures.py OUT/sequence-conv-model.pt out/train`.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import torch

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lodo import Table  # noqa: E402
from sequence_model import Fitted, LineSequence, standardised  # noqa: E402

from scraper.cleaners import learned  # noqa: E402
from scraper.cleaners.block_features import word_counts  # noqa: E402
from scraper.cleaners.line_sequence import LineSequenceModel  # noqa: E402
from scraper.config import CleanerConfig  # noqa: E402
from scraper.fixtures.cases import check, load_cases  # noqa: E402


def sequence_text_lines(model: LineSequenceModel) -> Any:
    """`BlockModels.text_lines` with the sequence model's probabilities in place of the two
    tree models'."""

    def text_lines(
        self: learned.BlockModels,
        blocks: Sequence[Any],
        stats: Sequence[Any],
        evidence: Any,
        labels: Sequence[Any],
    ) -> tuple[np.ndarray, list[Any]]:
        rows = self.space.matrix(blocks, stats, evidence, labels)
        p = model.probabilities(rows)
        return p, self.decide_text(labels, p, word_counts(stats))

    return text_lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("model", type=Path)
    parser.add_argument("table", type=Path)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    saved = torch.load(args.model, weights_only=False)
    if saved["recurrent"] or saved["words"]:
        raise SystemExit("only the model of `text_sequence.py --no-gru` (no words) is scored here")
    table = Table.load(args.table, "text")
    starts = np.searchsorted(table.page, np.arange(len(table.ids) + 1))
    pages = [p for p in range(0, len(table.ids), 5) if starts[p + 1] > starts[p]]
    reference = LineSequence(table.X.shape[1], False, False)
    reference.load_state_dict(saved["state"])
    reference.eval()
    model = Fitted(reference, saved["mean"], saved["std"]).export(table.names)
    worst = 0.0
    with torch.no_grad():
        for page in pages[:200]:
            rows = table.X[starts[page] : starts[page + 1]]
            x = torch.from_numpy(standardised(rows, saved["mean"], saved["std"]))[None]
            expected = torch.sigmoid(reference(x, torch.ones((1, len(rows), 1)), None))[0]
            worst = max(worst, float(np.abs(model.probabilities(rows) - expected.numpy()).max()))
    print(f"NumPy against PyTorch on 200 pages: largest difference {worst:.1e}")
    costs = []
    for _ in range(args.rounds):
        started = time.perf_counter()
        for page in pages:
            model.probabilities(table.X[starts[page] : starts[page + 1]])
        costs.append((time.perf_counter() - started) / len(pages) * 1000)
    print(
        f"scoring: {statistics.median(costs):.2f} ms a page ({min(costs):.2f}-{max(costs):.2f}),"
        f" {len(pages)} pages of {np.mean([starts[p + 1] - starts[p] for p in pages]):.0f} lines"
    )
    learned.BlockModels.text_lines = sequence_text_lines(model)  # type: ignore[method-assign]
    config = CleanerConfig(learned=True)
    cases = [case for case in load_cases(ROOT / "fixtures") if case.page_path.suffix == ".txt"]
    failing = [case.name for case in cases if check(case.expected(), case.run(config))]
    print(f"text fixtures failing under the sequence model: {len(failing)} of {len(cases)}")
    for name in failing:
        print(f"  {name}")


if __name__ == "__main__":
    main()
