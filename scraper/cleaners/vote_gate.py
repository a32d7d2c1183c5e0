"""Whether trafilatura's vote is worth asking on a page, from what the first block model saw.

The vote costs more than all our own stages together, and on most pages it changes nothing;
on some it repairs what the model got wrong, on others it makes things worse. How unsure the
model is (the share of words in its unsure band) and how thin a body it left are two signals
of where the vote helps; a small logistic model weighs them with a few more (how much the
model overruled the hand-set stages, how broken up the body is, how sure it is on average),
trained on what the vote changed on pages of datasets the block models had not seen
(`training/fit_gate.py`, training/MODEL_CARD.md). It lives in `models.toml` as `[gate.vote]`;
without it the fixed rule decides (`unsure_share`, `thin_body_words`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from scraper.cleaners.block_features import word_counts
from scraper.cleaners.features import BlockStats
from scraper.cleaners.labels import Label
from scraper.errors import ConfigError

GATE_FEATURES = (
    "unsure_share", "unsure_low_share", "unsure_high_share", "kept_share", "log_kept_words",
    "log_words", "log_blocks", "confidence", "log_kept_runs", "overruled_share",
)  # fmt: skip


def gate_features(
    probabilities: np.ndarray,
    stats: Sequence[BlockStats],
    labels: Sequence[Label],
    hand: Sequence[Label],
    unsure: tuple[float, float],
) -> np.ndarray:
    """The page's row, in the order of `GATE_FEATURES` (shares are of the page's words)."""
    n = len(stats)
    words = word_counts(stats)
    total = float(words.sum()) or 1.0
    low, high = unsure
    p = np.asarray(probabilities, np.float64)
    kept = np.fromiter((label is None for label in labels), bool, n)
    hand_kept = np.fromiter((label is None for label in hand), bool, n)
    kept_words = float(words[kept].sum())
    worded = kept[words > 0]
    runs = int(worded[0]) + int(np.count_nonzero(worded[1:] & ~worded[:-1])) if len(worded) else 0
    return np.array(
        [
            float(words[(p >= low) & (p <= high)].sum()) / total,
            float(words[(p >= low) & (p < 0.5)].sum()) / total,
            float(words[(p >= 0.5) & (p <= high)].sum()) / total,
            kept_words / total,
            math.log1p(kept_words),
            math.log1p(float(words.sum())),
            math.log1p(n),
            float((np.abs(p - 0.5) * words).sum()) / total,
            math.log1p(runs),
            float(words[kept != hand_kept].sum()) / total,
        ]
    )


@dataclass(frozen=True, slots=True)
class VoteGate:
    """A logistic model over standardised `GATE_FEATURES`: ask for the vote where it says
    the vote's expected gain outweighs its cost."""

    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float

    @classmethod
    def from_settings(cls, table: dict[str, Any], where: str) -> VoteGate:
        """`[gate.vote]` of `models.toml`; its feature names must be this code's."""
        if tuple(table.get("features", ())) != GATE_FEATURES:
            raise ConfigError(f"{where}: [gate.vote] is for other features: run `make train`")
        try:
            arrays = [np.asarray(table[key], np.float64) for key in ("mean", "scale", "coef")]
            intercept = float(table["intercept"])
        except (KeyError, TypeError, ValueError) as exc:
            raise ConfigError(f"{where}: [gate.vote] is incomplete: {exc}") from exc
        if any(a.shape != (len(GATE_FEATURES),) for a in arrays):
            raise ConfigError(f"{where}: [gate.vote] needs one value per feature")
        mean, scale, coef = arrays
        return cls(mean, scale, coef, intercept)

    def asks(self, row: np.ndarray) -> bool:
        return float((row - self.mean) / self.scale @ self.coef) + self.intercept > 0.0

    def settings(self) -> dict[str, Any]:
        """The `[gate.vote]` table that `from_settings` reads back."""
        return {
            "features": list(GATE_FEATURES),
            "mean": [round(float(x), 6) for x in self.mean],
            "scale": [round(float(x), 6) for x in self.scale],
            "coef": [round(float(x), 6) for x in self.coef],
            "intercept": round(self.intercept, 6),
        }
