"""Single-process speed of `clean_html` beside trafilatura's strongest setting.

    python benchmarks/html_speed.py --every 5 --rounds 5 [--dataset PATH]

Every N-th page of the evaluation set goes through each extractor in turn, page by page, in one
process, so whatever slows the machine slows both alike; time is the CPU time of that process
(`time.process_time`). Each round is a fresh process (cold caches: a second pass over the same
pages in one process would hit the cleaner's per-block caches), pinned to one core, on an idle
machine (bench_common's guard). The target (issue 3) is at least 0.8x the docs/s of
`trafilatura.extract(include_comments=False, favor_precision=True)`; issue 15's is 1.5x. The
default cleaner and the learned core (`CleanerConfig(learned=True)`: trafilatura only where
the block model is unsure) run in the same rounds, and so does trafilatura-precision asked
for its metadata too (`with_metadata=True`: title, author, date, site), a record closer to
what `clean_html` returns; that row is context, the targets are against the first. Where the
package was built with the compiled walk (setup.py), the learned core also runs with the
Python walk in the same rounds: the gain of the compiled one, and what a machine without a C
compiler gets.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

from bench_common import CorePlan, add_guard_options, alternate, load_note, run_client, start_pinned
from bench_pages import EVAL_SET
from bench_results import show, spread, write_results

PYTHON_WALK = "scraper-learned, Python walk"


def one_round(dataset: Path, every: int) -> dict:
    """Both extractors over the pages, interleaved; CPU seconds of each."""
    import trafilatura

    import scraper
    from scraper.cleaners import dom
    from scraper.config import CleanerConfig
    from scraper.eval.data import EvalPage, iter_eval_pages

    learned = CleanerConfig(learned=True)

    pages = [p for i, p in enumerate(iter_eval_pages(dataset)) if i % every == 0]
    runs: dict[str, Callable[..., object]] = {
        "trafilatura-precision": lambda p: trafilatura.extract(
            p.html, url=p.url, include_comments=False, favor_precision=True
        ),
        "trafilatura-precision+metadata": lambda p: trafilatura.extract(
            p.html, url=p.url, include_comments=False, favor_precision=True, with_metadata=True
        ),
        "scraper": lambda p: scraper.clean_html(p.html, p.url),
        "scraper-learned": lambda p: scraper.clean_html(p.html, p.url, config=learned),
    }
    compiled_walk = dom.COMPILED_WALK
    if compiled_walk is not None:  # the same core as a machine without a C compiler runs it

        def python_walk(page: EvalPage) -> object:
            dom.COMPILED_WALK = None
            try:
                return scraper.clean_html(page.html, page.url, config=learned)
            finally:
                dom.COMPILED_WALK = compiled_walk

        runs[PYTHON_WALK] = python_walk
    for run in runs.values():  # warm-up: rule loading, model loading
        run(pages[0])
    spent = dict.fromkeys(runs, 0.0)
    for page in pages:
        for name, run in runs.items():
            started = time.process_time()
            run(page)
            spent[name] += time.process_time() - started
    return {"pages": len(pages), "cpu_s": spent}


def variant(args: argparse.Namespace, plan: CorePlan) -> Callable[[], dict]:
    cmd = [sys.executable, __file__, "--round", "--dataset", str(args.dataset)]
    cmd += ["--every", str(args.every)]

    def run() -> dict:
        done = run_client(cmd, plan)
        pages, spent = done["pages"], done["cpu_s"]
        figures = {f"{name} docs/s": pages / seconds for name, seconds in spent.items()}
        figures |= {f"{name} ms/doc": 1000 * seconds / pages for name, seconds in spent.items()}
        figures["ratio"] = spent["trafilatura-precision"] / spent["scraper"]
        figures["learned ratio"] = spent["trafilatura-precision"] / spent["scraper-learned"]
        with_metadata = spent["trafilatura-precision+metadata"]
        figures["learned ratio, metadata"] = with_metadata / spent["scraper-learned"]
        if PYTHON_WALK in spent:
            figures["compiled walk gain"] = spent[PYTHON_WALK] / spent["scraper-learned"]
        return figures | {"pages": pages}

    return run


def main(args: argparse.Namespace) -> None:
    guard, plan = start_pinned(args, rounds_on_clients=True)
    runs = alternate(guard, args.rounds, {"round": variant(args, plan)})["round"]
    pages = runs[0]["pages"]
    print(
        f"\nevery {args.every}th page ({pages} pages), CPU time, median (min–max) over "
        f"{args.rounds} rounds:\n| extractor | docs/s | ms/doc |\n|---|---:|---:|"
    )
    names = ["trafilatura-precision", "trafilatura-precision+metadata", "scraper",
             "scraper-learned", PYTHON_WALK]  # fmt: skip
    for name in (n for n in names if f"{n} docs/s" in runs[0]):
        print(
            f"| {name} | {show(r[f'{name} docs/s'] for r in runs)} "
            f"| {show(r[f'{name} ms/doc'] for r in runs)} |"
        )
    print(f"scraper / trafilatura-precision docs/s: {show((r['ratio'] for r in runs), 2)}x")
    print(
        "scraper-learned / trafilatura-precision docs/s: "
        f"{show((r['learned ratio'] for r in runs), 2)}x"
    )
    print(
        "scraper-learned / trafilatura-precision+metadata docs/s: "
        f"{show((r['learned ratio, metadata'] for r in runs), 2)}x"
    )
    if "compiled walk gain" in runs[0]:
        print(
            "scraper-learned, compiled walk / Python walk docs/s: "
            f"{show((r['compiled walk gain'] for r in runs), 2)}x"
        )
    print(f"end: {load_note()}")
    summary = {key: spread(r[key] for r in runs) for key in runs[0]}
    write_results("html-speed", guard, {"rounds": runs, "summary": summary}, args.results)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--every", type=int, default=5, help="take every N-th page")
    parser.add_argument("--dataset", type=Path, default=EVAL_SET)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--round", action="store_true", help=argparse.SUPPRESS)
    add_guard_options(parser)
    parsed = parser.parse_args()
    if parsed.round:
        print(json.dumps(one_round(parsed.dataset, parsed.every)))
    else:
        main(parsed)
