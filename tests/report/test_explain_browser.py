"""The explain report in a real headless Chromium (Debian's package, driven by Playwright):
it loads with no console errors and asks for nothing outside itself, the counts it shows
are the record's, a filter click hides every other block, and a screenshot is written."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from tests.support.browser import chromium_path, opened_report

SCRAPER = str(Path(sys.executable).with_name("scraper"))
PAGE = FIXTURES / "html-01-news-html5-inline-boxes" / "page.html"


def test_chromium_is_installed() -> None:
    """Fails (never skips) where the browser is missing, saying how to install it."""
    try:
        chromium_path()
    except RuntimeError as exc:
        pytest.fail(str(exc))


def test_the_report_shows_the_record_and_filters_by_rule(tmp_path: Path) -> None:
    report = tmp_path / "report.html"
    subprocess.run([SCRAPER, "explain", str(PAGE), "-o", str(report)], check=True)
    cleaned = subprocess.run(
        [SCRAPER, "clean", "--no-progress", str(PAGE)], check=True, capture_output=True
    )
    record = json.loads(cleaned.stdout)
    by_rule = Counter(r["rule"] for r in record["removed"])
    rule, count = by_rule.most_common(1)[0]
    with opened_report(report) as opened:
        page = opened.page
        shown = {
            name: int(page.text_content(f"[data-count={name}]") or "-1")
            for name in ("blocks", "kept", "removed", "words")
        }
        assert shown["removed"] == len(record["removed"])
        assert shown["words"] == record["word_count"]
        assert shown["kept"] + shown["removed"] == shown["blocks"]
        assert shown["kept"] == len(record["body"].split("\n\n"))
        assert page.locator("li.block").count() == shown["blocks"]
        assert page.text_content("[data-field=title] td") == record["title"]

        buttons = page.locator("#filters button[data-rule]").evaluate_all(
            "els => els.map(e => [e.dataset.rule, e.textContent])"
        )
        for name, label in buttons:
            wanted = by_rule[name] if name != "kept" else shown["kept"]
            assert label == f"{name} ({wanted})"
        assert {name for name, _label in buttons} == {*by_rule, "kept"}

        page.click(f'#filters button[data-rule="{rule}"]')
        page.wait_for_function(f"document.getElementById('shown').textContent === '{count}'")
        visible = page.locator("li.block:not([hidden])")
        assert visible.count() == count
        assert set(visible.evaluate_all("els => els.map(e => e.dataset.rule)")) == {rule}
        assert page.locator("li.block[hidden]").count() == shown["blocks"] - count

        page.click("#filters button:not([data-rule])")  # show all
        everything = shown["blocks"]
        page.wait_for_function(f"document.getElementById('shown').textContent === '{everything}'")
        shot = tmp_path / "report.png"
        page.screenshot(path=str(shot))
        assert opened.console_errors == []
        assert opened.requests_out == []
    assert shot.read_bytes().startswith(b"\x89PNG")
