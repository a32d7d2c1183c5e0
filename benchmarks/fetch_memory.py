"""Peak memory while fetching pages up to the size cap: it must stay flat as runs grow.

Pages of 1 MB, 5 MB and just under the 10 MB cap (plus one just over it, refused while
streaming) are fetched with 8 workers by a fresh process; its peak RSS is read from
`getrusage(RUSAGE_CHILDREN)`. Flat means: ten times more pages, same peak. Two clients:
`fetch` (the fetch layer alone, pages read in full and dropped) and `scraper fetch` (the
command: fetch, clean and write every page).

    python benchmarks/fetch_memory.py [--counts 12 48 120]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

from bench_common import LocalServer

SIZES = (1_000_000, 5_000_000, 9_900_000, 10_500_000)
CAP = 10_000_000


def fetch_only(urls_file: str) -> None:
    from scraper.fetch.crawl import HttpSource
    from scraper.fetch.http import FetchConfig, HttpFetcher, make_session
    from scraper.fetch.ratelimit import Politeness, PolitenessConfig
    from scraper.records import Page

    config = FetchConfig(respect_robots=False, max_bytes=CAP)
    politeness = PolitenessConfig(delay=0.0, concurrency=8, host_concurrency=8)
    fetcher = HttpFetcher(make_session(config, politeness), config, Politeness(politeness))
    urls = Path(urls_file).read_text().split()
    pages = sum(isinstance(i, Page) for i in HttpSource(urls, fetcher).pages())
    print(pages, "pages", file=sys.stderr)


def peak_rss_mib(cmd: list[str]) -> float:
    """Peak RSS of one child process (a fresh process per measurement: RUSAGE_CHILDREN
    reports the largest child so far)."""
    probe = [
        sys.executable,
        "-c",
        (
            "import resource, subprocess, sys; "
            "code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode; "
            "assert code in (0, 1), code; "  # 1: the page over the cap is an error record
            "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
        ),
        *cmd,
    ]
    out = subprocess.run(probe, capture_output=True, text=True, check=True).stdout
    return int(out.split()[-1]) / 1024


def main(args: argparse.Namespace) -> None:
    server = LocalServer("--hosts", "4")
    rows = []
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for count in args.counts:
                urls = [
                    f"http://127.0.0.{i % 4 + 1}:{server.port}/size/{SIZES[i % len(SIZES)]}/{i}"
                    for i in range(count)
                ]
                urls_file = Path(tmp) / f"urls-{count}.txt"
                urls_file.write_text("\n".join(urls))
                only = peak_rss_mib([sys.executable, __file__, "--client", str(urls_file)])
                command = (
                    peak_rss_mib(
                        [
                            sys.executable,
                            "-m",
                            "scraper",
                            "fetch",
                            "--urls-file",
                            str(urls_file),
                            "--rate",
                            "0",
                            "--ignore-robots",
                            "--no-cache",
                            "-q",
                            "-o",
                            str(Path(tmp) / "out.jsonl"),
                        ]
                    )
                    if not args.fetch_only
                    else float("nan")
                )
                rows.append((count, only, command))
    finally:
        server.stop()
    print("pages (1 / 5 / 9.9 / 10.5 MB, cap 10 MB), 8 workers: peak RSS")
    for count, only, command in rows:
        print(f"  {count:4} pages: fetch layer {only:6.0f} MiB   scraper fetch {command:6.0f} MiB")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--counts", type=int, nargs="+", default=[12, 48, 120])
    parser.add_argument("--fetch-only", action="store_true")
    parser.add_argument("--client", help=argparse.SUPPRESS)
    parsed = parser.parse_args()
    fetch_only(parsed.client) if parsed.client else main(parsed)
