"""Cleaning throughput of the job's process pool with 1 and with 2 worker processes.

    python benchmarks/jobs_scaling.py            # text fixtures and their HTML renderings
    python benchmarks/jobs_scaling.py --rounds 5

The same pages go through `LocalExecutor.clean` (the path `scraper run` takes) with 1 and 2
workers, alternating rounds so both see the same machine load; each round starts a fresh
pool, warms it up on a first batch (process start, imports, rules), then times the rest.
Target: 2 processes ≥ 1.7 × the docs/s of 1 process on a 2-core machine.
"""

from __future__ import annotations

import argparse
import statistics
import time

from jobs_common import FIXTURE_TEXTS, ForeignLoad, as_html, load_note, wait_for_idle

from scraper.config import CleanerConfig
from scraper.exec.local import LocalExecutor
from scraper.pipeline import Task
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


def rate(workers: int, warm: list[Page], timed: list[Page]) -> tuple[float, float]:
    """(docs/s, cores other processes used meanwhile)."""
    executor = LocalExecutor(CleanerConfig(), workers)
    try:
        for _ in executor.clean(Task(p.origin, p) for p in warm):
            pass
        with ForeignLoad() as load:
            start = time.perf_counter()
            done = sum(1 for _ in executor.clean(Task(p.origin, p) for p in timed))
            seconds = time.perf_counter() - start
        return done / seconds, load.cores
    finally:
        executor.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--text-pages", type=int, default=600)
    parser.add_argument("--html-pages", type=int, default=400)
    parser.add_argument(
        "--wait-idle", type=float, default=900, help="Wait up to S s for other jobs per round."
    )
    args = parser.parse_args()
    print(f"start: {load_note()}")
    for kind, count in (("text", args.text_pages), ("html", args.html_pages)):
        batch = pages(kind, count + 16)
        warm, timed = batch[:16], batch[16:]
        rates: dict[int, list[float]] = {1: [], 2: []}
        for _ in range(args.rounds):
            for workers in (1, 2):
                before = wait_for_idle(args.wait_idle)
                docs, foreign = rate(workers, warm, timed)
                rates[workers].append(docs)
                print(f"  {kind} {workers} process(es): {docs:.1f} docs/s; other processes used "
                      f"{before:.2f} cores before, {foreign:.2f} during", flush=True)  # fmt: skip
        one, two = statistics.median(rates[1]), statistics.median(rates[2])
        print(
            f"{kind}: {count} pages; 1 process {one:.1f} docs/s "
            f"({', '.join(f'{r:.1f}' for r in rates[1])}); 2 processes {two:.1f} docs/s "
            f"({', '.join(f'{r:.1f}' for r in rates[2])}); speed-up {two / one:.2f}x",
            flush=True,
        )
    print(f"end: {load_note()}")


if __name__ == "__main__":
    main()
