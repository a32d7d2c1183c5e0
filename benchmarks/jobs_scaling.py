"""Cleaning throughput of the job's process pool with 1 and with 2 worker processes.

    python benchmarks/jobs_scaling.py            # text fixtures and their HTML renderings
    python benchmarks/jobs_scaling.py --rounds 5

The same pages go through `LocalExecutor.clean` (the path `scraper run` takes) with 1 and 2
workers, alternating rounds so both see the same machine load; each round starts a fresh
pool, warms it up on a first batch (process start, imports, rules), then times the rest.
It also prints the CPU time per document of the workers and of the client: when other jobs
share the machine, equal CPU per document with 1 and 2 workers shows the pool adds no
serial bottleneck, whatever the wall clock says.
Target: 2 processes ≥ 1.7 × the docs/s of 1 process on a 2-core machine.
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import time

import psutil
from jobs_common import FIXTURE_TEXTS, ForeignLoad, as_html, load_note, wait_for_idle

from scraper.config import CleanerConfig
from scraper.jobs.executors.local import LocalExecutor
from scraper.jobs.pipeline import Task
from scraper.records import Page


def pages(kind: str, count: int) -> list[Page]:
    made = []
    for i in range(count):
        text = FIXTURE_TEXTS[i % len(FIXTURE_TEXTS)]
        if kind == "html":
            made.append(Page(as_html(text, i), origin=f"p{i}.html", content_type="html"))
        else:
            made.append(Page(text.replace("\n\n", f"\n\nCopy {i}.\n\n", 1), origin=f"p{i}.txt"))
    return made


def cpu_seconds() -> tuple[float, float]:
    """CPU seconds so far of (this process, its live children: the pool workers)."""
    own = psutil.Process().cpu_times()
    workers = 0.0
    for child in psutil.Process().children(recursive=True):
        with contextlib.suppress(psutil.Error):
            times = child.cpu_times()
            workers += times.user + times.system
    return own.user + own.system, workers


def rate(workers: int, warm: list[Page], timed: list[Page]) -> tuple[float, float]:
    """(docs/s, cores other processes used meanwhile); prints CPU time per document."""
    executor = LocalExecutor(CleanerConfig(), workers)
    try:
        for _ in executor.clean(Task(p.origin, p) for p in warm):
            pass
        with ForeignLoad() as load:
            client, pool = cpu_seconds()
            start = time.perf_counter()
            done = sum(1 for _ in executor.clean(Task(p.origin, p) for p in timed))
            seconds = time.perf_counter() - start
            client_end, pool_end = cpu_seconds()
        print(f"    CPU per document: workers {(pool_end - pool) / done * 1000:.1f} ms, "
              f"client {(client_end - client) / done * 1000:.2f} ms", flush=True)  # fmt: skip
        return done / seconds, load.cores
    finally:
        executor.close()


def summary(rates: dict[int, list[tuple[float, float]]]) -> str:
    """Best and median rates. Other jobs on the machine only ever slow a round down, so the
    best round is the closest to what the machine gives without them."""
    parts = []
    for workers, rounds in rates.items():
        docs = [d for d, _load in rounds]
        parts.append(f"{workers} process(es) best {max(docs):.1f}, median "
                     f"{statistics.median(docs):.1f} docs/s")  # fmt: skip
    best = max(d for d, _ in rates[2]) / max(d for d, _ in rates[1])
    middle = statistics.median(d for d, _ in rates[2]) / statistics.median(d for d, _ in rates[1])
    return "; ".join(parts) + f"; speed-up {best:.2f}x (best), {middle:.2f}x (median)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--text-pages", type=int, default=600)
    parser.add_argument("--html-pages", type=int, default=400)
    parser.add_argument("--kinds", default="text,html", help="Which pages: text, html or both.")
    parser.add_argument(
        "--wait-idle", type=float, default=60, help="Wait up to S s for other jobs per round."
    )
    args = parser.parse_args()
    print(f"start: {load_note()}")
    kinds = args.kinds.split(",")
    for kind, count in (("text", args.text_pages), ("html", args.html_pages)):
        if kind not in kinds:
            continue
        batch = pages(kind, count + 16)
        warm, timed = batch[:16], batch[16:]
        rates: dict[int, list[tuple[float, float]]] = {1: [], 2: []}
        for _ in range(args.rounds):
            for workers in (1, 2):
                before = wait_for_idle(args.wait_idle)
                docs, foreign = rate(workers, warm, timed)
                rates[workers].append((docs, foreign))
                print(f"  {kind} {workers} process(es): {docs:.1f} docs/s; other processes used "
                      f"{before:.2f} cores before, {foreign:.2f} during", flush=True)  # fmt: skip
        print(f"{kind}: {count} pages; {summary(rates)}", flush=True)
    print(f"end: {load_note()}")


if __name__ == "__main__":
    main()
