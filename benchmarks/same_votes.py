"""trafilatura's vote through its public entry and through the lean path, page by page: the
extracted lines must be identical (`scraper/cleaners/vote_extract.py`), and how much CPU
each costs.

Each page's tree is made as the HTML cleaner makes it before the vote (parsed, code dropped,
segmented), then given to both paths in turn, the order alternating from page to page;
`time.process_time` around each call. Exit status 1 when any page's lines differ.

Usage: python benchmarks/same_votes.py [--every N] [--show 20]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

from lxml import etree
from lxml.html import HtmlElement

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench_pages import EVAL_SET  # noqa: E402

from scraper.cleaners.dom import Segmenter, drop_code, parse_html  # noqa: E402
from scraper.cleaners.vote import body_text  # noqa: E402
from scraper.cleaners.vote_extract import bare_body, extracted_body  # noqa: E402
from scraper.errors import ScraperError  # noqa: E402
from scraper.eval.data import iter_eval_pages  # noqa: E402

Path_ = Callable[[HtmlElement, "str | None"], "etree._Element | None"]


def _lines(extract: Path_, tree: HtmlElement, url: str | None) -> tuple[str, float]:
    """The vote's text by one path (empty where it fails, as in the cleaner) and its CPU."""
    start = time.process_time()
    try:
        text = body_text(extract(tree, url))
    except Exception:
        text = ""
    return text, time.process_time() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--every", type=int, default=1, help="every Nth page (default all)")
    parser.add_argument("--show", type=int, default=20, help="differing pages to list")
    args = parser.parse_args()
    pages = differ = 0
    spent = {"bare": 0.0, "lean": 0.0}
    shown: list[str] = []
    warm = parse_html("<html><body><p>trafilatura is imported before timing.</p></body></html>")
    bare_body(warm, None), extracted_body(warm, None)
    for n, page in enumerate(iter_eval_pages(EVAL_SET)):
        if n % args.every:
            continue
        try:
            tree = parse_html(page.html)
        except ScraperError:
            continue
        drop_code(tree)
        Segmenter().run(tree)
        paths = [("bare", bare_body), ("lean", extracted_body)]
        texts = {}
        for name, extract in paths if n % 2 else reversed(paths):
            texts[name], cost = _lines(extract, tree, page.url)
            spent[name] += cost
        pages += 1
        if texts["bare"] != texts["lean"]:
            differ += 1
            if len(shown) < args.show:
                shown.append(page.id)
    print(f"{pages} pages: extracted lines differ on {differ}")
    for name, seconds in spent.items():
        print(f"  {name}: {1000 * seconds / max(pages, 1):.2f} ms a page (CPU)")
    for page_id in shown:
        print(f"  differs: {page_id}")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
