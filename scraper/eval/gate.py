"""The accuracy gate run: our extractor on the fixed sample of the evaluation set (the ids in
`IDS_FILE`), each gated figure checked against its floor in `FLOORS_FILE` (see `floors`).

The sample is scored by the same code as `scraper eval`, so
`scraper eval DATASET --ids tests/eval/gate/pages.txt` prints the same figures.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from scraper.errors import InputError
from scraper.eval.data import iter_eval_pages, load_truth
from scraper.eval.floors import (
    Figure,
    Floors,
    Key,
    figures_of,
    held_out,
    label,
    read_floors,
    report_order,
    require_sample,
)
from scraper.eval.run import FAILURES, evaluate, summarise
from scraper.eval.sample import read_ids, select_ids
from scraper.eval.settings import DEFAULT_BOOTSTRAP

EXTRACTOR = "scraper"
TIMEOUT = 120.0
"""Seconds per page: 200 times the slowest page's 0.6 s, so that only a hang, never a busy
machine, turns a page into a failure (which scores as empty output)."""


def default_jobs() -> int:
    """One worker per core this process may use."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


@dataclass(frozen=True, slots=True)
class Measured:
    figures: dict[Key, Figure]
    pages: int
    failures: dict[str, int]
    cpu_seconds: float = 0.0


def measure(root: Path, ids: Sequence[str], jobs: int | None = None) -> Measured:
    """The gated figures of our extractor on the pages `ids` of the evaluation set at `root`.

    Raises `InputError` when the set lacks one of the pages (or is no evaluation set).
    """
    truth = select_ids(load_truth(root), ids)
    if len(truth) != len(set(ids)):
        missing = sorted(set(ids) - truth.keys())
        raise InputError(f"{root}: no source dataset for {', '.join(missing[:5])}")
    pages = iter_eval_pages(root, truth=truth)
    outcomes = list(evaluate(pages, [EXTRACTOR], jobs=jobs or default_jobs(), timeout=TIMEOUT))
    result = summarise(outcomes, [EXTRACTOR], DEFAULT_BOOTSTRAP)[EXTRACTOR]
    failures = dict(result["failures"])
    return Measured(figures_of(result), len(truth), failures, result["cpu_seconds"])


@dataclass(frozen=True, slots=True)
class Check:
    key: Key
    floor: float
    figure: Figure | None

    @property
    def passed(self) -> bool:
        return self.figure is not None and self.figure.value >= self.floor


def check(floors: Floors, figures: Mapping[Key, Figure]) -> list[Check]:
    """Every floor against its figure (a missing figure fails), in report order."""
    keys = sorted(floors.values, key=report_order)
    return [Check(key, floors.values[key], figures.get(key)) for key in keys]


_NAME = 38


def _row(item: Check) -> str:
    figure = item.figure
    if figure is None:
        return f"  {label(item.key):<{_NAME}}{'missing':<18}{item.floor:<9.3f}{'':<10}BELOW"
    value = f"{figure.value:.4f} ± {figure.stderr:.4f}"
    headroom = f"{figure.value - item.floor:+.4f}"
    status = "ok" if item.passed else "BELOW"
    return f"  {label(item.key):<{_NAME}}{value:<18}{item.floor:<9.3f}{headroom:<10}{status}"


def render(checks: Sequence[Check], measured: Measured) -> str:
    """The gate's table: figure ± bootstrap SE, floor and headroom, held-out datasets apart,
    then the verdict naming every figure below its floor."""
    lines = [f"Accuracy gate: {EXTRACTOR} on {measured.pages} pages of the fixed sample"]
    lines.append(f"  {'figure':<{_NAME}}{'value ± SE':<18}{'floor':<9}headroom")
    lines += [_row(item) for item in checks if not held_out(item.key)]
    kept_out = [item for item in checks if held_out(item.key)]
    if kept_out:
        lines.append("  held out of tuning (a regression check here, never a target):")
        lines += [_row(item) for item in kept_out]
    failed = sum(measured.failures.get(kind, 0) for kind in FAILURES)
    if failed:
        counts = ", ".join(f"{measured.failures.get(kind, 0)} {kind}" for kind in FAILURES)
        lines.append(f"Failed extractions (scored as empty output): {counts}")
    below = [item for item in checks if not item.passed]
    if not below:
        lines.append(f"All {len(checks)} figures at or above their floors.")
    else:
        names = ", ".join(label(item.key) for item in below)
        lines.append(f"{len(below)} of {len(checks)} figures BELOW their floors: {names}")
    return "\n".join(lines)


def run_check(
    root: Path, ids_file: Path, floors_file: Path, jobs: int | None = None
) -> tuple[list[Check], Measured]:
    """The whole gate: the sample scored and checked against the floors pinned for it.

    Raises `InputError` / `ConfigError` for a missing or mismatched ids or floors file.
    """
    ids = read_ids(ids_file)
    floors = read_floors(floors_file)
    require_sample(floors, ids)
    measured = measure(root, ids, jobs)
    return check(floors, measured.figures), measured
