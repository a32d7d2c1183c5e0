"""Politeness, measured where it matters: the arrival times the server logged."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest

from scraper.sources.http.config import FetchConfig
from scraper.sources.http.crawl import HttpSource
from scraper.sources.http.fetcher import HttpFetcher, make_session
from scraper.sources.http.frontier import Frontier
from scraper.sources.http.ratelimit import Politeness, PolitenessConfig, host_key
from scraper.sources.http.retry import RetryConfig
from tests.support.http_server import LOOPBACK, LocalServer, serve
from tests.support.pacing import gaps, shortest_gap
from tests.support.waiting import STUCK


@pytest.fixture(scope="module")
def server() -> Iterator[LocalServer]:
    yield from serve()


def run(urls: list[str], rate: float, concurrency: int = 4, robots: bool = True) -> None:
    config = FetchConfig(
        timeout=2, robots=robots, retry=RetryConfig(retries=0), addresses=LOOPBACK
    )
    politeness = Politeness(PolitenessConfig(rate=rate, concurrency=concurrency))
    fetcher = HttpFetcher(make_session(config), config, politeness)
    items = list(HttpSource(urls, fetcher).pages())
    assert len(items) == len(urls)


def test_each_host_is_paced_while_hosts_run_in_parallel(server: LocalServer) -> None:
    hosts = ("127.0.0.1", "127.0.0.2")
    urls = [server.url(f"/article/pace-{i}", host=h) for h in hosts for i in range(4)]
    run(urls, rate=4, robots=False)
    first, second = (server.state.arrivals(h, "/article/pace-") for h in hosts)
    for times in (first, second):
        assert len(times) == 4 and min(gaps(times)) >= shortest_gap(4)
    # the hosts overlap, not queue: each got a request while the other was being paced
    # (a queue would put all of one host's 0.75 s of requests before the other's)
    assert second[0] < first[-1] and first[0] < second[-1]


def test_crawl_delay_from_robots_lengthens_the_gap(server: LocalServer) -> None:
    host = "127.0.0.3"  # robots.txt there says Crawl-delay: 0.3
    urls = [server.url(f"/article/crawl-{i}", host=host) for i in range(3)]
    run(urls, rate=20)
    observed = gaps(server.state.arrivals(host, "/article/crawl-"))
    assert len(observed) == 3  # robots.txt + 3 pages, all paced
    assert min(observed) >= shortest_gap(1 / 0.3)


def test_grouped_input_does_not_block_other_hosts() -> None:
    """A long run of one host's URLs must not hold up the host listed after it."""
    politeness = Politeness(PolitenessConfig(rate=5, concurrency=3))
    urls = [f"http://a.test/{i}" for i in range(5)] + ["http://b.test/0"]
    frontier = Frontier(urls, politeness)
    taken: list[tuple[float, str]] = []
    lock = threading.Lock()

    def worker() -> None:
        while (url := frontier.take()) is not None:
            with politeness.turn(host_key(url)), lock:
                taken.append((time.monotonic(), url))
            frontier.done(url)

    threads = [threading.Thread(target=worker) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(STUCK)
    hosts = [url.split("/")[2] for _, url in taken]
    assert len(hosts) == 6
    # b.test's turn came while a.test was being paced, before a.test's third turn (0.4 s
    # after its first: room for a busy machine; a queue puts b.test after a.test's URLs)
    assert hosts.index("b.test") < 3
    a_times = [t for t, u in taken if u.startswith("http://a.test")]
    assert min(gaps(a_times)) >= shortest_gap(5)


def test_host_concurrency_caps_requests_in_flight() -> None:
    politeness = Politeness(PolitenessConfig(rate=0, concurrency=4, host_concurrency=2))
    frontier = Frontier([f"http://a.test/{i}" for i in range(8)], politeness)
    active, peak, changed = 0, 0, threading.Condition()
    stuck_at = time.monotonic() + STUCK  # one allowance for all the waits below

    def two_in_flight() -> bool:
        return peak >= 2 or time.monotonic() > stuck_at

    def worker() -> None:
        nonlocal active, peak
        while (url := frontier.take()) is not None:
            with changed:
                active += 1
                peak = max(peak, active)
                changed.notify_all()
                # hold the slot until a second request is in flight, so that the cap is
                # reached on any machine ...
                changed.wait_for(two_in_flight, max(0.0, stuck_at - time.monotonic()))
            time.sleep(0.02)  # ... and a moment more, in which a third could break it
            with changed:
                active -= 1
            frontier.done(url)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(STUCK)
    assert peak == 2


def test_no_pacing_when_the_rate_is_off(server: LocalServer) -> None:
    """Rate 0 is no pacing at all, not the default rate: 20 requests to one host come one
    after another, the median gap far below the default delay (a local request takes
    milliseconds; only a stuck machine would need a second for one)."""
    urls = [server.url(f"/article/fast-{i}") for i in range(20)]
    run(urls, rate=0, robots=False)
    observed = sorted(gaps(server.state.arrivals("127.0.0.1", "/article/fast-")))
    assert len(observed) == 19 and observed[9] < PolitenessConfig().delay


def test_stopping_early_releases_the_workers(server: LocalServer) -> None:
    config = FetchConfig(timeout=2, robots=False, addresses=LOOPBACK)
    politeness = Politeness(PolitenessConfig(rate=0, concurrency=2))
    source = HttpSource(
        [server.url(f"/article/stop-{i}") for i in range(30)],
        HttpFetcher(make_session(config), config, politeness),
    )
    pages = source.pages()
    next(pages)
    workers = [t for t in threading.enumerate() if t.name.startswith("fetch-")]
    assert workers
    pages.close()
    for thread in workers:
        thread.join(STUCK)
    assert not [t for t in threading.enumerate() if t.name.startswith("fetch-")]
