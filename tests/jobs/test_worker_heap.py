"""A pool worker moves what it loaded at start-up (modules, rules, models, the language
tables) out of the garbage collector's sight, so full collections stop walking it on every
page; the job's own process, which may be a library caller's, is left as it is."""

from __future__ import annotations

import gc

from scraper.config import CleanerConfig
from scraper.jobs.executors.local import LocalExecutor


def test_a_pool_worker_freezes_what_it_loaded() -> None:
    executor = LocalExecutor(CleanerConfig(), workers=1)
    try:
        assert executor._pool is not None
        frozen = executor._pool.submit(gc.get_freeze_count).result(timeout=300)
    finally:
        executor.close()
    assert frozen > 10_000  # the rules, the models and the modules, not a handful


def test_cleaning_in_the_callers_process_freezes_nothing() -> None:
    before = gc.get_freeze_count()
    executor = LocalExecutor(CleanerConfig(), workers=0)
    executor.close()
    assert gc.get_freeze_count() == before
