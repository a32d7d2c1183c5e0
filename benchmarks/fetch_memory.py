"""Peak memory while fetching pages up to the size cap: it must stay flat as runs grow.

Pages of 1 MB, 5 MB and just under the 10 MB cap (plus one just over it, refused while
streaming) are fetched with 8 workers by a fresh process, whose peak RSS is read from
`getrusage(RUSAGE_CHILDREN)`. Flat means: ten times more pages, same peak.

Three measurements, so that each part's share is visible:
- the fetch layer alone (`HttpSource`: every body read in full, handed over, dropped),
  for growing numbers of pages;
- the cleaner alone on one page of each size (no network);
- `scraper fetch` (fetch, clean and write every page) on a short run, since cleaning a
  page near the cap takes the cleaner tens of seconds.

    python benchmarks/fetch_memory.py [--counts 12 48 120] [--command-pages 8]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

from bench_common import HERE, LocalServer

SIZES = (1_000_000, 5_000_000, 9_900_000, 10_500_000)
CAP = 10_000_000


def fetch_only(urls_file: str) -> None:
    from scraper.records import Page
    from scraper.sources.http.crawl import HttpSource
    from scraper.sources.http.fetcher import FetchConfig, HttpFetcher, make_session
    from scraper.sources.http.guard import AddressPolicy
    from scraper.sources.http.ratelimit import Politeness, PolitenessConfig

    loopback = AddressPolicy.allowing(["127.0.0.0/8"])
    config = FetchConfig(robots=False, max_bytes=CAP, addresses=loopback)
    politeness = PolitenessConfig(rate=0, concurrency=8, host_concurrency=8)
    fetcher = HttpFetcher(make_session(config, politeness), config, Politeness(politeness))
    urls = Path(urls_file).read_text().split()
    pages = sum(isinstance(i, Page) for i in HttpSource(urls, fetcher).pages())
    assert pages == len(urls) - len(urls) // len(SIZES), pages


CLEAN_ONE = """
import sys
sys.path.insert(0, {here!r})
from fetch_server import page
from scraper.cleaners import clean_page
from scraper.records import Page
assert clean_page(Page(content=page({size}, "x"), origin="u", url="http://a.test/")).ok
"""


def peak_rss_mib(cmd: list[str]) -> float:
    """Peak RSS of one child process (a fresh probe per measurement: RUSAGE_CHILDREN
    reports the largest child the probe has had)."""
    probe = (
        "import resource, subprocess, sys; "
        "code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode; "
        "assert code in (0, 1), code; "  # 1: the page over the cap is an error record
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe, *cmd], capture_output=True, text=True, check=True
    ).stdout
    return int(out.split()[-1]) / 1024


def urls_file(server: LocalServer, count: int, folder: Path) -> Path:
    path = folder / f"urls-{count}.txt"
    path.write_text(
        "\n".join(
            f"http://127.0.0.{i % 4 + 1}:{server.port}/size/{SIZES[i % len(SIZES)]}/{i}"
            for i in range(count)
        )
    )
    return path


def main(args: argparse.Namespace) -> None:
    server = LocalServer("--hosts", "4")
    try:
        with tempfile.TemporaryDirectory() as tmp:
            print("fetch layer, 8 workers (pages of 1 / 5 / 9.9 / 10.5 MB; cap 10 MB):")
            for count in args.counts:
                path = urls_file(server, count, Path(tmp))
                peak = peak_rss_mib([sys.executable, __file__, "--client", str(path)])
                print(f"  {count:4} pages: peak RSS {peak:5.0f} MiB", flush=True)
            print("cleaner alone, one page:")
            for size in SIZES[:3]:
                code = CLEAN_ONE.format(here=str(HERE), size=size)
                peak = peak_rss_mib([sys.executable, "-c", code])
                print(f"  {size / 1e6:4.1f} MB page: peak RSS {peak:5.0f} MiB", flush=True)
            if args.command_pages:
                path = urls_file(server, args.command_pages, Path(tmp))
                cmd = [sys.executable, "-m", "scraper", "fetch", "--urls-file", str(path)]
                cmd += ["--rate", "0", "--ignore-robots", "--no-cache", "-q"]
                cmd += ["--allow-network", "127.0.0.0/8"]
                cmd += ["-o", str(Path(tmp) / "out.jsonl")]
                peak = peak_rss_mib(cmd)
                print(f"scraper fetch, {args.command_pages} pages: peak RSS {peak:.0f} MiB")
    finally:
        server.stop()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--counts", type=int, nargs="+", default=[12, 48, 120])
    parser.add_argument("--command-pages", type=int, default=8, help="0 skips this run")
    parser.add_argument("--client", help=argparse.SUPPRESS)
    parsed = parser.parse_args()
    fetch_only(parsed.client) if parsed.client else main(parsed)
