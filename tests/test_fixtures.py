"""Every fixture case under fixtures/ must give the record its expected.json describes."""

from __future__ import annotations

import pytest

from scraper.fixtures import check, load_cases

from .conftest import FIXTURES

CASES = load_cases(FIXTURES)


def test_there_are_enough_cases() -> None:
    text_cases = [c for c in CASES if c.page_path.suffix == ".txt"]
    assert len(text_cases) >= 16


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_fixture(case) -> None:  # type: ignore[no-untyped-def]
    problems = check(case.expected(), case.run())
    assert not problems, "\n".join(problems)
