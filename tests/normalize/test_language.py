"""The language model loaded without a temp file: the same answers as py3langid's own
loader, and it loads where no file can be written."""

from __future__ import annotations

import gc
import resource
import subprocess
import sys

import py3langid
import pytest

from scraper.normalize.language import MIN_LETTERS, _has_letters, detect_language, load_identifier
from tests.conftest import FIXTURES

SAMPLES = [
    page.read_text(encoding="utf-8", errors="replace")[:1200]
    for page in sorted(FIXTURES.glob("*/page.*"))
    if page.suffix in (".txt", ".html")
]


def test_the_model_read_in_memory_answers_as_py3langids_own_loader() -> None:
    ours = load_identifier()
    assert len(SAMPLES) > 40
    languages = set()
    for sample in SAMPLES:
        assert ours.classify(sample) == py3langid.classify(sample)  # code and score
        languages.add(ours.classify(sample)[0])
    assert {"en", "fr", "de"} <= languages
    german = "Der Gemeinderat hat am Dienstag den neuen Haushalt der Stadt beschlossen."
    assert detect_language(german) == "de"


def test_the_tables_indexed_per_byte_are_not_walked_by_the_garbage_collector() -> None:
    """Two lists of 100,000 ints each would be walked item by item at every full collection
    of the process's life; an array holds no objects for the collector to visit."""
    ours = load_identifier()
    assert len(ours.tk_output) > 10_000 and len(gc.get_referents(ours.tk_output)) <= 1
    assert len(gc.get_referents(getattr(ours, "_rowbase", ()))) <= 1  # its type at most


PROBE = """
import py3langid
import pytest
from scraper.normalize.language import load_identifier
print(load_identifier().classify("The council approved the budget on Tuesday evening.")[0])
try:
    py3langid.classify("The council approved the budget on Tuesday evening.")
except OSError as exc:
    print("py3langid:", exc.strerror)
"""


def _file_size_limit() -> None:
    limit = 600 * 1024  # `ulimit -f 600`: py3langid's temp file is 68 MB
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))


def test_the_model_loads_where_no_file_can_be_written() -> None:
    probe = subprocess.run(
        [sys.executable, "-c", PROBE],
        capture_output=True,
        text=True,
        preexec_fn=_file_size_limit,
        timeout=120,
        check=True,
    )
    assert probe.stdout.splitlines() == ["en", "py3langid: File too large"]


@pytest.mark.parametrize(
    "text",
    ["", "12345 67890 !!!", "a" * 19, "a" * 20, "1 2 3 " + "ab " * 10, "ß" * 25, "— " * 40 + "x"],
)
def test_enough_letters_is_decided_as_by_counting_them_all(text: str) -> None:
    expected = sum(ch.isalpha() for ch in text) >= MIN_LETTERS
    assert _has_letters(text, MIN_LETTERS) is expected


def test_too_few_letters_tell_no_language() -> None:
    assert detect_language("Hi! 12 34 56, ok? " * 3) is None  # 12 letters
    assert detect_language("Der Hund und die Katze schlafen heute im Garten.") == "de"
