"""The metadata evaluation: title, authors and date of every page with such truth, read by ours
and the baselines in each protocol (`metadata_protocols`), judged by `metadata_scoring`'s rules,
counted per source dataset.

A truth of `""` (trafilatura-eval's "expected empty") is counted apart from the truths with a
value: the headline figures are the share of pages with a value where the extractor is right;
the expected-empty figures are the share where it rightly gives nothing. A failed extraction
(an exception, a timeout, a crash) counts as one that found nothing; an error record of ours
(kind `no_content`, say) is scored on the fields it carries, and counted.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from scraper.errors import ConfigError
from scraper.eval.data import EvalPage
from scraper.eval.metadata_protocols import (
    ANSWERS,
    BASELINES,
    EXTRACTORS,
    FIELDS,
    NAMES,
    REQUIRES,
    SCRAPER,
    task_name,
)
from scraper.eval.metadata_scoring import authors_right, date_right, title_right
from scraper.eval.pool import ExtractionResult, ExtractionTask, WorkerPool
from scraper.eval.run import FAILURES
from scraper.eval.settings import DEFAULT_JOBS, DEFAULT_TIMEOUT, HELD_OUT

ALL = "ALL"
ALL_TUNED = "ALL but held out"
TRUTH_KEYS = {"title": "title", "authors": "author", "date": "date"}
JUDGES: dict[str, Callable[[Any, Any], bool]] = {
    "title": title_right,
    "authors": authors_right,
    "date": date_right,
}
VALUE, EMPTY = "value", "empty"


def with_metadata_truth(truth: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The records with a title, author or date truth (a value or `""`)."""
    return {
        page_id: record
        for page_id, record in truth.items()
        if any(record.get(key) is not None for key in TRUTH_KEYS.values())
    }


def choose_extractors(names: str | None, baselines: bool) -> list[str]:
    """`names` (comma-separated; default: ours) plus the baselines when asked, in order, once."""
    chosen = [n.strip() for n in names.split(",") if n.strip()] if names else [SCRAPER]
    chosen = list(dict.fromkeys([*chosen, *(BASELINES if baselines else ())]))
    unknown = [n for n in chosen if n not in NAMES]
    if unknown:
        known = ", ".join(NAMES)
        raise ConfigError(f"unknown metadata extractor {', '.join(unknown)} (known: {known})")
    return chosen


@dataclass(frozen=True, slots=True)
class MetaOutcome:
    """One extractor on one page in one protocol: what it found and, per field with truth,
    (`value` or `empty`, right or not)."""

    page_id: str
    dataset: str
    protocol: str
    extractor: str
    failure: str | None
    detail: str
    found: dict[str, Any]
    verdicts: dict[str, tuple[str, bool]] = field(default_factory=dict)
    record_error: str | None = None
    cpu: float = 0.0

    def record(self) -> dict[str, Any]:
        """The per-page JSON line (no timings, so two runs diff)."""
        row: dict[str, Any] = {"id": self.page_id, "dataset": self.dataset}
        row |= {"protocol": self.protocol, "extractor": self.extractor, "failure": self.failure}
        row |= {"found": self.found}
        row["right"] = {name: right for name, (_, right) in self.verdicts.items()}
        if self.record_error:
            row["record_error"] = self.record_error
        if self.detail:
            row["detail"] = self.detail
        return row


def judge(truth: dict[str, Any], found: dict[str, Any], fields: Iterable[str]) -> dict[str, Any]:
    """Per field with truth: (`value`, right by the scoring rules) or (`empty`, found nothing)."""
    verdicts: dict[str, tuple[str, bool]] = {}
    for name in fields:
        expected = truth.get(TRUTH_KEYS[name])
        if expected is None:
            continue
        value = found.get(name)
        if expected in ("", []):
            verdicts[name] = (EMPTY, not value)
        else:
            verdicts[name] = (VALUE, bool(value) and JUDGES[name](value, expected))
    return verdicts


def _outcome(
    page: EvalPage, protocol: str, extractor: str, result: ExtractionResult
) -> MetaOutcome:
    found: dict[str, Any] = {"title": None, "authors": [], "date": None}
    if result.text is not None:
        found |= json.loads(result.text)
    record_error = found.get("error")
    found = {name: found[name] for name in ANSWERS[extractor]}
    verdicts = judge(page.truth, found, ANSWERS[extractor])
    return MetaOutcome(
        page.id,
        page.dataset,
        protocol,
        extractor,
        result.failure,
        result.detail,
        found,
        verdicts,
        record_error,
        result.cpu,
    )


def pairs(protocols: Sequence[str], names: Sequence[str]) -> list[tuple[str, str]]:
    """The (protocol, extractor) pairs that apply, protocols first."""
    return [(p, n) for p in protocols for n in names if (p, n) in EXTRACTORS]


def evaluate(
    pages: Iterable[EvalPage],
    protocols: Sequence[str],
    names: Sequence[str],
    *,
    jobs: int = DEFAULT_JOBS,
    timeout: float = DEFAULT_TIMEOUT,
) -> Iterator[MetaOutcome]:
    """Outcomes of every applicable pair on every page, as the extractions finish."""
    chosen = pairs(protocols, names)
    by_task = {task_name(*pair): pair for pair in chosen}
    held: dict[int, tuple[EvalPage, int]] = {}

    def tasks() -> Iterator[ExtractionTask]:
        for key, page in enumerate(pages):
            held[key] = (page, len(chosen))
            for name in by_task:
                yield ExtractionTask(key, name, page.html, page.url)

    modules = sorted({m for _, n in chosen for m in REQUIRES[n]})
    functions = {name: EXTRACTORS[pair] for name, pair in by_task.items()}
    pool = WorkerPool(functions, jobs=jobs, timeout=timeout, modules=modules)
    for result in pool.run(tasks()):
        page, left = held[result.key]
        held[result.key] = (page, left - 1)
        if left == 1:
            del held[result.key]
        yield _outcome(page, *by_task[result.extractor], result)


def share(right: int, pages: int) -> dict[str, Any]:
    """A proportion with its binomial standard error, `sqrt(p (1 - p) / n)`."""
    value = right / pages if pages else None
    stderr = math.sqrt(value * (1 - value) / pages) if value is not None else None
    return {
        "right": right,
        "pages": pages,
        "share": None if value is None else round(value, 4),
        "stderr": None if stderr is None else round(stderr, 4),
    }


def _groups(dataset: str) -> tuple[str, ...]:
    return (dataset, ALL) if dataset in HELD_OUT else (dataset, ALL, ALL_TUNED)


def summarise(outcomes: list[MetaOutcome], protocols: Sequence[str], names: Sequence[str]) -> Any:
    """protocol → extractor → {failures, value: field → group → share, empty: same}; groups
    are the source datasets, `ALL`, and `ALL but held out` (without `HELD_OUT`)."""
    summary: dict[str, dict[str, Any]] = {}
    for protocol, name in pairs(protocols, names):
        mine = [o for o in outcomes if (o.protocol, o.extractor) == (protocol, name)]
        counts: dict[tuple[str, str, str], list[int]] = {}
        for outcome in mine:
            for field_name, (kind, right) in outcome.verdicts.items():
                for group in _groups(outcome.dataset):
                    tally = counts.setdefault((kind, field_name, group), [0, 0])
                    tally[0] += right
                    tally[1] += 1
        result: dict[str, Any] = {"pages": len(mine)}
        result["failures"] = {kind: sum(o.failure == kind for o in mine) for kind in FAILURES}
        result["error_records"] = sum(o.record_error is not None for o in mine)
        result["cpu_seconds"] = round(sum(o.cpu for o in mine), 1)
        for kind in (VALUE, EMPTY):
            result[kind] = _shares(counts, kind)
        summary.setdefault(protocol, {})[name] = result
    return summary


def _shares(counts: dict[tuple[str, str, str], list[int]], kind: str) -> dict[str, Any]:
    """field → group → share, for the verdicts of one kind."""
    table: dict[str, dict[str, Any]] = {}
    for key in sorted(counts, key=lambda key: group_order(key[2])):
        if key[0] == kind:
            table.setdefault(key[1], {})[key[2]] = share(*counts[key])
    return {name: table[name] for name in FIELDS if name in table}


def group_order(group: str) -> tuple[int, str]:
    """Datasets by name, the held-out ones after them, then ALL and ALL but held out."""
    rank = 2 if group == ALL else 3 if group == ALL_TUNED else 1 if group in HELD_OUT else 0
    return rank, group
