"""A fitted scikit-learn `HistGradientBoostingClassifier` as a numpy `BlockModel`, and a
fitted PyTorch line sequence model as a numpy `LineSequenceModel`.

Only binary models over numeric features are exported (no categorical splits): the block
features are all numbers, and never missing, so a node's missing-value direction is not
kept. Nodes are renumbered breadth first so that each inner node's children sit side by
side, which is what the scorer's walk relies on.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scraper.cleaners.block_model import BlockModel  # noqa: E402
from scraper.cleaners.line_sequence import LineSequenceModel  # noqa: E402


def from_sklearn(classifier: Any, names: tuple[str, ...]) -> BlockModel:
    features, thresholds, children, values, roots = [], [], [], [], []
    start, depth = 0, 0
    for predictors in classifier._predictors:
        nodes = predictors[0].nodes
        if nodes["is_categorical"].any():
            raise ValueError("categorical splits cannot be exported")
        order, number = [0], {0: 0}
        for old in order:  # grows while it is read: breadth first
            if not nodes["is_leaf"][old]:
                for kid in (int(nodes["left"][old]), int(nodes["right"][old])):
                    number[kid] = len(order)
                    order.append(kid)
        feature = np.zeros(len(order), np.int64)
        threshold = np.full(len(order), np.inf)
        child = np.arange(len(order), dtype=np.int64)
        value = np.zeros(len(order))
        for old in order:
            new = number[old]
            if nodes["is_leaf"][old]:
                value[new] = nodes["value"][old]
            else:
                feature[new] = nodes["feature_idx"][old]
                threshold[new] = nodes["num_threshold"][old]
                child[new] = number[int(nodes["left"][old])]
        features.append(feature)
        thresholds.append(threshold)
        children.append(child + start)
        values.append(value)
        roots.append(start)
        start += len(order)
        depth = max(depth, int(nodes["depth"].max()))
    return BlockModel(
        names,
        np.concatenate(features),
        np.concatenate(thresholds),
        np.concatenate(children),
        np.concatenate(values),
        np.asarray(roots, np.int64),
        depth,
        float(np.ravel(classifier._baseline_prediction)[0]),
    )


def from_torch(
    state: dict[str, np.ndarray], mean: np.ndarray, std: np.ndarray, names: tuple[str, ...],
    dilations: tuple[int, ...],
) -> LineSequenceModel:
    """The convolutional `sequence_model.LineSequence` (without the GRU and the words) from its
    state dict, as numpy arrays: a tap k of a layer of dilation d reads the line (k - 1) × d
    away, so its weight is `weight[:, :, k]` turned to (in, out)."""
    f32 = {key: np.asarray(value, np.float32) for key, value in state.items()}
    layers = range(len(dilations))
    return LineSequenceModel(
        names=names,
        mean=np.asarray(mean, np.float32),
        scale=np.asarray(std, np.float32),
        input_weight=f32["inp.weight"].T.copy(),
        input_bias=f32["inp.bias"],
        dilations=dilations,
        convolutions=np.stack(
            [np.stack([f32[f"convs.{i}.weight"][:, :, k].T for k in range(3)]) for i in layers]
        ),
        convolution_biases=np.stack([f32[f"convs.{i}.bias"] for i in layers]),
        page_weight=f32["page.weight"].T.copy(),
        page_bias=f32["page.bias"],
        output=f32["out.weight"][0].copy(),
        output_bias=float(f32["out.bias"][0]),
    )
