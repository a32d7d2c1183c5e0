"""Main-content evaluation: the word-shingle F1 of the ScrapingHub article-extraction benchmark,
snippet precision/recall for pages whose truth is must/must-not snippets, and a reader for the
`main-content-eval` dataset layout (`pages/*.jsonl.gz` + `truth.jsonl`).

Per-page counts are normalised to sum 1 so that every page weighs the same whatever its length;
corpus precision and recall are means over pages and F1 is their harmonic mean.
"""

from __future__ import annotations

import gzip
import json
import random
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

_WORD = re.compile(r"\w+")
_SPACE = re.compile(r"\s+")


def shingles(text: str, size: int = 4) -> Counter[tuple[str, ...]]:
    tokens = _WORD.findall(text)
    if not tokens:
        return Counter()
    if len(tokens) < size:
        return Counter([tuple(tokens)])
    return Counter(tuple(tokens[i : i + size]) for i in range(len(tokens) - size + 1))


@dataclass(frozen=True, slots=True)
class PageScore:
    """Normalised TP/FP/FN of one page, plus whether the token sequences are identical."""

    tp: float
    fp: float
    fn: float
    exact: bool

    @property
    def precision(self) -> float | None:
        if self.tp + self.fp == 0:
            return 1.0 if self.fn == 0 and self.tp > 0 else None
        return self.tp / (self.tp + self.fp)

    @property
    def recall(self) -> float | None:
        if self.tp + self.fn == 0:
            return 1.0 if self.fp == 0 and self.tp > 0 else None
        return self.tp / (self.tp + self.fn)


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
    precision: float
    recall: float
    f1: float
    accuracy: float
    pages: int
    f1_stderr: float = 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "f1_stderr": round(self.f1_stderr, 4),
            "accuracy": round(self.accuracy, 4),
            "pages": self.pages,
        }


def _harmonic(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def _aggregate(scores: list[PageScore]) -> tuple[float, float, float, float]:
    precisions = [s.precision for s in scores if s.precision is not None]
    recalls = [s.recall for s in scores if s.recall is not None]
    p = sum(precisions) / len(precisions) if precisions else 0.0
    r = sum(recalls) / len(recalls) if recalls else 0.0
    acc = sum(s.exact for s in scores) / len(scores) if scores else 0.0
    return p, r, _harmonic(p, r), acc


def corpus_score(scores: list[PageScore], bootstrap: int = 0, seed: int = 0) -> CorpusScore:
    """Means over pages; `bootstrap` resamples give the standard error of F1."""
    p, r, f1, acc = _aggregate(scores)
    stderr = 0.0
    if bootstrap and scores:
        rng = random.Random(seed)
        f1s = [_aggregate(rng.choices(scores, k=len(scores)))[2] for _ in range(bootstrap)]
        mean = sum(f1s) / len(f1s)
        stderr = (sum((x - mean) ** 2 for x in f1s) / len(f1s)) ** 0.5
    return CorpusScore(p, r, f1, acc, len(scores), stderr)


@dataclass(frozen=True, slots=True)
class SnippetCounts:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0

    def __add__(self, other: SnippetCounts) -> SnippetCounts:
        return SnippetCounts(
            self.tp + other.tp, self.fp + other.fp, self.fn + other.fn, self.tn + other.tn
        )

    def as_dict(self) -> dict[str, float | int]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        total = self.tp + self.fp + self.fn + self.tn
        f1 = 2 * self.tp / (2 * self.tp + self.fp + self.fn) if self.tp else 0.0
        return {
            "precision": round(p, 4),
            "recall": round(r, 4),
            "f1": round(f1, 4),
            "accuracy": round((self.tp + self.tn) / total, 4) if total else 0.0,
            "snippets": total,
        }


def score_snippets(
    predicted: str | None, with_: Iterable[str], without: Iterable[str]
) -> SnippetCounts:
    text = _SPACE.sub(" ", predicted or "")
    counts = SnippetCounts()
    for snippet in with_:
        found = predicted is not None and _SPACE.sub(" ", snippet).strip() in text
        counts += SnippetCounts(tp=int(found), fn=int(not found))
    for snippet in without:
        found = predicted is not None and _SPACE.sub(" ", snippet).strip() in text
        counts += SnippetCounts(fp=int(found), tn=int(not found))
    return counts


@dataclass(frozen=True, slots=True)
class EvalPage:
    id: str
    dataset: str
    url: str | None
    html: str
    truth: dict[str, Any]

    @property
    def full_text(self) -> bool:
        return self.truth.get("truth_kind") == "full_text"


def iter_eval_pages(root: Path, datasets: Iterable[str] | None = None) -> Iterator[EvalPage]:
    """Pages of a `main-content-eval`-style folder joined with their truth records, by id."""
    wanted = set(datasets or ())
    truth: dict[str, dict[str, Any]] = {}
    with open(root / "truth.jsonl", encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            if not wanted or record["source_dataset"] in wanted:
                truth[record["id"]] = record
    for path in sorted((root / "pages").glob("*.jsonl.gz")):
        if wanted and path.name.removesuffix(".jsonl.gz") not in wanted:
            continue
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            for line in handle:
                page = json.loads(line)
                if page["id"] in truth:
                    yield EvalPage(
                        page["id"],
                        page["source_dataset"],
                        page.get("url"),
                        page["html"],
                        truth[page["id"]],
                    )
