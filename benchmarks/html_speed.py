"""Single-process speed of `clean_html` beside trafilatura's strongest setting.

Run: `.venv/bin/python benchmarks/html_speed.py [--every 5] [--dataset PATH]`. Every N-th page
of the evaluation set goes through each extractor in turn, page by page, in this one process,
so machine load hits all of them alike; time is CPU time of the process (`time.process_time`).
The target (issue 3) is at least 0.8x the docs/s of
`trafilatura.extract(include_comments=False, favor_precision=True)`.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path

import trafilatura

import scraper
from scraper.eval.data import EvalPage, iter_eval_pages

DEFAULT_DATASET = (
    Path(__file__).resolve().parent.parent.parent / "shared/datasets/main-content-eval"
)


def extractors() -> dict[str, Callable[[EvalPage], object]]:
    return {
        "trafilatura-precision": lambda p: trafilatura.extract(
            p.html, url=p.url, include_comments=False, favor_precision=True
        ),
        "scraper": lambda p: scraper.clean_html(p.html, p.url),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--every", type=int, default=5, help="take every N-th page")
    parser.add_argument("--dataset", type=Path, default=DEFAULT_DATASET)
    args = parser.parse_args()
    pages = [p for i, p in enumerate(iter_eval_pages(args.dataset)) if i % args.every == 0]
    runs = extractors()
    for run in runs.values():  # warm-up: rule loading, model loading
        run(pages[0])
    spent = dict.fromkeys(runs, 0.0)
    for page in pages:
        for name, run in runs.items():
            started = time.process_time()
            run(page)
            spent[name] += time.process_time() - started
    for name, seconds in spent.items():
        per_page = 1000 * seconds / len(pages)
        print(f"{name:22s} {len(pages) / seconds:6.1f} docs/s  {per_page:6.1f} ms/doc")
    ratio = spent["trafilatura-precision"] / spent["scraper"]
    print(f"{len(pages)} pages; scraper / trafilatura-precision docs/s = {ratio:.2f}")


if __name__ == "__main__":
    main()
