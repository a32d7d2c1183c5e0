"""What the command loads: `scraper --help` and every command's help stay free of the
cleaners' libraries, and a text page is cleaned without trafilatura or htmldate. Checked in
a fresh interpreter's `sys.modules` (deterministic, unlike a timing)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import FIXTURES

HEAVY = (
    "trafilatura", "htmldate", "numpy", "py3langid", "lxml", "scraper.cleaners", "requests",
    "warcio", "charset_normalizer", "justext",
)
PROBE = """
import json, sys
from scraper.cli import main
heavy = json.loads(sys.argv[2])
sys.argv = ["scraper", *json.loads(sys.argv[1])]
try:
    main()
except SystemExit:
    pass
sys.stderr.write("\\nLOADED " + json.dumps(sorted(m for m in heavy if m in sys.modules)))
"""


def loaded(*args: str) -> list[str]:
    """The HEAVY modules loaded by the end of `scraper ARGS`."""
    done = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(args), json.dumps(HEAVY)],
        capture_output=True, text=True, timeout=120, check=True,
    )
    modules: list[str] = json.loads(done.stderr.rpartition("LOADED ")[2])
    return modules


@pytest.mark.parametrize(
    "args", [("--help",), ("clean", "--help"), ("run", "--help"), ("fixtures", "check", "--help")]
)
def test_help_loads_none_of_the_cleaners_libraries(args: tuple[str, ...]) -> None:
    assert loaded(*args) == []


def test_a_text_page_is_cleaned_without_trafilatura_or_htmldate() -> None:
    page = FIXTURES / "txt-advice-column" / "page.txt"
    modules = loaded("clean", str(page))
    assert "scraper.cleaners" in modules and "py3langid" in modules  # it was cleaned
    assert "trafilatura" not in modules and "htmldate" not in modules


def test_a_text_page_is_cleaned_without_the_archive_or_http_libraries() -> None:
    """warcio and requests cost a tenth of a small file's start-up; a saved UTF-8 text page
    needs neither, nor charset detection."""
    modules = loaded("clean", str(FIXTURES / "txt-advice-column" / "page.txt"))
    assert "scraper.cleaners" in modules
    assert "warcio" not in modules and "requests" not in modules
    assert "charset_normalizer" not in modules
    assert "justext" not in modules  # its stop lists are read without importing it


def test_an_html_page_loads_trafilatura_for_its_vote() -> None:
    page = next(FIXTURES.glob("html-*/page.html"))
    assert "trafilatura" in loaded("clean", str(page))
