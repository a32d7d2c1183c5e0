"""The prefilter's facts about the rule files, cached in the user's cache folder: a second
load reads them instead of parsing every pattern, and gives the same rule set; an edited rule
file, an unwritable folder and a damaged entry each fall back to reading the patterns."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from scraper.cleaners import rule_cache
from scraper.cleaners import rules as rules_module
from scraper.cleaners.rules import RuleSet
from scraper.config import CleanerConfig

SAMPLES = [
    "Sign up for our newsletter",
    "Share this article",
    "Read more",
    "Comments (12)",
    "The council voted on Tuesday to close the library for the summer.",
    "Advertisement",
    "Follow us on Twitter",
]


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache" / "scraper" / "rules"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A copy of the bundled rule files, to edit."""
    return Path(shutil.copytree(CleanerConfig().rules_dir, tmp_path / "rules"))


def _forbid_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args: object) -> None:
        raise AssertionError("the patterns were read again")

    monkeypatch.setattr(rules_module, "required_literals", refuse)
    monkeypatch.setattr(rules_module, "required_gate", refuse)


def _judgements(rules: RuleSet) -> list[str | None]:
    found = [rules.match(text, len(text.split())) for text in SAMPLES]
    return [None if rule is None else rule.id for rule in found]


def _facts(rules: RuleSet) -> list[object]:
    return [(rule.id, rule.source, rule.literals, rule.gate) for rule in rules.rules]


def test_a_second_load_reads_the_cache_and_gives_the_same_rules(
    cache: Path, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fresh = RuleSet.load(folder)
    assert len(list(cache.glob("*.json"))) == 1
    _forbid_parsing(monkeypatch)
    cached = RuleSet.load(folder)
    assert _facts(cached) == _facts(fresh)
    assert [t.index.to_json() for t in cached.tiers] == [t.index.to_json() for t in fresh.tiers]
    assert _judgements(cached) == _judgements(fresh)
    assert any(_judgements(fresh)) and None in _judgements(fresh)  # the samples tell apart


def test_an_edited_rule_file_is_read_again(
    cache: Path, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert RuleSet.load(folder).match("zebra crossing notice", 3) is None
    (folder / "zz_local.toml").write_text(
        "[group]\nname='zz'\n[[rules]]\nid='zz.zebra'\npatterns=['^zebra crossing']\n"
    )
    edited = RuleSet.load(folder)
    found = edited.match("zebra crossing notice", 3)
    assert found is not None and found.id == "zz.zebra"
    assert found.gate == (("zebra crossing",), ())  # read from the new pattern
    assert len(list(cache.glob("*.json"))) == 2


def test_an_unwritable_cache_folder_is_skipped(
    tmp_path: Path, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would go")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    first, second = RuleSet.load(folder), RuleSet.load(folder)
    assert _facts(first) == _facts(second)
    assert _judgements(first) == _judgements(second)
    assert blocker.read_text() == "a file where the cache folder would go"


@pytest.mark.parametrize(
    "damage",
    [
        b"",
        b'{"rules": [[null, null]',  # cut short
        b'{"rules": [], "tiers": [], "scoped_tiers": []}',  # too few rules
        b"[1, 2, 3]",
    ],
)
def test_a_damaged_cache_entry_is_ignored_and_replaced(
    cache: Path, folder: Path, damage: bytes
) -> None:
    fresh = RuleSet.load(folder)
    (entry,) = cache.glob("*.json")
    entry.write_bytes(damage)
    again = RuleSet.load(folder)
    assert _facts(again) == _facts(fresh)
    assert _judgements(again) == _judgements(fresh)
    assert entry.read_bytes() != damage  # written whole again


def test_cached_indexes_of_the_wrong_shape_are_rebuilt(cache: Path, folder: Path) -> None:
    fresh = RuleSet.load(folder)
    (entry,) = cache.glob("*.json")
    text = entry.read_text()
    entry.write_text(text.replace('"by_piece": [[', '"by_piece": [["toolong", [], ', 1))
    again = RuleSet.load(folder)
    assert [t.index.to_json() for t in again.tiers] == [t.index.to_json() for t in fresh.tiers]
    assert _judgements(again) == _judgements(fresh)


def _edit(folder: Path, number: int) -> None:
    (folder / "zz_local.toml").write_text(
        f"[group]\nname='zz'\n[[rules]]\nid='zz.edit{number}'\npatterns=['^edit {number}']\n"
    )


def test_only_the_newest_entries_are_kept(
    cache: Path, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(rule_cache, "KEPT_ENTRIES", 2)
    for number in range(4):
        _edit(folder, number)
        RuleSet.load(folder)
    assert len(list(cache.glob("*.json"))) == 2
    _forbid_parsing(monkeypatch)
    RuleSet.load(folder)  # the newest is kept
    _edit(folder, 0)
    with pytest.raises(AssertionError, match="read again"):  # the oldest is gone
        RuleSet.load(folder)
