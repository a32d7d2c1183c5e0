"""Politeness, measured where it matters: the arrival times the server logged."""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Iterator

import pytest

from scraper.sources.http.crawl import HttpSource
from scraper.sources.http.fetcher import FetchConfig, HttpFetcher, make_session
from scraper.sources.http.frontier import Frontier
from scraper.sources.http.ratelimit import Politeness, PolitenessConfig, host_key
from scraper.sources.http.retry import RetryConfig
from tests.support.http_server import LOOPBACK, LocalServer, serve


@pytest.fixture(scope="module")
def server() -> Iterator[LocalServer]:
    yield from serve()


def run(urls: list[str], delay: float, concurrency: int = 4, robots: bool = True) -> float:
    config = FetchConfig(
        timeout=2, robots=robots, retry=RetryConfig(retries=0), addresses=LOOPBACK
    )
    rate = 1 / delay if delay else 0
    politeness = Politeness(PolitenessConfig(rate=rate, concurrency=concurrency))
    fetcher = HttpFetcher(make_session(config), config, politeness)
    start = time.monotonic()
    items = list(HttpSource(urls, fetcher).pages())
    assert len(items) == len(urls)
    return time.monotonic() - start


def gaps(server: LocalServer, host: str, prefix: str) -> list[float]:
    with server.state.lock:
        times = sorted(
            h.at
            for h in server.state.hits
            if h.host == host and (h.path.startswith(prefix) or h.path == "/robots.txt")
        )
    return [b - a for a, b in itertools.pairwise(times)]


def test_each_host_is_paced_while_hosts_run_in_parallel(server: LocalServer) -> None:
    hosts = ("127.0.0.1", "127.0.0.2")
    urls = [server.url(f"/article/pace-{i}", host=h) for h in hosts for i in range(4)]
    elapsed = run(urls, delay=0.25, robots=False)
    for host in hosts:
        assert min(gaps(server, host, "/article/pace-")) >= 0.25
    assert elapsed < 1.6  # 4 requests a host, 3 gaps of 0.25 s; hosts overlap, not queue


def test_crawl_delay_from_robots_lengthens_the_gap(server: LocalServer) -> None:
    host = "127.0.0.3"  # robots.txt there says Crawl-delay: 0.3
    urls = [server.url(f"/article/crawl-{i}", host=host) for i in range(3)]
    run(urls, delay=0.05)
    observed = gaps(server, host, "/article/crawl-")
    assert len(observed) == 3  # robots.txt + 3 pages, all paced
    assert min(observed) >= 0.3


def test_grouped_input_does_not_block_other_hosts() -> None:
    """A long run of one host's URLs must not hold up the host listed after it."""
    politeness = Politeness(PolitenessConfig(rate=5, concurrency=3))
    urls = [f"http://a.test/{i}" for i in range(5)] + ["http://b.test/0"]
    frontier = Frontier(urls, politeness)
    taken: list[tuple[float, str]] = []
    lock = threading.Lock()
    start = time.monotonic()

    def worker() -> None:
        while (url := frontier.take()) is not None:
            with politeness.turn(host_key(url)), lock:
                taken.append((time.monotonic() - start, url))
            frontier.done(url)

    threads = [threading.Thread(target=worker) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(5)
    when = dict((url, t) for t, url in taken)
    assert len(taken) == 6 and when["http://b.test/0"] < 0.19  # not queued behind a.test
    a_times = sorted(t for t, u in taken if u.startswith("http://a.test"))
    assert all(b - a >= 0.19 for a, b in itertools.pairwise(a_times))


def test_host_concurrency_caps_requests_in_flight() -> None:
    politeness = Politeness(PolitenessConfig(rate=0, concurrency=4, host_concurrency=2))
    frontier = Frontier([f"http://a.test/{i}" for i in range(8)], politeness)
    active, peak, lock = 0, 0, threading.Lock()

    def worker() -> None:
        nonlocal active, peak
        while (url := frontier.take()) is not None:
            with lock:
                active += 1
                peak = max(peak, active)
            time.sleep(0.02)
            with lock:
                active -= 1
            frontier.done(url)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(5)
    assert peak == 2


def test_no_pacing_when_the_rate_is_off(server: LocalServer) -> None:
    urls = [server.url(f"/article/fast-{i}") for i in range(20)]
    assert run(urls, delay=0.0, robots=False) < 2.0


def test_stopping_early_releases_the_workers(server: LocalServer) -> None:
    config = FetchConfig(timeout=2, robots=False, addresses=LOOPBACK)
    politeness = Politeness(PolitenessConfig(rate=0, concurrency=2))
    source = HttpSource(
        [server.url(f"/article/stop-{i}") for i in range(30)],
        HttpFetcher(make_session(config), config, politeness),
    )
    pages = source.pages()
    next(pages)
    pages.close()
    deadline = time.monotonic() + 3
    while time.monotonic() < deadline and any(
        t.name.startswith("fetch-") for t in threading.enumerate()
    ):
        time.sleep(0.05)
    assert not [t for t in threading.enumerate() if t.name.startswith("fetch-")]
