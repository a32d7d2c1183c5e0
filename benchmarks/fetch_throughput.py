"""Fetch throughput with politeness off: our fetcher and Scrapy on the same pages, same cores.

A local server process (`fetch_server.py`, pinned to the first core) serves `--pages` distinct
HTML pages spread over `--hosts` loopback addresses (virtual hosts). Each client runs in a
fresh process pinned to the other core(s), so both get the same CPU budget however many
threads they start, and fetches every URL once: robots.txt off, no delay, no cache, at most
`--concurrency` requests in flight in all and per host (our fetcher's worker threads;
Scrapy's CONCURRENT_REQUESTS and CONCURRENT_REQUESTS_PER_DOMAIN). The clients alternate for
`--rounds` rounds on an idle machine (bench_common's guard); each round reports pages/s (wall
clock) and the client's CPU time per page over the same window. Only fetching is timed (the
full body is read, nothing else); with `--clean` a third client also cleans each page (the
first `--clean-pages` URLs), which is what `scraper fetch` sustains on one core.

    python benchmarks/fetch_throughput.py --rounds 7 --clean
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench_common import CorePlan, add_guard_options, alternate, load_note, run_client, start_pinned
from bench_results import show, spread, write_results
from fetch_common import LocalServer


def run_ours(urls: list[str], concurrency: int, clean: bool) -> dict:
    from scraper.cleaners import clean_page
    from scraper.records import Page
    from scraper.sources.http.addresses import AddressPolicy
    from scraper.sources.http.config import FetchConfig
    from scraper.sources.http.crawl import HttpSource
    from scraper.sources.http.fetcher import HttpFetcher, make_session
    from scraper.sources.http.ratelimit import Politeness, PolitenessConfig

    loopback = AddressPolicy.allowing(["127.0.0.0/8"])
    config = FetchConfig(robots=False, addresses=loopback)
    politeness = PolitenessConfig(rate=0, concurrency=concurrency, host_concurrency=concurrency)
    fetcher = HttpFetcher(make_session(config, politeness), config, Politeness(politeness))
    ok = 0
    start, cpu = time.perf_counter(), time.process_time()
    for item in HttpSource(urls, fetcher).pages():
        if isinstance(item, Page) and (not clean or clean_page(item).ok):
            ok += 1
    return {"ok": ok, "seconds": time.perf_counter() - start, "cpu": time.process_time() - cpu}


def run_scrapy(urls: list[str], concurrency: int) -> dict:
    import scrapy
    from scrapy import signals
    from scrapy.crawler import CrawlerProcess

    result = {"ok": 0, "start": 0.0, "end": 0.0, "cpu_start": 0.0, "cpu_end": 0.0}

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

    def mark(which: str) -> None:
        result[which], result[f"cpu_{which}"] = time.perf_counter(), time.process_time()

    crawler.signals.connect(lambda: mark("start"), signals.engine_started, weak=False)
    crawler.signals.connect(lambda: mark("end"), signals.spider_closed, weak=False)
    process.crawl(crawler)
    process.start()
    return {
        "ok": result["ok"],
        "seconds": result["end"] - result["start"],
        "cpu": result["cpu_end"] - result["cpu_start"],
    }


def client(args: argparse.Namespace) -> None:
    urls = Path(args.urls).read_text().split()
    if args.client == "scrapy":
        out = run_scrapy(urls, args.concurrency)
    else:
        out = run_ours(urls, args.concurrency, args.client == "ours+clean")
    print(json.dumps(out))


def variant(
    name: str, urls_file: Path, count: int, server: LocalServer, plan: CorePlan, concurrency: int
) -> Callable[[], dict]:
    cmd = [sys.executable, __file__, "--client", name, "--urls", str(urls_file)]
    cmd += ["--concurrency", str(concurrency)]

    def run() -> dict:
        server_cpu = server.cpu_seconds()
        result = run_client(cmd, plan)
        if result["ok"] != count:
            raise SystemExit(f"{name}: {result['ok']} of {count} pages fetched")
        return {
            "pages_per_s": count / result["seconds"],
            "cpu_ms_per_page": 1000 * result["cpu"] / count,
            "server_core_busy": (server.cpu_seconds() - server_cpu) / result["seconds"],
            "seconds": result["seconds"],
        }

    return run


def report(args: argparse.Namespace, runs: dict[str, list[dict]]) -> dict:
    print(
        f"\n{args.pages} distinct pages of {args.page_bytes:,} B over {args.hosts} hosts, "
        f"concurrency {args.concurrency}, {args.rounds} rounds, median (min–max):"
    )
    print("| client | pages/s | CPU ms per page | server core busy |\n|---|---:|---:|---:|")
    for name, rounds in runs.items():
        print(
            f"| {name} | {show((r['pages_per_s'] for r in rounds), 0)} | "
            f"{show((r['cpu_ms_per_page'] for r in rounds), 3)} | "
            f"{show((100 * r['server_core_busy'] for r in rounds), 0)} % |"
        )
    paired = zip(runs["ours"], runs["scrapy"], strict=True)
    pairs = [ours["pages_per_s"] / scrapy["pages_per_s"] for ours, scrapy in paired]
    ratio = (
        spread(r["pages_per_s"] for r in runs["ours"])["median"]
        / spread(r["pages_per_s"] for r in runs["scrapy"])["median"]
    )
    print(f"ours / Scrapy: {ratio:.2f}x (ratio of the medians); round by round {show(pairs, 2)}")
    cpu = {name: spread(r["cpu_ms_per_page"] for r in runs[name])["median"] for name in runs}
    print(f"Scrapy's CPU per page / ours: {cpu['scrapy'] / cpu['ours']:.2f}x (medians)")
    summary = {
        name: {
            key: spread(r[key] for r in rounds)
            for key in rounds[0]
            if isinstance(rounds[0][key], float)
        }
        for name, rounds in runs.items()
    }
    return {
        "summary": summary,
        "ratio_of_medians": ratio,
        "ratio_by_round": pairs,
        "cpu_per_page_scrapy_over_ours": cpu["scrapy"] / cpu["ours"],
    }


def main(args: argparse.Namespace) -> None:
    guard, plan = start_pinned(args)
    server = LocalServer(
        "--hosts",
        str(args.hosts),
        "--page-bytes",
        str(args.page_bytes),
        "--pages",
        str(args.pages),
        plan=plan,
    )
    try:
        with tempfile.TemporaryDirectory() as tmp:
            urls = server.urls(args.pages, args.hosts)
            every = Path(tmp) / "urls.txt"
            every.write_text("\n".join(urls))
            some = Path(tmp) / "clean-urls.txt"
            some.write_text("\n".join(urls[: args.clean_pages]))
            variants = {
                name: variant(name, every, args.pages, server, plan, args.concurrency)
                for name in ("ours", "scrapy")
            }
            if args.clean:
                variants["ours+clean"] = variant(
                    "ours+clean",
                    some,
                    min(args.clean_pages, args.pages),
                    server,
                    plan,
                    args.concurrency,
                )
            runs = alternate(guard, args.rounds, variants)
    finally:
        server.stop()
    data = report(args, runs)
    print(f"end: {load_note()}")
    write_results(
        "fetch-throughput", guard, {"cores": plan.describe(), "rounds": runs, **data}, args.results
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=4000)
    parser.add_argument("--hosts", type=int, default=20)
    parser.add_argument("--page-bytes", type=int, default=15_000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--clean", action="store_true", help="Also time fetch + clean.")
    parser.add_argument("--clean-pages", type=int, default=400)
    add_guard_options(parser)
    parser.add_argument(
        "--client", choices=["ours", "ours+clean", "scrapy"], help=argparse.SUPPRESS
    )
    parser.add_argument("--urls", help=argparse.SUPPRESS)
    parsed = parser.parse_args()
    client(parsed) if parsed.client else main(parsed)
