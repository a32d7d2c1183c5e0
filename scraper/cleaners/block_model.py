"""A gradient-boosted tree model over block feature rows, scored with numpy alone.

Training needs scikit-learn (`training/`); scoring must not: the model is a handful of flat
arrays written to one `.npz` file. Nodes of all trees are numbered in one sequence, each
inner node's children side by side (`child` is the left one, the right one follows), so a
step of the walk is four `take`s and a comparison for every tree and block at once: a page
costs `depth` vectorised steps whatever the number of trees. A leaf is its own child and
its threshold is infinite, so a walk that reaches a leaf early stays there. Measured on the
evaluation pages (127 blocks a page at the median): 100 trees of depth 8 score a page in
0.5 ms, 300 unbounded ones (depth 19) in 3.5 ms; 2-D fancy indexing took 4–5 times longer.
Where the package was built with a C compiler, `_trees.pyx` walks the same arrays a row and
a tree at a time without the per-step arrays, for the same probabilities (`COMPILED_TREES`).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
import numpy.typing as npt

from scraper.compiled import compiled

Rows = npt.NDArray[np.float32]
Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]
CHUNK = 4096
_ARRAY_TYPES = {
    "feature": np.int64, "threshold": np.float64, "child": np.int64, "value": np.float64,
    "roots": np.int64,
}  # fmt: skip
_REALS = (np.float32, np.float64)
FIXED_DATE = (1980, 1, 1, 0, 0, 0)  # the earliest a zip member can carry


@dataclass(frozen=True, slots=True)
class BlockModel:
    """A row goes to the right child where its value is above the node's threshold."""

    names: tuple[str, ...]
    feature: Ints
    threshold: Floats
    child: Ints
    value: Floats
    roots: Ints
    depth: int
    baseline: float

    def __post_init__(self) -> None:
        """The arrays in the types and bounds the walk reads them with: a model file is
        data, and a node or column out of range must fail here, not read past an array in
        the compiled walk."""
        for name, dtype in _ARRAY_TYPES.items():
            object.__setattr__(self, name, np.ascontiguousarray(getattr(self, name), dtype))
        nodes = len(self.feature)
        if {len(self.threshold), len(self.child), len(self.value)} != {nodes}:
            raise ValueError("a block model's node arrays differ in length")
        leaf = (self.child == np.arange(nodes)) & (self.threshold == np.inf)
        bounded = (
            (self.feature >= 0) & (self.feature < len(self.names)) & (self.child >= 0)
            & ((self.child + 1 < nodes) | leaf)
        )  # fmt: skip
        if not (bounded.all() and ((self.roots >= 0) & (self.roots < nodes)).all()):
            raise ValueError("a block model's node or column index is out of range")

    @classmethod
    def load(cls, path: Path) -> BlockModel:
        with np.load(path) as data:
            return cls(
                names=tuple(str(name) for name in data["names"]),
                feature=data["feature"].astype(np.int64),
                threshold=data["threshold"].astype(np.float64),
                child=data["child"].astype(np.int64),
                value=data["value"].astype(np.float64),
                roots=data["roots"].astype(np.int64),
                depth=int(data["depth"]),
                baseline=float(data["baseline"]),
            )

    def save(self, path: Path, card: dict[str, str]) -> None:
        """`card`: what the model was trained on, kept in the file beside the arrays. The
        file is numpy's `.npz` (a zip of `.npy` members) written with a fixed member date, so
        that `make train` run twice writes the same bytes (`write_arrays`)."""
        arrays = {
            "names": np.asarray(self.names),
            "feature": self.feature.astype(np.int32),
            "threshold": self.threshold,
            "child": self.child.astype(np.int32),
            "value": self.value,
            "roots": self.roots.astype(np.int32),
            "depth": np.int32(self.depth),
            "baseline": np.float64(self.baseline),
            "card": np.asarray(sorted(f"{key}: {value}" for key, value in card.items())),
        }
        write_arrays(path, arrays)

    def probabilities(self, rows: Rows) -> Floats:
        """The probability that each row's block is article text, `CHUNK` rows at a time:
        the walk holds a few integers per row and tree, 1 GB at once on a page of 250,000
        blocks."""
        if len(rows) <= CHUNK:
            return self._probabilities(rows)
        starts = range(0, len(rows), CHUNK)
        return np.concatenate([self._probabilities(rows[at : at + CHUNK]) for at in starts])

    def _probabilities(self, rows: Rows) -> Floats:
        blocks, width = rows.shape
        if not blocks:
            return np.zeros(0)
        # one row: numpy sums a lone column pairwise, not tree by tree as the walk does
        compiled_ok = blocks > 1 and width >= len(self.names) and rows.dtype in _REALS
        if COMPILED_TREES is not None and compiled_ok:
            sums = np.zeros(blocks)  # a model of no trees adds nothing to its baseline
            COMPILED_TREES(
                np.ascontiguousarray(rows), self.feature, self.threshold, self.child,
                self.value, self.roots, self.depth, sums,
            )  # fmt: skip
            compiled: Floats = 1.0 / (1.0 + np.exp(-(self.baseline + sums)))
            return compiled
        values = rows.astype(np.float64).ravel()
        offsets = np.tile(np.arange(blocks, dtype=np.int64) * width, len(self.roots))
        node = np.repeat(self.roots, blocks)
        for _ in range(self.depth):
            tested = values.take(offsets + self.feature.take(node))
            node = self.child.take(node) + (tested > self.threshold.take(node))
        raw = self.baseline + self.value.take(node).reshape(len(self.roots), blocks).sum(axis=0)
        probabilities: Floats = 1.0 / (1.0 + np.exp(-raw))
        return probabilities


def _trees_module() -> ModuleType:
    import scraper.cleaners._trees as module  # type: ignore[import-not-found]

    return module  # type: ignore[no-any-return]


COMPILED_TREES: Callable[..., Any] | None = compiled(_trees_module, "leaf_sums")


def write_arrays(path: Path, arrays: dict[str, object]) -> None:
    """`arrays` as numpy's `.npz` (a zip of `.npy` members) with a fixed member date, so that
    `make train` run twice writes the same bytes: `np.savez` stamps the time."""
    with zipfile.ZipFile(path, "w") as archive:
        for name, array in arrays.items():
            member = io.BytesIO()
            np.lib.format.write_array(member, np.asanyarray(array), allow_pickle=False)
            info = zipfile.ZipInfo(f"{name}.npy", date_time=FIXED_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, member.getvalue())
