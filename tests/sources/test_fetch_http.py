"""The HTTP fetcher against a real server on 127.0.0.1: every failure a crawler meets
becomes the right error kind, and the successes carry what the cleaner needs."""

from __future__ import annotations

import resource
import socket
from collections.abc import Iterator

import pytest

from scraper.cleaners import clean_page
from scraper.errors import ScraperError
from scraper.records import Page
from scraper.sources.base import Failed
from scraper.sources.http.cache import HttpCache
from scraper.sources.http.config import FetchConfig
from scraper.sources.http.crawl import HttpSource
from scraper.sources.http.fetcher import HttpFetcher, make_session
from scraper.sources.http.ratelimit import Politeness, PolitenessConfig
from scraper.sources.http.retry import RetryConfig
from tests.support.http_server import LOOPBACK, LocalServer, serve

FAST_RETRY = RetryConfig(retries=2, backoff=0.05, max_backoff=0.1, max_retry_after=5)


@pytest.fixture(scope="module")
def server() -> Iterator[LocalServer]:
    yield from serve()


def fetcher(cache: HttpCache | None = None, **options: object) -> HttpFetcher:
    defaults: dict[str, object] = {
        "timeout": 0.5,
        "total_timeout": 1.5,
        "max_bytes": 1_000_000,
        "retry": FAST_RETRY,
        "addresses": LOOPBACK,
    }
    config = FetchConfig(**{**defaults, **options})  # type: ignore[arg-type]
    politeness = Politeness(PolitenessConfig(rate=0, concurrency=4))
    return HttpFetcher(make_session(config), config, politeness, cache)


def error_kind(fetch: HttpFetcher, url: str) -> str:
    with pytest.raises(ScraperError) as info:
        fetch.fetch(url)
    return info.value.kind


def test_a_page_carries_url_headers_time_and_charset(server: LocalServer) -> None:
    page = fetcher().fetch(server.url("/latin1"))
    assert page.url == server.url("/latin1") and page.origin == page.url
    assert page.encoding == "ISO-8859-1" and page.content_type == "html"
    assert page.headers["Content-Type"].startswith("text/html") and page.fetched_at
    assert page.status == 200
    article = clean_page(page)
    assert article.ok and article.url == server.url("/latin1")
    assert "propriétaires du café" in article.body and "Ã" not in article.body


def test_503_then_200_is_retried(server: LocalServer) -> None:
    page = fetcher().fetch(server.url("/flaky/a"))
    assert page.status == 200
    assert len(server.state.hits_for("/flaky/a")) == 2


def test_429_waits_for_retry_after(server: LocalServer) -> None:
    page = fetcher().fetch(server.url("/busy/a"))
    assert page.status == 200
    first, second = server.state.hits_for("/busy/a")
    assert second.at - first.at >= 0.95  # Retry-After: 1, not the 0.05 s backoff


def test_retry_after_beyond_the_limit_gives_up(server: LocalServer) -> None:
    short = RetryConfig(retries=2, backoff=0.05, max_retry_after=0.5)
    assert error_kind(fetcher(retry=short), server.url("/busy/b")) == "http_status"
    assert len(server.state.hits_for("/busy/b")) == 1


def test_retries_run_out_on_a_server_that_keeps_failing(server: LocalServer) -> None:
    none = RetryConfig(retries=0)
    assert error_kind(fetcher(retry=none), server.url("/flaky/b")) == "http_status"


def test_404_is_an_http_status_error(server: LocalServer) -> None:
    with pytest.raises(ScraperError) as info:
        fetcher().fetch(server.url("/missing"))
    assert info.value.kind == "http_status" and "404" in str(info.value)
    assert len(server.state.hits_for("/missing")) == 1  # 4xx is not retried


def test_a_stalled_response_times_out(server: LocalServer) -> None:
    """The server answers only after 3 s: a `timeout` error, not the page, shows that the
    fetcher gave up before then, at its read timeout; a timeout is not retried."""
    with pytest.raises(ScraperError) as info:
        fetcher(timeout=0.5).fetch(server.url("/stall"))
    assert info.value.kind == "timeout" and "no answer within 0.5s" in str(info.value)
    assert len(server.state.hits_for("/stall")) == 1


def test_a_slow_drip_is_cut_by_the_time_budget(server: LocalServer) -> None:
    """A few bytes every 0.1 s for 4 s, never reaching the promised length: the read timeout
    (10 s) never fires, the response budget (0.6 s) does, while the drip still runs (waited
    out, the drip ends in a short body: a `connection` error)."""
    with pytest.raises(ScraperError) as info:
        fetcher(timeout=10, total_timeout=0.6).fetch(server.url("/drip"))
    assert info.value.kind == "timeout" and "time budget ran out" in str(info.value)


@pytest.mark.parametrize("path", ["/big", "/big-unsized"])
def test_a_body_over_the_cap_is_too_large(server: LocalServer, path: str) -> None:
    assert error_kind(fetcher(), server.url(path)) == "too_large"


def test_a_gzip_bomb_stops_at_the_cap(server: LocalServer) -> None:
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    assert error_kind(fetcher(max_bytes=2_000_000), server.url("/bomb")) == "too_large"
    grown_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    assert grown_kib < 32_000  # the bomb inflates to 64 MB; we hold at most the cap


def test_a_redirect_loop_is_too_many_redirects(server: LocalServer) -> None:
    assert error_kind(fetcher(max_redirects=5), server.url("/loop/a")) == "too_many_redirects"
    assert len(server.state.hits_for("/loop/a")) + len(server.state.hits_for("/loop/b")) == 6


def test_a_redirect_records_the_final_url(server: LocalServer) -> None:
    page = fetcher().fetch(server.url("/redirect"))
    assert page.url == server.url("/article/moved")
    assert page.origin == page.extras["requested_url"] == server.url("/redirect")


def test_non_html_content_is_unsupported(server: LocalServer) -> None:
    assert error_kind(fetcher(), server.url("/doc.pdf")) == "unsupported_type"


def test_plain_text_is_a_text_page(server: LocalServer) -> None:
    page = fetcher().fetch(server.url("/plain"))
    assert page.content_type == "text" and page.encoding == "utf-8"


def test_a_refused_connection_is_a_connection_error() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    fast = fetcher(retry=RetryConfig(retries=1, backoff=0.01))
    assert error_kind(fast, f"http://127.0.0.1:{port}/page") == "connection"


def test_robots_disallow_is_obeyed_and_can_be_ignored(server: LocalServer) -> None:
    assert error_kind(fetcher(), server.url("/private/one")) == "robots_disallowed"
    assert server.state.hits_for("/private/one") == []
    assert error_kind(fetcher(robots=False), server.url("/private/one")) == "http_status"


def test_robots_server_error_disallows_everything(server: LocalServer) -> None:
    url = server.url("/article/x", host="127.0.0.4")
    assert error_kind(fetcher(), url) == "robots_disallowed"
    assert server.state.hits_for("/article/x", host="127.0.0.4") == []


def test_robots_is_fetched_once_per_host(server: LocalServer) -> None:
    fetch = fetcher()
    before = len(server.state.hits_for("/robots.txt", host="127.0.0.2"))
    for i in range(3):
        fetch.fetch(server.url(f"/article/once-{i}", host="127.0.0.2"))
    assert len(server.state.hits_for("/robots.txt", host="127.0.0.2")) == before + 1


def test_second_run_sends_conditional_requests_and_gets_304(server: LocalServer, tmp_path) -> None:
    cache = HttpCache(tmp_path / "cache.sqlite")
    first = fetcher(cache).fetch(server.url("/etag"))
    second = fetcher(HttpCache(tmp_path / "cache.sqlite")).fetch(server.url("/etag"))
    hits = server.state.hits_for("/etag")
    assert "If-None-Match" not in hits[-2].headers
    assert hits[-1].headers["If-None-Match"] == '"v1"'
    assert hits[-1].headers["If-Modified-Since"] == "Tue, 01 Sep 2026 10:00:00 GMT"
    assert second.content == first.content and second.revalidated
    assert second.headers["Content-Length"] == first.headers["Content-Length"] != "0"


def test_user_agent_has_a_contact(server: LocalServer) -> None:
    fetcher(user_agent="testbot/2", contact="ops@example.org").fetch(server.url("/article/ua"))
    agent = server.state.hits_for("/article/ua")[-1].headers["User-Agent"]
    assert agent == "testbot/2 (+ops@example.org)"


def test_keep_alive_connections_are_reused(server: LocalServer) -> None:
    fetch = fetcher(robots=False)
    for i in range(5):
        fetch.fetch(server.url(f"/article/reuse-{i}"))
    ports = {server.state.hits_for(f"/article/reuse-{i}")[0].client_port for i in range(5)}
    assert len(ports) == 1


def test_every_url_yields_exactly_one_item(server: LocalServer) -> None:
    paths = ["/article/e1", "/missing", "/doc.pdf", "/loop/a", "/private/e", "/flaky/e"]
    urls = [server.url(p) for p in paths] + ["not a url", "ftp://example.org/x"]
    items = list(HttpSource(urls, fetcher(max_redirects=3)).pages())
    assert sorted(i.origin for i in items) == sorted(urls)
    kinds = {i.origin: (i.kind if isinstance(i, Failed) else "page") for i in items}
    assert kinds[server.url("/article/e1")] == kinds[server.url("/flaky/e")] == "page"
    assert kinds["not a url"] == kinds["ftp://example.org/x"] == "input"
    for item in items:
        if isinstance(item, Failed):
            record = item.to_article().to_dict()
            assert record["url"] == item.url and record["error"]["message"]
        else:
            assert isinstance(item, Page)


def test_binary_behind_an_html_header_is_a_decode_error(server: LocalServer) -> None:
    page = fetcher().fetch(server.url("/binary-html"))
    article = clean_page(page)
    assert article.error is not None and article.error.kind == "decode"
    assert article.url == server.url("/binary-html")


def test_a_broken_gzip_body_is_a_decode_error(server: LocalServer) -> None:
    assert error_kind(fetcher(), server.url("/broken-gzip")) == "decode"


def test_the_fetcher_uses_the_session_it_is_given(server: LocalServer) -> None:
    config = FetchConfig(robots=False, addresses=LOOPBACK)
    session = make_session(config)
    session.headers["X-Seam"] = "handed-in"
    HttpFetcher(session, config).fetch(server.url("/article/seam"))
    assert server.state.hits_for("/article/seam")[-1].headers["X-Seam"] == "handed-in"
