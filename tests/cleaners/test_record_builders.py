"""Records built by their slots (`cleaners/slots.py`) equal the ones `__init__` makes, and a
builder cannot be written for fields the record does not have."""

from __future__ import annotations

from dataclasses import dataclass, fields

import pytest

from scraper.cleaners.assemble import Metadata, _removal, assemble
from scraper.cleaners.slots import slot_setters
from scraper.records import Block, Page, Removal


def test_a_built_removal_equals_the_dataclass_built_one() -> None:
    fast = _removal("Subscribe to our newsletter", "newsletter.signup", 7, "/html/body/div[2]")
    plain = Removal("Subscribe to our newsletter", "newsletter.signup", 7, "/html/body/div[2]")
    assert fast == plain and hash(fast) == hash(plain) and fast.to_dict() == plain.to_dict()
    assert [getattr(fast, f.name) for f in fields(Removal)] == [
        getattr(plain, f.name) for f in fields(Removal)
    ]


def test_assembled_removals_are_the_blocks_left_out() -> None:
    texts = ["Home", "The story " * 30, "Share this"]
    blocks = [Block(text=t.strip(), index=i) for i, t in enumerate(texts)]
    article = assemble(
        Page(content="", origin="x"), blocks, ["nav.menu", None, "share.buttons"], Metadata(),
        10, lambda i: f"/html/body/p[{i + 1}]",
    )  # fmt: skip
    assert article.removed == (
        Removal("Home", "nav.menu", 0, "/html/body/p[1]"),
        Removal("Share this", "share.buttons", 2, "/html/body/p[3]"),
    )


@dataclass(frozen=True, slots=True)
class _Pair:
    first: str
    second: int = 0


def test_slot_setters_set_fields_and_refuse_a_different_field_list() -> None:
    set_first, set_second = slot_setters(_Pair, ("first", "second"))
    pair = object.__new__(_Pair)
    set_first(pair, "a")
    set_second(pair, 2)
    assert pair == _Pair("a", 2)
    with pytest.raises(ImportError):
        slot_setters(_Pair, ("first",))
    with pytest.raises(ImportError):
        slot_setters(_Pair, ("second", "first"))
