"""The line sequence model scored with numpy: each line reads its neighbours at the
layers' dilations and the page as a whole, and the file it ships in is the same bytes each
time it is written."""

from __future__ import annotations

import math
from dataclasses import replace
from pathlib import Path

import numpy as np

from scraper.cleaners.line_sequence import LineSequenceModel
from tests.support.block_models import sequence_model

NAMES = ("a", "b", "c")


def relu(value: float) -> float:
    return max(value, 0.0)


def by_hand(model: LineSequenceModel, rows: np.ndarray) -> list[float]:
    """The network written out line by line and channel by channel, as its docstring says
    it is: no matrix products and no padding arrays to get wrong the same way."""
    n, width = len(rows), len(model.input_bias)
    x = [
        [min(max((v - m) / s, -8.0), 8.0)
         for v, m, s in zip(row, model.mean, model.scale, strict=True)]
        for row in rows.tolist()
    ]  # fmt: skip
    h = [
        [relu(sum(x[i][f] * model.input_weight[f][c] for f in range(len(NAMES)))
              + model.input_bias[c]) for c in range(width)]
        for i in range(n)
    ]  # fmt: skip
    layers = zip(model.dilations, model.convolutions, model.convolution_biases, strict=True)
    for d, taps, bias in layers:
        nxt = []
        for i in range(n):
            line = []
            for c in range(width):
                total = float(bias[c])
                for k, j in enumerate((i - d, i, i + d)):
                    if 0 <= j < n:
                        total += sum(h[j][f] * taps[k][f][c] for f in range(width))
                line.append(h[i][c] + relu(total))
            nxt.append(line)
        h = nxt
    pooled = [sum(h[i][c] for i in range(n)) / n for c in range(width)]
    pooled += [max(h[i][c] for i in range(n)) for c in range(width)]
    page = [relu(sum(pooled[f] * model.page_weight[f][c] for f in range(2 * width))
                 + model.page_bias[c]) for c in range(width)]  # fmt: skip
    out = []
    for i in range(n):
        logit = model.output_bias + sum(h[i][c] * model.output[c] for c in range(width))
        logit += sum(page[c] * model.output[width + c] for c in range(width))
        out.append(1.0 / (1.0 + math.exp(-logit)))
    return out


def test_the_numpy_scorer_is_the_network_line_by_line() -> None:
    model = sequence_model(NAMES, 0.1, seed=3)
    rows = np.random.default_rng(4).normal(0.0, 2.0, (40, len(NAMES))).astype(np.float32)
    rows[5, 0] = 1e6  # clipped at 8 standard deviations
    expected = by_hand(model, rows)
    np.testing.assert_allclose(model.probabilities(rows), expected, rtol=1e-4, atol=1e-6)
    assert len(set(np.round(expected, 6))) > 30  # lines differ: the weights are not inert


def test_a_line_reads_the_lines_within_reach_and_no_further() -> None:
    """Without the page's channels, changing line 2 moves the lines 31 either side of it
    (1 + 2 + 4 + 8 + 16) and none further; with them, every line. A page of no lines has
    no probabilities."""
    model = sequence_model(NAMES, 0.0, seed=3)
    local = replace(
        model, page_weight=np.zeros_like(model.page_weight),
        page_bias=np.zeros_like(model.page_bias),
    )  # fmt: skip
    rows = np.random.default_rng(6).normal(0.0, 1.0, (60, len(NAMES))).astype(np.float32)
    changed = rows.copy()
    changed[2] += 3.0
    for scored, moved in ((local, list(range(34))), (model, list(range(60)))):
        delta = np.abs(scored.probabilities(changed) - scored.probabilities(rows))
        assert np.flatnonzero(delta > 1e-9).tolist() == moved
    assert model.probabilities(np.zeros((0, len(NAMES)), np.float32)).shape == (0,)


def test_the_model_file_round_trips_and_is_the_same_bytes_each_time(tmp_path: Path) -> None:
    model = sequence_model(NAMES, -0.4, seed=7)
    model.save(tmp_path / "one.npz", {"trained on": "a test"})
    model.save(tmp_path / "two.npz", {"trained on": "a test"})
    assert (tmp_path / "one.npz").read_bytes() == (tmp_path / "two.npz").read_bytes()
    loaded = LineSequenceModel.load(tmp_path / "one.npz")
    assert loaded.names == NAMES and loaded.dilations == model.dilations
    rows = np.random.default_rng(8).normal(0.0, 1.0, (9, len(NAMES))).astype(np.float32)
    np.testing.assert_array_equal(loaded.probabilities(rows), model.probabilities(rows))
