"""Every block as a row of numbers: the input of a learned block model.

The row holds what the hand-set stages already compute (text shape, quality class, rule and
region findings, the densest run of prose, the extractor's vote, the label they settled on)
plus the block's neighbourhood, so a model can learn where those signals are right and
where they are not, instead of trusting weights set by hand on the same pages it is scored
on. The rule groups are columns named after the rule files (`defaults/rules/*.toml`), so the
rules stay data: a model is trained for the groups it was given, and says which.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from scraper.cleaners.dom import HEADINGS, HIDDEN
from scraper.cleaners.evidence import BlockEvidence
from scraper.cleaners.features import BlockStats, Quality
from scraper.cleaners.labels import HEURISTIC, META, Label, group_of
from scraper.records import Block

KINDS = ("p", "heading", "li", "td", "pre", "blockquote", "figcaption", "line")
QUALITIES = tuple(Quality)
NEIGHBOURS = (-2, -1, 1, 2)
WINDOW = 3


@dataclass(frozen=True, slots=True)
class FeatureSpace:
    """The columns: fixed ones, then one per rule group (matched text, chrome region)."""

    groups: tuple[str, ...]

    @property
    def names(self) -> tuple[str, ...]:
        own = (
            "log_words", "stop_ratio", "terminal", "title_ratio", "log_group", "group_short",
            "code_like", "menu_group", *(f"quality.{q.value}" for q in QUALITIES),
            "link_density", "blank_before", "has_cells", "position", "log_blocks",
            "words_before", "in_run", "log_run_distance", "rule", "keep_rule", "hit",
            "scoped_hit", "kept", "removed_heuristic", "removed_meta", "voted", "region",
            "side", "hidden", "log_depth", *(f"kind.{k}" for k in KINDS), "heading_level",
        )
        near = tuple(
            f"{name}@{offset:+d}"
            for offset in NEIGHBOURS
            for name in ("good", "in_run", "voted", "kept", "log_words")
        )
        window = ("window_good_share", "window_voted_share")
        groups = tuple(f"rule.{g}" for g in self.groups) + tuple(
            f"region.{g}" for g in self.groups
        )
        return own + near + window + groups

    def rows(
        self,
        blocks: Sequence[Block],
        stats: Sequence[BlockStats],
        evidence: BlockEvidence,
        labels: Sequence[Label],
    ) -> list[list[float]]:
        """One row per block, in the order of `names`."""
        return list(self.iter_rows(blocks, stats, evidence, labels))

    def iter_rows(
        self,
        blocks: Sequence[Block],
        stats: Sequence[BlockStats],
        evidence: BlockEvidence,
        labels: Sequence[Label],
    ) -> Iterator[list[float]]:
        """The rows one at a time: a page of 150,000 blocks held as lists of floats would
        take 400 MB, as a float32 array 50 MB."""
        n = len(blocks)
        if not n:
            return
        good = [float(q is Quality.GOOD) for q in evidence.qualities]
        own = [float(x) for x in evidence.own]
        voted = [float(x) for x in evidence.voted] if evidence.voted else [0.0] * n
        kept = [float(label is None) for label in labels]
        log_words = [math.log1p(s.words) for s in stats]
        distance = _run_distance(evidence.own)
        total = sum(s.words for s in stats) or 1.0
        before = 0.0
        for i in range(n):
            place = [i / n, math.log1p(n), before / total, own[i], math.log1p(distance[i])]
            row = self._own(i, blocks[i], stats[i], evidence, labels[i], place)
            before += stats[i].words
            for offset in NEIGHBOURS:
                j = i + offset
                inside = 0 <= j < n
                row += (
                    [good[j], own[j], voted[j], kept[j], log_words[j]]
                    if inside
                    else [0.0, 0.0, 0.0, 0.0, 0.0]
                )
            low, high = max(0, i - WINDOW), min(n, i + WINDOW + 1)
            row += [sum(good[low:high]) / (high - low), sum(voted[low:high]) / (high - low)]
            row += self._groups(evidence, i)
            yield row

    def _own(
        self,
        i: int,
        block: Block,
        s: BlockStats,
        evidence: BlockEvidence,
        label: Label,
        place: list[float],
    ) -> list[float]:
        """`place`: position, log of the page's blocks, share of the page's words before, in
        the densest run, log of the distance to it."""
        rule = evidence.matched[i]
        hit = evidence.hits[i]
        kind = "heading" if block.kind in HEADINGS else block.kind
        return [
            math.log1p(s.words),
            -1.0 if s.stop_ratio is None else s.stop_ratio,
            float(s.terminal),
            s.title_ratio,
            math.log1p(s.group_size),
            s.group_short_share,
            float(s.code_like),
            float(s.in_menu_group),
            *(float(evidence.qualities[i] is q) for q in QUALITIES),
            block.link_density,
            float(block.blank_before),
            float(bool(block.cells)),
            *place,
            float(rule is not None and not rule.keep),
            float(rule is not None and rule.keep),
            float(hit is not None),
            float(hit is not None and (rule is None or hit != rule.id)),
            float(label is None),
            float(label is not None and group_of(label) == HEURISTIC),
            float(label is not None and group_of(label) == META),
            float(bool(evidence.voted and evidence.voted[i])),
            float(bool(evidence.regions and evidence.regions[i])),
            float(bool(evidence.side and evidence.side[i])),
            float(HIDDEN in block.tokens),
            math.log1p(block.path.count("/")),
            *(float(kind == k) for k in KINDS),
            float(block.kind[1]) if block.kind in HEADINGS else 0.0,
        ]

    def _groups(self, evidence: BlockEvidence, i: int) -> list[float]:
        rule = evidence.matched[i]
        matched = rule.group if rule is not None else None
        region = evidence.regions[i] if evidence.regions else None
        in_region = group_of(region) if region else None
        return [float(matched == g) for g in self.groups] + [
            float(in_region == g) for g in self.groups
        ]


def _run_distance(own: Sequence[bool]) -> list[float]:
    """Blocks between each block and the densest run (0 inside it; the page's length when
    there is no run)."""
    inside = [i for i, x in enumerate(own) if x]
    if not inside:
        return [float(len(own))] * len(own)
    first, last = inside[0], inside[-1]
    return [float(first - i if i < first else max(0, i - last)) for i in range(len(own))]
