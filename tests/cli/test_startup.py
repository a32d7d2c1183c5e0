"""Garbage collection while the command starts (`scraper/cli/startup.py`): rarer while the
cleaners are imported and built, as before afterwards, with what was built frozen."""

from __future__ import annotations

import gc
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from scraper.cli.startup import START_UP_COLLECTION_THRESHOLD, few_collections
from tests.conftest import FIXTURES

PROBE = """
import gc, json, sys
from scraper.cli import main
before = gc.get_threshold()
sys.argv = ["scraper", "clean", sys.argv[1], "-o", sys.argv[2], "-q"]
try:
    main()
except SystemExit:
    pass
sys.stderr.write("\\nGC " + json.dumps([before, gc.get_threshold(), gc.get_freeze_count()]))
"""


@pytest.fixture
def unfrozen() -> Iterator[None]:
    threshold = gc.get_threshold()
    yield
    gc.set_threshold(*threshold)
    gc.unfreeze()


@pytest.mark.usefixtures("unfrozen")
def test_collections_are_rarer_inside_and_as_before_after() -> None:
    before = gc.get_threshold()
    with few_collections():
        assert gc.get_threshold() == (START_UP_COLLECTION_THRESHOLD, *before[1:])
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() > 0


@pytest.mark.usefixtures("unfrozen")
def test_the_thresholds_come_back_when_building_fails() -> None:
    before = gc.get_threshold()
    with pytest.raises(RuntimeError), few_collections():
        raise RuntimeError("a bad rule file")
    assert gc.get_threshold() == before


def test_a_clean_freezes_what_it_built_and_collects_as_before(tmp_path: Path) -> None:
    page = FIXTURES / "txt-advice-column" / "page.txt"
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(page), str(tmp_path / "out.jsonl")],
        capture_output=True, text=True, timeout=120, check=True,
    )
    before, after, frozen = json.loads(done.stderr.rpartition("GC ")[2])
    assert after == before
    assert frozen > 10_000  # the cleaners' objects, not a handful
