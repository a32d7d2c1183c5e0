"""A ~1 GB WARC of distinct articles run through `scraper run`: peak memory of the whole
process tree (the job and its cleaning processes) must stay under 500 MB.

    python benchmarks/jobs_big_warc.py --rounds 3
    python benchmarks/jobs_big_warc.py --size-mb 100 --rounds 1 --force   # a quick look

The WARC holds, as a crawler writes them, a `request` and a `response` record per page: first
every page of the evaluation set once (real pages, read at run time), then generated articles
(`bench_pages`: every paragraph a fresh draw of real sentences, in the templates of 60 sites)
up to `--size-mb`. As in a real crawl a few pages come again: every 20th generated record is an
exact copy of an earlier one under another URL and every 20th a near copy (one sentence
added), so both de-duplication paths run, while the near-duplicate index and the cleaner's
caches fill up with distinct articles. Sinks: JSONL + SQLite; 2 worker processes. Each round
runs the job on a fresh state on an idle machine (bench_common's guard); a thread samples the
memory of the whole process tree every 0.2 s.
"""

from __future__ import annotations

import argparse
import io
import itertools
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from bench_common import Guard, add_guard_options, alternate, load_note
from bench_pages import ArticleWriter, GeneratedPages, eval_set
from bench_results import show, spread, write_results
from jobs_common import fresh_job, job_file, run_tree, scraper_command
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from scraper.eval.data import iter_eval_pages

EXACT_EVERY, NEAR_EVERY, COPY_BACK = (20, 10), (20, 15), 7


def real_pages() -> Iterator[tuple[str, str, str]]:
    root = eval_set()
    if root is None:
        return
    for n, page in enumerate(iter_eval_pages(root)):
        yield "real pages", f"http://eval-{n % 97}.example/{page.id}", page.html


def generated_pages(pages: GeneratedPages) -> Iterator[tuple[str, str, str]]:
    """Distinct articles, with an exact and a near copy of an earlier one every 20 records."""
    n = 0
    while True:
        url = f"http://site-{n % 60}.example/{n // 60}/story-{n}.html"
        if n % EXACT_EVERY[0] == EXACT_EVERY[1]:
            yield "exact copies", url, pages.html(n - COPY_BACK)
        elif n % NEAR_EVERY[0] == NEAR_EVERY[1]:
            extra = " The story was updated with a correction on Monday.</p></article>"
            yield "near copies", url, pages.html(n - COPY_BACK).replace("</p></article>", extra, 1)
        else:
            yield "generated articles", url, pages.html(n)
        n += 1


def build_warc(path: Path, size: int) -> dict[str, int]:
    """Write WARC records until the file reaches `size` bytes; returns what went in."""
    counts = {"real pages": 0, "generated articles": 0, "exact copies": 0, "near copies": 0}
    pages = itertools.chain(
        real_pages(), generated_pages(GeneratedPages(ArticleWriter.for_machine()))
    )
    headers = [("Content-Type", "text/html; charset=utf-8")]
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=False)
        while out.tell() < size:
            kind, url, html = next(pages)
            request = writer.create_warc_record(
                url, "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            )
            response = writer.create_warc_record(
                url,
                "response",
                payload=io.BytesIO(html.encode("utf-8")),
                http_headers=StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1"),
            )
            writer.write_record(request)
            writer.write_record(response)
            counts[kind] += 1
    return counts


def variant(folder: Path, job: Path, pages: int, size: int) -> Callable[[], dict]:
    def run() -> dict:
        fresh_job(folder)
        done = run_tree(scraper_command("run", str(job), "--no-progress"), folder, sample=True)
        assert done.memory is not None
        with open(folder / "out" / "articles.jsonl", encoding="utf-8") as records:
            lines = sum(1 for _ in records)
        print(done.stderr.strip(), file=sys.stderr)
        return {
            "seconds": done.wall,
            "pages_per_s": pages / done.wall,
            "mb_per_s": size / 1e6 / done.wall,
            "cpu_ms_per_page": 1000 * done.cpu / pages,
            "peak_rss_mib": done.memory.peak_rss / 2**20,
            "peak_pss_mib": done.memory.peak_pss / 2**20,
            "processes": done.memory.peak_processes,
            "jsonl_records": lines,
        }

    return run


def measure(args: argparse.Namespace, guard: Guard, folder: Path) -> dict:
    """Build the WARC in `folder`, then run the job on it round after round."""
    warc = folder / "big.warc"
    counts = build_warc(warc, args.size_mb * 1_000_000)
    size, pages = warc.stat().st_size, sum(counts.values())
    inputs = ", ".join(f"{v} {k}" for k, v in counts.items())
    print(f"built {warc}: {size / 1e9:.2f} GB, {pages} pages ({inputs})", flush=True)
    source = f'[[sources]]\ntype = "warc"\npaths = ["{warc.name}"]\n'
    job = job_file(folder, source, workers=args.workers)
    print(f"start: {load_note()}", flush=True)
    guard.wait_for_idle("at the start")
    runs = alternate(guard, args.rounds, {"job": variant(folder, job, pages, size)})["job"]
    print(
        f"\n{pages} pages, {size / 1e9:.2f} GB, {args.workers} workers, median (min–max) "
        f"over {args.rounds} rounds:"
    )
    print("| time | pages/s | CPU per page | peak RSS, whole tree | peak PSS, whole tree |")
    print("|---:|---:|---:|---:|---:|")
    print(
        f"| {show((r['seconds'] for r in runs), 0)} s | {show(r['pages_per_s'] for r in runs)} "
        f"| {show((r['cpu_ms_per_page'] for r in runs), 1)} ms "
        f"| {show((r['peak_rss_mib'] for r in runs), 0)} MiB "
        f"| {show((r['peak_pss_mib'] for r in runs), 0)} MiB |"
    )
    records = runs[0]["jsonl_records"]
    print(f"JSONL records: {records} (one per page: {records == pages}); end: {load_note()}")
    summary = {key: spread(r[key] for r in runs) for key in runs[0]}
    return {"warc_bytes": size, "inputs": counts, "rounds": runs, "summary": summary}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size-mb", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--dir", type=Path, default=None, help="Work folder, kept (default: /tmp).")
    add_guard_options(parser)
    args = parser.parse_args()
    guard = Guard.from_args(args)
    folder = args.dir or Path(tempfile.mkdtemp(prefix="jobs-big-warc-"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        data = measure(args, guard, folder)
    finally:
        if args.dir is None:
            shutil.rmtree(folder)
    write_results("jobs-big-warc", guard, data, args.results)


if __name__ == "__main__":
    main()
