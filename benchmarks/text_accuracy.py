"""Accuracy of the plain-text cleaner on whole-page text renderings of real pages.

Each page of a main-content-eval folder is rendered to text with
`html_text.extract_text(html, guess_layout=True)` (one block per line, as a text dump of the
page would be), cleaned with `scraper.clean_text`, and its body scored against the page's
`article_body` with the word-shingle F1. Two baselines run on the same renderings: the
uncleaned text, and a C4-style line filter (lines of 5+ words ending in terminal punctuation).

    python benchmarks/text_accuracy.py ../shared/datasets/main-content-eval [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

import html_text

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
    started = time.perf_counter()
    body = scraper.clean_text(text).body
    elapsed = time.perf_counter() - started
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
    args = parser.parse_args(argv)
    items = [
        (p.id, p.dataset, p.html, p.truth["article_body"])
        for p in iter_eval_pages(args.dataset)
        if p.full_text
    ]
    if args.limit:
        items = items[: args.limit]
    with multiprocessing.Pool(args.jobs) as pool:
        results = pool.map(_score_one, items, chunksize=16)
    by_dataset: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    seconds = 0.0
    for _page_id, dataset, scores in results:
        seconds += float(scores.pop("seconds"))  # type: ignore[arg-type]
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
    print(f"\nclean_text: {len(results) / seconds:.0f} pages/s in one process", file=sys.stderr)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
