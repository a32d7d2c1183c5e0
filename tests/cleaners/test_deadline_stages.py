"""The time budget is checked inside the long loops too, not only between stages: block
features and the vote matching each take seconds on a page at the element limit."""

from __future__ import annotations

import pytest

from scraper.cleaners.deadline import STRIDE, Deadline
from scraper.cleaners.dom import segment_html
from scraper.cleaners.features import block_stats
from scraper.cleaners.vote import votes
from scraper.errors import Timeout

SPENT = 1e-6
"""Spent before the first check on any machine: parsing the page below takes far longer."""
PAGE = "<html><body>" + "<p>The ferry left the harbour at dawn.</p>" * (2 * STRIDE) + "</body>"


def test_block_features_check_the_budget() -> None:
    deadline = Deadline(SPENT)
    blocks = segment_html(PAGE).blocks
    with pytest.raises(Timeout, match="stopped at block features"):
        block_stats(blocks, frozenset(), deadline)
    assert len(block_stats(blocks, frozenset(), Deadline(60.0))) == 2 * STRIDE


def test_the_vote_matching_checks_the_budget() -> None:
    deadline = Deadline(SPENT)
    blocks = segment_html(PAGE).blocks
    extracted = "The ferry left the harbour at dawn.\n"
    with pytest.raises(Timeout, match="stopped at extractor votes"):
        votes(blocks, extracted, deadline)
    assert all(votes(blocks, extracted, Deadline(60.0)))
