"""Single-process speed of `clean_html` beside trafilatura's strongest setting.

    python benchmarks/html_speed.py --every 5 --rounds 5 [--dataset PATH]

Every N-th page of the evaluation set goes through each extractor in turn, page by page, so
whatever slows the machine slows them alike; time is CPU time (`time.process_time`). Each
extractor runs in a process of its own, and a round's processes take the pages in lockstep
(page 1 through each, then page 2, …), all pinned to one core, on an idle machine
(bench_common's guard): an extractor never reads another's caches (the rules' per-text
matches, the class-name tokens), as it would if two ran in one process on the same page, and
each round starts cold. The target (issue 3) is at least 0.8x the docs/s of
`trafilatura.extract(include_comments=False, favor_precision=True)`; issue 15's is 1.5x. The
default cleaner and the learned core (`CleanerConfig(learned=True)`: trafilatura only where
the block model is unsure) run in the same rounds, and so does trafilatura-precision asked
for its metadata too (`with_metadata=True`: title, author, date, site), a record closer to
what `clean_html` returns; that row is context, the targets are against the first. Where the
package was built with the compiled walk (setup.py), the learned core also runs with
`SCRAPER_PURE_PYTHON=1` in the same rounds (the row "Python walk": none of the compiled
modules, since the fourteenth round of issue 15 the tree walk and the title search too): the
gain of the compiled ones, and what a machine without a C compiler gets. The learned core's
ratio is also given for each fifth of the pages by markup size (smallest first): where the
time it loses is.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path

from bench_common import (
    CorePlan,
    add_guard_options,
    alternate,
    load_note,
    lockstep,
    run_client,
    serve_pages,
    spawn_workers,
    start_pinned,
)
from bench_pages import EVAL_SET
from bench_results import show, spread, write_results

PYTHON_WALK = "scraper-learned, Python walk"
FIFTHS = 5
EXTRACTORS = (
    "trafilatura-precision", "trafilatura-precision+metadata", "scraper", "scraper-learned",
    PYTHON_WALK,
)  # fmt: skip


def extractor(name: str) -> Callable[[object], object]:
    """The call that cleans one page, imported in the process that times it."""
    if name.startswith("trafilatura"):
        import trafilatura

        metadata = name.endswith("+metadata")
        return lambda p: trafilatura.extract(
            p.html, url=p.url, include_comments=False, favor_precision=True,
            with_metadata=metadata,
        )  # fmt: skip
    import scraper
    from scraper.config import CleanerConfig

    config = CleanerConfig(learned=name != "scraper")
    return lambda p: scraper.clean_html(p.html, p.url, config=config)


def worker(name: str, dataset: Path, every: int, pipe: Connection) -> None:
    """Times `name` on the page whose number comes down the pipe; -1 ends it. Says at start
    the size of each page it has and whether it runs the compiled walk."""
    if name == PYTHON_WALK:
        os.environ["SCRAPER_PURE_PYTHON"] = "1"  # before scraper is imported
    from scraper.eval.data import iter_eval_pages

    run = extractor(name)
    pages = [p for i, p in enumerate(iter_eval_pages(dataset)) if i % every == 0]
    run(pages[0])  # warm-up: imports, rule loading, model loading
    from scraper.cleaners import dom

    pipe.send(([len(p.html) for p in pages], dom.COMPILED_WALK is not None))
    serve_pages(pipe, lambda number: run(pages[number]))


def one_round(dataset: Path, every: int) -> dict:
    """Every extractor over the pages in lockstep, each in its own process; CPU seconds."""
    from scraper.cleaners import dom

    names = [n for n in EXTRACTORS if n != PYTHON_WALK or dom.COMPILED_WALK is not None]
    pipes, processes = spawn_workers(worker, [(name, dataset, every) for name in names])
    started = dict(zip(names, (pipe.recv() for pipe in pipes), strict=True))
    sizes = started["scraper"][0]
    pages = len(sizes)
    walks = {name: compiled for name, (_sizes, compiled) in started.items()}
    if PYTHON_WALK in walks and (walks[PYTHON_WALK] or not walks["scraper-learned"]):
        raise SystemExit("the Python-walk row did not run the other walk than scraper-learned")
    per_page = dict(zip(names, lockstep(pipes, processes, pages), strict=True))
    spent = {name: sum(seconds) for name, seconds in per_page.items()}
    fifths = {name: [0.0] * FIFTHS for name in names}  # by the page's size
    for number, fifth in enumerate(_fifths(sizes)):
        for name, seconds in per_page.items():
            fifths[name][fifth] += seconds[number]
    return {"pages": pages, "cpu_s": spent, "cpu_s_by_size_fifth": fifths}


def _fifths(sizes: list[int]) -> list[int]:
    """Each page's fifth of the pages by markup size, smallest first."""
    order = sorted(range(len(sizes)), key=lambda at: (sizes[at], at))
    fifth = [0] * len(sizes)
    for rank, at in enumerate(order):
        fifth[at] = rank * FIFTHS // len(sizes)
    return fifth


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
        by_size = done["cpu_s_by_size_fifth"]
        for fifth in range(FIFTHS):  # where the time goes: small pages or large ones
            ratio = by_size["trafilatura-precision"][fifth] / by_size["scraper-learned"][fifth]
            figures[f"learned ratio, size fifth {fifth + 1}"] = ratio
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
    fifths = ", ".join(
        show((r[f"learned ratio, size fifth {f + 1}"] for r in runs), 2) for f in range(FIFTHS)
    )
    print(f"the same by the pages' size, smallest fifth first: {fifths}")
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
