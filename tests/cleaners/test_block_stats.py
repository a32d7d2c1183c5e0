"""Block statistics built without the frozen dataclass's `__init__` equal the dataclass's own,
and read the text as the features say."""

from __future__ import annotations

from dataclasses import fields

from scraper.cleaners.features import BlockStats, _block_stats, block_stats
from scraper.records import Block


def test_built_stats_equal_the_dataclass_built_ones() -> None:
    values = (12.0, 0.25, True, 0.5, 3, 2 / 3, False)
    fast, plain = _block_stats(*values), BlockStats(*values)
    assert fast == plain and hash(fast) == hash(plain)
    assert [getattr(fast, f.name) for f in fields(BlockStats)] == list(values)


def test_stats_of_prose_and_of_a_menu_run() -> None:
    texts = [
        "The council approved the plan for a second bridge after a long meeting.",
        "Home",
        "News",
        "Sport",
    ]
    blocks = [
        Block(text=t, index=i, blank_before=i < 2) for i, t in enumerate(texts)
    ]  # the three menu lines form one group
    stops = frozenset({"the", "for", "a", "after"})
    prose, home, news, sport = block_stats(blocks, stops)
    assert prose.words == 13 and prose.terminal and prose.group_size == 1
    assert prose.stop_ratio == 6 / 13  # the ×2, for, a ×2, after
    assert home.group_size == news.group_size == sport.group_size == 3
    assert home.in_menu_group and not prose.in_menu_group
    assert home.title_ratio == 1.0 and not home.terminal
