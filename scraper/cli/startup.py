"""Garbage collection while the command starts.

Importing the cleaners and building them (rules, vocabularies, models) leaves some 70,000
objects that the collector tracks and that live as long as the process. With Python's
default thresholds a collection starts every 700 new objects and scans the young ones, and
every tenth of those the older ones too: in a one-file `scraper clean` that was about a
sixth of its CPU time, spent finding no garbage.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

START_UP_COLLECTION_THRESHOLD = 50_000  # new objects between collections while starting


@contextmanager
def few_collections() -> Iterator[None]:
    """Collections are rarer inside the block; after it the thresholds are as they were and
    what was built is frozen (`gc.freeze`), so that later collections skip it. Nothing that
    is garbage stays uncollected for longer than the block lasts."""
    threshold = gc.get_threshold()
    gc.set_threshold(START_UP_COLLECTION_THRESHOLD, *threshold[1:])
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        gc.freeze()
