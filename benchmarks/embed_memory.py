"""10,000 calls of `clean_html` / `clean_text` in one process: RSS must stay flat.

    python benchmarks/embed_memory.py --calls 10000 --rounds 3

Every call gets a distinct page, so the cleaner's bounded caches fill up to their bounds as they
would in a long-running service: each page of the evaluation set (streamed at run time, never
held all at once) is cleaned as HTML and, rendered to text, as text; generated articles
(`bench_pages`) follow when it is absent or the calls outnumber its pages. RSS is read from
/proc after each tenth of the calls; CPU time is counted around the calls only. Each round is a
fresh process pinned to one core, on an idle machine (bench_common's guard).
"""

from __future__ import annotations

import argparse
import itertools
import json
import resource
import sys
import time
from collections.abc import Callable, Iterator

from bench_common import add_guard_options, alternate, load_note, run_client, start_pinned
from bench_results import show, spread, write_results


def rss_mib() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize() / 2**20


def calls() -> Iterator[tuple[str, Callable[[], object]]]:
    """(kind, call) pairs, every one on a page of its own."""
    from bench_pages import ArticleWriter, GeneratedPages, eval_set
    from jobs_common import InputPage

    import scraper
    from scraper.eval.data import iter_eval_pages

    root = eval_set()
    for page in iter_eval_pages(root) if root else ():
        real = InputPage(page.id, page.url, page.html)
        yield "real", lambda real=real: scraper.clean_html(real.html, real.url)
        text = real.text()
        yield "real", lambda text=text: scraper.clean_text(text)
    generated = GeneratedPages(ArticleWriter.for_machine())
    for n in itertools.count():
        html, text = generated.html(n), generated.text(n + 1_000_000)
        yield "generated", lambda html=html: scraper.clean_html(html)
        yield "generated", lambda text=text: scraper.clean_text(text)


def one_round(count: int) -> dict:
    readings, cpu, kinds = [], 0.0, {"real": 0, "generated": 0}
    for number, (kind, call) in enumerate(itertools.islice(calls(), count), start=1):
        started = time.process_time()
        call()
        cpu += time.process_time() - started
        kinds[kind] += 1
        if number % (count // 10) == 0:
            readings.append(rss_mib())
            print(f"{number:6d} calls: RSS {readings[-1]:.1f} MiB", file=sys.stderr, flush=True)
    return {
        "rss_first_tenth_mib": readings[0],
        "rss_end_mib": readings[-1],
        "growth_mib": readings[-1] - readings[0],
        "peak_rss_mib": max(readings),
        "cpu_ms_per_call": 1000 * cpu / count,
        "calls": kinds,
    }


def main(args: argparse.Namespace) -> None:
    guard, plan = start_pinned(args, rounds_on_clients=True)
    cmd = [sys.executable, __file__, "--round", "--calls", str(args.calls)]
    runs = alternate(guard, args.rounds, {"round": lambda: run_client(cmd, plan)})["round"]
    print(
        f"\n{args.calls} calls ({runs[0]['calls']}), median (min–max) over {args.rounds} "
        "rounds:\n| RSS after the first tenth | RSS at the end | growth | CPU per call |\n"
        "|---:|---:|---:|---:|"
    )
    print(
        f"| {show(r['rss_first_tenth_mib'] for r in runs)} MiB "
        f"| {show(r['rss_end_mib'] for r in runs)} MiB | {show(r['growth_mib'] for r in runs)} MiB "
        f"| {show(r['cpu_ms_per_call'] for r in runs)} ms |"
    )
    print(f"end: {load_note()}")
    summary = {k: spread(r[k] for r in runs) for k in runs[0] if isinstance(runs[0][k], float)}
    write_results("embed-memory", guard, {"rounds": runs, "summary": summary}, args.results)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--calls", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--round", action="store_true", help=argparse.SUPPRESS)
    add_guard_options(parser)
    parsed = parser.parse_args()
    if parsed.round:
        print(json.dumps(one_round(parsed.calls)))
    else:
        main(parsed)
