"""What the hand-set stages found for each block before their findings became one label.

A label says only which stage won. A learned block model (issue 15) and the explain view
need each stage's own finding too: the text quality class, the chrome region a block sits
in, the rule its text matched and how far that rule's scope reached, a layout table's side
column, the densest run of prose, and the extractor's vote.
"""

from __future__ import annotations

from dataclasses import dataclass

from scraper.cleaners.features import Quality
from scraper.cleaners.labels import Label
from scraper.cleaners.rules import Rule


@dataclass(frozen=True, slots=True)
class BlockEvidence:
    """Per block, index for index with the page's blocks. `regions`, `side` and `voted` are
    HTML's own evidence (None for text pages); `voted` is all False where no extractor ran
    (a page past the vote's limits) and the site rule's say where one decides."""

    qualities: list[Quality]
    matched: list[Rule | None]
    hits: list[Label]
    own: list[bool]
    regions: list[Label] | None = None
    side: list[bool] | None = None
    voted: list[bool] | None = None
