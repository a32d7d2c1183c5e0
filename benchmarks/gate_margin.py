"""How wide the accuracy gate's margin must be: a real change replayed on many samples.

Given the per-page scores of the whole evaluation set at two versions of the code
(`scraper eval DATASET --per-page FILE`, once per version), draw many samples of the gate's
design (`scraper.eval.sample.stratified_sample`, one seed each) and count how often the gate
would trip: a gated figure of the sample falling by more than MARGIN × its standard error. The
change as made is the false-alarm rate (when the old version improved on the whole set); the
change undone is the detection rate of a regression of that size. The standard error of a
figure is its spread over the samples, which is what the gate's bootstrap estimates.

    python benchmarks/gate_margin.py OLD.jsonl NEW.jsonl [--samples 400] [--per-dataset 50]
"""

from __future__ import annotations

import argparse
import json
import statistics
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from scraper.eval.floors import METRICS
from scraper.eval.sample import stratified_sample
from scraper.eval.scoring import SnippetCounts, harmonic

Rows = dict[str, dict[str, Any]]


def read_rows(path: Path) -> Rows:
    rows = (json.loads(line) for line in path.read_text(encoding="utf-8").splitlines())
    return {row["id"]: row for row in rows if row["extractor"] == "scraper"}


def figures(rows: Rows, ids: Iterable[str]) -> dict[tuple[str, str], float]:
    """(dataset or ALL, metric) → figure, as `scraper eval` computes it from per-page scores."""
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for page_id in ids:
        row = rows[page_id]
        groups[row["dataset"]].append(row)
        if row["truth"] == "full_text":
            groups["ALL"].append(row)
    result: dict[tuple[str, str], float] = {}
    for group, members in groups.items():
        if members[0]["truth"] == "full_text":
            p = statistics.mean(r["precision"] for r in members if r["precision"] is not None)
            r = statistics.mean(r["recall"] for r in members if r["recall"] is not None)
            values = {"precision": p, "f1": harmonic(p, r) or 0.0}
        else:
            counts = sum((SnippetCounts(m["tp"], m["fp"], m["fn"], m["tn"]) for m in members),
                         SnippetCounts())  # fmt: skip
            values = {"precision": counts.precision or 0.0, "f1": counts.f1}
        result |= {(group, metric): values[metric] for metric in METRICS}
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("old", type=Path)
    parser.add_argument("new", type=Path)
    parser.add_argument("--samples", type=int, default=400)
    parser.add_argument("--per-dataset", type=int, default=50)
    args = parser.parse_args()
    old, new = read_rows(args.old), read_rows(args.new)
    truth = {page_id: {"source_dataset": row["dataset"]} for page_id, row in new.items()}
    whole_old, whole_new = figures(old, new), figures(new, new)
    deltas: dict[tuple[str, str], list[float]] = defaultdict(list)
    levels: dict[tuple[str, str], list[float]] = defaultdict(list)
    for seed in range(args.samples):
        ids = stratified_sample(truth, args.per_dataset, seed)
        before, after = figures(old, ids), figures(new, ids)
        for key, value in after.items():
            deltas[key].append(value - before[key])
            levels[key].append(value)
    stderr = {key: statistics.pstdev(values) for key, values in levels.items()}
    print(f"{'figure':<28}{'whole set Δ':>12}{'SE on a sample':>16}")
    for key in sorted(deltas):
        change = whole_new[key] - whole_old[key]
        print(f"{' '.join(key):<28}{change:>+12.4f}{stderr[key]:>16.4f}")
    print("\nshare of samples on which the gate trips (any figure)")
    for margin in (0.5, 1.0, 1.5, 2.0):
        for sign, name in ((1, "change as made"), (-1, "change undone")):
            trips = sum(
                any(sign * deltas[key][n] < -margin * stderr[key] for key in deltas)
                for n in range(args.samples)
            )
            print(f"  margin {margin:.1f} SE, {name:<15} {trips / args.samples:6.1%}")


if __name__ == "__main__":
    main()
