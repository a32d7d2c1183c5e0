"""Side-by-side evaluation: every chosen extractor on the same pages, in the same run, each
page scored against its truth (shingle F1 for full-text truth, snippets otherwise).

Pages are streamed: a page's HTML is held only until every extractor has had it. Speed is the
sum of per-extraction times measured inside the worker processes, so docs/s is a
single-process figure even when several workers share the machine.
"""

from __future__ import annotations

import importlib.util
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any

from scraper.config import install_hint
from scraper.errors import ConfigError
from scraper.eval.baselines import BASELINES, DEFAULT, EXTRACTORS, REQUIRES
from scraper.eval.data import EvalPage
from scraper.eval.pool import ExtractionResult, ExtractionTask, WorkerPool
from scraper.eval.scoring import (
    PageScore,
    SnippetCounts,
    corpus_score,
    score_page,
    score_snippets,
    snippet_score,
)
from scraper.eval.settings import DEFAULT_BOOTSTRAP, DEFAULT_JOBS, DEFAULT_TIMEOUT

ALL = "ALL"
FAILURES = ("error", "timeout", "crash")


def choose_extractors(names: str | None, baselines: bool) -> list[str]:
    """`names` (comma-separated; default: ours) plus the baselines when asked, in order, once.

    Raises `ConfigError` for an unknown name or a library that is not installed.
    """
    chosen = [n.strip() for n in names.split(",") if n.strip()] if names else list(DEFAULT)
    if baselines:
        chosen += BASELINES
    chosen = list(dict.fromkeys(chosen))
    unknown = [n for n in chosen if n not in EXTRACTORS]
    if unknown:
        known = ", ".join(EXTRACTORS)
        raise ConfigError(f"unknown extractor {', '.join(unknown)} (known: {known})")
    missing = sorted({m for n in chosen for m in REQUIRES[n] if not _installed(m)})
    if missing:
        raise ConfigError(
            f"not installed: {', '.join(missing)} ({install_hint('eval')} for the baselines)"
        )
    return chosen


def _installed(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:  # a parent package is missing
        return False


@dataclass(frozen=True, slots=True)
class Outcome:
    """One extractor on one page: its score, its time, and how it failed if it did."""

    page_id: str
    dataset: str
    extractor: str
    cpu: float
    wall: float
    failure: str | None
    detail: str
    shingles: PageScore | None = None
    snippets: SnippetCounts | None = None

    def record(self) -> dict[str, Any]:
        """The per-page JSON line: what to diff between two runs (so no timings)."""
        row: dict[str, Any] = {"id": self.page_id, "dataset": self.dataset}
        row |= {"extractor": self.extractor, "failure": self.failure}
        score = self.shingles or self.snippets
        assert score is not None
        row["truth"] = "full_text" if self.shingles else "snippets"
        for key in ("precision", "recall", "f1"):
            value = getattr(score, key)
            row[key] = None if value is None else round(value, 4)
        if self.shingles:
            row["exact"] = self.shingles.exact
        else:
            row |= {k: getattr(self.snippets, k) for k in ("tp", "fp", "fn", "tn")}
        if self.detail:
            row["detail"] = self.detail
        return row


def _score(page: EvalPage, result: ExtractionResult) -> Outcome:
    """A failed extraction (error, timeout, crash) scores as empty output."""
    outcome = Outcome(
        page.id,
        page.dataset,
        result.extractor,
        result.cpu,
        result.wall,
        result.failure,
        result.detail,
    )
    if page.full_text:
        truth = page.truth.get("article_body") or ""
        return replace(outcome, shingles=score_page(result.text or "", truth))
    with_ = page.truth.get("with_snippets") or ()
    without = page.truth.get("without_snippets") or ()
    return replace(outcome, snippets=score_snippets(result.text, with_, without))


def evaluate(
    pages: Iterable[EvalPage],
    names: Sequence[str],
    *,
    jobs: int = DEFAULT_JOBS,
    timeout: float = DEFAULT_TIMEOUT,
) -> Iterator[Outcome]:
    """Outcomes of every extractor on every page, as the extractions finish."""
    held: dict[int, tuple[EvalPage, int]] = {}

    def tasks() -> Iterator[ExtractionTask]:
        for key, page in enumerate(pages):
            held[key] = (page, len(names))
            for name in names:
                yield ExtractionTask(key, name, page.html, page.url)

    modules = sorted({m for n in names for m in REQUIRES[n]})
    pool = WorkerPool(
        {n: EXTRACTORS[n] for n in names}, jobs=jobs, timeout=timeout, modules=modules
    )
    for result in pool.run(tasks()):
        page, left = held[result.key]
        held[result.key] = (page, left - 1)
        if left == 1:
            del held[result.key]
        yield _score(page, result)


def summarise(
    outcomes: list[Outcome],
    names: Sequence[str],
    bootstrap: int = DEFAULT_BOOTSTRAP,
    seed: int = 0,
) -> dict[str, Any]:
    """Per extractor (in the order of `names`): speed, failures, and scores overall and per
    source dataset. Pages are taken in id order, not in the order the workers finished them,
    so the bootstrap draws the same resamples and the standard errors repeat run to run."""
    summary: dict[str, Any] = {}
    for name in names:
        mine = sorted((o for o in outcomes if o.extractor == name), key=lambda o: o.page_id)
        cpu, wall = sum(o.cpu for o in mine), sum(o.wall for o in mine)
        failures = Counter(o.failure for o in mine if o.failure)
        summary[name] = {
            "pages": len(mine),
            "cpu_seconds": round(cpu, 3),
            "wall_seconds": round(wall, 3),
            "docs_per_s": round(len(mine) / cpu, 2) if cpu else None,
            "docs_per_s_wall": round(len(mine) / wall, 2) if wall else None,
            "failures": {kind: failures[kind] for kind in FAILURES},
            "full_text": _full_text(mine, bootstrap, seed),
            "snippets": _snippets(mine, bootstrap, seed),
        }
    return summary


def _full_text(outcomes: list[Outcome], bootstrap: int, seed: int) -> dict[str, Any]:
    groups: dict[str, list[PageScore]] = defaultdict(list)
    for o in outcomes:
        if o.shingles is not None:
            groups[ALL].append(o.shingles)
            groups[o.dataset].append(o.shingles)
    return {
        name: corpus_score(scores, bootstrap, seed).as_dict()
        for name, scores in sorted(groups.items(), key=lambda item: (item[0] != ALL, item[0]))
    }


def _snippets(outcomes: list[Outcome], bootstrap: int, seed: int) -> dict[str, Any]:
    groups: dict[str, list[SnippetCounts]] = defaultdict(list)
    for o in outcomes:
        if o.snippets is not None:
            groups[o.dataset].append(o.snippets)
    if len(groups) > 1:
        groups[ALL] = [o.snippets for o in outcomes if o.snippets is not None]
    return {
        name: snippet_score(counts, bootstrap, seed)
        for name, counts in sorted(groups.items(), key=lambda item: (item[0] != ALL, item[0]))
    }
