"""Where `clean_html`'s CPU time goes, stage by stage, on every N-th evaluation page.

    python benchmarks/stage_costs.py [--every 5] [--learned] [--dataset PATH] [--root DIR]

The stages are the functions `HtmlCleaner` calls, wrapped for the run (the code is not
changed): each wrapper adds its own CPU time (`time.process_time`), less the time of any
wrapped stage it calls, so the rows add up to the whole; each row says how often it ran (the
vote: on the pages that asked for it). One process, one pass: this is a profile to find the
large costs and to compare two commits run the same way on the same machine, not an
idle-machine speed figure (`html_speed.py` is that). `--root` profiles another checkout's code
(a `git worktree` of the commit before, say) under this script's venv; run the two one after
the other and compare the rows, not the totals of different runs.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
# as bench_pages has it; that module imports scraper, which must come from `--root`
EVAL_SET = ROOT.parent / "shared/datasets/main-content-eval"

STAGES = (  # names in html.py's namespace, called once or more per page
    "parse_html", "check_elements", "read_head", "stated_dates", "drop_code", "detect_language",
    "language_sample", "read_marked", "block_stats", "label_blocks", "label_duplicates",
    "read_header", "trafilatura_text", "votes", "lead_heading", "merge_metadata", "date_story",
    "apply_site_rule", "drop_lead_title", "assemble", "html_structure",
)  # fmt: skip
spent: dict[str, float] = {}
calls: dict[str, int] = {}
_nested: list[float] = []  # time spent in wrapped stages called by the one running


def timed(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    def run(*args: Any, **kwargs: Any) -> Any:
        _nested.append(0.0)
        started = time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            elapsed = time.process_time() - started
            inner = _nested.pop()
            spent[name] = spent.get(name, 0.0) + elapsed - inner
            calls[name] = calls.get(name, 0) + 1
            if _nested:
                _nested[-1] += elapsed

    return run


def instrument(html_cleaner: Any, learned_module: Any) -> None:
    for name in STAGES:
        setattr(html_cleaner, name, timed(name, getattr(html_cleaner, name)))
    segmenter = html_cleaner.Segmenter
    segmenter.run = timed("segment", segmenter.run)
    models = learned_module.BlockModels
    models.probabilities = timed("block model", models.probabilities)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--every", type=int, default=5)
    parser.add_argument("--learned", action="store_true", help="the learned core")
    parser.add_argument("--dataset", type=Path, default=EVAL_SET)
    parser.add_argument("--root", type=Path, default=ROOT, help="the checkout whose code runs")
    args = parser.parse_args()
    sys.path.insert(0, str(args.root))
    import scraper
    from scraper.cleaners import html as html_cleaner
    from scraper.cleaners import learned as learned_module
    from scraper.config import CleanerConfig
    from scraper.eval.data import iter_eval_pages

    config = CleanerConfig(learned=args.learned)
    pages = [p for i, p in enumerate(iter_eval_pages(args.dataset)) if i % args.every == 0]
    scraper.clean_html(pages[0].html, pages[0].url, config=config)  # rules, models
    instrument(html_cleaner, learned_module)
    spent.clear()
    calls.clear()
    whole = 0.0
    for page in pages:
        started = time.process_time()
        _nested.append(0.0)
        scraper.clean_html(page.html, page.url, config=config)
        staged = _nested.pop()
        elapsed = time.process_time() - started
        whole += elapsed
        spent["(rest)"] = spent.get("(rest)", 0.0) + elapsed - staged
    core = "learned" if args.learned else "hand-set"
    print(f"{core} core, code of {args.root}, {len(pages)} pages, ms a page (CPU), calls:")
    for name, seconds in sorted(spent.items(), key=lambda item: -item[1]):
        print(f"  {name:<18} {1000 * seconds / len(pages):6.2f}  {calls.get(name, len(pages))}")
    print(f"  {'clean_html':<18} {1000 * whole / len(pages):6.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
