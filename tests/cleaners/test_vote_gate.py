"""The vote gate's page features and its settings, on pages small enough to work out."""

from __future__ import annotations

import math

import numpy as np
import pytest

from scraper.cleaners.features import BlockStats
from scraper.cleaners.labels import NOT_MAIN_CONTENT, Label
from scraper.cleaners.vote_gate import GATE_FEATURES, VoteGate, gate_features
from scraper.errors import ConfigError


def stats_of(*words: float) -> list[BlockStats]:
    return [BlockStats(w, 0.3, True, 0.1, 1, 0.0) for w in words]


def test_the_features_of_a_small_page() -> None:
    # words 10, 20, 30, 40 (100 in all); probabilities below, inside (low, high half) and above
    probabilities = np.array([0.1, 0.3, 0.7, 0.9])
    labels: list[Label] = [NOT_MAIN_CONTENT, None, NOT_MAIN_CONTENT, None]  # two kept runs
    hand: list[Label] = [NOT_MAIN_CONTENT, NOT_MAIN_CONTENT, NOT_MAIN_CONTENT, None]
    row = gate_features(probabilities, stats_of(10, 20, 30, 40), labels, hand, (0.2, 0.8))
    found = dict(zip(GATE_FEATURES, row.tolist(), strict=True))
    assert found["unsure_share"] == pytest.approx(0.5)
    assert found["unsure_low_share"] == pytest.approx(0.2)
    assert found["unsure_high_share"] == pytest.approx(0.3)
    assert found["kept_share"] == pytest.approx(0.6)
    assert found["log_kept_words"] == pytest.approx(math.log1p(60))
    assert found["log_words"] == pytest.approx(math.log1p(100))
    assert found["log_blocks"] == pytest.approx(math.log1p(4))
    assert found["confidence"] == pytest.approx((4 + 4 + 6 + 16) / 100)
    assert found["log_kept_runs"] == pytest.approx(math.log1p(2))
    assert found["overruled_share"] == pytest.approx(0.2)  # the block the model kept alone


def test_an_empty_page_has_a_row_too() -> None:
    row = gate_features(np.zeros(0), [], [], [], (0.2, 0.8))
    assert row.shape == (len(GATE_FEATURES),) and not row.any()


def test_the_settings_round_trip_and_the_sign_decides() -> None:
    count = len(GATE_FEATURES)
    gate = VoteGate(np.zeros(count), np.ones(count), np.eye(count)[0], -0.25)
    again = VoteGate.from_settings(gate.settings(), "here")
    low, high = np.zeros(count), np.zeros(count)
    low[0], high[0] = 0.2, 0.3  # unsure_share weighed 1, intercept -0.25
    assert not again.asks(low) and again.asks(high)


@pytest.mark.parametrize("broken", ["features", "coef", "intercept", "short"])
def test_a_broken_table_is_refused(broken: str) -> None:
    count = len(GATE_FEATURES)
    table = VoteGate(np.zeros(count), np.ones(count), np.zeros(count), 0.0).settings()
    if broken == "short":
        table["coef"] = table["coef"][:-1]
    elif broken == "features":
        table["features"] = table["features"][::-1]
    else:
        del table[broken]
    with pytest.raises(ConfigError):
        VoteGate.from_settings(table, "here")
