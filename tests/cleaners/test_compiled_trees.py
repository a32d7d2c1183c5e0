"""The compiled tree walk (`_trees.pyx`) gives the numpy walk's probabilities to the last bit,
on the shipped models and on rows built to reach its corners (a leaf reached early, NaN and
infinite values, a number of rows that is not a multiple of its four lanes, rows that are
not contiguous). Where the package was installed without it, these tests say so and skip."""

from __future__ import annotations

import numpy as np
import pytest

from scraper.cleaners import block_model, cleaners
from scraper.cleaners.block_model import BlockModel
from scraper.cleaners.learned import BlockModels
from scraper.config import CleanerConfig

needs_compiled = pytest.mark.skipif(
    block_model.COMPILED_TREES is None, reason="the package was installed without _trees"
)


def both_ways(model: BlockModel, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    compiled = model.probabilities(rows)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(block_model, "COMPILED_TREES", None)
        reference = model.probabilities(rows)
    return compiled, reference


def shipped_models() -> list[BlockModel]:
    models = cleaners(CleanerConfig(learned=True))[0].models
    assert isinstance(models, BlockModels)
    found = [models.html, models.html_voted, models.text, models.text_context]
    return [model for model in found if model is not None]


def corner_rows(width: int, count: int, dtype: type, seed: int) -> np.ndarray:
    """Values around the features' usual ranges, with NaN, ±inf and exact zeros mixed in."""
    rng = np.random.default_rng(seed)
    rows = rng.normal(0.0, 2.0, (count, width)) * rng.choice([0.0, 1.0, 100.0], (count, width))
    specials = rng.choice([np.nan, np.inf, -np.inf], (count, width))
    rows = np.where(rng.random((count, width)) < 0.05, specials, rows)
    return rows.astype(dtype)


@needs_compiled
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_the_shipped_models_score_the_same_both_ways(dtype: type) -> None:
    for seed, model in enumerate(shipped_models()):
        for count in (1, 3, 4, 5, 9, 130):
            rows = corner_rows(len(model.names), count, dtype, seed * 100 + count)
            compiled, reference = both_ways(model, rows)
            assert np.array_equal(compiled, reference)


@needs_compiled
def test_rows_that_are_not_contiguous_score_as_their_copy() -> None:
    model = shipped_models()[0]
    wide = corner_rows(2 * len(model.names), 21, np.float32, 7)
    strided = wide[::2, ::2]
    compiled, reference = both_ways(model, strided)
    assert np.array_equal(compiled, reference)
    assert np.array_equal(compiled, model.probabilities(np.ascontiguousarray(strided)))


@needs_compiled
def test_a_walk_that_reaches_a_leaf_early_stays_there() -> None:
    """Tree one is a stump under a depth of 4; tree two a lone leaf."""
    model = BlockModel(
        names=("a", "b"),
        feature=np.array([1, 0, 0, 0]),
        threshold=np.array([0.0, np.inf, np.inf, np.inf]),
        child=np.array([1, 1, 2, 3]),
        value=np.array([0.0, -2.0, 3.0, 0.5]),
        roots=np.array([0, 3]),
        depth=4,
        baseline=-0.25,
    )
    rows = np.array([[9.0, -1.0], [9.0, 1.0], [0.0, np.nan], [0.0, 0.0], [1.0, np.inf]])
    compiled, reference = both_ways(model, rows)
    assert np.array_equal(compiled, reference)
    logits = np.log(compiled / (1 - compiled))
    assert np.allclose(logits, [-1.75, 3.25, -1.75, -1.75, 3.25])


@needs_compiled
def test_a_model_of_no_trees_gives_its_baseline_both_ways() -> None:
    model = BlockModel(
        names=("a",), feature=np.zeros(0, np.int64), threshold=np.zeros(0),
        child=np.zeros(0, np.int64), value=np.zeros(0), roots=np.zeros(0, np.int64),
        depth=3, baseline=0.5,
    )  # fmt: skip
    compiled, reference = both_ways(model, np.zeros((6, 1), np.float32))
    assert np.array_equal(compiled, reference)
    assert np.allclose(compiled, 1 / (1 + np.exp(-0.5)))


def test_a_model_whose_indexes_leave_its_arrays_is_refused() -> None:
    """Checked when the model is made, so neither walk reads past an array."""
    fields = {
        "names": ("a",),
        "feature": np.array([0, 0, 0]),
        "threshold": np.array([0.5, np.inf, np.inf]),
        "child": np.array([1, 1, 2]),
        "value": np.array([0.0, 1.0, 2.0]),
        "roots": np.array([0]),
        "depth": 1,
        "baseline": 0.0,
    }
    BlockModel(**fields)  # type: ignore[arg-type]
    for name, bad in (
        ("feature", np.array([1, 0, 0])),  # a column the model does not name
        ("child", np.array([2, 1, 2])),  # a right child past the last node
        ("child", np.array([-1, 1, 2])),
        ("threshold", np.array([0.5, np.inf, 0.5])),  # the last node splits off the end
        ("roots", np.array([3])),
        ("value", np.array([0.0, 1.0])),
    ):
        with pytest.raises(ValueError):
            BlockModel(**{**fields, name: bad})  # type: ignore[arg-type]
