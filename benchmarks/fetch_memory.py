"""Peak memory while fetching pages up to the size cap: it must stay flat as runs grow.

Pages of 1 MB, 5 MB and just under the 10 MB cap (plus one just over it, refused while
streaming), each a distinct article, are fetched with 8 workers by a fresh process, whose peak
RSS is read from `getrusage(RUSAGE_CHILDREN)`. Flat means: ten times more pages, same peak.

Three measurements, so that each part's share is visible:
- the fetch layer alone (`HttpSource`: every body read in full, handed over, dropped),
  for growing numbers of pages;
- the cleaner alone on one page of each size (read from a file; no network);
- `scraper fetch` (fetch, clean and write every page) on a short run.
Each is taken `--rounds` times, alternating, on an idle machine (bench_common's guard), with
the server on the first core and the measured process on the other(s).

    python benchmarks/fetch_memory.py --rounds 5
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from bench_common import CorePlan, add_guard_options, alternate, load_note, pinned, start_pinned
from bench_pages import ArticleWriter, GeneratedPages
from bench_results import show, spread, write_results
from fetch_common import LocalServer
from fetch_server import SCRIPT_BYTES

SIZES = (1_000_000, 5_000_000, 9_900_000, 10_500_000)
CAP = 10_000_000


def fetch_only(urls_file: str) -> None:
    from scraper.records import Page
    from scraper.sources.http.addresses import AddressPolicy
    from scraper.sources.http.config import FetchConfig
    from scraper.sources.http.crawl import HttpSource
    from scraper.sources.http.fetcher import HttpFetcher, make_session
    from scraper.sources.http.ratelimit import Politeness, PolitenessConfig

    loopback = AddressPolicy.allowing(["127.0.0.0/8"])
    config = FetchConfig(robots=False, max_bytes=CAP, addresses=loopback)
    politeness = PolitenessConfig(rate=0, concurrency=8, host_concurrency=8)
    fetcher = HttpFetcher(make_session(config, politeness), config, Politeness(politeness))
    urls = Path(urls_file).read_text().split()
    pages = sum(isinstance(i, Page) for i in HttpSource(urls, fetcher).pages())
    assert pages == len(urls) - len(urls) // len(SIZES), pages


CLEAN_ONE = """
from pathlib import Path
from scraper.cleaners import clean_page
from scraper.records import Page
page = Page(content=Path({path!r}).read_bytes(), origin="u", url="http://a.test/")
assert clean_page(page).ok
"""


def peak_rss_mib(cmd: list[str], plan: CorePlan) -> dict[str, float]:
    """Peak RSS of one child process (a fresh probe per measurement: RUSAGE_CHILDREN
    reports the largest child the probe has had), run on the client cores."""
    probe = (
        "import resource, subprocess, sys; "
        "code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode; "
        "assert code in (0, 1), code; "  # 1: the page over the cap is an error record
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    with pinned(plan.clients):
        out = subprocess.run(
            [sys.executable, "-c", probe, *cmd], capture_output=True, text=True, check=True
        ).stdout
    return {"peak_rss_mib": int(out.split()[-1]) / 1024}


def urls_file(server: LocalServer, count: int, folder: Path) -> Path:
    path = folder / f"urls-{count}.txt"
    path.write_text(
        "\n".join(
            f"http://127.0.0.{i % 4 + 1}:{server.port}/size/{SIZES[i % len(SIZES)]}/{i}"
            for i in range(count)
        )
    )
    return path


def variants(
    args: argparse.Namespace, server: LocalServer, plan: CorePlan, folder: Path
) -> dict[str, Callable[[], dict]]:
    def measure(cmd: list[str]) -> Callable[[], dict]:
        return lambda: peak_rss_mib(cmd, plan)

    runs = {}
    for count in args.counts:
        path = urls_file(server, count, folder)
        runs[f"fetch layer, {count} pages"] = measure(
            [sys.executable, __file__, "--client", str(path)]
        )
    pages = GeneratedPages(ArticleWriter.for_machine(), SCRIPT_BYTES)
    for size in SIZES[:3]:
        page = folder / f"page-{size}.html"
        page.write_bytes(pages.sized_html(size, size))
        code = CLEAN_ONE.format(path=str(page))
        runs[f"cleaner alone, one {size / 1e6:g} MB page"] = measure([sys.executable, "-c", code])
    if args.command_pages:
        path = urls_file(server, args.command_pages, folder)
        cmd = [sys.executable, "-m", "scraper", "fetch", "--urls-file", str(path)]
        cmd += ["--rate", "0", "--ignore-robots", "--no-cache", "-q"]
        cmd += ["--allow-network", "127.0.0.0/8", "-o", str(folder / "out.jsonl")]
        runs[f"scraper fetch (fetch + clean + write), {args.command_pages} pages"] = measure(cmd)
    return runs


def main(args: argparse.Namespace) -> None:
    guard, plan = start_pinned(args)
    server = LocalServer("--hosts", "4", plan=plan)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            runs = alternate(guard, args.rounds, variants(args, server, plan, Path(tmp)))
    finally:
        server.stop()
    print(
        f"\n8 workers, pages of 1 / 5 / 9.9 / 10.5 MB (cap 10 MB), {args.rounds} rounds, "
        "median (min–max):\n| what | peak RSS |\n|---|---:|"
    )
    for name, rounds in runs.items():
        print(f"| {name} | {show((r['peak_rss_mib'] for r in rounds), 0)} MiB |")
    print(f"end: {load_note()}")
    summary = {name: spread(r["peak_rss_mib"] for r in rounds) for name, rounds in runs.items()}
    write_results(
        "fetch-memory",
        guard,
        {"cores": plan.describe(), "rounds": runs, "summary": summary},
        args.results,
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--counts", type=int, nargs="+", default=[12, 48, 120])
    parser.add_argument("--command-pages", type=int, default=8, help="0 skips this run")
    parser.add_argument("--rounds", type=int, default=5)
    add_guard_options(parser)
    parser.add_argument("--client", help=argparse.SUPPRESS)
    parsed = parser.parse_args()
    fetch_only(parsed.client) if parsed.client else main(parsed)
