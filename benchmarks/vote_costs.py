"""CPU per page of the HTML cleaner's vote and the stages around it: trafilatura's extraction,
the hand-set labelling (`HtmlCleaner._labels`, every pass), the vote's matching (`votes`) and
the whole `clean_html`, on every Nth evaluation page in one process.

`time.process_time` around each stage (the stages are wrapped where `html.py` calls them, so
the same code runs); one warm-up page first. Not an idle-machine speed figure: compare two
commits in the same conditions (run each with its own checkout and venv, at the same time or
one after the other). `--root` cleans with another checkout's code (`git archive` of a commit,
say) under this script's venv.

Usage: python benchmarks/vote_costs.py [--every 5] [--learned] [--root DIR]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

EVAL_SET = Path(__file__).resolve().parent.parent.parent / "shared/datasets/main-content-eval"


def _timed(spent: dict[str, float], calls: dict[str, int], name: str, function: Any) -> Any:
    def call(*args: Any, **kwargs: Any) -> Any:
        start = time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            spent[name] += time.process_time() - start
            calls[name] += 1

    return call


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--every", type=int, default=5, help="every Nth page (default 5)")
    parser.add_argument("--learned", action="store_true", help="the learned core")
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parent.parent)
    args = parser.parse_args()
    sys.path.insert(0, str(args.root))
    from scraper.cleaners import clean_html, html
    from scraper.config import CleanerConfig
    from scraper.eval.data import iter_eval_pages

    names = ("trafilatura vote", "labelling", "matching", "clean_html")
    spent = dict.fromkeys(names, 0.0)
    calls = dict.fromkeys(names, 0)
    html.trafilatura_text = _timed(spent, calls, names[0], html.trafilatura_text)
    cleaner: Any = html.HtmlCleaner
    cleaner._labels = _timed(spent, calls, names[1], cleaner._labels)
    html.votes = _timed(spent, calls, names[2], html.votes)
    config = CleanerConfig(learned=args.learned)
    pages = [p for n, p in enumerate(iter_eval_pages(EVAL_SET)) if not n % args.every]
    clean_html(pages[0].html, url=pages[0].url, config=config, timeout=600)
    spent.update(dict.fromkeys(names, 0.0))
    calls.update(dict.fromkeys(names, 0))
    run: Callable[..., Any] = _timed(spent, calls, names[3], clean_html)
    for page in pages:
        run(page.html, url=page.url, config=config, timeout=600)
    core = "learned" if args.learned else "default"
    print(f"{len(pages)} pages, {core} core, code of {args.root}")
    for name in names:
        per_page = 1000 * spent[name] / len(pages)
        print(f"  {name}: {per_page:.2f} ms a page ({calls[name]} calls)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
