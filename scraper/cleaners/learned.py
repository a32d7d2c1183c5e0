"""The learned block models and how they have the last word on a page's blocks.

The hand-set stages (rules, regions, the densest run, the extractor's vote) each see part of
the truth, and their weights were set by hand on the pages they were scored on. A model
trained on labelled blocks (`make train`, training/MODEL_CARD.md) weighs the same findings
instead (`block_features.py`), and decides each block it is sure of; where its probability
is inside the `unsure` band, the hand-set stages' label stands. It may not overrule:

- the metadata lines the header reader took out (headline, byline, date line): they are in
  the record's fields, not its body;
- the writer's bio after a text page's story (`heuristic.author_bio`): a line that opens with
  the byline's own name, which no feature tells the models (they see a heuristic's removal,
  not which one). Half the evaluation collections' truths keep such bios, so a model fitted
  on them learns to keep what reads like prose at the story's end; this cleaner's record
  holds the story, and the bio is about its writer (issue 15, deliverable 7);
- a site rule, and a chrome rule marked `veto = true`.

For HTML there are two models: one without the extractor's vote, run first, and one with it.
For text there may be two as well: the line model, and a second look (`text_context.py`) that
reads the first one's probabilities around each line and, where there is one, the line
sequence model's (`line_sequence.py`), which reads the page's lines in order; the text band
(`text_unsure`) may differ from HTML's, since no vote waits behind it.
trafilatura runs only where the first is unsure — where more than `unsure_share` of the
page's words lie in blocks whose probability is inside the `unsure` band, or the body it
leaves is under `thin_body_words` — since its vote costs more than all our own stages
together, and on most pages it would not change the choice (BENCHMARKS.md, "Learned block
model"). Which pages ask for the vote and which blocks keep the hand-set label are two
questions: `hand_band` (the first model's) and `voted_hand_band` (the second's) answer the
second one where they are set, `unsure` otherwise; after the run of the page's likeliest
blocks, `after_run_band` does (`html_blocks`). Where the vote runs, trafilatura reads the
page without the link lists and chrome regions the first model gives under `vote_prune_below`
(`sure_chrome`): it costs in proportion to what it reads.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, TypeVar

import numpy as np

from scraper.cleaners.block_features import FeatureSpace, word_counts
from scraper.cleaners.block_model import BlockModel
from scraper.cleaners.evidence import BlockEvidence
from scraper.cleaners.features import BlockStats, Quality, body_words
from scraper.cleaners.labels import (
    AFTER_STORY,
    AUTHOR_BIO,
    META,
    SITE,
    UNLIKELY_TEXT,
    Label,
    RuleId,
    group_of,
)
from scraper.cleaners.line_sequence import COLUMN as SEQUENCE_COLUMN
from scraper.cleaners.line_sequence import LineSequenceModel
from scraper.cleaners.text_context import NAMES as CONTEXT_NAMES
from scraper.cleaners.text_context import context_rows, likeliest_run
from scraper.cleaners.vote_gate import VoteGate, gate_features
from scraper.config import load_toml
from scraper.errors import ConfigError
from scraper.records import Block

SETTINGS = "models.toml"
DEFAULT_UNSURE = (0.2, 0.8)  # the band of issue 15's experiment, set before any fold was scored
DEFAULT_UNSURE_SHARE = 0.1
# a body thinner than this, as the model alone left it, asks for the vote too: the pages the
# model gets wholly wrong (the story in a region marked as a menu, a promo line kept) end
# with a few words kept, and no band catches a model that is sure and wrong. Chosen among
# 0/30/60/120 on every dataset but l3s-gn1 (BENCHMARKS.md, "third round")
DEFAULT_THIN_BODY_WORDS = 60
_FIXED_GROUPS = frozenset({META, SITE})
FILE_KEYS = frozenset({"html", "html_voted", "text", "text_context", "text_sequence"})
GATE_KEYS = frozenset(
    {
        "unsure", "unsure_share", "thin_body_words", "hand_band", "voted_hand_band",
        "text_unsure", "text_run_unsure", "text_run_reach", "vote", "vote_prune_below",
        "after_run_band", "run_reach",
    }
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class BlockModels:
    """`html` judges HTML blocks without the extractor's vote, `html_voted` with it, `text`
    the lines of a text page."""

    space: FeatureSpace
    html: BlockModel
    html_voted: BlockModel
    text: BlockModel
    unsure: tuple[float, float]
    unsure_share: float
    vetoes: frozenset[RuleId]
    thin_body_words: float = DEFAULT_THIN_BODY_WORDS
    vote_gate: VoteGate | None = None
    text_context: BlockModel | None = None
    text_sequence: LineSequenceModel | None = None
    text_unsure: tuple[float, float] | None = None
    text_run_unsure: tuple[float, float] | None = None
    text_run_reach: int = 0
    hand_band: tuple[float, float] | None = None
    voted_hand_band: tuple[float, float] | None = None
    vote_prune_below: float | None = None
    after_run_band: tuple[float, float] | None = None
    run_reach: int = 0

    @classmethod
    def load(cls, folder: Path, groups: tuple[str, ...], vetoes: frozenset[RuleId]) -> BlockModels:
        """The models in `folder` (`models.toml` names their files), checked against the
        feature columns the rules give: a model trained on other rule groups would read
        its columns in the wrong places."""
        settings = load_toml(folder / SETTINGS)
        space = FeatureSpace(groups)
        files = settings.get("files", {})
        models = {}
        for key in ("html", "html_voted", "text"):
            name = files.get(key)
            if not isinstance(name, str):
                raise ConfigError(f"{folder / SETTINGS}: [files] needs {key!r}")
            models[key] = _load_model(folder / name, space.names)
        in_order = files.get("text_sequence")
        sequence = _load_sequence(folder / str(in_order), space.names) if in_order else None
        context = files.get("text_context")
        context_names = space.names + CONTEXT_NAMES + ((SEQUENCE_COLUMN,) if sequence else ())
        text_context = _load_model(folder / str(context), context_names) if context else None
        if sequence and not text_context:
            raise ConfigError(f"{folder / SETTINGS}: [files] text_sequence needs text_context")
        where = str(folder / SETTINGS)
        _known(files, FILE_KEYS, f"{where}: [files]")
        gate = settings.get("gate", {})
        _known(gate, GATE_KEYS, f"{where}: [gate]")
        unsure = _band(gate, "unsure", DEFAULT_UNSURE, where)
        text_band = _band(gate, "text_unsure", unsure, where)
        hand_band = _band(gate, "hand_band", unsure, where)
        vote = gate.get("vote")
        has_prune = "vote_prune_below" in gate
        prune = _number(gate, "vote_prune_below", 0, where, 1) if has_prune else None
        return cls(
            space, models["html"], models["html_voted"], models["text"], unsure,
            _number(gate, "unsure_share", DEFAULT_UNSURE_SHARE, where, 1), vetoes,
            _number(gate, "thin_body_words", DEFAULT_THIN_BODY_WORDS, where),
            VoteGate.from_settings(vote, where) if vote else None, text_context, sequence,
            text_band,
            _band(gate, "text_run_unsure", text_band, where),
            int(_number(gate, "text_run_reach", 0, where, whole=True)),
            hand_band, _band(gate, "voted_hand_band", hand_band, where), prune,
            _band(gate, "after_run_band", hand_band, where) if "after_run_band" in gate else None,
            int(_number(gate, "run_reach", 0, where, whole=True)),
        )

    def probabilities(
        self,
        model: BlockModel,
        blocks: Sequence[Block],
        stats: Sequence[BlockStats],
        evidence: BlockEvidence,
        labels: Sequence[Label],
        earlier: np.ndarray | None = None,
    ) -> tuple[np.ndarray, np.ndarray]:
        """`model`'s probabilities for the page's blocks, and the feature rows they were
        scored from (`earlier`: the page's rows from an earlier labelling, see
        `FeatureSpace.matrix`)."""
        rows = self.space.matrix(blocks, stats, evidence, labels, earlier=earlier)
        return model.probabilities(rows), rows

    def text_lines(
        self,
        blocks: Sequence[Block],
        stats: Sequence[BlockStats],
        evidence: BlockEvidence,
        labels: Sequence[Label],
    ) -> tuple[np.ndarray, list[Label]]:
        """The text model's probabilities for a page's lines (the second look's, where there
        is one) and the labels decided with them in the text band — with a second look, in
        `text_run_unsure` for the lines of its likeliest run: there the story's short lines
        that are not prose (a list item, a config line, a credit line) sit among sure prose,
        and removing what the model doubts would cut them (the run reaches `text_run_reach`
        lines further either way: a closing credit line sits just past it); outside it,
        what the model doubts is mostly chrome (BENCHMARKS.md, "Fourth round of issue 15: the
        text core"). The run is the second look's: the first model's ran on into comment
        threads and teasers that read like the story, where the hand-set label then kept
        them ("Twelfth round of issue 15")."""
        rows = self.space.matrix(blocks, stats, evidence, labels)
        probabilities = self.text.probabilities(rows)
        if self.text_context is None:
            return probabilities, self.decide(labels, probabilities, self.text_unsure)
        words = word_counts(stats)
        around = context_rows(probabilities, words, [b.text for b in blocks])
        columns = [rows, around.astype(rows.dtype)]
        if self.text_sequence is not None:
            columns.append(self.text_sequence.probabilities(rows).astype(rows.dtype)[:, None])
        probabilities = self.text_context.probabilities(np.hstack(columns))
        return probabilities, self.decide_text(labels, probabilities, words)

    def decide_text(
        self, labels: Sequence[Label], probabilities: np.ndarray, words: np.ndarray
    ) -> list[Label]:
        """The labels of a text page's lines: in `text_run_unsure` for the lines of the
        likeliest run of `probabilities` over the lines' `words` (grown by
        `text_run_reach`), in `text_unsure` elsewhere. The reach does not count the lines a
        veto rule removed: a prompt taken out of the story's middle is not story, and the
        paragraph after it is as near the run as if it were not there. (Counting none of
        the lines no model may judge, the header's metadata lines too, cost readability
        0.005 held out: BENCHMARKS.md, "Thirteenth round of issue 15".)"""
        in_run = np.zeros(len(probabilities), bool)
        if len(probabilities):
            first, last = likeliest_run(probabilities, words)
            in_run[first : last + 1] = True
        outside = self.decide(labels, probabilities, self.text_unsure)
        inside = self.decide(labels, probabilities, self.text_run_unsure)
        judged = np.flatnonzero([label not in self.vetoes for label in labels])
        grown = in_run.copy()
        grown[judged] = _grown(in_run[judged], self.text_run_reach)
        pairs = zip(inside, outside, grown.tolist(), strict=True)
        return [ins if run else out for ins, out, run in pairs]

    def html_blocks(
        self,
        labels: Sequence[Label],
        probabilities: np.ndarray,
        stats: Sequence[BlockStats],
        voted: bool,
    ) -> list[Label]:
        """The labels of a page's HTML blocks, decided in `hand_band` (`voted_hand_band`
        after the vote), and where `after_run_band` is set, in that band for the blocks
        after the run of the page's likeliest words (grown by `run_reach` blocks). The story
        is one run, and what follows it and reads like prose — reader comments, teasers of
        other stories with their summaries, the writer's bio, "more on this" — is where the
        hand-set label was wrongest: there only what the model is sure of stays. Before the
        run the band is the usual one: the standfirst, a recipe's ingredients or a lede
        boxed apart sit there, and removing what the model doubts cost them
        (BENCHMARKS.md, "Seventh round of issue 15")."""
        band = self.voted_hand_band if voted else self.hand_band
        decided = self.decide(labels, probabilities, band)
        if self.after_run_band is None or not len(probabilities):
            return decided
        words = word_counts(stats)
        last = likeliest_run(probabilities, words)[1] + self.run_reach
        after = self.decide(labels[last + 1 :], probabilities[last + 1 :], self.after_run_band)
        # what only this band removes says so: `scraper explain` shows why it went
        pairs = zip(after, decided[last + 1 :], strict=True)
        return decided[: last + 1] + [
            AFTER_STORY if usual is None and label is not None else label for label, usual in pairs
        ]

    def sure_chrome(
        self, probabilities: np.ndarray, evidence: BlockEvidence
    ) -> list[bool] | None:
        """The blocks the vote need not read (`vote.sure_chrome_subtrees`): those the first
        model gives under `vote_prune_below` that are also a list of links or inside a
        chrome region (menus, footers, side rails: most of a page's elements). Chrome that
        reads as prose (a comment, a teaser's summary) stays in what trafilatura reads: it
        can still vote for such a block where the model is wrong, and leaving those out as
        well cost 0.012 F1 on trafilatura-eval for little more speed (BENCHMARKS.md,
        "Sixth round of issue 15"). None where nothing is left out."""
        if self.vote_prune_below is None:
            return None
        below = (probabilities < self.vote_prune_below).tolist()
        regions = evidence.regions or [None] * len(below)
        sure = [
            low and (q is Quality.BAD or r is not None)
            for low, q, r in zip(below, evidence.qualities, regions, strict=True)
        ]
        return sure if any(sure) else None

    def unsure_words(self, probabilities: np.ndarray, stats: Sequence[BlockStats]) -> float:
        """The share of the page's words in blocks the model cannot call."""
        words = word_counts(stats)
        total = float(words.sum())
        if not total:
            return 0.0
        low, high = self.unsure
        inside = (probabilities >= low) & (probabilities <= high)
        return float(words[inside].sum()) / total

    def wants_vote(
        self,
        probabilities: np.ndarray,
        stats: Sequence[BlockStats],
        labels: Sequence[Label],
        hand: Sequence[Label],
    ) -> bool:
        """Whether the extractor should vote on a page the model judged alone: the learned
        gate says so (`vote_gate.py`), or, without one, the model is unsure of too many words
        or the body it left is thin."""
        if self.vote_gate is not None:
            row = gate_features(probabilities, stats, labels, hand, self.unsure)
            return self.vote_gate.asks(row)
        return self.rule_asks(probabilities, stats, labels)

    def rule_asks(
        self, probabilities: np.ndarray, stats: Sequence[BlockStats], labels: Sequence[Label]
    ) -> bool:
        """The fixed rule: over `unsure_share` of the words unsure, or a body under
        `thin_body_words`."""
        if self.unsure_words(probabilities, stats) > self.unsure_share:
            return True
        return body_words(stats, labels) < self.thin_body_words

    def fixed(self, label: Label) -> bool:
        """Whether no model may overrule `label` (see the module's docstring)."""
        if label is None:
            return False
        return label in self.vetoes or label == AUTHOR_BIO or group_of(label) in _FIXED_GROUPS

    def decide(
        self,
        labels: Sequence[Label],
        probabilities: np.ndarray,
        band: tuple[float, float] | None = None,
    ) -> list[Label]:
        """The model's choice where it is sure — kept above the band (`unsure` unless given),
        removed under it —, the hand-set stages' label inside it and where a label is fixed
        (see the module's docstring). The band need not be centred on 0.5: the text band
        removes what the model doubts and keeps only what it is sure of. A block the
        hand-set stages removed keeps their reason when the model agrees."""
        low, high = band or self.unsure
        decided: list[Label] = []
        for label, probability in zip(labels, probabilities.tolist(), strict=True):
            if self.fixed(label) or low <= probability <= high:
                decided.append(label)
            elif probability > high:
                decided.append(None)
            else:
                decided.append(label or UNLIKELY_TEXT)
        return decided


def _known(table: dict[str, object], keys: frozenset[str], where: str) -> None:
    """A misspelt setting is an error, not a default silently kept."""
    unknown = sorted(set(table) - keys)
    if unknown:
        raise ConfigError(f"{where}: unknown keys {unknown} (known: {sorted(keys)})")


def _number(
    gate: dict[str, object], key: str, default: float, where: str, most: float = np.inf,
    whole: bool = False,
) -> float:
    """`[gate] key = number` in 0–`most`; `default` where unset."""
    value = gate.get(key, default)
    kinds = int if whole else int | float
    if isinstance(value, bool) or not isinstance(value, kinds) or not 0 <= value <= most:
        kind = "a whole number" if whole else "a number"
        bound = f"in 0-{most:g}" if most != np.inf else "of 0 or more"
        raise ConfigError(f"{where}: [gate] {key} must be {kind} {bound}, not {value!r}")
    return float(value)


def _band(
    gate: dict[str, object], key: str, default: tuple[float, float], where: str
) -> tuple[float, float]:
    """`[gate] key = [low, high]`, probabilities with low ≤ high; `default` where unset."""
    value = gate.get(key, default)
    try:
        if not isinstance(value, list | tuple) or len(value) != 2:
            raise TypeError
        low, high = float(value[0]), float(value[1])
    except (TypeError, ValueError):
        raise ConfigError(f"{where}: [gate] {key} must be [low, high], not {value!r}") from None
    if not 0.0 <= low <= high <= 1.0:
        raise ConfigError(f"{where}: [gate] {key} must have 0 <= low <= high <= 1: {value!r}")
    return low, high


class _Named(Protocol):
    @property
    def names(self) -> tuple[str, ...]: ...


Model = TypeVar("Model", bound=_Named)


def _load_model(path: Path, names: tuple[str, ...]) -> BlockModel:
    return _load(BlockModel.load, path, names, "block model")


def _load_sequence(path: Path, names: tuple[str, ...]) -> LineSequenceModel:
    return _load(LineSequenceModel.load, path, names, "line sequence model")


def _load(
    load: Callable[[Path], Model], path: Path, names: tuple[str, ...], what: str
) -> Model:
    """The model in `path`, checked against the feature columns the rules give: a model
    trained on other rule groups would read its columns in the wrong places."""
    try:
        model = load(path)
    except (OSError, KeyError, ValueError) as exc:
        raise ConfigError(f"{path}: cannot load the {what}: {exc}") from exc
    if model.names != names:
        raise ConfigError(
            f"{path}: trained on other features than the rules give "
            "(rule groups changed?): run `make train`"
        )
    return model


def _grown(inside: np.ndarray, reach: int) -> np.ndarray:
    """`inside` with every line up to `reach` lines from an inside line inside too."""
    grown: np.ndarray = inside.copy()
    for step in range(1, reach + 1):
        grown[step:] |= inside[:-step]
        grown[:-step] |= inside[step:]
    return grown
