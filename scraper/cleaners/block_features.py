"""Every block as a row of numbers: the input of a learned block model.

The row holds what the hand-set stages already compute (text shape, quality class, rule and
region findings, the densest run of prose, the extractor's vote, the label they settled on)
plus the block's neighbourhood, so a model can learn where those signals are right and
where they are not, instead of trusting weights set by hand on the same pages it is scored
on. The rule groups are columns named after the rule files (`defaults/rules/*.toml`), so the
rules stay data: a model is trained for the groups it was given, and says which.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from scraper.cleaners.dom import HEADINGS, HIDDEN
from scraper.cleaners.evidence import BlockEvidence
from scraper.cleaners.features import BlockStats, Quality
from scraper.cleaners.labels import HEURISTIC, META, Label, group_of
from scraper.records import Block

KINDS = ("p", "heading", "li", "td", "pre", "blockquote", "figcaption", "line")
QUALITIES = tuple(Quality)
NEIGHBOURS = (-2, -1, 1, 2)
WINDOW = 3
_KIND_INDEX = {kind: at for at, kind in enumerate(KINDS)}


@dataclass(frozen=True, slots=True)
class FeatureSpace:
    """The columns: fixed ones, then one per rule group (matched text, chrome region)."""

    groups: tuple[str, ...]

    @property
    def names(self) -> tuple[str, ...]:
        own = (
            "log_words", "stop_ratio", "terminal", "title_ratio", "log_group", "group_short",
            "code_like", "menu_group", *(f"quality.{q.value}" for q in QUALITIES),
            "link_density", "blank_before", "has_cells", "position", "log_blocks",
            "words_before", "in_run", "log_run_distance", "rule", "keep_rule", "hit",
            "scoped_hit", "kept", "removed_heuristic", "removed_meta", "voted", "region",
            "side", "hidden", "log_depth", *(f"kind.{k}" for k in KINDS), "heading_level",
        )
        near = tuple(
            f"{name}@{offset:+d}"
            for offset in NEIGHBOURS
            for name in ("good", "in_run", "voted", "kept", "log_words")
        )
        window = ("window_good_share", "window_voted_share")
        groups = tuple(f"rule.{g}" for g in self.groups) + tuple(
            f"region.{g}" for g in self.groups
        )
        return own + near + window + groups

    def rows(
        self,
        blocks: Sequence[Block],
        stats: Sequence[BlockStats],
        evidence: BlockEvidence,
        labels: Sequence[Label],
    ) -> list[list[float]]:
        """One row per block, in the order of `names` (the training table's form)."""
        rows: list[list[float]] = self.matrix(blocks, stats, evidence, labels, np.float64).tolist()
        return rows

    def matrix(
        self,
        blocks: Sequence[Block],
        stats: Sequence[BlockStats],
        evidence: BlockEvidence,
        labels: Sequence[Label],
        dtype: type[np.floating[Any]] = np.float32,
        earlier: np.ndarray | None = None,
    ) -> np.ndarray:
        """One row per block, built a column at a time: a column is one pass over the blocks
        (or a numpy shift of another column) where a row would build a list of 89 floats per
        block; a page of 150,000 blocks takes 50 MB as float32. `earlier`: this page's
        matrix from an earlier labelling, whose columns of the page's own text and shape
        are taken as they are (the learned core labels a page again with trafilatura's vote,
        which changes only what the stages judged)."""
        n = len(blocks)
        index = _index(self.groups)
        if earlier is not None and earlier.shape == (n, len(index)):
            out, again = earlier.astype(dtype), True  # a copy, even of the same type
        else:
            out, again = np.zeros((n, len(index)), dtype), False
        if not n:
            return out
        columns = _Columns(out, index)
        if not again:
            _page_columns(columns, blocks, stats, evidence.qualities)
        self._judged_columns(columns, evidence, labels)
        if not again:
            columns.done()
        return out

    def _judged_columns(
        self,
        columns: _Columns,
        evidence: BlockEvidence,
        labels: Sequence[Label],
    ) -> None:
        """What the stages found and decided of each block, and of its neighbours."""
        n = len(labels)
        own = np.asarray(evidence.own, np.float64)
        columns.put("in_run", own)
        columns.put("log_run_distance", _log1p(_run_distance(evidence.own)))
        _findings(columns, evidence, labels)
        voted = np.asarray(evidence.voted or [False] * n, np.float64)
        kept = np.fromiter((label is None for label in labels), np.float64, n)
        for offset in NEIGHBOURS:
            for name, values in (("in_run", own), ("voted", voted), ("kept", kept)):
                columns.put(f"{name}@{offset:+d}", shifted(values, offset))
        columns.put("window_voted_share", _window_share(voted))
        index = {group: at for at, group in enumerate(self.groups)}
        matched = [None if rule is None else rule.group for rule in evidence.matched]
        first = f"rule.{self.groups[0]}" if self.groups else None
        columns.one_hot(first, [index.get(g, -1) if g else -1 for g in matched], len(index))
        regions = evidence.regions or [None] * n
        in_region = [group_of(region) if region else None for region in regions]
        first = f"region.{self.groups[0]}" if self.groups else None
        columns.one_hot(first, [index.get(g, -1) if g else -1 for g in in_region], len(index))


@lru_cache(maxsize=8)
def _index(groups: tuple[str, ...]) -> dict[str, int]:
    """Each column's place, by name."""
    return {name: at for at, name in enumerate(FeatureSpace(groups).names)}


def _page_columns(
    columns: _Columns,
    blocks: Sequence[Block],
    stats: Sequence[BlockStats],
    qualities: Sequence[Quality],
) -> None:
    """The columns of the page's own text and shape: the same however it is labelled."""
    n = len(blocks)
    words = word_counts(stats)
    log_words = _log1p(words)
    columns.put("log_words", log_words)
    columns.put("stop_ratio", [-1.0 if s.stop_ratio is None else s.stop_ratio for s in stats])
    columns.put("terminal", [s.terminal for s in stats])
    columns.put("title_ratio", [s.title_ratio for s in stats])
    columns.put("log_group", _log1p([s.group_size for s in stats]))
    columns.put("group_short", [s.group_short_share for s in stats])
    columns.put("code_like", [s.code_like for s in stats])
    columns.put("menu_group", [s.in_menu_group for s in stats])
    columns.one_hot(
        f"quality.{QUALITIES[0].value}", [QUALITIES.index(q) for q in qualities], len(QUALITIES)
    )
    columns.put("link_density", [b.link_density for b in blocks])
    columns.put("blank_before", [b.blank_before for b in blocks])
    columns.put("has_cells", [bool(b.cells) for b in blocks])
    columns.put("position", np.arange(n, dtype=np.float64) / n)
    columns.put("log_blocks", np.full(n, math.log1p(n)))
    before = np.concatenate(([0.0], np.cumsum(words)[:-1]))
    columns.put("words_before", before / (float(words.sum()) or 1.0))
    columns.put("hidden", [HIDDEN in b.tokens for b in blocks])
    columns.put("log_depth", _log1p([b.path.count("/") for b in blocks]))
    kinds = ["heading" if b.kind in HEADINGS else b.kind for b in blocks]
    columns.one_hot(f"kind.{KINDS[0]}", [_KIND_INDEX.get(k, -1) for k in kinds], len(KINDS))
    columns.put("heading_level", [float(b.kind[1]) if b.kind in HEADINGS else 0.0 for b in blocks])
    good = np.fromiter((q is Quality.GOOD for q in qualities), np.float64, n)
    for offset in NEIGHBOURS:
        columns.put(f"good@{offset:+d}", shifted(good, offset))
        columns.put(f"log_words@{offset:+d}", shifted(log_words, offset))
    columns.put("window_good_share", _window_share(good))


def _findings(columns: _Columns, evidence: BlockEvidence, labels: Sequence[Label]) -> None:
    """What the rules, the label, the vote and the regions said of each block."""
    matched, hits = evidence.matched, evidence.hits
    columns.put("rule", [rule is not None and not rule.keep for rule in matched])
    columns.put("keep_rule", [rule is not None and rule.keep for rule in matched])
    columns.put("hit", [hit is not None for hit in hits])
    columns.put(
        "scoped_hit",
        [
            hit is not None and (rule is None or hit != rule.id)
            for rule, hit in zip(matched, hits, strict=True)
        ],
    )
    groups = [None if label is None else group_of(label) for label in labels]
    columns.put("kept", [label is None for label in labels])
    columns.put("removed_heuristic", [g == HEURISTIC for g in groups])
    columns.put("removed_meta", [g == META for g in groups])
    n = len(labels)
    columns.put("voted", evidence.voted or [False] * n)
    columns.put("region", [bool(r) for r in evidence.regions] if evidence.regions else [False] * n)
    columns.put("side", evidence.side or [False] * n)


class _Columns:
    """Fills a matrix's columns by name; `done` checks that every one was."""

    def __init__(self, out: np.ndarray, index: dict[str, int]) -> None:
        self.out = out
        self.index = index
        self.filled = 0

    def put(self, name: str, values: Sequence[float] | Sequence[bool] | np.ndarray) -> None:
        self.out[:, self.index[name]] = values
        self.filled += 1

    def one_hot(self, first: str | None, index: Sequence[int], width: int) -> None:
        """The `width` columns from `first` on: one set per row, at its index (none where
        -1); `first` is None where `width` is 0."""
        if first is not None:
            at = self.index[first]
            self.out[:, at : at + width] = 0.0  # an earlier pass's choice goes
            where = np.asarray(index, np.int64)
            rows = np.flatnonzero(where >= 0)
            self.out[rows, at + where[rows]] = 1.0
        self.filled += width

    def done(self) -> None:
        if self.filled != self.out.shape[1]:
            raise AssertionError(f"{self.filled} columns filled of {self.out.shape[1]}")


def _log1p(values: Sequence[float] | np.ndarray) -> np.ndarray:
    """`math.log1p` of each value: numpy's differs in the last bit, and the training table is
    written with this one."""
    return np.fromiter(map(math.log1p, values), np.float64, len(values))


def word_counts(stats: Sequence[BlockStats]) -> np.ndarray:
    """Each block's words, as the array the feature rows, the gate and the bands weigh by."""
    return np.fromiter((s.words for s in stats), np.float64, len(stats))


def shifted(values: np.ndarray, offset: int, fill: float = 0.0) -> np.ndarray:
    """`values[i + offset]` at row i, `fill` past either end of the page."""
    out = np.full_like(values, fill)
    if offset > 0:
        out[:-offset] = values[offset:]
    else:
        out[-offset:] = values[:offset]
    return out


def _window_share(values: np.ndarray) -> np.ndarray:
    """The mean of `values` over each block's window of `WINDOW` blocks either side."""
    n = len(values)
    sums = np.concatenate(([0.0], np.cumsum(values)))
    at = np.arange(n)
    low, high = np.maximum(0, at - WINDOW), np.minimum(n, at + WINDOW + 1)
    share: np.ndarray = (sums[high] - sums[low]) / (high - low)
    return share


def _run_distance(own: Sequence[bool]) -> list[float]:
    """Blocks between each block and the densest run (0 inside it; the page's length when
    there is no run)."""
    inside = [i for i, x in enumerate(own) if x]
    if not inside:
        return [float(len(own))] * len(own)
    first, last = inside[0], inside[-1]
    return [float(first - i if i < first else max(0, i - last)) for i in range(len(own))]
