"""Where the text cleaner loses the story: each removal that took words of the truth, by the
rule or heuristic that made it.

Each full-text page of a main-content-eval folder is rendered to text as
`text_accuracy.py` renders it and cleaned (the learned core unless `--hand`). A removed line
of three or more words whose words appear, in order, in the page's `article_body` took that
many words of the truth; each page's share of its truth lost to a removal id is capped at 1,
and the table gives the mean over pages (the part of the corpus recall that id costs), how
many pages lost anything to it, and how many lost more than half of their truth. Truths
keep what the record keeps elsewhere (the headline is in `title`, the byline in
`authors`), so `meta.*` rows are conventions, not errors. Accuracy only; no timing.

    python benchmarks/text_losses.py ../shared/datasets/main-content-eval [--hand] [--json F]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

from text_accuracy import render

import scraper
from scraper.config import CleanerConfig
from scraper.eval.data import iter_eval_pages
from scraper.eval.scoring import PageScore, corpus_score, score_page

_WORDS = re.compile(r"\w+")
MIN_WORDS = 3  # a shorter line ("Home", "By Jane Doe") matches some truth by chance
_config = CleanerConfig()


def _plain(text: str) -> str:
    return " ".join(_WORDS.findall(text.lower()))


def _init(learned: bool) -> None:
    global _config
    _config = CleanerConfig(learned=learned)


def _losses(item: tuple[str, str, str]) -> tuple[str, dict[str, float], PageScore]:
    """The page's score and its truth's words lost per removal id, as a share of the truth."""
    dataset, html, truth = item
    article = scraper.clean_text(render(html), config=_config)
    plain = _plain(truth)
    words = max(1, len(plain.split()))
    lost: Counter[str] = Counter()
    for removal in article.removed:
        line = _plain(removal.text)
        count = len(line.split())
        if count >= MIN_WORDS and line in plain:
            lost[removal.rule] += count
    shares = {rule: min(1.0, count / words) for rule, count in lost.items()}
    return dataset, shares, score_page(article.body, truth)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dataset", type=Path)
    parser.add_argument("--hand", action="store_true", help="the hand-set core, not the learned")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--rows", type=int, default=12, help="removal ids in the table")
    parser.add_argument("--json", type=Path, help="write the table here")
    args = parser.parse_args(argv)
    items = [
        (p.dataset, p.html, p.truth["article_body"])
        for p in iter_eval_pages(args.dataset)
        if p.full_text
    ]
    with multiprocessing.Pool(args.jobs, _init, (not args.hand,)) as pool:
        results = pool.map(_losses, items, chunksize=16)
    pages = len(results)
    share: defaultdict[str, float] = defaultdict(float)
    touched: Counter[str] = Counter()
    most: Counter[str] = Counter()
    for _dataset, shares, _score in results:
        for rule, part in shares.items():
            share[rule] += part / pages
            touched[rule] += 1
            most[rule] += part > 0.5
    overall = corpus_score([score for _d, _s, score in results]).as_dict()
    core = "hand-set" if args.hand else "learned"
    print(
        f"{core} text core, {pages} pages: P {overall['precision']:.4f} "
        f"R {overall['recall']:.4f} F1 {overall['f1']:.4f}"
    )
    print("| removal id | recall it costs | pages it took truth from | pages losing over half |")
    print("|---|---:|---:|---:|")
    rows = sorted(share.items(), key=lambda item: -item[1])[: args.rows]
    for rule, part in rows:
        print(f"| `{rule}` | {part:.4f} | {touched[rule]} | {most[rule]} |")
    if args.json:
        table = {rule: [round(part, 4), touched[rule], most[rule]] for rule, part in rows}
        args.json.write_text(json.dumps({"core": core, "scores": overall, "losses": table}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
