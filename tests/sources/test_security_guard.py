"""The address guard (SSRF): requests never reach a loopback, private, link-local,
multicast or reserved address unless it is allowed, whether the URL was given, listed by a
sitemap or feed, or reached by a redirect; and the server proves no request arrived.

The local test server listens on 127.0.0.1-4, so "allowed" here is always explicit: a test
allows 127.0.0.1 alone and shows that 127.0.0.2 stays refused.
"""

from __future__ import annotations

import ipaddress
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from scraper.cli import cli
from scraper.errors import BlockedAddress, ScraperError
from scraper.records import Page
from scraper.sources.base import Failed
from scraper.sources.http.addresses import AddressPolicy, refusal
from scraper.sources.http.config import FetchConfig
from scraper.sources.http.fetcher import HttpFetcher, make_session
from scraper.sources.http.ratelimit import PolitenessConfig
from scraper.sources.http.retry import RetryConfig
from scraper.sources.http.run import FetchRun
from scraper.sources.http.settings import FetchSettings
from tests.support.http_server import LocalServer, serve

ONLY_FIRST = AddressPolicy.allowing(["127.0.0.1/32"])
PUBLIC_ONLY = AddressPolicy()


@pytest.fixture(scope="module")
def server() -> Iterator[LocalServer]:
    yield from serve()


def fetcher(policy: AddressPolicy = PUBLIC_ONLY) -> HttpFetcher:
    config = FetchConfig(timeout=2, retry=RetryConfig(retries=0), addresses=policy)
    return HttpFetcher(make_session(config), config)


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("127.0.0.1", "loopback"),
        ("127.8.9.10", "loopback"),
        ("10.1.2.3", "private"),
        ("172.16.0.1", "private"),
        ("192.168.1.1", "private"),
        ("169.254.169.254", "link-local"),
        ("224.0.0.1", "multicast"),
        ("0.0.0.0", "unspecified"),
        ("240.0.0.1", "reserved"),
        ("100.64.0.1", "non-public"),
        ("::1", "loopback"),
        ("fe80::1", "link-local"),
        ("fc00::1", "private"),
        ("ff02::1", "multicast"),
        ("::ffff:127.0.0.1", "loopback"),
        ("::ffff:169.254.169.254", "link-local"),
        ("2002:a00:1::", "private"),
        ("64:ff9b::7f00:1", "loopback"),
        ("93.184.215.14", None),
        ("2606:4700:4700::1111", None),
    ],
)
def test_what_counts_as_non_public(address: str, reason: str | None) -> None:
    assert refusal(ipaddress.ip_address(address)) == reason


def test_a_url_on_a_loopback_address_is_refused_before_any_request(server: LocalServer) -> None:
    url = server.url("/article/guarded", "127.0.0.2")
    with pytest.raises(BlockedAddress, match=r"127\.0\.0\.2 is a loopback address"):
        fetcher().fetch(url)
    assert server.state.hits_for("/article/guarded") == []
    assert server.state.hits_for("/robots.txt", "127.0.0.2") == []


def test_an_allowed_network_lets_only_itself_through(server: LocalServer) -> None:
    fetch = fetcher(ONLY_FIRST)
    assert fetch.fetch(server.url("/article/allowed")).status == 200
    with pytest.raises(BlockedAddress):
        fetch.fetch(server.url("/article/not-allowed", "127.0.0.2"))
    assert server.state.hits_for("/article/not-allowed") == []


def test_a_redirect_to_a_refused_address_is_not_followed(server: LocalServer) -> None:
    with pytest.raises(BlockedAddress):
        fetcher(ONLY_FIRST).fetch(server.url("/redirect-to/127.0.0.2"))
    assert len(server.state.hits_for("/redirect-to/127.0.0.2")) == 1
    assert server.state.hits_for("/article/redirected") == []


def test_the_transport_refuses_even_without_the_fetcher(server: LocalServer) -> None:
    """The session from make_session checks the address it connects to, so code that uses
    the session directly (or a fetcher whose own check was skipped) is guarded too."""
    session = make_session(FetchConfig())
    with pytest.raises(BlockedAddress):
        session.get(server.url("/article/raw-session", "127.0.0.3"), timeout=2)
    assert server.state.hits_for("/article/raw-session") == []
    allowed = make_session(FetchConfig(addresses=ONLY_FIRST))
    assert allowed.get(server.url("/article/raw-ok"), timeout=2).status_code == 200


def test_urls_from_sitemaps_and_feeds_are_guarded(server: LocalServer) -> None:
    """The sitemap on 127.0.0.1 (allowed) lists its own pages, which are fetched; the feed on
    127.0.0.2 and a URL on 127.0.0.3 are refused, each with a record of its own."""
    settings = FetchSettings(
        fetch=FetchConfig(timeout=2, robots=False, addresses=ONLY_FIRST),
        politeness=PolitenessConfig(rate=0),
    )
    run = FetchRun(settings)
    items = list(
        run.items(
            [server.url("/article/listed", "127.0.0.3")],
            sitemaps=[server.url("/sitemap.xml")],
            feeds=[server.url("/feed.rss", "127.0.0.2")],
        )
    )
    run.close()
    kinds = {
        item.url: (item.error.kind if isinstance(item, Failed) else "page")
        for item in items
        if isinstance(item, Failed | Page)
    }
    assert kinds[server.url("/feed.rss", "127.0.0.2")] == "blocked_address"
    assert kinds[server.url("/article/listed", "127.0.0.3")] == "blocked_address"
    assert sum(kind == "page" for kind in kinds.values()) == 6  # the sitemap's own pages
    assert server.state.hits_for("/feed.rss") == []
    assert server.state.hits_for("/article/listed") == []


def test_scraper_fetch_refuses_by_default_and_allows_on_request(
    server: LocalServer, tmp_path: Path
) -> None:
    out = tmp_path / "out.jsonl"
    url = server.url("/article/cli-guard")
    base = ["fetch", url, "-o", str(out), "--rate", "0", "--no-cache", "--retries", "0"]
    refused = CliRunner().invoke(cli, base)
    record = json.loads(out.read_text())
    assert refused.exit_code == 1 and record["error"]["kind"] == "blocked_address"
    assert "--allow-private" in record["error"]["message"]
    assert server.state.hits_for("/article/cli-guard") == []
    for flags in (["--allow-private"], ["--allow-network", "127.0.0.0/8"]):
        allowed = CliRunner().invoke(cli, [*base, *flags])
        assert allowed.exit_code == 0, allowed.output
        assert json.loads(out.read_text())["error"] is None
    bad = CliRunner().invoke(cli, [*base, "--allow-network", "not-a-network"])
    assert bad.exit_code == 2 and "--allow-network" in bad.output


def test_fixtures_record_is_guarded_too(server: LocalServer, tmp_path: Path) -> None:
    args = ["fixtures", "record", server.url("/latin1"), "--name", "guarded", "--dir"]
    result = CliRunner().invoke(cli, [*args, str(tmp_path)])
    assert result.exit_code == 1 and "blocked_address" in result.output
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("url", ["http://[::1]:9/x", "http://0.0.0.0:9/", "http://0x7f000001/"])
def test_spellings_of_loopback_are_refused(url: str) -> None:
    with pytest.raises(ScraperError) as info:
        fetcher().fetch(url)
    assert info.value.kind == "blocked_address"
