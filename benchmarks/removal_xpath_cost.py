"""What the XPaths of `removed[]` cost: the `getpath` calls for every removed HTML block,
against the whole clean of the same pages.

    python benchmarks/removal_xpath_cost.py [--every 20] [--learned] [--dataset PATH]

Every N-th page of the evaluation set is cleaned once through `HtmlCleaner.explain` (the
clean path, which also hands back the tree and the blocks' elements); the paths of its removed
blocks are then computed again, five times, and the mean is counted. Time is the CPU time of
this process (`time.process_time`), so other load on the machine matters little.
"""

from __future__ import annotations

import argparse
import time
from itertools import islice
from pathlib import Path

from bench_pages import EVAL_SET

from scraper.cleaners import cleaners
from scraper.config import CleanerConfig
from scraper.eval.data import iter_eval_pages
from scraper.records import Page

REPEATS = 5


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--every", type=int, default=20)
    parser.add_argument("--learned", action="store_true")
    parser.add_argument("--dataset", type=Path, default=EVAL_SET)
    args = parser.parse_args()
    _text, html = cleaners(CleanerConfig(learned=args.learned))
    cleaning = paths_time = 0.0
    pages = paths = 0
    for found in islice(iter_eval_pages(args.dataset), 0, None, args.every):
        page = Page(content=found.html, origin=found.id, url=found.url)
        start = time.process_time()
        article, judged, _meta = html.explain(page, found.html)
        cleaning += time.process_time() - start
        root, owners = judged.tree.getroottree(), judged.dom.owners
        removed = [r.index for r in article.removed if r.index is not None]
        start = time.process_time()
        for _ in range(REPEATS):
            [root.getpath(owners[i]) for i in removed]
        paths_time += (time.process_time() - start) / REPEATS
        pages, paths = pages + 1, paths + len(removed)
    print(
        f"{pages} pages (learned={args.learned}): cleaning {cleaning:.2f} s CPU; the XPaths of "
        f"{paths} removed blocks {paths_time * 1000:.1f} ms = {100 * paths_time / cleaning:.2f} % "
        f"({1e6 * paths_time / max(paths, 1):.1f} µs a path)"
    )


if __name__ == "__main__":
    main()
