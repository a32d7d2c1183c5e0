"""The sequence text model of `training/text_sequence.py --no-gru` where the product would run
it: scored in NumPy (what a shipped model would cost a page) and put in place of the two text
tree models on every fixture case, as the learned core runs them.

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
from text_sequence import DILATIONS, LineSequence, standardised  # noqa: E402

from scraper.cleaners import learned  # noqa: E402
from scraper.cleaners.block_features import word_counts  # noqa: E402
from scraper.config import CleanerConfig  # noqa: E402
from scraper.fixtures.cases import check, load_cases  # noqa: E402


class ConvLines:
    """The convolutional sequence model in NumPy: one matrix product a layer, no loop over
    lines."""

    def __init__(self, saved: dict[str, Any]) -> None:
        state = {key: value.numpy().astype(np.float32) for key, value in saved["state"].items()}
        self.mean, self.std = saved["mean"], saved["std"]
        self.inp = state["inp.weight"].T.copy(), state["inp.bias"]
        self.convs = [
            (d, np.concatenate([state[f"convs.{i}.weight"][:, :, k].T for k in range(3)]),
             state[f"convs.{i}.bias"])
            for i, d in enumerate(DILATIONS)
        ]  # fmt: skip
        self.page = state["page.weight"].T.copy(), state["page.bias"]
        self.out = state["out.weight"][0], float(state["out.bias"][0])

    def __call__(self, rows: np.ndarray) -> np.ndarray:
        n = len(rows)
        h = np.maximum(standardised(rows, self.mean, self.std) @ self.inp[0] + self.inp[1], 0)
        width = h.shape[1]
        for d, weight, bias in self.convs:
            padded = np.zeros((n + 2 * d, width), np.float32)
            padded[d : d + n] = h
            taps = np.hstack([padded[:n], padded[d : d + n], padded[2 * d :]])
            h = h + np.maximum(taps @ weight + bias, 0)
        pooled = np.concatenate([h.mean(0), h.max(0)])
        g = np.maximum(pooled @ self.page[0] + self.page[1], 0)
        logit = h @ self.out[0][:width] + g @ self.out[0][width:] + self.out[1]
        p: np.ndarray = 1.0 / (1.0 + np.exp(-np.clip(logit, -30, 30)))
        return p


def sequence_text_lines(model: ConvLines) -> Any:
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
        p = model(rows) if len(rows) else np.zeros(0)
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
    model = ConvLines(saved)
    table = Table.load(args.table, "text")
    starts = np.searchsorted(table.page, np.arange(len(table.ids) + 1))
    pages = [p for p in range(0, len(table.ids), 5) if starts[p + 1] > starts[p]]
    reference = LineSequence(table.X.shape[1], False, False)
    reference.load_state_dict(saved["state"])
    reference.eval()
    worst = 0.0
    with torch.no_grad():
        for page in pages[:200]:
            rows = table.X[starts[page] : starts[page + 1]]
            x = torch.from_numpy(standardised(rows, saved["mean"], saved["std"]))[None]
            expected = torch.sigmoid(reference(x, torch.ones((1, len(rows), 1)), None))[0]
            worst = max(worst, float(np.abs(model(rows) - expected.numpy()).max()))
    print(f"NumPy against PyTorch on 200 pages: largest difference {worst:.1e}")
    costs = []
    for _ in range(args.rounds):
        started = time.perf_counter()
        for page in pages:
            model(table.X[starts[page] : starts[page + 1]])
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
