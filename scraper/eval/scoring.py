"""Main-content evaluation: the word-shingle F1 of the ScrapingHub article-extraction benchmark,
and snippet precision/recall for pages whose truth is must/must-not snippets.

Per-page counts are normalised to sum 1 so that every page weighs the same whatever its length;
corpus precision and recall are means over pages and F1 is their harmonic mean (not the mean
of per-page F1). Standard errors come from bootstrap resamples of the pages, as the benchmark's
± figures do.
"""

from __future__ import annotations

import math
import random
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

_WORD = re.compile(r"\w+")
_SPACE = re.compile(r"\s+")


def shingles(text: str, size: int = 4) -> Counter[tuple[str, ...]]:
    """Word 4-grams (tokens are runs of word characters, case kept); a text shorter than
    `size` tokens gives one shorter shingle, so short truths still count."""
    tokens = _WORD.findall(text)
    if not tokens:
        return Counter()
    if len(tokens) < size:
        return Counter([tuple(tokens)])
    return Counter(tuple(tokens[i : i + size]) for i in range(len(tokens) - size + 1))


@dataclass(frozen=True, slots=True)
class PageScore:
    """Normalised TP/FP/FN of one page, plus whether the token sequences are identical.

    Precision is undefined (`None`) when the page has no predicted shingle (TP + FP = 0) and
    recall when it has no true one (TP + FN = 0); the benchmark leaves such pages out of the
    corresponding corpus mean. So an empty extraction costs recall only, and a perfect match
    (FP = FN = 0) gives 1 for both.
    """

    tp: float
    fp: float
    fn: float
    exact: bool

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        """Per-page F1 for diffing pages (corpus F1 is not the mean of these); a page with one
        side empty scores 0, a page with both sides empty has none."""
        p, r = self.precision, self.recall
        if p is None and r is None:
            return None
        return harmonic(p or 0.0, r or 0.0)


def score_page(predicted: str, truth: str) -> PageScore:
    pred, gold = shingles(predicted), shingles(truth)
    tp = sum(min(count, pred[s]) for s, count in gold.items())
    fp = sum(pred.values()) - tp
    fn = sum(gold.values()) - tp
    total = tp + fp + fn
    exact = _WORD.findall(predicted) == _WORD.findall(truth)
    if total == 0:
        return PageScore(0.0, 0.0, 0.0, exact)
    return PageScore(tp / total, fp / total, fn / total, exact)


@dataclass(frozen=True, slots=True)
class CorpusScore:
    """Corpus figures of the benchmark; `None` where no page defines the figure (precision of
    an extractor that never output anything). `*_stderr` are bootstrap standard errors."""

    precision: float | None
    recall: float | None
    f1: float | None
    accuracy: float
    pages: int
    f1_stderr: float = 0.0
    precision_stderr: float = 0.0
    recall_stderr: float = 0.0
    accuracy_stderr: float = 0.0

    def as_dict(self) -> dict[str, float | int | None]:
        return {
            "precision": _round(self.precision),
            "recall": _round(self.recall),
            "f1": _round(self.f1),
            "accuracy": round(self.accuracy, 4),
            "precision_stderr": round(self.precision_stderr, 4),
            "recall_stderr": round(self.recall_stderr, 4),
            "f1_stderr": round(self.f1_stderr, 4),
            "accuracy_stderr": round(self.accuracy_stderr, 4),
            "pages": self.pages,
        }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def harmonic(p: float | None, r: float | None) -> float | None:
    if p is None or r is None:
        return None
    return 2 * p * r / (p + r) if p + r else 0.0


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _aggregate(scores: list[PageScore]) -> tuple[float | None, float | None, float | None, float]:
    """Precision is averaged over pages with TP + FP > 0 and recall over pages with
    TP + FN > 0, as the benchmark does: a page with no output has no precision to average."""
    p = _mean([s.precision for s in scores if s.precision is not None])
    r = _mean([s.recall for s in scores if s.recall is not None])
    acc = sum(s.exact for s in scores) / len(scores) if scores else 0.0
    return p, r, harmonic(p, r), acc


def stdev(values: list[float | None]) -> float:
    """Sample standard deviation of the defined values (the benchmark's ± figure)."""
    defined = [v for v in values if v is not None]
    if len(defined) < 2:
        return 0.0
    mean = sum(defined) / len(defined)
    return math.sqrt(sum((x - mean) ** 2 for x in defined) / (len(defined) - 1))


def corpus_score(scores: list[PageScore], bootstrap: int = 0, seed: int = 0) -> CorpusScore:
    """Means over pages; `bootstrap` resamples of the pages give the standard errors."""
    p, r, f1, acc = _aggregate(scores)
    if not bootstrap or not scores:
        return CorpusScore(p, r, f1, acc, len(scores))
    rng = random.Random(seed)
    runs = [_aggregate(rng.choices(scores, k=len(scores))) for _ in range(bootstrap)]
    p_se, r_se, f1_se, acc_se = (stdev([run[i] for run in runs]) for i in range(4))
    return CorpusScore(p, r, f1, acc, len(scores), f1_se, p_se, r_se, acc_se)


@dataclass(frozen=True, slots=True)
class SnippetCounts:
    """Snippet outcomes: a must-contain snippet found is a TP, missed an FN; a must-not-contain
    snippet found is an FP, absent a TN."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0

    def __add__(self, other: SnippetCounts) -> SnippetCounts:
        return SnippetCounts(
            self.tp + other.tp, self.fp + other.fp, self.fn + other.fn, self.tn + other.tn
        )

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float:
        return 2 * self.tp / (2 * self.tp + self.fp + self.fn) if self.tp else 0.0

    @property
    def accuracy(self) -> float:
        total = self.tp + self.fp + self.fn + self.tn
        return (self.tp + self.tn) / total if total else 0.0

    def as_dict(self) -> dict[str, float | int | None]:
        return {
            "precision": _round(self.precision),
            "recall": _round(self.recall),
            "f1": round(self.f1, 4),
            "accuracy": round(self.accuracy, 4),
            "snippets": self.tp + self.fp + self.fn + self.tn,
        }


def snippet_score(pages: list[SnippetCounts], bootstrap: int = 0, seed: int = 0) -> dict[str, Any]:
    """Counts summed over pages (micro-average, as trafilatura's evaluation does); bootstrap
    resamples of the pages give standard errors comparable with the shingle figures."""
    total = sum(pages, SnippetCounts())
    result: dict[str, Any] = {**total.as_dict(), "pages": len(pages)}
    if bootstrap and pages:
        rng = random.Random(seed)
        runs = [sum(rng.choices(pages, k=len(pages)), SnippetCounts()) for _ in range(bootstrap)]
        for key in ("precision", "recall", "f1", "accuracy"):
            result[f"{key}_stderr"] = round(stdev([getattr(run, key) for run in runs]), 4)
    return result


def score_snippets(
    predicted: str | None, with_: Iterable[str], without: Iterable[str]
) -> SnippetCounts:
    """Whitespace runs collapse to one space on both sides; a failed extraction (`None`)
    misses every must-contain snippet and contains no must-not-contain one."""
    text = _SPACE.sub(" ", predicted or "")
    counts = SnippetCounts()
    for snippet in with_:
        found = predicted is not None and _SPACE.sub(" ", snippet).strip() in text
        counts += SnippetCounts(tp=int(found), fn=int(not found))
    for snippet in without:
        found = predicted is not None and _SPACE.sub(" ", snippet).strip() in text
        counts += SnippetCounts(fp=int(found), tn=int(not found))
    return counts
