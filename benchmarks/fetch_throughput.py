"""Fetch throughput with politeness off: our fetcher and Scrapy on the same pages, same run.

A local server process (`fetch_server.py`) serves `--pages` HTML pages spread over
`--hosts` loopback addresses (virtual hosts). Each client runs in a fresh process of its own
and fetches every URL once (robots.txt off, no delay, no cache, same concurrency, same
per-host concurrency); clients alternate for `--rounds` rounds and the median pages/s of
each is reported. Only fetching is timed (the full body is read, nothing is cleaned); with
`--clean` our client also cleans every page, which shows what the whole `scraper fetch`
pipeline sustains.

    python benchmarks/fetch_throughput.py [--pages 2000 --hosts 20 --concurrency 16]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_common import LocalServer


def run_ours(urls: list[str], concurrency: int, clean: bool) -> dict:
    from scraper.cleaners import clean_page
    from scraper.records import Page
    from scraper.sources.http.crawl import HttpSource
    from scraper.sources.http.fetcher import FetchConfig, HttpFetcher, make_session
    from scraper.sources.http.guard import AddressPolicy
    from scraper.sources.http.ratelimit import Politeness, PolitenessConfig

    loopback = AddressPolicy.allowing(["127.0.0.0/8"])
    config = FetchConfig(robots=False, addresses=loopback)
    politeness = PolitenessConfig(rate=0, concurrency=concurrency, host_concurrency=concurrency)
    fetcher = HttpFetcher(make_session(config, politeness), config, Politeness(politeness))
    ok = 0
    start = time.perf_counter()
    for item in HttpSource(urls, fetcher).pages():
        if isinstance(item, Page) and (not clean or clean_page(item).ok):
            ok += 1
    return {"ok": ok, "seconds": time.perf_counter() - start}


def run_scrapy(urls: list[str], concurrency: int) -> dict:
    import scrapy
    from scrapy import signals
    from scrapy.crawler import CrawlerProcess

    result = {"ok": 0, "start": 0.0, "end": 0.0}

    class Bench(scrapy.Spider):
        name = "bench"

        async def start(self):  # type: ignore[no-untyped-def]  # Scrapy >= 2.13
            for url in urls:
                yield scrapy.Request(url, dont_filter=True)

        def start_requests(self):  # type: ignore[no-untyped-def]  # older Scrapy
            for url in urls:
                yield scrapy.Request(url, dont_filter=True)

        def parse(self, response):  # type: ignore[no-untyped-def]
            if response.status == 200 and response.body:
                result["ok"] += 1

    process = CrawlerProcess(
        settings={
            "CONCURRENT_REQUESTS": concurrency,
            "CONCURRENT_REQUESTS_PER_DOMAIN": concurrency,
            "DOWNLOAD_DELAY": 0,
            "ROBOTSTXT_OBEY": False,
            "AUTOTHROTTLE_ENABLED": False,
            "COOKIES_ENABLED": True,
            "HTTPCACHE_ENABLED": False,
            "TELNETCONSOLE_ENABLED": False,
            "LOG_LEVEL": "ERROR",
            # parse() yields nothing; Scrapy 2.19 otherwise starts CONCURRENT_ITEMS (100)
            # asyncio tasks per response, which made it 4x slower here
            "CONCURRENT_ITEMS": 1,
            "TWISTED_REACTOR": "twisted.internet.epollreactor.EPollReactor",
        }
    )
    crawler = process.create_crawler(Bench)
    crawler.signals.connect(
        lambda: result.__setitem__("start", time.perf_counter()),
        signals.engine_started,
        weak=False,
    )
    crawler.signals.connect(
        lambda: result.__setitem__("end", time.perf_counter()), signals.spider_closed, weak=False
    )
    process.crawl(crawler)
    process.start()
    return {"ok": result["ok"], "seconds": result["end"] - result["start"]}


def client(args: argparse.Namespace) -> None:
    urls = Path(args.urls).read_text().split()
    if args.client == "ours":
        out = run_ours(urls, args.concurrency, args.clean)
    else:
        out = run_scrapy(urls, args.concurrency)
    print(json.dumps(out))


def spawn(name: str, urls_file: Path, args: argparse.Namespace, clean: bool = False) -> dict:
    cmd = [sys.executable, __file__, "--client", name, "--urls", str(urls_file)]
    cmd += ["--concurrency", str(args.concurrency)] + (["--clean"] if clean else [])
    done = subprocess.run(cmd, capture_output=True, text=True, check=True)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["pages_per_s"] = result["ok"] / result["seconds"]
    return result


def main(args: argparse.Namespace) -> None:
    server = LocalServer("--hosts", str(args.hosts), "--page-bytes", str(args.page_bytes))
    try:
        with tempfile.TemporaryDirectory() as tmp:
            urls_file = Path(tmp) / "urls.txt"
            urls_file.write_text("\n".join(server.urls(args.pages, args.hosts)))
            rates: dict[str, list[float]] = {"ours": [], "scrapy": []}
            for _ in range(args.rounds):
                for name in ("ours", "scrapy"):
                    result = spawn(name, urls_file, args)
                    assert result["ok"] == args.pages, (name, result)
                    rates[name].append(result["pages_per_s"])
                    print(f"  {name:7} {result['pages_per_s']:7.0f} pages/s", file=sys.stderr)
            cleaned = spawn("ours", urls_file, args, clean=True) if args.clean else None
    finally:
        server.stop()
    print(
        f"{args.pages} pages of {args.page_bytes:,} B over {args.hosts} hosts, "
        f"concurrency {args.concurrency}, {args.rounds} rounds (median):"
    )
    for name, values in rates.items():
        print(
            f"  {name:7} {statistics.median(values):7.0f} pages/s  "
            f"(runs: {', '.join(f'{v:.0f}' for v in values)})"
        )
    if cleaned:
        print(f"  ours, fetch + clean: {cleaned['pages_per_s']:.0f} pages/s")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--hosts", type=int, default=20)
    parser.add_argument("--page-bytes", type=int, default=15_000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--clean", action="store_true", help="also time fetch + clean")
    parser.add_argument("--client", choices=["ours", "scrapy"], help=argparse.SUPPRESS)
    parser.add_argument("--urls", help=argparse.SUPPRESS)
    parsed = parser.parse_args()
    client(parsed) if parsed.client else main(parsed)
