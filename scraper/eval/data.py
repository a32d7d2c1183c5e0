"""Reader of `main-content-eval`-style evaluation sets: `pages/<source>.jsonl.gz` (the HTML) and
`truth.jsonl` (what a good extraction contains), joined by page id.

Truth is read first, and page selection (source datasets, a sample) happens on the ids, so the
large HTML files are streamed once and only the chosen pages are held in memory.
"""

from __future__ import annotations

import gzip
import json
import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scraper.errors import InputError


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


def source_datasets(root: Path) -> list[str]:
    """Names of the source datasets present (one pages file each)."""
    return sorted(p.name.removesuffix(".jsonl.gz") for p in (root / "pages").glob("*.jsonl.gz"))


def load_truth(root: Path, datasets: Iterable[str] | None = None) -> dict[str, dict[str, Any]]:
    """Truth records by page id, in file order, restricted to `datasets` when given.

    Raises `InputError` when the folder is not an evaluation set, or a dataset is unknown.
    """
    if not (root / "truth.jsonl").is_file() or not (root / "pages").is_dir():
        raise InputError(f"{root}: not an evaluation set (needs truth.jsonl and pages/)")
    wanted = set(datasets or ())
    unknown = wanted - set(source_datasets(root))
    if unknown:
        known = ", ".join(source_datasets(root))
        raise InputError(f"unknown source dataset {', '.join(sorted(unknown))} (known: {known})")
    truth: dict[str, dict[str, Any]] = {}
    with open(root / "truth.jsonl", encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            if not wanted or record["source_dataset"] in wanted:
                truth[record["id"]] = record
    return truth


def choose(
    truth: dict[str, dict[str, Any]],
    limit: int | None = None,
    sample: int | None = None,
    seed: int = 0,
) -> dict[str, dict[str, Any]]:
    """A quick-run subset: `sample` pages drawn at random (reproducible with `seed`), or the
    first `limit` pages in truth order; both given, the sample is cut to `limit`."""
    ids = list(truth)
    if sample is not None and sample < len(ids):
        drawn = set(random.Random(seed).sample(ids, sample))
        ids = [page_id for page_id in ids if page_id in drawn]
    if limit is not None:
        ids = ids[:limit]
    return {page_id: truth[page_id] for page_id in ids}


def iter_eval_pages(
    root: Path, datasets: Iterable[str] | None = None, truth: dict[str, Any] | None = None
) -> Iterator[EvalPage]:
    """Pages joined with their truth records; only pages with a record in `truth` (by default
    every record of `datasets`) are yielded, in pages-file order."""
    truth = load_truth(root, datasets) if truth is None else truth
    wanted = {record["source_dataset"] for record in truth.values()}
    for path in sorted((root / "pages").glob("*.jsonl.gz")):
        if path.name.removesuffix(".jsonl.gz") not in wanted:
            continue
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            for line in handle:
                page = json.loads(line)
                record = truth.get(page["id"])
                if record is not None:
                    yield EvalPage(
                        page["id"], page["source_dataset"], page.get("url"), page["html"], record
                    )
