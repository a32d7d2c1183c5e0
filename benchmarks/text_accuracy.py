"""Accuracy of the plain-text cleaner on whole-page text renderings of real pages.

Each page of a main-content-eval folder is rendered to text with
`html_text.extract_text(html, guess_layout=True)` (one block per line, as a text dump of the
page would be), cleaned with `scraper.clean_text`, and its body scored against the page's
`article_body` with the word-shingle F1. Two baselines run on the same renderings: the
uncleaned text, and a C4-style line filter (lines of 5+ words ending in terminal punctuation).
The scores do not depend on the machine; the speed line does, so the run keeps to an idle
machine (bench_common's guard) and counts the CPU time of each `clean_text` call in its worker.

    python benchmarks/text_accuracy.py ../shared/datasets/main-content-eval [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import re
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

import html_text
from bench_common import Guard, add_guard_options, load_note
from bench_results import spread, write_results

import scraper
from scraper.eval.data import iter_eval_pages
from scraper.eval.scoring import corpus_score, score_page

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_C4_END = (".", "!", "?", '"', "”")


def render(html: str) -> str:
    return html_text.extract_text(_CONTROL.sub("", html), guess_layout=True)


def c4_filter(text: str) -> str:
    lines = [line.strip() for line in text.splitlines()]
    return "\n".join(line for line in lines if len(line.split()) >= 5 and line.endswith(_C4_END))


def _score_one(item: tuple[str, str, str, str]) -> tuple[str, str, dict[str, object]]:
    page_id, dataset, html, truth = item
    text = render(html)
    started = time.process_time()
    body = scraper.clean_text(text).body
    elapsed = time.process_time() - started
    return (
        page_id,
        dataset,
        {
            "scraper": score_page(body, truth),
            "c4": score_page(c4_filter(text), truth),
            "uncleaned": score_page(text, truth),
            "seconds": elapsed,
        },
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dataset", type=Path)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--limit", type=int, default=0, help="score only the first N pages")
    parser.add_argument("--json", type=Path, help="write per-dataset figures here")
    add_guard_options(parser)
    args = parser.parse_args(argv)
    guard = Guard.from_args(args)
    items = [
        (p.id, p.dataset, p.html, p.truth["article_body"])
        for p in iter_eval_pages(args.dataset)
        if p.full_text
    ]
    if args.limit:
        items = items[: args.limit]
    print(f"start: {load_note()}", file=sys.stderr, flush=True)
    outcome = guard.measured("the run", lambda: {"results": score_all(items, args.jobs)})
    results = outcome.pop("results")
    by_dataset: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    cpu_ms = []
    for _page_id, dataset, scores in results:
        cpu_ms.append(1000 * float(scores.pop("seconds")))  # type: ignore[arg-type]
        for name, score in scores.items():
            by_dataset[dataset][name].append(score)
            by_dataset["ALL"][name].append(score)
    report = {
        dataset: {name: corpus_score(s, bootstrap=200).as_dict() for name, s in methods.items()}
        for dataset, methods in sorted(by_dataset.items())
    }
    print("| dataset | pages | uncleaned F1 | C4 filter F1 | scraper P | scraper R | scraper F1 |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for dataset, methods in report.items():
        ours = methods["scraper"]
        print(
            f"| {dataset} | {ours['pages']} | {methods['uncleaned']['f1']:.3f} | "
            f"{methods['c4']['f1']:.3f} | {ours['precision']:.3f} | {ours['recall']:.3f} | "
            f"**{ours['f1']:.3f}** ± {ours['f1_stderr']:.3f} |"
        )
    quartiles = spread(cpu_ms)
    print(
        f"\nclean_text CPU time per page: median {quartiles['median']:.1f} ms (IQR "
        f"{quartiles['q1']:.1f}–{quartiles['q3']:.1f}), mean {statistics.fmean(cpu_ms):.1f} ms "
        f"= {1000 * len(cpu_ms) / sum(cpu_ms):.1f} pages per CPU second; {load_note()}"
    )
    if args.json:
        args.json.write_text(json.dumps(report, indent=2))
    speed = {"cpu_ms_per_page": quartiles, "pages_per_cpu_s": 1000 * len(cpu_ms) / sum(cpu_ms)}
    write_results("text-accuracy", guard, {"scores": report, "speed": speed, **outcome})
    return 0


def score_all(items: list[tuple[str, str, str, str]], jobs: int) -> list:
    with multiprocessing.Pool(jobs) as pool:
        return pool.map(_score_one, items, chunksize=16)


if __name__ == "__main__":
    sys.exit(main())
