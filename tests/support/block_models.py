"""Real `BlockModel`s small enough to read (one leaf, one split), line sequence models of zero
or random weights, and a copy of the bundled config that uses them: each rule of the learned
core's decision can then be seen on its own."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np

from scraper.cleaners import cleaners
from scraper.cleaners.block_features import FeatureSpace
from scraper.cleaners.block_model import BlockModel
from scraper.cleaners.line_sequence import LineSequenceModel
from scraper.config import CleanerConfig, default_config_dir

DILATIONS = (1, 2, 4, 8, 16)  # the shipped model's (training/sequence_model.py)


def feature_names() -> tuple[str, ...]:
    """The block feature columns the bundled rules give."""
    return FeatureSpace(cleaners(CleanerConfig(learned=False))[0].rules.groups).names


def constant(names: tuple[str, ...], logit: float) -> BlockModel:
    """A model of one leaf: every block gets the probability sigmoid(logit)."""
    return BlockModel(
        names=names,
        feature=np.array([0]),
        threshold=np.array([np.inf]),
        child=np.array([0]),
        value=np.array([logit]),
        roots=np.array([0]),
        depth=1,
        baseline=0.0,
    )


def stump(names: tuple[str, ...], column: str, above: float, below: float) -> BlockModel:
    """One split: blocks whose `column` is over 0.5 get sigmoid(above), the rest sigmoid(below)."""
    return BlockModel(
        names=names,
        feature=np.array([names.index(column), 0, 0]),
        threshold=np.array([0.5, np.inf, np.inf]),
        child=np.array([1, 1, 2]),
        value=np.array([0.0, below, above]),
        roots=np.array([0]),
        depth=1,
        baseline=0.0,
    )


def models_config(
    tmp_path: Path, html: BlockModel, voted: BlockModel, text: BlockModel, gate: str = ""
) -> CleanerConfig:
    """A copy of the bundled config (in `tmp_path / "config"`) whose three models are these,
    with the band 0.2–0.8 and the share 0.1, then the `[gate]` lines `gate`."""
    folder = tmp_path / "config"
    shutil.copytree(default_config_dir(), folder, ignore=shutil.ignore_patterns("models"))
    models = folder / "models"
    models.mkdir()
    for name, model in (("html.npz", html), ("voted.npz", voted), ("text.npz", text)):
        model.save(models / name, {"test": "small"})
    (models / "models.toml").write_text(
        '[files]\nhtml = "html.npz"\nhtml_voted = "voted.npz"\ntext = "text.npz"\n\n'
        f"[gate]\nunsure = [0.2, 0.8]\nunsure_share = 0.1\n{gate}",
        encoding="utf-8",
    )
    return CleanerConfig(config_dir=folder, learned=True)


def sequence_model(
    names: tuple[str, ...], logit: float, width: int = 4, seed: int | None = None
) -> LineSequenceModel:
    """A line sequence model over `names` with `width` channels: zero weights, so that every
    line gets sigmoid(`logit`), or with `seed`, random weights that make each line's
    probability depend on its neighbours' rows."""
    rng = np.random.default_rng(seed)
    features, layers = len(names), len(DILATIONS)

    def weights(*shape: int) -> np.ndarray:
        if seed is None:
            return np.zeros(shape, np.float32)
        return rng.normal(0.0, 0.2, shape).astype(np.float32)

    return LineSequenceModel(
        names=names,
        mean=weights(features),
        scale=np.ones(features, np.float32) + np.abs(weights(features)),
        input_weight=weights(features, width),
        input_bias=weights(width),
        dilations=DILATIONS,
        convolutions=weights(layers, 3, width, width),
        convolution_biases=weights(layers, width),
        page_weight=weights(2 * width, width),
        page_bias=weights(width),
        output=weights(2 * width),
        output_bias=logit,
    )
