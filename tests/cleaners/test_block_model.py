"""The numpy scorer of the block model walks its trees as the trees say."""

from __future__ import annotations

import math
import zipfile
from pathlib import Path

import numpy as np

from scraper.cleaners.block_model import FIXED_DATE, BlockModel


def two_trees() -> BlockModel:
    """Tree one splits on column 0 at 0.5 (left leaf -1, right leaf +1); tree two is a
    single leaf of 0.5; the baseline is 0.25."""
    return BlockModel(
        names=("a", "b"),
        feature=np.array([0, 0, 0, 0]),
        threshold=np.array([0.5, np.inf, np.inf, np.inf]),
        child=np.array([1, 1, 2, 3]),
        value=np.array([0.0, -1.0, 1.0, 0.5]),
        roots=np.array([0, 3]),
        depth=1,
        baseline=0.25,
    )


def sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def test_each_row_takes_its_own_path_and_the_leaves_add_up() -> None:
    rows = np.array([[0.2, 9.0], [0.5, 9.0], [0.9, -9.0]], dtype=np.float32)
    found = two_trees().probabilities(rows)
    expected = [sigmoid(0.25 - 1 + 0.5), sigmoid(0.25 - 1 + 0.5), sigmoid(0.25 + 1 + 0.5)]
    assert np.allclose(found, expected)


def test_a_walk_longer_than_a_tree_stays_on_its_leaf() -> None:
    deeper = BlockModel(**{**_fields(two_trees()), "depth": 5})
    rows = np.array([[0.2, 0.0], [0.9, 0.0]], dtype=np.float32)
    assert np.allclose(deeper.probabilities(rows), two_trees().probabilities(rows))


def test_no_rows_no_probabilities() -> None:
    assert two_trees().probabilities(np.zeros((0, 2), np.float32)).shape == (0,)


def test_a_saved_model_loads_to_the_same_scores(tmp_path: Path) -> None:
    path = tmp_path / "model.npz"
    two_trees().save(path, {"trained on": "nothing: a hand-made test model"})
    rows = np.array([[0.1, 0.0], [0.7, 0.0]], dtype=np.float32)
    loaded = BlockModel.load(path)
    assert loaded.names == ("a", "b") and loaded.depth == 1
    assert np.allclose(loaded.probabilities(rows), two_trees().probabilities(rows))


def test_a_model_saved_twice_is_the_same_file(tmp_path: Path) -> None:
    """`make train` run again writes the shipped files byte for byte: no clock in them."""
    first, second = tmp_path / "first.npz", tmp_path / "second.npz"
    for path in (first, second):
        two_trees().save(path, {"trained on": "nothing"})
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as archive:
        assert {info.date_time for info in archive.infolist()} == {FIXED_DATE}
        assert "card.npy" in archive.namelist()


def _fields(model: BlockModel) -> dict[str, object]:
    return {name: getattr(model, name) for name in BlockModel.__slots__}


def test_a_page_longer_than_a_chunk_scores_as_its_rows_alone() -> None:
    from scraper.cleaners.block_model import CHUNK

    rows = np.tile(np.array([[0.2, 0.0], [0.9, 0.0]], dtype=np.float32), (CHUNK, 1))
    found = two_trees().probabilities(rows)
    assert found.shape == (2 * CHUNK,)
    assert np.allclose(found[0::2], sigmoid(0.25 - 1 + 0.5))
    assert np.allclose(found[1::2], sigmoid(0.25 + 1 + 0.5))
