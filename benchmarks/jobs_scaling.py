"""Cleaning throughput of the job's process pool with 1 and with 2 worker processes.

    python benchmarks/jobs_scaling.py --rounds 5

Distinct real pages (a fixed sample of the evaluation set, read at run time; generated articles
when it is absent) go through `LocalExecutor.clean`, the path `scraper run` takes, as HTML and
as their text renderings, with 1 and 2 workers. The pool sizes alternate round by round on an
idle machine (bench_common's guard); each round starts a fresh pool (fresh processes, so cold
caches), warms it up on pages of its own (process start, imports, rules), then times the rest.
Beside docs/s it reports the CPU time per document of the workers and of the client (the
process that feeds the pool and orders its results): equal CPU per document with 1 and 2
workers shows the pool adds no serial bottleneck.
Target: 2 processes ≥ 1.7 × the docs/s of 1 process on a 2-core machine.
"""

from __future__ import annotations

import argparse
import contextlib
import time
from collections.abc import Callable

import psutil
from bench_common import Guard, add_guard_options, alternate, load_note
from bench_results import show, spread, write_results
from jobs_common import InputPage, input_pages

from scraper.config import CleanerConfig
from scraper.jobs.executors.local import LocalExecutor
from scraper.jobs.pipeline import Task
from scraper.records import Page

WARM_PAGES = 16


def as_tasks(kind: str, pages: list[InputPage]) -> list[Task]:
    """HTML pages as a file or WARC source gives them (bytes), text renderings as text."""
    if kind == "html":
        made = [
            Page(p.html.encode("utf-8"), origin=f"{p.name}.html", content_type="html")
            for p in pages
        ]
    else:
        made = [Page(p.text(), origin=f"{p.name}.txt", content_type="text") for p in pages]
    return [Task(page.origin, page) for page in made]


def cpu_seconds() -> tuple[float, float]:
    """CPU seconds so far of (this process, its live children: the pool workers)."""
    own = psutil.Process().cpu_times()
    workers = 0.0
    for child in psutil.Process().children(recursive=True):
        with contextlib.suppress(psutil.Error):
            times = child.cpu_times()
            workers += times.user + times.system
    return own.user + own.system, workers


def measure(workers: int, warm: list[Task], timed: list[Task]) -> dict:
    """One round: docs/s and CPU per document of the workers and of the client."""
    executor = LocalExecutor(CleanerConfig(), workers)
    try:
        for _ in executor.clean(warm):
            pass
        client, pool = cpu_seconds()
        start = time.perf_counter()
        done = sum(1 for _ in executor.clean(timed))
        seconds = time.perf_counter() - start
        client_end, pool_end = cpu_seconds()
    finally:
        executor.close()
    return {
        "docs_per_s": done / seconds,
        "worker_cpu_ms_per_doc": 1000 * (pool_end - pool) / done,
        "client_cpu_ms_per_doc": 1000 * (client_end - client) / done,
    }


def report(kind: str, runs: dict[str, list[dict]]) -> dict:
    one, two = runs["1 process"], runs["2 processes"]
    print(f"\n{kind} pages, median (min–max) over {len(one)} rounds:")
    print("| pool | docs/s | worker CPU per doc | client CPU per doc |\n|---|---:|---:|---:|")
    for name, rounds in runs.items():
        print(
            f"| {name} | {show(r['docs_per_s'] for r in rounds)} "
            f"| {show((r['worker_cpu_ms_per_doc'] for r in rounds), 1)} ms "
            f"| {show((r['client_cpu_ms_per_doc'] for r in rounds), 2)} ms |"
        )
    medians = {name: spread(r["docs_per_s"] for r in rounds) for name, rounds in runs.items()}
    speedup = medians["2 processes"]["median"] / medians["1 process"]["median"]
    pairs = [b["docs_per_s"] / a["docs_per_s"] for a, b in zip(one, two, strict=True)]
    print(f"speed-up {speedup:.2f}x (ratio of the medians); round by round {show(pairs, 2)}")
    return {"docs_per_s": medians, "speedup_of_medians": speedup, "speedup_by_round": pairs}


def variants(kind: str, tasks: list[Task]) -> dict[str, Callable[[], dict]]:
    warm, timed = tasks[:WARM_PAGES], tasks[WARM_PAGES:]
    return {
        "1 process": lambda: measure(1, warm, timed),
        "2 processes": lambda: measure(2, warm, timed),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--text-pages", type=int, default=600)
    parser.add_argument("--html-pages", type=int, default=400)
    parser.add_argument("--kinds", default="text,html", help="Which pages: text, html or both.")
    add_guard_options(parser)
    args = parser.parse_args()
    guard = Guard.from_args(args)
    print(f"start: {load_note()}", flush=True)
    kinds = {
        k: n
        for k, n in (("text", args.text_pages), ("html", args.html_pages))
        if k in args.kinds.split(",")
    }
    source, pages = input_pages(max(kinds.values()) + WARM_PAGES)
    print(f"inputs: {source}", flush=True)
    guard.wait_for_idle("at the start")
    results: dict[str, dict] = {"inputs": source}
    for kind, count in kinds.items():
        runs = alternate(
            guard, args.rounds, variants(kind, as_tasks(kind, pages[: count + WARM_PAGES]))
        )
        results[kind] = {"pages": count, "rounds": runs, **report(kind, runs)}
    print(f"end: {load_note()}")
    write_results("jobs-scaling", guard, results, args.results)


if __name__ == "__main__":
    main()
