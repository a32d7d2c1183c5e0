"""A fixed sample of an evaluation set, named by page id in a file that can live in the repo
(the pages themselves may not: they stay in the evaluation folder).

The sample is stratified: the same number of pages from each source dataset, so that every
dataset gets a figure of its own and the small ones (71 or 130 pages) are not drowned by the
large. Within a dataset, pages are ranked by a hash of the seed and their id, which depends on
nothing else (not on Python's random module, not on file order), so the same command draws the
same ids on any machine, and a page added to a dataset later displaces at most one.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from scraper.errors import InputError
from scraper.eval.settings import PER_DATASET, SAMPLE_SEED

COMMENT = "#"


def _rank(seed: int, page_id: str) -> str:
    return hashlib.sha256(f"{seed}:{page_id}".encode()).hexdigest()


def stratified_sample(
    truth: dict[str, dict[str, Any]], per_dataset: int = PER_DATASET, seed: int = SAMPLE_SEED
) -> list[str]:
    """`per_dataset` page ids of each source dataset (all of a smaller one), sorted."""
    by_dataset: dict[str, list[str]] = defaultdict(list)
    for page_id, record in truth.items():
        by_dataset[record["source_dataset"]].append(page_id)
    chosen: list[str] = []
    for ids in by_dataset.values():
        chosen += sorted(ids, key=lambda page_id: _rank(seed, page_id))[:per_dataset]
    return sorted(chosen)


def write_ids(path: Path, ids: Iterable[str], header: Iterable[str] = ()) -> None:
    """One id per line under `#` comment lines saying how the file was made."""
    lines = [f"{COMMENT} {line}".rstrip() for line in header] + list(ids)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def read_ids(path: Path) -> list[str]:
    """The ids of an id file, in file order; blank and `#` lines are skipped.

    Raises `InputError` for an unreadable file, an empty one, or an id given twice.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    ids = [s for line in text.splitlines() if (s := line.strip()) and not s.startswith(COMMENT)]
    if not ids:
        raise InputError(f"{path}: no page ids")
    twice = sorted(page_id for page_id, count in Counter(ids).items() if count > 1)
    if twice:
        raise InputError(f"{path}: ids given twice: {', '.join(twice[:5])}")
    return ids


def select_ids(truth: dict[str, dict[str, Any]], ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    """The truth records of `ids`, in truth order.

    Ids of source datasets that `truth` does not hold are left out (ids read
    `<source_dataset>/<name>`), so an id file can be combined with a choice of datasets. An id
    of a dataset it does hold but of no page raises `InputError`: the file was drawn from
    another version of the evaluation set, and its figures would not be comparable.
    """
    loaded = {record["source_dataset"] for record in truth.values()}
    wanted = {page_id for page_id in ids if page_id.split("/", 1)[0] in loaded}
    missing = sorted(wanted - truth.keys())
    if missing:
        more = f" and {len(missing) - 5} more" if len(missing) > 5 else ""
        raise InputError(f"pages not in the evaluation set: {', '.join(missing[:5])}{more}")
    return {page_id: record for page_id, record in truth.items() if page_id in wanted}
