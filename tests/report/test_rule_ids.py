"""Every id a record can name in `removed[]` has a reason a user can read: `scraper rules`
lists them, and the README's table is that list."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from scraper import clean
from scraper.cleaners import cleaners
from scraper.cleaners.labels import MEANINGS
from scraper.report.rule_ids import README_END, README_START, markdown_table, rule_reasons
from tests.conftest import FIXTURES, ROOT

SCRAPER = str(Path(sys.executable).with_name("scraper"))


def reasons() -> dict[str, str]:
    text_cleaner, _ = cleaners()
    return {entry.id: entry.reason for entry in rule_reasons(text_cleaner.rules)}


def test_the_readme_table_is_the_code_s() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split(README_START, 1)[1].split(README_END, 1)[0].strip()
    text_cleaner, _ = cleaners()
    assert table == markdown_table(rule_reasons(text_cleaner.rules)), (
        "the README's rule table is stale: paste `scraper rules --markdown` between its markers"
    )


def test_every_id_has_a_one_line_reason() -> None:
    found = reasons()
    assert set(MEANINGS) <= set(found)
    text_cleaner, _ = cleaners()
    assert {r.id for r in text_cleaner.rules.rules if not r.keep} <= set(found)
    for rule_id, reason in found.items():
        assert reason.strip() and "\n" not in reason, rule_id


@pytest.mark.parametrize(
    "case", sorted(p.name for p in FIXTURES.iterdir() if (p / "expected.json").exists())[::10]
)
def test_every_id_a_record_names_is_listed(case: str) -> None:
    page = next((FIXTURES / case).glob("page.*"))
    article = clean(str(page))
    assert {r.rule for r in article.removed} <= set(reasons())


def test_the_command_lists_them() -> None:
    result = subprocess.run([SCRAPER, "rules"], capture_output=True, text=True, check=True)
    lines = dict(line.split(None, 1) for line in result.stdout.splitlines())
    assert lines == {rule_id: reason for rule_id, reason in reasons().items()}
    table = subprocess.run(
        [SCRAPER, "rules", "--markdown"], capture_output=True, text=True, check=True
    ).stdout
    assert "| `heuristic.outside_body` | outside the densest run of prose |" in table
